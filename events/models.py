from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from events.blocks import SessionBlock
from events.forms import EventPageForm
from home.blocks import RICH_TEXT_FEATURES, BodyBlock, CaptionedImageBlock
from home.forms import ListingFilterForm
from home.listing import decorate, in_every_copy, listing
from home.localization import attach_listing_urls, attach_localized_themes, one_per_translation
from home.models import BasePage, IndexPage
from home.models.pages import attach_cities


def event_listing(request, queryset, locale, *, past=False, param="page"):
    """A page of upcoming (soonest first) or past (latest first) events, ready for cards."""
    now = timezone.now()
    if past:
        events = one_per_translation(queryset.filter(end__lt=now), locale).order_by("-start")
    else:
        events = one_per_translation(queryset.filter(end__gte=now), locale).order_by("start")
    return listing(request, events, locale, param=param)


class EventsPage(IndexPage):
    """The network's events: upcoming, past, and the transnational programme."""

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("all events")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        years = EventPage.objects.live().dates("start", "year", order="ASC")
        form = ListingFilterForm(request.GET, locale=locale, years=[d.year for d in years])
        events = form.apply(EventPage.objects.all(), "start")
        show_past = request.GET.get("when") == "past"
        context.update(
            filter_form=form,
            show_past=show_past,
            events=event_listing(request, events, locale, past=show_past),
            programme=self.programme(request, locale),
        )
        return context

    @staticmethod
    def programme(request, locale):
        """The eight transnational events, in order, with their reports where held."""
        events = list(
            one_per_translation(EventPage.objects.filter(kind=EventPage.Kind.TRANSNATIONAL), locale)
            .select_related("locale")
            .order_by("start")
        )
        return decorate(events, locale, request, themes=False)


class EventIndexPage(IndexPage):
    """A city's events section."""

    default_title = _("Events")  # what a new partner's section is called
    default_slug = "events"

    parent_page_types = ["home.CityPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city events section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        events = EventPage.objects.filter(in_every_copy(self))
        context["upcoming"] = event_listing(request, events, locale)
        context["past"] = event_listing(request, events, locale, past=True, param="past_page")
        return context


class EventPage(BasePage):
    """An event hosted by a partner city, with its agenda."""

    class Kind(models.TextChoices):
        TRANSNATIONAL = "transnational", _("Transnational event")
        LOCAL = "local", _("Local event")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LOCAL)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SCHEDULED)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance, default=Attendance.IN_PERSON
    )
    organiser = models.CharField(_("organiser"), max_length=200)
    lead = models.TextField(_("lead"), max_length=600)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(_("joining link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, induction loop, sign language, quiet room …"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    agenda = StreamField(
        [("session", SessionBlock())],
        verbose_name=_("agenda"),
        blank=True,
        help_text=_("Sessions in order. Times are in the host city's time zone."),
    )
    themes = ParentalManyToManyField("home.Theme", verbose_name=_("themes"), blank=True)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventReportPage"]
    base_form_class = EventPageForm

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldPanel("organiser"),
            ],
            heading=_("When"),
        ),
        FieldPanel("lead"),
        *BasePage.image_panels,
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
                FieldPanel("registration_url"),
                FieldPanel("capacity"),
                FieldPanel("accessibility"),
            ],
            heading=_("Where and how to take part"),
        ),
        FieldPanel("body"),
        FieldPanel("agenda"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("agenda"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("lead"),
        TranslatableField("venue"),
        TranslatableField("address"),
        TranslatableField("accessibility"),
        TranslatableField("body"),
        TranslatableField("agenda"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("kind"),
        SynchronizedField("status"),
        SynchronizedField("attendance"),
        SynchronizedField("organiser"),
        SynchronizedField("online_url"),
        SynchronizedField("registration_url"),
        SynchronizedField("capacity"),
        SynchronizedField("themes"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def host_city(self):
        """The host city: as attached by a listing (no query), or looked up."""
        return getattr(self, "city_page", None) or self.city

    @cached_property
    def local_start(self):
        city = self.host_city
        return timezone.localtime(self.start, city.zone) if city else self.start

    @cached_property
    def local_end(self):
        city = self.host_city
        return timezone.localtime(self.end, city.zone) if city else self.end

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        attach_localized_themes([self], locale)
        attach_cities([self], locale)
        reports = one_per_translation(
            EventReportPage.objects.filter(in_every_copy(self)), locale
        ).select_related("locale")[:1]
        reports = attach_listing_urls(reports, locale, request)
        context["report"] = reports[0] if reports else None
        return context


class EventReportPage(BasePage):
    """What happened at an event: outcomes, who took part, photos, the practices it fed."""

    outcomes = RichTextField(_("outcomes"), features=RICH_TEXT_FEATURES)
    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("report"), blank=True)
    gallery = StreamField(
        [("photo", CaptionedImageBlock())], verbose_name=_("photo gallery"), blank=True
    )
    practices = ParentalManyToManyField(
        "handbook.PracticePage",
        verbose_name=_("practices it fed"),
        blank=True,
        related_name="event_reports",
    )

    parent_page_types = ["events.EventPage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("outcomes"),
        FieldPanel("participants_total"),
        *BasePage.image_panels,
        FieldPanel("body"),
        FieldPanel("gallery"),
        FieldPanel("practices"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("outcomes"),
        index.SearchField("body"),
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("outcomes"),
        TranslatableField("body"),
        TranslatableField("gallery"),
        SynchronizedField("participants_total"),
        SynchronizedField("practices"),
    ]

    class Meta:
        verbose_name = _("event report")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        keys = self.practices.values("translation_key")
        practices = (
            one_per_translation(
                self.practices.model.objects.filter(translation_key__in=keys), locale
            )
            .select_related("locale")
            .prefetch_related("themes")
            .order_by("title")
        )
        context["practices"] = decorate(practices, locale, request)
        return context
