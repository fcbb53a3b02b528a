"""Events as iCalendar: each event's download and the subscription feeds, read back with two
independent parsers (icalendar, and the stricter ical)."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from wagtail.models import Locale

from events.models import EventPage
from tests.factories import (
    EventPageFactory,
    EventsPageFactory,
    PersonFactory,
    aware,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def session(title, start="10:00", end="11:30", day=None, speakers=(), room="Hall A"):
    return (
        "session",
        {
            "date": day or dt.date(NEXT_YEAR, 5, 14),
            "start": dt.time.fromisoformat(start),
            "end": dt.time.fromisoformat(end),
            "title": title,
            "description": "",
            "speakers": list(speakers),
            "room": room,
            "languages": "",
            "interpretation": "",
        },
    )


def publish(page, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate_person(person, code, **changes):
    translation = person.copy_for_translation(Locale.objects.get(language_code=code))
    for field, value in changes.items():
        setattr(translation, field, value)
    translation.save()
    return translation


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def parse(response):
    """The calendar read by icalendar, after checking the strict parser accepts it too."""
    text = response.content.decode()
    IcsCalendarStream.calendar_from_ics(text)
    return icalendar.Calendar.from_ical(text)


def only_event(response):
    calendar = parse(response)
    assert len(calendar.events) == 1
    return calendar.events[0]


def in_language(url, lang):
    return url.replace("/en/", f"/{lang}/", 1)


def ics_url(page, lang="en"):
    return in_language(f"{page.url}{page.reverse_subpage('ics')}", lang)


def feed_url(index, lang="en"):
    return in_language(f"{index.url}{index.reverse_subpage('calendar')}", lang)


@pytest.fixture
def malmo():
    tree = city_tree()
    translate_tree(tree, "ar")
    translate_tree(tree, "sv")
    return tree


@pytest.fixture
def forum(malmo):
    page = EventPageFactory(
        parent=malmo["events"],
        title="Dialogue forum",
        slug="dialogue-forum",
        start=aware(NEXT_YEAR, 5, 14, 9),
        end=aware(NEXT_YEAR, 5, 14, 17),
        venue="Stadshuset",
        address="August Palms plats 1\n211 54 Malmö",
        contact_email="events@malmo.se",
    )
    return publish(page)


def test_download_is_one_event_in_a_calendar_both_parsers_read(client, forum):
    response = fetch(client, ics_url(forum))
    assert response["Content-Disposition"] == 'attachment; filename="dialogue-forum.ics"'
    text = response.content.decode()
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert len(strict.events) == 1 and strict.events[0].summary == "Dialogue forum"
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["PRODID"]
    event = calendar.events[0]
    assert event["LOCATION"] == "Stadshuset, August Palms plats 1, 211 54 Malmö"
    assert event["URL"] == "http://testserver/en/malmo/events/dialogue-forum/"
    assert event["ORGANIZER"] == "mailto:events@malmo.se"
    assert event["ORGANIZER"].params["CN"] == "Malmö stad"
    assert event["STATUS"] == "CONFIRMED"


def test_a_download_of_a_page_with_a_non_latin_slug_is_named_safely(client, malmo):
    page = EventPageFactory(parent=malmo["events"], slug="διάλογος")
    disposition = fetch(client, ics_url(page))["Content-Disposition"]
    assert (
        disposition
        == "attachment; filename*=utf-8''%CE%B4%CE%B9%CE%AC%CE%BB%CE%BF%CE%B3%CE%BF%CF%82.ics"
    )


def test_an_event_stays_at_its_local_time_in_the_host_city_zone(client):
    athens = city_tree(title="Athens", slug="athens", country="GR", time_zone="Europe/Athens")
    start = aware(NEXT_YEAR, 7, 2, 10, zone="Europe/Athens")
    page = EventPageFactory(parent=athens["events"], start=start, end=start + dt.timedelta(hours=3))
    response = fetch(client, ics_url(page))
    event = only_event(response)
    assert event.start == start
    assert event.start.tzinfo == zoneinfo.ZoneInfo("Europe/Athens")
    assert f"DTSTART;TZID=Europe/Athens:{NEXT_YEAR}0702T100000" in response.content.decode()
    assert [zone.tz_name for zone in parse(response).timezones] == ["Europe/Athens"]
    strict = IcsCalendarStream.calendar_from_ics(response.content.decode()).events[0]
    assert strict.dtstart == start and str(strict.dtstart.tzinfo) == "Europe/Athens"


def test_the_uid_survives_edits_and_is_shared_by_translations(client, malmo, forum):
    uid = only_event(fetch(client, ics_url(forum)))["UID"]
    assert uid == f"event-{forum.translation_key}@cities-in-dialogue"
    publish(forum, title="Dialogue forum 2030", lead="Updated.")
    assert only_event(fetch(client, ics_url(forum)))["UID"] == uid
    arabic = translate_page(forum, "ar", title="منتدى الحوار")
    assert only_event(fetch(client, ics_url(arabic, "ar")))["UID"] == uid


def test_sequence_counts_schedule_changes_only(client, forum):
    def sequence():
        return only_event(fetch(client, ics_url(forum)))["SEQUENCE"]

    first = sequence()
    publish(forum, lead="A new lead, the same schedule.")
    assert sequence() == first
    publish(forum, start=forum.start + dt.timedelta(hours=1))
    assert sequence() == first + 1


def test_stamps_move_forward_when_republished(client, forum):
    a_day_ago = timezone.now() - dt.timedelta(days=1)
    EventPage.objects.filter(pk=forum.pk).update(last_published_at=a_day_ago)
    before = only_event(fetch(client, ics_url(forum)))
    assert before.stamp == a_day_ago.replace(microsecond=0)
    publish(forum, lead="Republished.")
    after = only_event(fetch(client, ics_url(forum)))
    assert after.stamp > before.stamp
    assert after.last_modified > before.last_modified
    assert after.last_modified == after.stamp
    assert after.stamp.utcoffset() == dt.timedelta(0)
    assert after.created == forum.first_published_at.replace(microsecond=0)


@pytest.mark.parametrize(
    ("status", "ical_status", "summary"),
    [
        ("cancelled", "CANCELLED", "Cancelled: Dialogue forum"),
        ("postponed", "TENTATIVE", "Postponed: Dialogue forum"),
    ],
)
def test_status_is_shown_to_calendars(client, forum, status, ical_status, summary):
    publish(forum, status=status)
    event = only_event(fetch(client, ics_url(forum)))
    assert event["STATUS"] == ical_status
    assert event["SUMMARY"] == summary


def test_the_description_carries_the_agenda(client, malmo):
    sara, omar = PersonFactory(name="Sara Lindqvist"), PersonFactory(name="Omar Haddad")
    page = EventPageFactory(
        parent=malmo["events"],
        lead="A day of dialogue.",
        agenda=[
            session("Welcome and introductions", speakers=[sara]),
            session("Workshops", start="13:00", end="15:00", speakers=[sara, omar], room="B"),
        ],
    )
    description = only_event(fetch(client, ics_url(page)))["DESCRIPTION"]
    assert description.startswith("A day of dialogue.\n\nAgenda\n")
    assert "Welcome and introductions" in description and "Workshops" in description
    assert "Sara Lindqvist (Coordinator, Malmö stad)" in description
    assert "Omar Haddad" in description and "Room: B" in description
    assert "Organiser: Malmö stad" in description
    assert description.endswith(f"http://testserver{page.url}")


def test_without_an_email_the_organiser_is_in_the_description(client, malmo):
    page = EventPageFactory(parent=malmo["events"], contact_email="")
    event = only_event(fetch(client, ics_url(page)))
    assert "ORGANIZER" not in event
    assert "Organiser: Malmö stad" in event["DESCRIPTION"]


def test_online_events_give_their_joining_link_as_location(client, malmo):
    page = EventPageFactory(
        parent=malmo["events"], attendance="online", online_url="https://meet.example/cid"
    )
    assert only_event(fetch(client, ics_url(page)))["LOCATION"] == "https://meet.example/cid"


@pytest.mark.parametrize(
    ("lang", "title", "role"),
    [("ar", "منتدى الحوار", "منسقة"), ("sv", "Dialogforum", "Samordnare")],
)
def test_a_translation_is_in_its_language_under_its_url(client, forum, lang, title, role):
    sara = PersonFactory(name="Sara Lindqvist")
    translate_person(sara, lang, role=role)
    publish(forum, agenda=[session("Welcome", speakers=[sara])])
    translation = translate_page(forum, lang, title=title)
    event = only_event(fetch(client, ics_url(translation, lang)))
    assert event["SUMMARY"] == title
    assert event["SUMMARY"].params["LANGUAGE"] == lang
    assert event["DESCRIPTION"].params["LANGUAGE"] == lang
    assert f"Sara Lindqvist ({role}, Malmö stad)" in event["DESCRIPTION"]
    assert event["URL"] == f"http://testserver/{lang}/malmo/events/dialogue-forum/"


def test_a_stand_in_keeps_its_language_under_the_visitors_url(client, forum):
    event = only_event(fetch(client, ics_url(forum, "sv")))
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    assert event["URL"] == "http://testserver/sv/malmo/events/dialogue-forum/"
    assert event["DESCRIPTION"].endswith("http://testserver/sv/malmo/events/dialogue-forum/")


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_draft_event_has_no_calendar(client, malmo, lang):
    draft = EventPageFactory(parent=malmo["events"], slug="draft", live=False)
    assert client.get(ics_url(draft, lang)).status_code == 404


def test_an_unknown_event_has_no_calendar(client, malmo):
    url = ics_url(EventPageFactory(parent=malmo["events"], slug="known"))
    assert client.get(url.replace("/known/", "/unknown/")).status_code == 404


# Feeds ----------------------------------------------------------------------------------------


@pytest.fixture
def network(malmo):
    """Events in two cities: upcoming, just ended, long past and draft; one translated."""
    athens = city_tree(title="Athens", slug="athens", country="GR", time_zone="Europe/Athens")
    translate_tree(athens, "ar")
    events = EventsPageFactory()
    translate_page(events, "ar")
    now = timezone.now()
    soon = EventPageFactory(parent=malmo["events"], title="Soon", slug="soon")
    translate_page(soon, "ar", title="قريبا")
    EventPageFactory(parent=athens["events"], title="In Athens", slug="in-athens")
    EventPageFactory(
        parent=malmo["events"],
        title="Just ended",
        slug="just-ended",
        start=now - dt.timedelta(days=3, hours=2),
        end=now - dt.timedelta(days=3),
    )
    EventPageFactory(
        parent=malmo["events"],
        title="Long past",
        slug="long-past",
        start=now - dt.timedelta(days=90, hours=2),
        end=now - dt.timedelta(days=90),
    )
    EventPageFactory(parent=malmo["events"], title="Draft", slug="draft", live=False)
    return {"events": events, "malmo": malmo["events"]}


def summaries(response):
    return sorted(str(event["SUMMARY"]) for event in parse(response).events)


def test_the_network_feed_lists_upcoming_live_events_of_every_city(client, network):
    response = fetch(client, feed_url(network["events"]))
    assert response["Content-Disposition"] == 'inline; filename="calendar.ics"'
    assert summaries(response) == ["In Athens", "Just ended", "Soon"]
    calendar = parse(response)
    assert calendar["X-WR-CALNAME"] == "Events"
    assert calendar.refresh_interval == dt.timedelta(hours=6)
    assert "\r\nX-PUBLISHED-TTL:PT6H\r\n" in response.content.decode()
    zones = sorted(zone.tz_name for zone in calendar.timezones)
    assert zones == ["Europe/Athens", "Europe/Stockholm"]


def test_a_city_feed_lists_its_own_events(client, network):
    response = fetch(client, feed_url(network["malmo"]))
    assert summaries(response) == ["Just ended", "Soon"]
    assert parse(response)["X-WR-CALNAME"] == "Malmö: Events"


def test_a_feed_with_nothing_coming_up_is_still_a_calendar(client, malmo):
    response = fetch(client, feed_url(malmo["events"]))
    assert parse(response).events == []
    assert parse(response)["X-WR-CALNAME"] == "Malmö: Events"


def test_a_feed_prefers_the_visitors_language(client, network):
    events = parse(fetch(client, feed_url(network["malmo"], "ar"))).events
    by_language = {str(e["SUMMARY"]): e["SUMMARY"].params["LANGUAGE"] for e in events}
    assert by_language == {"قريبا": "ar", "Just ended": "en"}
    urls = sorted(str(event["URL"]) for event in events)
    assert urls == [
        "http://testserver/ar/malmo/events/just-ended/",
        "http://testserver/ar/malmo/events/soon/",
    ]


def make_events(tree, count, start=0):
    """Events with a two-session agenda; every third event and every other speaker translated
    into Swedish, so the feed mixes translations, stand-ins and both kinds of speaker."""
    for n in range(start, start + count):
        speakers = [PersonFactory(name=f"Speaker {n}a"), PersonFactory(name=f"Speaker {n}b")]
        translate_person(speakers[0], "sv")
        page = EventPageFactory(
            parent=tree["events"],
            title=f"Event {n}",
            slug=f"event-{n}",
            agenda=[session("Opening", speakers=speakers), session("Closing", speakers=speakers)],
        )
        if n % 3 == 0:
            translate_page(page, "sv", title=f"Evenemang {n}")


def queries_for(client, url):
    """Queries for ``url`` with the shared cache empty (feeds are not cached; what they read
    through ``home.cache`` is, and a change to content empties that)."""
    fetch(client, url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return len(captured)


@pytest.mark.parametrize("feed", ["network", "city"])
def test_a_feed_costs_the_same_queries_for_ten_or_fifty_events(client, malmo, feed):
    events = EventsPageFactory()
    translate_page(events, "sv")
    url = feed_url(events if feed == "network" else malmo["events"], "sv")
    make_events(malmo, 10)
    ten = queries_for(client, url)
    make_events(malmo, 40, start=10)
    fifty = queries_for(client, url)
    assert len(parse(fetch(client, url)).events) == 50
    assert fifty == ten
