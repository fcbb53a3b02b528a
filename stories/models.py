from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import page_context
from home.admin_forms import ThemedPageForm
from home.blocks import BodyBlock
from home.cache import memoize
from home.feeds import advertised_feed, feed_title
from home.forms import ListingFilterForm
from home.listing import in_every_copy, listing, years_with
from home.localization import (
    attach_localized_themes,
    count_per_translation,
    one_per_translation,
)
from home.models import BasePage, IndexPage
from home.models.pages import attach_cities
from stories.structured_data import article_data


def validate_language(value):
    if value not in LANG_INFO:
        raise ValidationError(
            _("“%(value)s” is not a known language code."), params={"value": value}
        )


def story_listing(request, queryset, locale, key):
    """A page of stories for ``locale``, newest first, ready for cards. ``queryset`` is a
    function that selects them, called only when the page is not cached under ``key``."""

    def stories():
        return one_per_translation(queryset(), locale).order_by("-date", "-pk")

    def count():
        return count_per_translation(queryset(), locale)

    return listing(request, stories, locale, key=("stories", *key), count=count)


def story_years() -> list[int]:
    """The years stories are dated in, newest first."""

    def years():
        return years_with(StoryPage.objects.live(), "date")[::-1]

    return memoize("story-years", (), years)


class StoriesPage(RoutablePageMixin, IndexPage):
    """Every city's stories in one listing, filterable by city, theme and year, and their feed."""

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("all stories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        form = ListingFilterForm(request.GET, locale=locale, years=story_years())
        context["filter_form"] = form
        context["stories"] = story_listing(
            request,
            lambda: form.apply(StoryPage.objects.all(), "date"),
            locale,
            key=("all", *form.chosen()),
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from stories.feeds import StoryFeed

        return StoryFeed()(request, title=self.title, pages=StoryPage.objects.all())


class StoryIndexPage(RoutablePageMixin, IndexPage):
    """A city's stories section, and its feed."""

    default_title = _("Stories")  # what a new partner's section is called
    default_slug = "stories"

    parent_page_types = ["home.CityPage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city stories section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = story_listing(
            request,
            lambda: StoryPage.objects.filter(in_every_copy(self)),
            Locale.get_active(),
            key=("section", self.pk),
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from stories.feeds import StoryFeed

        attach_cities([self], Locale.get_active())
        title = feed_title(self, self.city_page)
        stories = StoryPage.objects.filter(in_every_copy(self))
        return StoryFeed()(request, title=title, pages=stories)


class StoryPage(BasePage):
    """A citizen's story, told in their own words."""

    teller_name = models.CharField(
        _("teller's name"),
        max_length=100,
        blank=True,
        help_text=_("The name the teller chose to show. Leave empty to publish anonymously."),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(
        _("lead"), max_length=600, help_text=_("The opening, in a few sentences.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    themes = ParentalManyToManyField("home.Theme", verbose_name=_("themes"), blank=True)
    original_language = models.CharField(
        _("language of the original"),
        max_length=12,
        validators=[validate_language],
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the teller told the story in, e.g. sv or ar."),
    )

    not_on_cards = ("body",)  # home.listing.for_cards

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    comments_open = True
    base_form_class = ThemedPageForm

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("teller_name"), FieldPanel("date"), FieldPanel("original_language")],
            heading=_("About the story"),
        ),
        FieldPanel("lead"),
        *BasePage.image_panels,
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("teller_name"),
        index.FilterField("date"),
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("lead"),
        TranslatableField("body"),
        SynchronizedField("teller_name"),
        SynchronizedField("date"),
        SynchronizedField("themes"),
        SynchronizedField("original_language"),
    ]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        # Listings walk it, newest first, and stop after a page (home.listing.page_of).
        indexes = [models.Index(fields=["date", "page_ptr"], name="story_date_order")]

    @property
    def original_language_name(self):
        info = LANG_INFO.get(self.original_language, {})
        return info.get("name_local", self.original_language)

    cached_attributes = (*BasePage.cached_attributes, "localized_themes", "city_page")

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        locale = Locale.get_active()
        attach_localized_themes([self], locale)
        attach_cities([self], locale)
        context["og_type"] = "article"
        context["structured_data"] = article_data(
            self,
            url=context["canonical_url"],
            image_url=context["share_image"][0] if context["share_image"] else "",
        )
        return context


# Feeds advertised with <link rel="alternate"> ---------------------------------------------------


@page_context.register
def story_feeds(page, request) -> dict:
    feed = advertised_feed(page, request, StoriesPage, StoryIndexPage)
    return {"story_feeds": [feed]} if feed else {}
