from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.admin_forms import ThemedPageForm
from home.blocks import RICH_TEXT_FEATURES, BodyBlock
from home.listing import decorate, in_every_copy, listing, under_any
from home.localization import attach_listing_urls, attach_localized_themes, one_per_translation
from home.models import BasePage, IndexPage
from home.models.pages import attach_cities

# Routes of the handbook page, which a chapter's slug would hide.
RESERVED_SLUGS = frozenset({"comparison", "editions"})


class InConsultationMixin:
    """Chapters and practices take public comments while an edition that holds them is open
    for consultation. The edition is read with the page's shared context and cached with it,
    so that neither the notice nor the comments (``comments_open``) cost a query."""

    cached_attributes = (*BasePage.cached_attributes, "open_edition")

    @cached_property
    def open_edition(self):
        from handbook.models.editions import HandbookEdition

        return (
            HandbookEdition.objects.filter(
                consultation_open=True, entries__translation_key=self.translation_key
            )
            .order_by("-published_at")
            .first()
        )

    @property
    def comments_open(self) -> bool:
        return self.open_edition is not None

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        context["open_edition"] = self.open_edition
        return context


class HandbookPage(RoutablePageMixin, BasePage):
    """The handbook of best practices: the coordinator's ordered chapters, the comparison across
    countries, and the published editions with their PDFs."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    in_every_locale = True
    parent_page_types = ["home.HomePage"]
    subpage_types = ["handbook.HandbookChapterPage"]
    max_count_per_parent = 1
    content_panels = [*BasePage.content_panels, FieldPanel("intro"), *BasePage.image_panels]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    translatable_fields = [*BasePage.translatable_fields, TranslatableField("intro")]

    class Meta:
        verbose_name = _("handbook")

    def chapter_order(self) -> dict:
        """``{translation_key: position}`` of the chapters, in the coordinator's order.

        The coordinator orders chapters in the tree; the default locale's order wins, and a
        chapter that exists only in another locale follows in that locale's order."""
        handbooks = HandbookPage.objects.filter(translation_key=self.translation_key)
        order: dict = {}
        default_first = models.Case(
            models.When(locale__language_code=settings.LANGUAGE_CODE, then=0), default=1
        )
        for chapter in (
            HandbookChapterPage.objects.filter(under_any(handbooks.values_list("path", flat=True)))
            .order_by(default_first, "path")
            .only("translation_key")
        ):
            order.setdefault(chapter.translation_key, len(order))
        return order

    def chapters(self, request, locale):
        """The live chapters in the coordinator's order, each in ``locale`` or its original."""
        order = self.chapter_order()
        chapters = (
            one_per_translation(
                HandbookChapterPage.objects.filter(translation_key__in=order), locale
            )
            .select_related("locale")
            .defer("introduction", "body")  # listed by title: kept small in the cache
        )
        chapters = sorted(chapters, key=lambda c: order[c.translation_key])
        return attach_listing_urls(chapters, locale, request)

    def editions(self):
        from handbook.models.editions import HandbookEdition

        return HandbookEdition.objects.filter(handbook__translation_key=self.translation_key)

    def shared_context(self, request) -> dict:
        """What the route asked for shows, the same for every reader: the handbook's chapters
        and editions, the comparison, or a page of an edition. (The index's practice listing
        depends on the filters, and is cached on its own in ``get_context``.)"""
        from handbook.comparison import comparison_context
        from handbook.editions import edition_context, latest_pdf_links

        context = super().shared_context(request)
        locale = Locale.get_active()
        route = getattr(request, "routable_resolver_match", None)
        if route is None or route.url_name == "index_route":
            editions = list(self.editions())
            context.update(
                chapters=self.chapters(request, locale),
                editions=editions,
                pdf_links=latest_pdf_links(self, editions, locale),
            )
            return context
        suffix = self.reverse_subpage(route.url_name, kwargs=route.kwargs)
        context.update(self.subpage_links(context, suffix))
        if route.url_name == "comparison":
            context.update(comparison_context(request, locale))
        else:
            context.update(edition_context(self, request, locale, **route.kwargs))
        return context

    def get_context(self, request, *args, **kwargs):
        from handbook.forms import PracticeFilterForm

        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        practices = one_per_translation(PracticePage.objects.all(), locale)
        form = PracticeFilterForm(request.GET, locale=locale)
        practices = form.apply(practices, "first_published_at").order_by("title")
        context.update(filter_form=form, practices=listing(request, practices, locale))
        return context

    def route_context(self, request) -> dict:
        """The context of a route (the comparison, an edition's pages): what every page shows
        and the route's ``shared_context``, without the handbook's practice listing."""
        return super().get_context(request)

    # The routes' own arguments are read by ``shared_context`` from the resolver match.

    @path("comparison/", name="comparison")
    def comparison_view(self, request):
        return TemplateResponse(
            request, "handbook/comparison_page.html", self.route_context(request)
        )

    @path("editions/<slug:edition>/", name="edition")
    def edition_view(self, request, edition):
        return TemplateResponse(request, "handbook/edition_page.html", self.route_context(request))

    @path("editions/<slug:edition>/<int:chapter>/", name="edition_chapter")
    def edition_chapter_view(self, request, edition, chapter):
        return TemplateResponse(
            request, "handbook/edition_chapter_page.html", self.route_context(request)
        )

    @path("editions/<slug:edition>/<int:chapter>/<int:practice>/", name="edition_practice")
    def edition_practice_view(self, request, edition, chapter, practice):
        return TemplateResponse(
            request, "handbook/edition_practice_page.html", self.route_context(request)
        )

    @path("editions/<slug:edition>/pdf/", name="edition_pdf")
    def edition_pdf_view(self, request, edition):
        from handbook.pdf import pdf_response

        return pdf_response(self, request, edition)

    @path("editions/<slug:edition>/<int:chapter>/pdf/", name="edition_chapter_pdf")
    def edition_chapter_pdf_view(self, request, edition, chapter):
        from handbook.pdf import pdf_response

        return pdf_response(self, request, edition, chapter)


