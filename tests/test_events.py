"""Events as organisers make them and readers find them: host-zone times in the admin, speakers,
reports with participants by country, structured data, filters, and constant query counts."""

import datetime as dt
import json
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from events.models import EventPage, EventReportPage, Person
from home.translation import translate
from tests.budget import assert_within_budget
from tests.factories import (
    EventPageFactory,
    EventReportPageFactory,
    EventsPageFactory,
    PersonFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

ATHENS = zoneinfo.ZoneInfo("Europe/Athens")


@pytest.fixture
def athens():
    return city_tree(title="Athens", slug="athens", time_zone="Europe/Athens", country="GR")


@pytest.fixture
def malmo_organiser(client):
    """A superuser whose own profile says Stockholm, an hour behind Athens."""
    user = get_user_model().objects.create_superuser("sara", "sara@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "Europe/Stockholm"
    profile.save()
    client.force_login(user)
    return client


def session(date, start, end, title="Session", speakers=()):
    return {
        "date": date,
        "start": dt.time.fromisoformat(start),
        "end": dt.time.fromisoformat(end),
        "title": title,
        "description": "",
        "speakers": list(speakers),
        "room": "",
        "languages": "",
        "interpretation": "",
    }


def event_form(**changes):
    data = {
        "title": "Athens forum",
        "slug": "athens-forum",
        "start": "2027-03-10 10:00",
        "end": "2027-03-10 17:00",
        "kind": "transnational",
        "status": "scheduled",
        "attendance": "in_person",
        "organiser": "City of Athens",
        "venue": "Technopolis",
        "lead": "A day of exchange.",
        "body": streamfield([]),
        "agenda": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


# Time zones in the admin ----------------------------------------------------------------------


def test_an_organiser_in_stockholm_enters_an_athens_event_in_athens_time(athens, malmo_organiser):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", athens["events"].pk])
    response = malmo_organiser.post(url, event_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get()
    assert event.start == dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)  # 10:00 in Athens

    edit = malmo_organiser.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    html = BeautifulSoup(edit.content, "html.parser")
    assert html.find("input", attrs={"name": "start"})["value"] == "2027-03-10 10:00"
    assert "Local time in Athens (Europe/Athens)" in edit.content.decode()


def test_a_time_that_daylight_saving_skips_is_refused(athens, malmo_organiser):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", athens["events"].pk])
    # Clocks in Athens go from 03:00 to 04:00 on 28 March 2027.
    response = malmo_organiser.post(
        url, event_form(start="2027-03-28 03:30", end="2027-03-28 12:00")
    )
    assert response.status_code == 200
    assert "couldn’t be interpreted in time zone Europe/Athens" in response.content.decode()
    assert not EventPage.objects.exists()


def test_an_invalid_date_is_a_form_error(athens, malmo_organiser):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", athens["events"].pk])
    response = malmo_organiser.post(url, event_form(start="2027-02-30 10:00"))
    assert response.status_code == 200
    assert "Enter a valid date/time." in response.content.decode()
    assert not EventPage.objects.exists()


def test_sessions_are_checked_against_the_event_in_the_host_zone(athens, malmo_organiser):
    """09:30 Athens is 08:30 Stockholm: the session is outside a 10:00 start in Athens even
    though the organiser's own clock would put the event at 09:00."""
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", athens["events"].pk])
    agenda = streamfield(
        [
            (
                "session",
                {
                    "date": "2027-03-10",
                    "start": "09:30",
                    "end": "10:30",
                    "title": "Too early",
                    "description": "",
                    "speakers": streamfield([]),
                    "room": "",
                    "languages": "",
                    "interpretation": "",
                },
            )
        ]
    )
    response = malmo_organiser.post(url, event_form(agenda=agenda))
    assert response.status_code == 200
    assert "lies outside the event" in response.content.decode()
    assert not EventPage.objects.exists()


def test_the_calendar_sequence_moves_only_when_the_schedule_changes(athens):
    event = EventPageFactory(parent=athens["events"])
    assert event.calendar_sequence == 0
    event.lead = "A new lead."
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.calendar_sequence == 0
    event.start += dt.timedelta(hours=1)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.calendar_sequence == 1
    event.status = EventPage.Status.CANCELLED
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.calendar_sequence == 2


# Speakers ---------------------------------------------------------------------------------------


@pytest.fixture
def photo():
    return Image.objects.create(title="Portrait", file=get_test_image_file())


def test_a_speaker_photo_needs_alt_text(admin_client, photo):
    url = reverse("wagtailsnippets_events_person:add")
    data = {"name": "Sara Lindqvist", "role": "", "organisation": "", "photo": photo.pk}
    response = admin_client.post(url, {**data, "photo_alt": ""})
    assert response.status_code == 200
    assert "Describe the photo" in response.content.decode()
    assert not Person.objects.exists()
    response = admin_client.post(url, {**data, "photo_alt": "Portrait of Sara Lindqvist"})
    assert response.status_code == 302
    assert Person.objects.get().photo == photo


def test_speakers_are_shown_in_the_readers_language(client, photo):
    tree = city_tree()
    translate_tree(tree, "ar")
    sara = PersonFactory(
        name="Sara Lindqvist", role="Coordinator", photo=photo, photo_alt="Portrait of Sara"
    )
    amira = PersonFactory(name="Amira Haddad", role="Researcher")
    start = dt.datetime(2027, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
    event = EventPageFactory(
        parent=tree["events"],
        slug="forum",
        start=start,
        end=start + dt.timedelta(hours=8),
        agenda=[("session", session(start.date(), "09:30", "10:30", speakers=[sara, amira]))],
    )
    translate(sara, Locale.objects.get(language_code="ar"), {"Coordinator": "منسقة الشبكة"})
    translate_page(event, "ar", title="منتدى")

    html = BeautifulSoup(client.get("/ar/malmo/events/forum/").content, "html.parser")
    speakers = html.select(".speaker")
    assert "منسقة الشبكة" in speakers[0].get_text()
    assert speakers[0].find("img")["alt"] == "Portrait of Sara"
    # Amira has no Arabic version yet: her English role is marked as English.
    assert speakers[1].get("lang") == "en"
    assert "Researcher" in speakers[1].get_text()


def test_translating_an_event_translates_the_speakers_it_needs(athens):
    arabic = Locale.objects.get(language_code="ar")
    sara = PersonFactory(name="Sara")
    start = dt.datetime(2027, 3, 10, 9, 0, tzinfo=ATHENS)
    event = EventPageFactory(
        parent=athens["events"],
        start=start,
        end=start + dt.timedelta(hours=8),
        agenda=[("session", session(start.date(), "09:30", "10:30", speakers=[sara]))],
    )
    translated = translate(event, arabic)
    assert [p.locale for p in translated.agenda[0].value["speakers"]] == [arabic]

    # A speaker added after the translation: updating the translation must not fail.
    amira = PersonFactory(name="Amira")
    event.agenda = [("session", session(start.date(), "09:30", "10:30", speakers=[sara, amira]))]
    event.save_revision().publish()
    translated = translate(event, arabic)
    speakers = translated.agenda[0].value["speakers"]
    assert [p.name for p in speakers] == ["Sara", "Amira"]
    assert {p.locale for p in speakers} == {arabic}


# Reports ----------------------------------------------------------------------------------------


def report_form(total, rows):
    return nested_form_data(
        {
            "title": "Report",
            "slug": "report",
            "outcomes": rich_text("<p>We agreed.</p>"),
            "participants_total": total,
            "participants_by_country": inline_formset(
                [{"country": code, "participants": count} for code, count in rows]
            ),
            "body": streamfield([]),
            "gallery": streamfield([]),
            "comments": inline_formset([]),
        }
    )


def test_participants_by_country_may_not_exceed_the_total(athens, admin_client):
    event = EventPageFactory(parent=athens["events"])
    url = reverse("wagtailadmin_pages:add", args=["events", "eventreportpage", event.pk])
    response = admin_client.post(url, report_form(50, [("GR", 40), ("SE", 20)]))
    assert response.status_code == 200
    assert "add up to 60, more than the total of 50" in response.content.decode()
    assert not EventReportPage.objects.exists()

    response = admin_client.post(url, report_form(70, [("GR", 40), ("SE", 20)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    report = EventReportPage.objects.get()
    assert {(r.country.code, r.participants) for r in report.participants_by_country.all()} == {
        ("GR", 40),
        ("SE", 20),
    }


def test_a_country_is_counted_once_per_report(athens, admin_client):
    event = EventPageFactory(parent=athens["events"])
    url = reverse("wagtailadmin_pages:add", args=["events", "eventreportpage", event.pk])
    response = admin_client.post(url, report_form(70, [("GR", 40), ("GR", 20)]))
    assert response.status_code == 200
    assert not EventReportPage.objects.exists()


def test_the_report_shows_participants_by_country_and_the_event_links_to_it(client, athens):
    event = EventPageFactory(parent=athens["events"], slug="forum")
    report = EventReportPageFactory(parent=event, participants_total=70)
    report.participants_by_country.create(country="GR", participants=40)
    report.participants_by_country.create(country="SE", participants=20)
    report.save_revision().publish()

    html = BeautifulSoup(client.get("/en/athens/events/forum/report/").content, "html.parser")
    rows = [
        [cell.get_text() for cell in row.find_all(["th", "td"])] for row in html.select("tbody tr")
    ]
    assert rows == [["Greece", "40"], ["Sweden", "20"]]
    event_html = client.get("/en/athens/events/forum/").content.decode()
    assert 'href="/en/athens/events/forum/report/"' in event_html


# Structured data and filters ----------------------------------------------------------------


def structured_data(client, url):
    html = BeautifulSoup(client.get(url).content, "html.parser")
    return json.loads(html.find("script", type="application/ld+json").string)


def test_event_pages_carry_schema_org_event_data(client, athens):
    start = dt.datetime(2027, 3, 10, 10, 0, tzinfo=ATHENS)
    EventPageFactory(
        parent=athens["events"],
        slug="forum",
        title="Athens forum",
        start=start,
        end=start + dt.timedelta(hours=7),
        status=EventPage.Status.CANCELLED,
        attendance=EventPage.Attendance.HYBRID,
        venue="Technopolis",
        address="Pireos 100\nAthens",
        online_url="https://meet.example.org/forum",
        contact_email="forum@example.org",
    )
    data = structured_data(client, "/en/athens/events/forum/")
    assert data["@type"] == "Event"
    assert data["name"] == "Athens forum"
    assert data["startDate"] == "2027-03-10T10:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["name"] == "Technopolis"
    assert place["address"]["streetAddress"] == "Pireos 100, Athens"
    assert place["address"]["addressCountry"] == "GR"
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.org/forum"}
    assert data["organizer"]["email"] == "forum@example.org"


def test_text_in_structured_data_cannot_close_the_script(client, athens):
    EventPageFactory(parent=athens["events"], slug="forum", title="</script><script>alert(1)")
    response = client.get("/en/athens/events/forum/")
    assert b"</script><script>alert(1)" not in response.content
    assert structured_data(client, "/en/athens/events/forum/")["name"].startswith("</script>")


def test_the_events_listing_filters_by_kind(client):
    tree = city_tree()
    EventsPageFactory()
    EventPageFactory(parent=tree["events"], title="Network meeting", kind="transnational")
    EventPageFactory(parent=tree["events"], title="Neighbourhood dinner", kind="local")
    page = client.get("/en/events/?kind=transnational").content.decode()
    assert "Network meeting" in page
    assert "Neighbourhood dinner" not in page
    page = client.get("/en/events/?kind=%3Cscript%3E").content.decode()
    assert "Network meeting" in page and "Neighbourhood dinner" in page


# Query counts -----------------------------------------------------------------------------------


def make_events(tree, count, people, start=0):
    """Events half upcoming and half past, every third translated into German, each with
    three sessions of two speakers."""
    zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    for n in range(start, start + count):
        day = dt.date.today() + dt.timedelta(days=(30 + n) * (-1 if n % 2 else 1))
        begins = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
        agenda = [
            (
                "session",
                session(day, f"{9 + s:02d}:00", f"{9 + s:02d}:45", speakers=people[s : s + 2]),
            )
            for s in range(3)
        ]
        event = EventPageFactory(
            parent=tree["events"],
            title=f"Event {n}",
            slug=f"event-{n}",
            start=begins,
            end=begins + dt.timedelta(hours=8),
            kind="transnational" if n % 4 < 2 else "local",
            agenda=agenda,
        )
        if n % 3 == 0:
            translate_page(event, "de", title=f"Veranstaltung {n}")


@pytest.mark.parametrize("url", ["/de/events/", "/de/malmo/events/", "/de/events/?when=past"])
def test_event_listings_do_not_grow_with_the_number_of_events(client, url):
    tree = city_tree()
    translate_tree(tree, "de")
    translate_page(EventsPageFactory(), "de")
    people = [PersonFactory() for _ in range(4)]
    make_events(tree, 10, people)
    assert_within_budget(client, url, lambda: make_events(tree, 40, people, start=10))


def test_an_event_page_does_not_grow_with_its_agenda(client, photo):
    tree = city_tree()
    people = [PersonFactory(photo=photo, photo_alt=f"Portrait {n}") for n in range(6)]
    day = dt.date.today() + dt.timedelta(days=30)
    begins = dt.datetime.combine(day, dt.time(8), tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))

    def agenda(count):
        return [
            ("session", session(day, "09:00", "09:10", f"Session {n}", people[n % 5 : n % 5 + 2]))
            for n in range(count)
        ]

    event = EventPageFactory(
        parent=tree["events"],
        slug="forum",
        start=begins,
        end=begins + dt.timedelta(hours=12),
        agenda=agenda(10),
    )

    def forty_more_sessions():
        event.agenda = agenda(50)
        event.save_revision().publish()

    assert_within_budget(client, "/en/malmo/events/forum/", forty_more_sessions)
    assert Page.objects.filter(pk=event.pk).exists()


def test_times_near_midnight_stay_on_the_host_citys_date(client, athens):
    """Athens is an hour ahead of the site's own zone: 00:30 there is still the day before in
    Brussels, and the page must not show that day."""
    EventsPageFactory()
    start = dt.datetime(2027, 4, 1, 0, 30, tzinfo=ATHENS)
    EventPageFactory(
        parent=athens["events"], slug="night", start=start, end=start + dt.timedelta(hours=3)
    )
    for url in ("/en/athens/events/night/", "/en/events/", "/en/athens/events/"):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        first = html.find("main").find("time")
        assert first["datetime"].startswith("2027-04-01T00:30"), url
        assert "April 1, 2027" in first.get_text(), url


def test_the_programme_has_its_own_canonical_and_language_links(client):
    translate_page(EventsPageFactory(), "ar")
    html = BeautifulSoup(client.get("/en/events/programme/").content, "html.parser")
    assert html.find("link", rel="canonical")["href"].endswith("/en/events/programme/")
    alternate = html.find("link", rel="alternate", hreflang="ar")
    assert alternate["href"].endswith("/ar/events/programme/")
