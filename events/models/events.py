import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import groupby

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from events.blocks import SessionBlock
from events.forms import EventPageForm
from events.structured_data import event_data
from home.blocks import BodyBlock
from home.cache import memoize
from home.listing import in_every_copy
from home.localization import attach_listing_urls, attach_localized_themes, one_per_translation
from home.models import BasePage
from home.models.pages import attach_cities

# What a calendar subscriber must hear about again (RFC 5545 SEQUENCE): a change of any of these.
SCHEDULE_FIELDS = ("start", "end", "status", "attendance", "venue", "address", "online_url")


class EventPage(RoutablePageMixin, BasePage):
    """An event hosted by a partner city, with its agenda. Its times are stored as aware
    datetimes and entered and shown in the host city's time zone (see ``EventPageForm``)."""

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
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("For questions, or to register by email.")
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    accessibility = models.TextField(
        _("more about accessibility"),
        blank=True,
        help_text=_(
            "Anything else a visitor should know: entrances, toilets, seating, childcare …"
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    agenda = StreamField(
        [("session", SessionBlock())],
        verbose_name=_("agenda"),
        blank=True,
        help_text=_("Sessions in order. Times are in the host city's time zone."),
    )
    themes = ParentalManyToManyField("home.Theme", verbose_name=_("themes"), blank=True)
    # Bumped on publication whenever a SCHEDULE_FIELDS value changed (RFC 5545 SEQUENCE).
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    # What its card (in a listing, a section, the programme) never shows: left out of the
    # query (home.listing.for_cards), so that cached cards stay small.
    not_on_cards = ("body", "agenda", "accessibility", "address")

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
                FieldRowPanel([FieldPanel("registration_url"), FieldPanel("contact_email")]),
                FieldPanel("capacity"),
            ],
            heading=_("Where and how to take part"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("step_free"), FieldPanel("induction_loop")]),
                FieldRowPanel([FieldPanel("sign_language"), FieldPanel("quiet_room")]),
                FieldPanel("accessibility"),
            ],
            heading=_("Accessibility"),
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
        SynchronizedField("contact_email"),
        SynchronizedField("capacity"),
        SynchronizedField("step_free"),
        SynchronizedField("induction_loop"),
        SynchronizedField("sign_language"),
        SynchronizedField("quiet_room"),
        SynchronizedField("themes"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Listings walk it, soonest or latest first, and stop after a page (home.listing.page_of).
        indexes = [
            # In the listings' order, with the end: the split between upcoming and past is
            # read from the index, not from each event's row.
            models.Index(fields=["start", "page_ptr", "end"], name="event_start_order"),
            # Where upcoming events part from past ones (last_ended), and counting either
            # side from the index alone.
            models.Index(fields=["end", "page_ptr"], name="event_end_page"),
        ]

    @property
    def host_city(self):
        """The host city: as attached by a listing (no query), or looked up."""
        return getattr(self, "city_page", None) or self.city

    @property
    def zone(self):
        city = self.host_city
        return city.zone if city else timezone.get_default_timezone()

    @cached_property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @cached_property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def access_features(self) -> list[str]:
        """The accessibility features offered, as labels."""
        names = ("step_free", "induction_loop", "sign_language", "quiet_room")
        return [self._meta.get_field(name).verbose_name for name in names if getattr(self, name)]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or "calendar_sequence" in update_fields):
            stored = EventPage.objects.filter(pk=self.pk).values(
                "calendar_sequence", *SCHEDULE_FIELDS
            )
            stored = stored.first()
            if stored is not None:
                changed = any(stored[name] != getattr(self, name) for name in SCHEDULE_FIELDS)
                self.calendar_sequence = stored["calendar_sequence"] + int(changed)
        return super().save(*args, **kwargs)

    # Routes -------------------------------------------------------------------------------

    @path("ics/", name="ics")
    def ics(self, request):
        from events.calendar import event_calendar_response

        return event_calendar_response(request, self)

    # Context ------------------------------------------------------------------------------

    cached_attributes = (*BasePage.cached_attributes, "localized_themes", "city_page")

    def cache_parameters(self, request) -> tuple:
        # Once the event is over the page offers no registration, joining link or calendar.
        return (self.is_past,)

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        locale = Locale.get_active()
        attach_localized_themes([self], locale)
        attach_cities([self], locale)
        localize_speakers(self.agenda, locale)
        reports = one_per_translation(self.reports(), locale).select_related("locale")[:1]
        reports = attach_listing_urls(reports, locale, request)
        context["report"] = reports[0] if reports else None
        context["agenda"] = agenda_days(self.agenda)
        context["structured_data"] = event_data(
            self,
            url=context["canonical_url"],
            image_url=context["share_image"][0] if context["share_image"] else "",
            speakers=unique_speakers(self.agenda),
        )
        return context

    def reports(self):
        from events.models.reports import EventReportPage

        return EventReportPage.objects.filter(in_every_copy(self))