class HandbookChapterPage(InConsultationMixin, BasePage):
    """A chapter: an introduction and the practices it draws in, in a chosen order."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["handbook.HandbookPage"]
    subpage_types = []
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel("chapter_practices", label=_("Practices in this chapter")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("introduction"),
        TranslatableField("body"),
        SynchronizedField("chapter_practices"),
    ]

    class Meta:
        verbose_name = _("handbook chapter")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is taken by the handbook itself. Choose another slug.")}
            )

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        locale = Locale.get_active()
        chosen = list(self.chapter_practices.select_related("practice").order_by("sort_order"))
        order = {link.practice.translation_key: i for i, link in enumerate(chosen)}
        practices = (
            one_per_translation(PracticePage.objects.filter(translation_key__in=order), locale)
            .select_related("locale", "image")
            .prefetch_related("themes", "image__renditions")
        )
        practices = sorted(practices, key=lambda p: order[p.translation_key])
        context["practices"] = decorate(practices, locale, request)
        handbook = self.get_parent().specific
        chapters = handbook.chapters(request, locale)
        keys = [c.translation_key for c in chapters]
        position = keys.index(self.translation_key) if self.translation_key in keys else None
        if position is not None:
            context["previous_chapter"] = chapters[position - 1] if position > 0 else None
            context["next_chapter"] = (
                chapters[position + 1] if position + 1 < len(chapters) else None
            )
        context["chapter_number"] = position + 1 if position is not None else None
        return context


class ChapterPractice(Orderable):
    chapter = ParentalKey(
        HandbookChapterPage, on_delete=models.CASCADE, related_name="chapter_practices"
    )
    practice = models.ForeignKey(
        "handbook.PracticePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("practice"),
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("practice in a chapter")


class PracticeIndexPage(IndexPage):
    """A city's contributions to the handbook."""

    default_title = _("Practices")  # what a new partner's section is called
    default_slug = "practices"

    parent_page_types = ["home.CityPage"]
    subpage_types = ["handbook.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city practices section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        practices = one_per_translation(PracticePage.objects.filter(in_every_copy(self)), locale)
        context["practices"] = listing(request, practices.order_by("title"), locale)
        return context


class PracticePage(InConsultationMixin, BasePage):
    """A partner's practice, described in the handbook's common structure."""

    summary = models.TextField(_("summary"), max_length=600)
    problem = RichTextField(_("the problem"), features=RICH_TEXT_FEATURES)
    approach = RichTextField(_("the approach"), features=RICH_TEXT_FEATURES)
    who_was_involved = RichTextField(_("who was involved"), features=RICH_TEXT_FEATURES)
    results = RichTextField(_("results and evidence"), features=RICH_TEXT_FEATURES)
    cost_effort = RichTextField(
        _("cost and effort"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Money, staff time and volunteers it took, and for how long."),
    )
    watch_out_for = RichTextField(
        _("what to watch out for"),
        features=RICH_TEXT_FEATURES,
        help_text=_("What went wrong or nearly did, for a city that wants to do the same."),
    )
    resources = RichTextField(_("resources"), blank=True, features=RICH_TEXT_FEATURES)
    contact = models.TextField(
        _("contact"),
        blank=True,
        max_length=500,
        help_text=_("Who to ask about this practice: name, role, organisation, email or phone."),
    )
    themes = ParentalManyToManyField("home.Theme", verbose_name=_("themes"), blank=True)

    # The handbook's common structure, in its order: what every practice describes, in rich
    # text but for the contact. The API, the demo and the cards all follow it.
    structure_rich_text = (
        "problem",
        "approach",
        "who_was_involved",
        "results",
        "cost_effort",
        "watch_out_for",
        "resources",
    )
    structure = (*structure_rich_text, "contact")
    not_on_cards = structure  # no card shows it (home.listing.for_cards)

    parent_page_types = ["handbook.PracticeIndexPage"]
    subpage_types = []
    base_form_class = ThemedPageForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        *BasePage.image_panels,
        MultiFieldPanel(
            [
                FieldPanel("problem"),
                FieldPanel("approach"),
                FieldPanel("who_was_involved"),
                FieldPanel("results"),
                FieldPanel("cost_effort"),
                FieldPanel("watch_out_for"),
                FieldPanel("resources"),
                FieldPanel("contact"),
            ],
            heading=_("The practice"),
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("approach"),
        index.SearchField("results"),
        index.SearchField("watch_out_for"),
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("summary"),
        TranslatableField("problem"),
        TranslatableField("approach"),
        TranslatableField("who_was_involved"),
        TranslatableField("results"),
        TranslatableField("cost_effort"),
        TranslatableField("watch_out_for"),
        TranslatableField("resources"),
        TranslatableField("contact"),
        SynchronizedField("themes"),
    ]

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    cached_attributes = (*InConsultationMixin.cached_attributes, "localized_themes", "city_page")

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        locale = Locale.get_active()
        attach_localized_themes([self], locale)
        attach_cities([self], locale)
        return context
