"""The open datasets: events, the sessions of their agendas, and practices, per language.

Each dataset is a list of named columns, which make the CSV header, the keys of the JSON items
and the open data page's explanation, so the three cannot drift apart. Column names are an
interface for programs and stay English; their descriptions are translated.

An item appears once per translation, as in listings: in the download's language where it is
translated, else in its original language (which its ``language`` column names), linked at its
URL under the download's language. Only live pages outside any view restriction, and only what
their public pages show.

A download is built in memory, in a fixed number of queries whatever the number of events,
sessions, speakers and practices: at the network's scale (a few thousand items, a few
megabytes) that keeps each dataset one plain function. Stream it in chunks if that changes.
"""

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StructValue

from events.calendar import prepare_events
from events.models import EventPage
from handbook.models import PracticePage
from home.listing import decorate
from home.localization import attach_localized_themes, one_per_translation

LIST_SEPARATOR = ";"
SPEAKER_SEPARATOR = "; "  # names may hold commas, so a space keeps them readable


@dataclass(frozen=True)
class Column:
    """A column: its name (stable English, for programs), what it holds (translated, for
    people), its value for an item (as JSON has it) and, where a CSV cell needs another form
    than ``csv_text`` gives, that form."""

    name: str
    description: str
    value: Callable[[Any], Any]
    as_text: Callable[[Any], str] | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, label): the values it takes

    def csv(self, item):
        value = self.value(item)
        return self.as_text(value) if self.as_text else csv_text(value)


@dataclass(frozen=True)
class Download:
    format: str
    label: str

    @property
    def media_type(self) -> str:
        return {"csv": "text/csv", "json": "application/json"}[self.format]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    downloads: tuple[Download, ...]
    gather: Callable  # (request, locale) -> items
    nested: Callable[[Any], dict] = lambda item: {}  # what a JSON item adds to its columns

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def formats(self) -> set[str]:
        return {download.format for download in self.downloads}

    def row(self, item) -> list:
        return [column.csv(item) for column in self.columns]

    def record(self, item) -> dict:
        return {**record(self.columns, item), **self.nested(item)}


def record(columns, item) -> dict:
    return {column.name: column.value(item) for column in columns}


def csv_text(value):
    """A CSV cell holds text: no value is an empty cell, yes and no are ``true`` and ``false``,
    a list's items are separated by semicolons."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
EXTERNAL_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)


def plain_text(rich_text: str) -> str:
    """Rich text as plain text: a line for each paragraph, heading or list item, and a web
    link's address after its text. Links to pages and documents keep their text only (their
    addresses would cost queries)."""

    def link(match):
        address, text = match[1], match[2]
        return text if strip_tags(text).strip() == address else f"{text} ({address})"

    text = BLOCK_END.sub("\n", EXTERNAL_LINK.sub(link, rich_text or ""))
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# Gathering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """One session of an event's agenda, numbered from 1 in agenda order."""

    event: EventPage
    position: int
    value: StructValue

    def at(self, time: dt.time) -> str:
        """The session's date at ``time``, wall-clock in the host city, with its UTC offset."""
        return dt.datetime.combine(self.value["date"], time, tzinfo=self.event.zone).isoformat()


def gather_events(request, locale) -> list[EventPage]:
    """Every public event, soonest first, with its URL, host city, themes and sessions (their
    speakers in ``locale`` where translated), in the same number of queries for any number of
    events, sessions and speakers: eleven, and one or two more for speakers' photos, which
    ``localize_speakers`` fetches for the event page."""
    events = (
        one_per_translation(EventPage.objects.public(), locale)
        .select_related("locale")
        .prefetch_related("themes")
        .order_by("start", "pk")
    )
    events = prepare_events(events, locale, request)
    attach_localized_themes(events, locale)
    for event in events:
        event.absolute_url = request.build_absolute_uri(event.listing_url)
        event.sessions = [
            Session(event, position, block.value)
            for position, block in enumerate(event.agenda, start=1)
        ]
    return events