def agenda_days(agenda) -> list[dict]:
    """The sessions of ``agenda`` by day, in their order, as plain values that can be cached:
    ``[{"date": date, "sessions": [{"title": …, "speakers": [Person, …], …}, …]}, …]``."""
    sessions = [{**block.value, "speakers": list(block.value["speakers"])} for block in agenda]
    return [
        {"date": date, "sessions": list(day)}
        for date, day in groupby(sessions, key=lambda session: session["date"])
    ]


def unique_speakers(agenda) -> list:
    """Everyone who speaks in the agenda, once each, in order of appearance."""
    seen = {}
    for block in agenda:
        for person in block.value["speakers"]:
            seen.setdefault(person.translation_key, person)
    return list(seen.values())


def localize_speakers(agenda, locale) -> None:
    """Replace each session's speakers with their translation into ``locale`` where there is
    one (wagtail-localize #648: chosen snippets keep the locale they were chosen in), with their
    photos, in two queries for the whole agenda."""
    from events.models.people import Person

    chosen = [p for block in agenda for p in block.value["speakers"] if p is not None]
    if not chosen:
        return
    keys = {p.translation_key for p in chosen}
    found = {}
    for person in (
        Person.objects.filter(translation_key__in=keys, locale=locale)
        .select_related("photo")
        .prefetch_related("photo__renditions")
    ):
        found[person.translation_key] = person
    missing = [p.pk for p in chosen if p.translation_key not in found]
    if missing:
        for person in (
            Person.objects.filter(pk__in=missing)
            .select_related("photo", "locale")
            .prefetch_related("photo__renditions")
        ):
            person.is_stand_in = True
            found.setdefault(person.translation_key, person)
    for block in agenda:
        block.value["speakers"] = [
            found.get(p.translation_key, p) for p in block.value["speakers"] if p is not None
        ]


NOT_ON_CARDS = EventPage.not_on_cards


# Upcoming and past ------------------------------------------------------------------------------


def last_ended():
    """The end of the event that ended last, or None if none has yet: where upcoming events
    part from past ones, as a value that moves only when another event ends. Listings split by
    it rather than by the clock stay exact and can be cached (``home.cache``) with it in their
    key."""
    now = timezone.now()
    ends = ends_around(now)
    index = bisect_left(ends.within, now)
    return ends.within[index - 1] if index else ends.before


@dataclass(frozen=True)
class Ends:
    """The events' ends around one day: every one ``within`` it and the month before (in
    order), the last ``before`` those and the first ``after``."""

    before: dt.datetime | None
    within: tuple
    after: dt.datetime | None

    def first_after(self, moment):
        """The first end after ``moment``, which must be in the month before the day or in it."""
        index = bisect_right(self.within, moment)
        return self.within[index] if index < len(self.within) else self.after


def ends_around(now) -> Ends:
    """What ``last_ended`` and ``next_change`` ask of the events' ends on ``now``'s day (UTC),
    read through the index on ``end`` (three short queries, not every event) and shared until
    content changes or the day ends."""
    from events.calendar import RECENTLY_ENDED

    day = now.astimezone(dt.UTC).date()

    def ends():
        midnight = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        start, until = midnight - RECENTLY_ENDED, midnight + dt.timedelta(days=1)
        ordered = EventPage.objects.order_by("end").values_list("end", flat=True)
        return Ends(
            before=ordered.filter(end__lt=start).order_by("-end").first(),
            within=tuple(ordered.filter(end__gte=start, end__lt=until).distinct()),
            after=ordered.filter(end__gte=until).first(),
        )

    return memoize("event-ends", (day.isoformat(),), ends)


def next_change():
    """The next moment pages about events change with nothing saved (``home.pagecache`` keeps
    no page past it): an event ends and moves from upcoming to past, an ended event leaves the
    calendar feeds (``RECENTLY_ENDED`` later), or a month begins (the programme's current
    month)."""
    from events.calendar import RECENTLY_ENDED

    now = timezone.now()
    ends = ends_around(now)
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    moments = [timezone.make_aware(dt.datetime.combine(next_month, dt.time.min))]
    next_end = ends.first_after(now)
    if next_end is not None:
        moments.append(next_end)
    next_leaving = ends.first_after(now - RECENTLY_ENDED)
    if next_leaving is not None:
        moments.append(next_leaving + RECENTLY_ENDED)
    return min(moments)


def upcoming(queryset, cutoff):
    """The events of ``queryset`` that have not ended (``cutoff`` from ``last_ended``)."""
    return queryset.filter(end__gt=cutoff) if cutoff else queryset


def ended(queryset, cutoff):
    """The events of ``queryset`` that have ended (``cutoff`` from ``last_ended``)."""
    if cutoff is None:  # none has ended: no event lacks an end, so this matches none
        return queryset.filter(end__isnull=True)
    return queryset.filter(end__lte=cutoff)
