import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import sections
from home.blocks import RICH_TEXT_FEATURES, BodyBlock
from home.localization import attach_listing_urls, one_per_translation
from home.models.base import CITY_DEPTH, BasePage


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value):
    if value not in known_time_zones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_language_codes(value):
    known = {code for code, _name in settings.LANGUAGES}
    unknown = [code for code in split_codes(value) if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s. Use codes from: %(known)s."),
            params={"codes": ", ".join(unknown), "known": ", ".join(sorted(known))},
        )


def split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


class HomePage(BasePage):
    """The root of one locale's site: /en/, /sv/, /ar/ …"""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.CityPage",
        "home.StandardPage",
        "stories.StoriesPage",
        "events.EventsPage",
        "handbook.HandbookPage",
    ]
    content_panels = [*BasePage.content_panels, FieldPanel("intro"), *BasePage.image_panels]
    translatable_fields = [*BasePage.translatable_fields, TranslatableField("intro")]

    class Meta:
        verbose_name = _("home page")

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        locale = Locale.get_active()
        cities = (
            one_per_translation(CityPage.objects.all(), locale)
            .select_related("locale")
            .order_by("title")
        )
        context["cities"] = attach_listing_urls(cities, locale, request)
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections.gather(request, Locale.get_active())
        return context


class CityPage(BasePage):
    in_every_locale = True
    """A partner: a municipality or a civil-society organisation, owning its own subtree."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        ORGANISATION = "organisation", _("Civil-society organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MUNICIPALITY)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("An IANA time zone, e.g. Europe/Stockholm. Event times are shown in it."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        validators=[validate_language_codes],
        help_text=_("Language codes the partner works in, separated by commas, e.g. sv,en."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=12,
        choices=[
            ("pre", _("Before publication: a comment appears once a moderator approves it")),
            ("post", _("After publication: a comment appears at once; moderators can remove it")),
        ],
        default="pre",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "stories.StoryIndexPage",
        "events.EventIndexPage",
        "handbook.PracticeIndexPage",
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("country"),
                FieldPanel("time_zone"),
                FieldPanel("languages"),
                FieldPanel("comment_moderation"),
            ],
            heading=_("Partner"),
        ),
        FieldPanel("intro"),
        *BasePage.image_panels,
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
        TranslatableField("address"),
        SynchronizedField("kind"),
        SynchronizedField("country"),
        SynchronizedField("time_zone"),
        SynchronizedField("languages"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("website"),
        SynchronizedField("comment_moderation"),
    ]

    class Meta:
        verbose_name = _("partner city")
        verbose_name_plural = _("partner cities")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def language_codes(self) -> list[str]:
        return split_codes(self.languages)

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        context["children"] = list(self.get_children().live())
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections.gather(request, Locale.get_active(), city=self)
        return context


class StandardPage(BasePage):
    """About, accessibility statement, privacy notice and other plain pages."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


def attach_cities(pages, locale) -> None:
    """Set ``city_page`` on each page below a city: the city's live translation in ``locale``,
    or the city itself. Two queries, whatever the number of pages."""
    pages = list(pages)
    prefix = CITY_DEPTH * CityPage.steplen
    own = {
        city.path: city
        for city in CityPage.objects.filter(path__in={p.path[:prefix] for p in pages})
    }
    translated = {
        city.translation_key: city
        for city in CityPage.objects.live().filter(
            translation_key__in={c.translation_key for c in own.values()}, locale=locale
        )
    }
    for page in pages:
        city = own.get(page.path[:prefix])
        page.city_page = translated.get(city.translation_key, city) if city else None


def city_choices(locale) -> list[tuple[str, str]]:
    """(slug, title) of every partner city, in ``locale`` where translated."""
    cities = one_per_translation(CityPage.objects.all(), locale).order_by("title")
    return [(city.slug, city.title) for city in cities]


def city_paths_for_slug(slug: str, locale) -> list[str]:
    """The tree paths of every locale's copy of the city that has ``slug`` in ``locale``
    (or in its original language, for a city not translated into ``locale``)."""
    keys = one_per_translation(CityPage.objects.filter(slug=slug), locale).values("translation_key")
    return list(CityPage.objects.filter(translation_key__in=keys).values_list("path", flat=True))
