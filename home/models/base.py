import html
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import page_context
from home.cache import memoize
from home.content_rules import validate_link_text
from home.localization import language_links

CITY_DEPTH = 3  # root (1) → home page of a locale (2) → city (3)


class _NoStandIn(Exception):
    pass


def _stand_in(page, slug, has_rest):
    """``BasePage._stand_in_child``, kept in the shared cache when there is one (a slug that
    leads nowhere is looked up again: random addresses must not fill the cache)."""

    def find():
        found = BasePage._stand_in_child(page, slug, has_rest=has_rest)
        if found is None:
            raise _NoStandIn
        return found

    try:
        return memoize("stand-in", (page.pk, slug, has_rest), find)
    except _NoStandIn:
        return None


def _routes_like_base_page(page, rest) -> bool:
    """Whether ``page`` would route ``rest`` exactly as ``BasePage.route`` does, so that the
    walk can go on without fetching its specific row: its class does not route differently, or
    it is a routable page none of whose own routes matches ``rest`` (it then falls back to
    ``BasePage.route``)."""
    cls = page.specific_class
    route = getattr(cls, "route", None)
    if route is BasePage.route:
        return True
    if route is not RoutablePageMixin.route or not rest:
        return False
    if not page.live:
        return True  # a routable page tries its own routes only when live
    try:
        cls.get_resolver().resolve("/" + "/".join(rest) + "/")
    except Resolver404:
        return True
    return False


def _child(page, slug, components, request):
    """The child of ``page`` with this slug, read from the pages along the rest of the request's
    path, which are fetched together (by ``url_path``) the first time they are needed."""
    url_path = f"{page.url_path}{slug}/"
    on_path = request.__dict__.setdefault("_pages_on_path", {})
    if url_path not in on_path:
        wanted = [
            page.url_path + "".join(f"{c}/" for c in components[: i + 1])
            for i in range(len(components))
        ]
        on_path.update(dict.fromkeys(wanted))
        for found in Page.objects.filter(path__startswith=page.path, url_path__in=wanted):
            on_path[found.url_path] = found
    child = on_path[url_path]
    if child is not None and child.depth != page.depth + 1:
        return None
    return child


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

    def get_view_restrictions(self):
        """Wagtail's (this page's and its ancestors' restrictions, checked before every page is
        served), read from the shared cache: a queryset whose rows are already there, so it
        iterates and answers ``exists()`` without a query. A restriction's change starts a new
        content version (``home.invalidation``)."""
        rows = memoize(
            "view-restrictions", (self.pk,), lambda: list(Page.get_view_restrictions(self))
        )
        queryset = PageViewRestriction.objects.filter(pk__in=[row.pk for row in rows])
        queryset._result_cache = rows
        return queryset

    # Stand-in routing ---------------------------------------------------------------------

    def route(self, request, path_components):
        """Follow the path down the tree like Wagtail does, with two savings: the pages along
        the path come from one query (``_child``), and a page is made specific only where its
        class routes differently (a routable page) or where the path ends."""
        page, components = self, list(path_components)
        while components:
            slug, rest = components[0], components[1:]
            child = _child(page, slug, components, request)
            if child is None or not (child.live or rest):
                child = _stand_in(page, slug, has_rest=bool(rest))
                if child is None:
                    raise Http404
                if isinstance(child, RouteResult):
                    return child
            child._cached_parent_obj = page
            if not _routes_like_base_page(child, rest):
                return child.specific.route(request, rest)
            page, components = child, rest
        if page is self:
            return super().route(request, [])
        return page.specific.route(request, [])

    def _stand_in_child(self, slug, has_rest):
        """For a slug with no live child here: the matching child of a translation of this
        page. If that child has a live translation here (under another slug), the route goes
        on through it, or redirects to it when it is the page asked for."""
        original = BasePage._find_child_of_translations(self, slug)
        if original is None:
            return None
        translation = original.get_translation_or_none(self.locale_id)
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

    # Where a page's summary comes from (search results, the meta description): the first of
    # these fields it has and has filled in.
    SUMMARY_FIELDS = (
        "search_description",
        "listing_summary",
        "lead",
        "summary",
        "intro",
        "introduction",
        "outcomes",
    )

    def plain_summary(self, words: int) -> str:
        """The page's summary as plain text, cut to ``words`` words."""
        for name in self.SUMMARY_FIELDS:
            value = getattr(self, name, "")
            if value:
                field = self._meta.get_field(name)
                text = (
                    html.unescape(strip_tags(value)) if isinstance(field, RichTextField) else value
                )
                return Truncator(" ".join(text.split())).words(words)
        return ""

    @cached_property
    def meta_description(self) -> str:
        """What search engines and link previews show under the title."""
        return self.plain_summary(30)

    @cached_property
    def is_stand_in(self) -> bool:
        """True when this page is shown under another language's URL because it has no
        translation there."""
        return self.locale_id != Locale.get_active().pk

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
        context.update(self.cached_context(request))
        context["translations"] = [
            link for link in context["language_links"] if link.is_translation
        ]
        for extra in page_context.providers():
            context.update(extra(self, request))
        return context

    # What every reader of the page in one language sees the same ------------------------------

    # Attributes that ``shared_context`` sets on the page (e.g. ``city``), kept with the cached
    # context and set again on a cache hit.
    cached_attributes: tuple[str, ...] = ("city", "meta_description")
    # Related objects the templates read (``page.image``), fetched once with the cached context.
    cached_relations: tuple[str, ...] = ("image", "locale")

    def shared_context(self, request) -> dict:
        """The part of the template context that depends only on the page, the language, the
        site and ``cache_parameters``: computed once per content version (``home.cache``).
        Subclasses extend it; what depends on the visitor (forms, the session) stays in
        ``get_context``."""
        self.meta_description  # noqa: B018  (computed now, so that it is cached with the rest)
        return {
            "canonical_url": request.build_absolute_uri(self.get_url(request)),
            "language_links": language_links(self, get_language(), request),
            "share_image": self.share_image(request),
        }

    def cache_parameters(self, request) -> tuple:
        """The validated query parameters ``shared_context`` depends on (none by default;
        listings add their filters and page number). Anything else in the query string is
        ignored, so it cannot multiply cache entries."""
        return ()

    def cached_context(self, request) -> dict:
        def compute():
            context = self.shared_context(request)
            attributes = {
                name: self.__dict__[name]
                for name in self.cached_attributes
                if name in self.__dict__
            }
            relations = {name: getattr(self, name) for name in self.cached_relations}
            return context, attributes, relations

        if getattr(request, "is_preview", False):  # a draft: never shared, never cached
            context, attributes, relations = compute()
        else:
            parts = (
                self.pk,
                request.path_info,
                get_language(),
                request.scheme,
                request.get_host(),
                self.cache_parameters(request),
            )
            context, attributes, relations = memoize("page", parts, compute)
            context = {**context, "shared_cache_parts": parts}
        self.__dict__.update(attributes)
        for name, value in relations.items():
            setattr(self, name, value)
        return dict(context)

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
