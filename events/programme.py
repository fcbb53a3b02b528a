"""The transnational programme: the network's transnational events on a month-by-month timeline
of at least 24 months, from the month of the first event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page

from events.models.events import NOT_ON_CARDS, EventPage, last_ended
from events.models.reports import EventReportPage
from home.cache import memoize
from home.listing import decorate
from home.localization import one_per_translation

SPAN_MONTHS = 24


@dataclass(frozen=True)
class Month:
    """A month of the timeline and the events that start in it (in their host city's time)."""

    quiet: ClassVar[bool] = False

    date: dt.date
    events: list[EventPage] = field(default_factory=list)
    is_current: bool = False
    is_past: bool = False


@dataclass(frozen=True)
class QuietMonths:
    """A run of months with no event in it, drawn as one compact stretch of the timeline."""

    quiet: ClassVar[bool] = True

    first: dt.date
    last: dt.date
    count: int


@dataclass(frozen=True)
class Programme:
    events: list[EventPage]
    months: list[Month]
    this_month: dt.date

    def __bool__(self) -> bool:
        return bool(self.events)

    @property
    def first_month(self) -> dt.date | None:
        return self.months[0].date if self.months else None

    @property
    def last_month(self) -> dt.date | None:
        return self.months[-1].date if self.months else None

    @property
    def has_begun(self) -> bool:
        return bool(self.months) and self.this_month >= self.first_month

    @property
    def has_ended(self) -> bool:
        return bool(self.months) and self.this_month > self.last_month

    @property
    def rows(self) -> list[Month | QuietMonths]:
        """The months to list (those with events, and the current one) with the quiet runs
        between them folded into one ``QuietMonths`` each."""
        rows: list[Month | QuietMonths] = []
        quiet: list[Month] = []
        for month in self.months:
            if month.events or month.is_current:
                rows.extend(_fold(quiet))
                quiet = []
                rows.append(month)
            else:
                quiet.append(month)
        rows.extend(_fold(quiet))
        return rows


def _fold(quiet: list[Month]) -> list[QuietMonths]:
    if not quiet:
        return []
    return [QuietMonths(quiet[0].date, quiet[-1].date, len(quiet))]


def programme(request, locale) -> Programme:
    """The live transnational events in ``locale`` (its translation or a stand-in), in start
    order, ready for the timeline. A fixed number of queries, whatever the number of events,
    then none until content changes, another event ends or a new month begins."""
    this_month = timezone.localdate().replace(day=1)
    parts = (locale.pk, this_month, last_ended(), request.scheme, request.get_host())

    def compute():
        events = transnational_events(request, locale)
        attach_report_urls(events, locale)
        return Programme(events=events, months=timeline(events, this_month), this_month=this_month)

    return memoize("programme", parts, compute)


def transnational_events(request, locale) -> list[EventPage]:
    queryset = EventPage.objects.filter(kind=EventPage.Kind.TRANSNATIONAL).defer(*NOT_ON_CARDS)
    events = one_per_translation(queryset, locale).select_related("locale").order_by("start", "pk")
    return decorate(events, locale, request, themes=False)


def attach_report_urls(events: list[EventPage], locale) -> None:
    """Set ``is_held`` on each event and, once held, ``report_url`` and ``report_language``:
    its live report in ``locale`` or a stand-in, under the event's URL in ``locale``. One query."""
    reports = reports_by_event(events, locale) if events else {}
    for event in events:
        event.is_held = is_held(event)
        report = reports.get(event.translation_key) if event.is_held else None
        event.report_url = f"{event.listing_url}{report.slug}/" if report else None
        event.report_language = report.locale.language_code if report else None


def is_held(event: EventPage) -> bool:
    return event.is_past and event.status == EventPage.Status.SCHEDULED


def reports_by_event(events: list[EventPage], locale) -> dict:
    """One live report per event, keyed by the event's translation_key, from the reports under
    any locale's copy of the events."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    event_key = Page.objects.filter(path=parent_path, live=True).values("translation_key")[:1]
    reports = EventReportPage.objects.annotate(event_key=Subquery(event_key)).filter(
        event_key__in=[event.translation_key for event in events]
    )
    return {
        report.event_key: report
        for report in one_per_translation(reports, locale).select_related("locale").order_by("pk")
    }


def timeline(events: list[EventPage], this_month: dt.date) -> list[Month]:
    """Every month from the first event's to at least ``SPAN_MONTHS`` months on (further if the
    events run on), each with the events that start in it, in their host city's time."""
    if not events:
        return []
    by_month: dict[int, list[EventPage]] = {}
    for event in events:
        by_month.setdefault(month_number(event.local_start), []).append(event)
    first = min(by_month)
    last = max(first + SPAN_MONTHS - 1, max(by_month))
    now = month_number(this_month)
    return [
        Month(
            date=month_date(number),
            events=by_month.get(number, []),
            is_current=number == now,
            is_past=number < now,
        )
        for number in range(first, last + 1)
    ]


def month_number(value: dt.date) -> int:
    return value.year * 12 + value.month - 1


def month_date(number: int) -> dt.date:
    year, month = divmod(number, 12)
    return dt.date(year, month + 1, 1)
