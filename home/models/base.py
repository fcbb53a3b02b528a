from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import page_context
from home.content_rules import validate_link_text
from home.localization import language_links

CITY_DEPTH = 3  # root (1) → home page of a locale (2) → city (3)


class BasePage(Page):
    """What every public page shares: listing and social fields, image with alt text, and the
    stand-in routing for content not translated into the visitor's language."""

    listing_summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences shown in listings, search results and link previews."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the page, in listings and in link previews."),
    )
    image_alt = models.CharField(
        _("image alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    image_decorative = models.BooleanField(
        _("image is decorative"),
        default=False,
        help_text=_("Tick only if the image adds nothing a reader would miss."),
    )

    image_panels = [
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_decorative")],
            heading=_("Image"),
        )
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("listing_summary")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("listing_summary"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("listing_summary"),
        TranslatableField("image_alt"),
        SynchronizedField("image"),
        SynchronizedField("image_decorative"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt.strip() and not self.image_decorative:
            errors["image_alt"] = _("Describe the image, or mark it as decorative.")
        for field in self._meta.fields:
            if isinstance(field, RichTextField):
                try:
                    validate_link_text(getattr(self, field.attname))
                except ValidationError as error:
                    errors[field.name] = error
        if errors:
            raise ValidationError(errors)

    # Stand-in routing ---------------------------------------------------------------------

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        child = self.get_children().filter(slug=slug).first()
        if child is None or not (child.live or rest):
            child = self._stand_in_child(slug, has_rest=bool(rest))
            if child is None:
                raise Http404
            if isinstance(child, RouteResult):
                return child
        child._cached_parent_obj = self
        return child.specific.route(request, rest)

    def _stand_in_child(self, slug, has_rest):
        """For a slug with no live child here: the matching child of a translation of this
        page. If that child has a live translation here (under another slug), the route goes
        on through it, or redirects to it when it is the page asked for."""
        original = self._find_child_of_translations(slug)
        if original is None:
            return None
        translation = original.get_translation_or_none(self.locale)
        if translation is not None and translation.live:
            if has_rest:
                return translation
            translation = translation.specific
            translation.redirect_to_translation = True
            return RouteResult(translation)
        return original

    def _find_child_of_translations(self, slug):
        """A live child, with this slug, of one of this page's translations in other locales.
        A child in the default locale wins a tie."""
        parent_paths = list(
            Page.objects.filter(translation_key=self.translation_key)
            .exclude(locale_id=self.locale_id)
            .values_list("path", flat=True)
        )
        if not parent_paths:
            return None
        in_any_parent = models.Q()
        for path in parent_paths:
            in_any_parent |= models.Q(path__startswith=path)
        default_first = models.Case(
            models.When(locale__language_code=settings.LANGUAGE_CODE, then=0), default=1
        )
        return (
            Page.objects.live()
            .filter(in_any_parent, depth=self.depth + 1, slug=slug)
            .order_by(default_first, "pk")
            .first()
        )

    # Context shared by every template ---------------------------------------------------------

    @cached_property
    def is_stand_in(self) -> bool:
        """True when this page is shown under another language's URL because it has no
        translation there."""
        return self.locale.language_code != get_language()

    @cached_property
    def city(self):
        """The partner city this page belongs to, if any."""
        from home.models.pages import CityPage

        if not self.depth or self.depth < CITY_DEPTH:
            return None
        return (
            CityPage.objects.filter(path=self.path[: CITY_DEPTH * self.steplen])
            .select_related("locale")
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = request.build_absolute_uri(self.get_url(request))
        context["language_links"] = language_links(self, get_language(), request)
        context["translations"] = [
            link for link in context["language_links"] if link.is_translation
        ]
        context["share_image"] = self.share_image(request)
        for extra in page_context.providers():
            context.update(extra(self, request))
        return context

    @staticmethod
    def subpage_links(context, suffix: str) -> dict:
        """The canonical URL and language links of a route below the page (``suffix``, e.g.
        "programme/"), so that they point at the route rather than at the page itself."""
        links = [
            replace(link, url=link.url + suffix, full_url=link.full_url + suffix)
            for link in context["language_links"]
        ]
        return {
            "canonical_url": context["canonical_url"] + suffix,
            "language_links": links,
            "translations": [link for link in links if link.is_translation],
        }

    SHARE_IMAGE = "fill-1200x630|format-jpeg"  # what link previews show (Open Graph, JSON-LD)

    def share_image(self, request):
        """The page's image as link previews want it: ``(absolute URL, rendition)``, or None."""
        if self.image is None:
            return None
        rendition = self.image.get_rendition(self.SHARE_IMAGE)
        return request.build_absolute_uri(rendition.url), rendition

    # Whether the public may comment here (the participation app reads it).
    comments_open = False
    # Structural pages (the home page, cities, their sections, the network's listings) exist in
    # every locale's tree; ``setup_site`` copies them into a newly added locale.
    in_every_locale = False

    # Set by ``route`` when the page asked for is this one under another locale's slug.
    redirect_to_translation = False

    def serve(self, request, *args, **kwargs):
        if self.redirect_to_translation:
            return redirect(self.get_url(request))
        return super().serve(request, *args, **kwargs)


class IndexPage(BasePage):
    """A page that lists others below a short introduction."""

    in_every_locale = True

    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = []
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    translatable_fields = [*BasePage.translatable_fields, TranslatableField("intro")]

    class Meta:
        abstract = True
