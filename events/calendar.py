"""iCalendar (RFC 5545) files for events: one event's download and the subscription feeds.

Times are written in the host city's zone (TZID, with the matching VTIMEZONE), so an event in
Athens stays 10:00 Europe/Athens in every subscriber's calendar. Labels are in the language of
the URL; the page's own text is in its locale's language (a stand-in keeps its original's).
"""

import datetime as dt
from collections import defaultdict

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event, vCalAddress, vDuration
from wagtail.blocks import StreamValue
from wagtail.models import Locale

from events.models.events import EventPage, localize_speakers
from home.localization import attach_listing_urls, one_per_translation
from home.models.pages import attach_cities

PRODID = "-//Cities in Dialogue//Events//EN"
UID_DOMAIN = "cities-in-dialogue"
FEED_REFRESH = dt.timedelta(hours=6)
RECENTLY_ENDED = dt.timedelta(days=30)

STATUS = {
    EventPage.Status.SCHEDULED: "CONFIRMED",
    EventPage.Status.POSTPONED: "TENTATIVE",
    EventPage.Status.CANCELLED: "CANCELLED",
}
SUMMARY_WITH_STATUS = {
    EventPage.Status.POSTPONED: _("Postponed: %(title)s"),
    EventPage.Status.CANCELLED: _("Cancelled: %(title)s"),
}


# Responses ------------------------------------------------------------------------------------


def event_calendar_response(request, page):
    """One event, to download and add to a calendar."""
    events = prepare_events([page], Locale.get_active(), request)
    calendar = new_calendar(events, request)
    return calendar_response(calendar, as_attachment=True, filename=f"{page.slug}.ics")


def feed_response(request, queryset, *, title):
    """The upcoming events of ``queryset``, one per translation, as a calendar to subscribe to."""
    locale = Locale.get_active()
    events = prepare_events(upcoming(queryset, locale), locale, request)
    calendar = new_calendar(events, request)
    calendar.calendar_name = title
    calendar.add("REFRESH-INTERVAL", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))
    return calendar_response(calendar, as_attachment=False, filename="calendar.ics")


def calendar_response(calendar: Calendar, *, as_attachment: bool, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


# Gathering ------------------------------------------------------------------------------------


def upcoming(queryset, locale):
    """Live events not yet over (or just over, so they do not vanish from calendars the moment
    they end), soonest first, in ``locale`` where translated."""
    since = timezone.now() - RECENTLY_ENDED
    events = one_per_translation(queryset.live().filter(end__gte=since), locale)
    return events.select_related("locale").order_by("start", "pk")


def prepare_events(pages, locale, request) -> list[EventPage]:
    """Give each event its URL and host city in ``locale`` and its agenda with speakers in
    ``locale``: a fixed number of queries for any number of events and sessions."""
    pages = attach_listing_urls(pages, locale, request)
    attach_cities(pages, locale)
    load_agendas(pages)
    localize_speakers([session for page in pages for session in page.agenda], locale)
    return pages


def load_agendas(pages) -> None:
    """Convert every agenda at once, so the speakers chosen in all of them come in one query
    (a StreamField on its own fetches its snippets page by page)."""
    stream_block = EventPage._meta.get_field("agenda").stream_block
    session_block = stream_block.child_blocks["session"]
    raw = [
        (page.pk, item)
        for page in pages
        for item in page.agenda.raw_data
        if item["type"] == "session"
    ]
    values = session_block.bulk_to_python([item["value"] for _, item in raw])
    sessions = defaultdict(list)
    for (page_pk, item), value in zip(raw, values, strict=True):
        sessions[page_pk].append(("session", value, item.get("id")))
    for page in pages:
        page.agenda = StreamValue(stream_block, sessions[page.pk])


# Writing --------------------------------------------------------------------------------------


def new_calendar(events, request) -> Calendar:
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    for page in events:
        calendar.add_component(calendar_event(page, request.build_absolute_uri(page.listing_url)))
    add_time_zones(calendar, events)
    return calendar


def add_time_zones(calendar: Calendar, events) -> None:
    """The VTIMEZONE of every host city's zone, covering the years of the events only."""
    if events:
        first = min(page.start for page in events)
        last = max(page.end for page in events)
        calendar.add_missing_timezones(dt.date(first.year, 1, 1), dt.date(last.year + 1, 12, 31))


def calendar_event(page: EventPage, url: str) -> Event:
    event = Event.new(
        uid=event_uid(page),
        start=page.local_start,
        end=page.local_end,
        status=STATUS[page.status],
        sequence=page.calendar_sequence,
        stamp=in_utc(page.last_published_at or timezone.now()),
        last_modified=in_utc(page.last_published_at),
        created=in_utc(page.first_published_at),
        location=location(page),
        organizer=organizer(page),
        url=url,
    )
    language = {"LANGUAGE": page.locale.language_code}
    event.add("SUMMARY", summary(page), parameters=language)
    event.add("DESCRIPTION", description(page, url), parameters=language)
    return event


def event_uid(page: EventPage) -> str:
    """The same for every language's copy of an event, and across its edits."""
    return f"event-{page.translation_key}@{UID_DOMAIN}"


def in_utc(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(dt.UTC) if moment else None


def summary(page: EventPage) -> str:
    template = SUMMARY_WITH_STATUS.get(page.status)
    return template % {"title": page.title} if template else page.title


def location(page: EventPage) -> str | None:
    if page.attendance == EventPage.Attendance.ONLINE:
        return page.online_url or None
    lines = [page.venue, *page.address.splitlines()]
    return ", ".join(line.strip() for line in lines if line.strip()) or None


def organizer(page: EventPage) -> vCalAddress | None:
    """ORGANIZER needs an address: without a contact email the organiser is named in the
    description instead."""
    if not page.contact_email:
        return None
    return vCalAddress.new(page.contact_email, cn=page.organiser)


def description(page: EventPage, url: str) -> str:
    parts = [page.lead, agenda_text(page.agenda), practical_text(page), url]
    return "\n\n".join(part for part in parts if part)


def agenda_text(agenda) -> str:
    sessions = [block.value for block in agenda]
    if not sessions:
        return ""
    with_dates = len({session["date"] for session in sessions}) > 1
    return "\n".join([gettext("Agenda"), *(session_line(s, with_dates) for s in sessions)])


def session_line(session, with_date: bool) -> str:
    """One session: its local time range, title, speakers and room."""
    times = f"{time_format(session['start'])}–{time_format(session['end'])}"
    if with_date:
        times = f"{date_format(session['date'], 'SHORT_DATE_FORMAT')} {times}"
    parts = [times, session["title"]]
    speakers = session["speakers"]
    if speakers:
        names = ", ".join(speaker_name(person) for person in speakers)
        label = ngettext("Speaker: %(names)s", "Speakers: %(names)s", len(speakers))
        parts.append(label % {"names": names})
    if session["room"]:
        parts.append(gettext("Room: %(room)s") % {"room": session["room"]})
    return " · ".join(parts)


def speaker_name(person) -> str:
    return f"{person.name} ({person.description})" if person.description else person.name


def practical_text(page: EventPage) -> str:
    lines = []
    if not page.contact_email:
        lines.append(gettext("Organiser: %(name)s") % {"name": page.organiser})
    if page.online_url and page.attendance != EventPage.Attendance.IN_PERSON:
        lines.append(gettext("Join online: %(url)s") % {"url": page.online_url})
    if page.registration_url:
        lines.append(gettext("Registration: %(url)s") % {"url": page.registration_url})
    return "\n".join(lines)
