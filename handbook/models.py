from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.admin_forms import ThemedPageForm
from home.blocks import RICH_TEXT_FEATURES, BodyBlock
from home.forms import ListingFilterForm
from home.listing import decorate, in_every_copy, listing, under_any
from home.localization import attach_listing_urls, attach_localized_themes, one_per_translation
from home.models import BasePage, IndexPage
from home.models.pages import attach_cities


class HandbookPage(BasePage):
    """The handbook of best practices: the coordinator's ordered chapters."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["handbook.HandbookChapterPage"]
    max_count_per_parent = 1
    content_panels = [*BasePage.content_panels, FieldPanel("intro"), *BasePage.image_panels]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    translatable_fields = [*BasePage.translatable_fields, TranslatableField("intro")]

    class Meta:
        verbose_name = _("handbook")

    def chapters(self, request, locale):
        """The chapters in the coordinator's order, each in ``locale`` or its original."""
        handbooks = HandbookPage.objects.filter(translation_key=self.translation_key)
        # The coordinator orders chapters in the tree; the default locale's order wins, and a
        # chapter that exists only in another locale follows in that locale's order.
        source_order: dict = {}
        default_first = models.Case(
            models.When(locale__language_code=settings.LANGUAGE_CODE, then=0), default=1
        )
        for chapter in (
            HandbookChapterPage.objects.filter(under_any(handbooks.values_list("path", flat=True)))
            .order_by(default_first, "path")
            .only("translation_key")
        ):
            source_order.setdefault(chapter.translation_key, len(source_order))
        chapters = one_per_translation(
            HandbookChapterPage.objects.filter(translation_key__in=source_order), locale
        ).select_related("locale")
        chapters = sorted(chapters, key=lambda c: source_order[c.translation_key])
        return attach_listing_urls(chapters, locale, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        context["chapters"] = self.chapters(request, locale)
        practices = one_per_translation(PracticePage.objects.all(), locale)
        form = ListingFilterForm(request.GET, locale=locale)
        practices = form.apply(practices, "first_published_at").order_by("title")
        context.update(filter_form=form, practices=listing(request, practices, locale))
        return context


class HandbookChapterPage(BasePage):
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        chosen = list(self.chapter_practices.select_related("practice").order_by("sort_order"))
        order = {link.practice.translation_key: i for i, link in enumerate(chosen)}
        practices = (
            one_per_translation(PracticePage.objects.filter(translation_key__in=order), locale)
            .select_related("locale", "image")
            .prefetch_related("themes")
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


class PracticePage(BasePage):
    """A partner's practice, described in the handbook's common structure."""

    summary = models.TextField(_("summary"), max_length=600)
    problem = RichTextField(_("the problem"), features=RICH_TEXT_FEATURES)
    approach = RichTextField(_("the approach"), features=RICH_TEXT_FEATURES)
    who_was_involved = RichTextField(_("who was involved"), features=RICH_TEXT_FEATURES)
    results = RichTextField(_("results and evidence"), features=RICH_TEXT_FEATURES)
    resources = RichTextField(_("resources"), blank=True, features=RICH_TEXT_FEATURES)
    themes = ParentalManyToManyField("home.Theme", verbose_name=_("themes"), blank=True)

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
                FieldPanel("resources"),
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
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("summary"),
        TranslatableField("problem"),
        TranslatableField("approach"),
        TranslatableField("who_was_involved"),
        TranslatableField("results"),
        TranslatableField("resources"),
        SynchronizedField("themes"),
    ]

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        attach_localized_themes([self], locale)
        attach_cities([self], locale)
        return context
