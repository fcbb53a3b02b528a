"""The participation summary for the coordinator: the events held and who came to them, from
which country, as a table in the admin's Reports and as a CSV in the long format a funder's
spreadsheet takes.

Every locale's copy of a report holds the same numbers, so each event is counted once: the copy
in the admin's language, or else the original.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django.db.models import Max, Min, QuerySet, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Locale

from events.models import EventPage, EventReportPage, ReportParticipants
from home.models.pages import attach_cities
from home.spreadsheets import csv_response

# Only network coordinators (and superusers) hold it: the partner admin and its history report
# ask for the same one (partners.views.partner_policy, "add").
COORDINATOR_PERMISSION = "partners.add_partner"

UNKNOWN_COUNTRY = "unknown"
CSV_HEADER = [
    "event",
    "start_date",
    "host_city",
    "host_country_code",
    "kind",
    "country_code",
    "country_name",
    "participants",
]
# More than any time zone is ahead of or behind UTC.
ZONE_MARGIN = dt.timedelta(days=1)


def is_coordinator(user) -> bool:
    return user.has_perm(COORDINATOR_PERMISSION)


class CoordinatorReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


# What was counted ------------------------------------------------------------------------------


@dataclass
class EventParticipation:
    event: EventPage
    report: EventReportPage

    @cached_property
    def by_country(self) -> list[ReportParticipants]:
        rows = self.report.participants_by_country.all()
        return sorted(rows, key=lambda row: (-row.participants, row.country.code))

    @cached_property
    def known(self) -> int:
        return sum(row.participants for row in self.by_country)

    @property
    def total(self) -> int:
        """The reported total, and never less than the participants counted by country."""
        return max(self.report.participants_total or 0, self.known)

    @property
    def not_known(self) -> int:
        return self.total - self.known

    @property
    def start_date(self) -> dt.date:
        return self.event.local_start.date()


@dataclass(frozen=True)
class CountryParticipation:
    country: Country
    participants: int
    events: int
    share: float


@dataclass
class Participation:
    events: list[EventParticipation]

    @cached_property
    def total(self) -> int:
        return sum(row.total for row in self.events)

    @cached_property
    def known(self) -> int:
        return sum(row.known for row in self.events)

    @property
    def not_known(self) -> int:
        return self.total - self.known

    @property
    def not_known_share(self) -> float:
        return percent(self.not_known, self.total)

    @cached_property
    def countries(self) -> list[CountryParticipation]:
        """Participants by country, most first, with the number of events they came to."""
        found: dict[str, list[ReportParticipants]] = {}
        for event in self.events:
            for row in event.by_country:
                found.setdefault(row.country.code, []).append(row)
        countries = [self.country_participation(rows) for rows in found.values()]
        return sorted(countries, key=lambda row: (-row.participants, str(row.country.name)))

    def country_participation(self, rows: list[ReportParticipants]) -> CountryParticipation:
        participants = sum(row.participants for row in rows)
        return CountryParticipation(
            country=rows[0].country,
            participants=participants,
            events=len(rows),
            share=percent(participants, self.total),
        )


def reports_of(events: QuerySet) -> QuerySet:
    """The live reports below any of ``events``, each with the path of its event."""
    return (
        EventReportPage.objects.live()
        .annotate(event_path=Substr("path", 1, Length("path") - EventReportPage.steplen))
        .filter(event_path__in=events.values("path"))
        .order_by("pk")
    )


def one_per_event(reports, events_by_path, locale) -> list[EventParticipation]:
    """One report per event (whatever its copies): the one in ``locale``, or else the earliest."""
    chosen: dict = {}
    for report in reports:
        event = events_by_path.get(report.event_path)
        if event is None:  # published or unpublished between the two queries
            continue
        if event.translation_key not in chosen or report.locale_id == locale.pk:
            chosen[event.translation_key] = EventParticipation(event, report)
    return list(chosen.values())


def count_participation(events: QuerySet, locale: Locale, year: int | None = None) -> Participation:
    """What the reports of ``events`` (any locale's copies) count, each event once; ``year`` is
    that of the start in the host city's time zone. A fixed number of queries."""
    events_by_path = {event.path: event for event in events}
    attach_cities(events_by_path.values(), locale)
    rows = one_per_event(reports_of(events), events_by_path, locale)
    if year is not None:
        rows = [row for row in rows if row.start_date.year == year]
    prefetch_related_objects([row.report for row in rows], "participants_by_country")
    return Participation(sorted(rows, key=lambda row: (row.event.start, row.event.pk)))


def held_events() -> QuerySet:
    return EventPage.objects.live().filter(end__lt=timezone.now())


def year_window(year: int) -> tuple[dt.datetime, dt.datetime]:
    """A span that holds every start in ``year`` in any time zone."""
    first = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    return first - ZONE_MARGIN, first.replace(year=year + 1) + ZONE_MARGIN


# The CSV ---------------------------------------------------------------------------------------


def csv_rows(participation: Participation):
    """One row per event and country, and one for the participants whose country is not known."""
    for row in participation.events:
        city = row.event.host_city
        event = [
            row.event.title,
            row.start_date.isoformat(),
            city.title,
            city.country.code,
            row.event.kind,
        ]
        for line in row.by_country:
            yield [*event, line.country.code, str(line.country.name), line.participants]
        if row.not_known:
            yield [*event, UNKNOWN_COUNTRY, UNKNOWN_COUNTRY, row.not_known]


def participation_csv(participation: Participation, filename: str) -> HttpResponse:
    with translation.override("en"):
        rows = list(csv_rows(participation))
    return csv_response(filename, CSV_HEADER, rows)


# The admin report ------------------------------------------------------------------------------


def held_years() -> list[tuple[int, str]]:
    """Every year from the first event held to the last, latest first, as a host city counts
    them: a span in UTC widened by the widest time zone offsets."""
    span = held_events().aggregate(first=Min("start"), last=Max("start"))
    if span["first"] is None:
        return []
    first, last = (span["first"] - ZONE_MARGIN).year, (span["last"] + ZONE_MARGIN).year
    return [(year, str(year)) for year in range(last, first - 1, -1)]


class ParticipationFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), empty_label=_("All years"), method="filter_year"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventPage.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = EventPage
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each event is counted once whatever its copies, so the language of a copy is no filter.
        self.filters.pop("locale", None)
        self.filters["year"].extra["choices"] = held_years()

    def filter_year(self, queryset, name, value):
        return queryset.filter(start__range=year_window(int(value)))