def gather_sessions(request, locale) -> list[Session]:
    return [session for event in gather_events(request, locale) for session in event.sessions]


def gather_practices(request, locale) -> list[PracticePage]:
    """Every public practice, by title, with its URL, city and themes: eight queries."""
    practices = (
        one_per_translation(PracticePage.objects.public(), locale)
        .select_related("locale")
        .prefetch_related("themes")
        .order_by("title", "pk")
    )
    practices = decorate(practices, locale, request)
    for practice in practices:
        practice.absolute_url = request.build_absolute_uri(practice.listing_url)
    return practices


# Columns --------------------------------------------------------------------------------------


def field(name: str, description: str, **options) -> Column:
    return Column(name, description, attrgetter(name), **options)


def rich_text_field(name: str, description: str) -> Column:
    return Column(name, description, lambda page: plain_text(getattr(page, name)))


def city_title(page) -> str:
    return page.city_page.title if page.city_page else ""


def city_country(page) -> str:
    return str(page.city_page.country) if page.city_page else ""


def online_url(event: EventPage) -> str:
    """The joining link, where the event page shows it: online or hybrid, not yet over."""
    shown = event.attendance != EventPage.Attendance.IN_PERSON and not event.is_past
    return event.online_url if shown else ""


def speakers(session: Session) -> list[dict]:
    return [
        {"name": person.name, "role": person.role, "organisation": person.organisation}
        for person in session.value["speakers"]
        if person is not None
    ]


def speakers_text(people: list[dict]) -> str:
    """Each speaker as "Name (role, organisation)"."""
    lines = []
    for person in people:
        about = ", ".join(part for part in (person["role"], person["organisation"]) if part)
        lines.append(f"{person['name']} ({about})" if about else person["name"])
    return SPEAKER_SEPARATOR.join(lines)


ID = Column(
    "id",
    _("The page's number on this site. Each translation has its own."),
    attrgetter("pk"),
)
TRANSLATION_KEY = Column(
    "translation_key",
    _("The same for every translation of an item: use it to match items across languages."),
    lambda page: str(page.translation_key),
)
LANGUAGE = Column(
    "language",
    _("The item's language: this file's where it is translated, otherwise its original's."),
    lambda page: page.locale.language_code,
)
TITLE = field("title", _("Title"))
URL = Column(
    "url", _("The item's page on this site, in this language."), attrgetter("absolute_url")
)
CITY = Column("city", _("The partner city."), city_title)
COUNTRY = Column(
    "country", _("The partner city's country, as an ISO 3166 code (SE, IT …)."), city_country
)
THEMES = Column(
    "themes",
    _("The item's themes, by slug."),
    lambda page: [theme.slug for theme in page.localized_themes],
)
STARTS = _("Starts: date and time in ISO 8601, local time in the host city with its UTC offset.")
ENDS = _("Ends: date and time in ISO 8601, local time in the host city with its UTC offset.")

EVENT_COLUMNS = (
    ID,
    TRANSLATION_KEY,
    LANGUAGE,
    TITLE,
    URL,
    CITY,
    COUNTRY,
    Column("start", STARTS, lambda event: event.local_start.isoformat()),
    Column("end", ENDS, lambda event: event.local_end.isoformat()),
    Column(
        "time_zone",
        _("The host city's time zone, e.g. Europe/Stockholm."),
        lambda event: str(event.zone),
    ),
    field("kind", _("kind"), choices=EventPage.Kind.choices),
    field("status", _("status"), choices=EventPage.Status.choices),
    field("attendance", _("attendance"), choices=EventPage.Attendance.choices),
    field("organiser", _("organiser")),
    field("lead", _("lead")),
    field("venue", _("venue")),
    field("address", _("address")),
    Column(
        "online_url",
        _("The link to join online, while the event is ahead."),
        online_url,
    ),
    field("registration_url", _("registration link")),
    field("contact_email", _("contact email")),
    field("capacity", _("capacity")),
    field("step_free", _("step-free access")),
    field("induction_loop", _("induction loop")),
    field("sign_language", _("sign language interpretation")),
    field("quiet_room", _("quiet room")),
    field("accessibility", _("more about accessibility")),
    THEMES,
    Column(
        "session_count",
        _("How many sessions its agenda has."),
        lambda event: len(event.sessions),
    ),
    Column(
        "ics_url",
        _("The event as an iCalendar file, to add to a calendar."),
        lambda event: f"{event.absolute_url}ics/",
    ),
)