class ParticipationReportView(ReportView):
    """The events held that have a report, and their participants by country. Filtered by the
    year of the start (in the host city's time zone) and the kind of event."""

    page_title = _("Participation")
    header_icon = "group"
    template_name = "events/admin/participation_report.html"
    results_template_name = "events/admin/participation_report_results.html"
    filterset_class = ParticipationFilterSet
    index_url_name = "participation_report:index"
    index_results_url_name = "participation_report:index_results"
    paginate_by = None
    permission_required = COORDINATOR_PERMISSION
    FORMATS = (ReportView.FORMAT_CSV,)

    def user_has_permission(self, permission):
        return self.request.user.has_perm(permission)

    def get_base_queryset(self):
        return held_events()

    @cached_property
    def applied_filters(self) -> dict:
        if not self.filters.is_valid():
            return {}
        return {name: value for name, value in self.filters.form.cleaned_data.items() if value}

    @cached_property
    def participation(self) -> Participation:
        # The CSV speaks the funder's language (the site's default) whatever the admin's.
        locale = Locale.get_default() if self.is_export else Locale.get_active()
        year = self.applied_filters.get("year")
        return count_participation(self.object_list, locale, int(year) if year else None)

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Download CSV"), url=self.csv_export_url, icon_name="download")]

    def get_filename(self):
        filters = [str(value) for value in self.applied_filters.values()] or ["all"]
        return "-".join(["participation", *filters])

    def get_context_data(self, **kwargs):
        return super().get_context_data(participation=self.participation, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return participation_csv(self.participation, f"{self.get_filename()}.csv")


class ParticipationReportViewSet(ViewSet):
    name = "participation_report"
    url_prefix = "reports/participation"

    def get_urlpatterns(self):
        return [
            path("", ParticipationReportView.as_view(), name="index"),
            path(
                "results/",
                ParticipationReportView.as_view(results_only=True),
                name="index_results",
            ),
        ]