SESSION_COLUMNS = (
    Column("position", _("Its place in the agenda: 1, 2, 3 …"), attrgetter("position")),
    Column(
        "date",
        _("The day, in ISO 8601 (YYYY-MM-DD)."),
        lambda session: session.value["date"].isoformat(),
    ),
    Column("start", STARTS, lambda session: session.at(session.value["start"])),
    Column("end", ENDS, lambda session: session.at(session.value["end"])),
    Column("title", _("Title"), lambda session: session.value["title"]),
    Column("description", _("Description"), lambda session: session.value["description"]),
    Column("room", _("Room"), lambda session: session.value["room"]),
    Column("languages", _("Languages"), lambda session: session.value["languages"]),
    Column("interpretation", _("Interpretation"), lambda session: session.value["interpretation"]),
    Column(
        "speakers",
        _(
            "Speakers, each as “Name (role, organisation)”; "
            "in JSON, with name, role and organisation apart."
        ),
        speakers,
        as_text=speakers_text,
    ),
)

PRACTICE_COLUMNS = (
    ID,
    TRANSLATION_KEY,
    LANGUAGE,
    TITLE,
    URL,
    CITY,
    COUNTRY,
    THEMES,
    field("summary", _("summary")),
    rich_text_field("problem", _("The problem")),
    rich_text_field("approach", _("The approach")),
    rich_text_field("who_was_involved", _("Who was involved")),
    rich_text_field("results", _("Results and evidence")),
    rich_text_field("cost_effort", _("Cost and effort")),
    rich_text_field("watch_out_for", _("What to watch out for")),
    rich_text_field("resources", _("Resources")),
    field("contact", _("Contact")),
    Column(
        "first_published_at",
        _("When it was first published, in ISO 8601 (UTC)."),
        lambda page: iso(page.first_published_at),
    ),
    Column(
        "last_published_at",
        _("When it was last published, in ISO 8601 (UTC)."),
        lambda page: iso(page.last_published_at),
    ),
)

EVENTS = Dataset(
    name="events",
    title=_("Events"),
    description=_(
        "The network's events, past and future: when and where, how to take part, accessibility."
    ),
    columns=EVENT_COLUMNS,
    downloads=(
        Download("csv", _("Events (CSV)")),
        Download("json", _("Events with their sessions (JSON)")),
    ),
    gather=gather_events,
    nested=lambda event: {"sessions": [record(SESSION_COLUMNS, s) for s in event.sessions]},
)

SESSIONS = Dataset(
    name="sessions",
    title=_("Sessions"),
    description=_(
        "The sessions of the events' agendas, in order. "
        "In the events' JSON file, each event holds its own."
    ),
    columns=(
        Column("event_id", _("The event's id in the events file."), lambda s: s.event.pk),
        Column("event_title", _("The event's title."), lambda s: s.event.title),
        *SESSION_COLUMNS,
    ),
    downloads=(Download("csv", _("Sessions (CSV)")),),
    gather=gather_sessions,
)

PRACTICES = Dataset(
    name="practices",
    title=_("Practices"),
    description=_("The partners' practices, as the handbook describes them, by title."),
    columns=PRACTICE_COLUMNS,
    downloads=(
        Download("csv", _("Practices (CSV)")),
        Download("json", _("Practices (JSON)")),
    ),
    gather=gather_practices,
)

DATASETS = {dataset.name: dataset for dataset in (EVENTS, SESSIONS, PRACTICES)}
