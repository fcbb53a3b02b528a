"""Issue 10's query budget for the events app: every events page type, in English and in German
(some items translated, the others stand-ins), runs at most ``BUDGET`` queries on a warm process
and the same number for 10 items as for 50; and what is cached is never stale."""

import datetime as dt
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from events.models import EventPage
from tests.budget import assert_within_budget
from tests.factories import (
    EventPageFactory,
    EventReportPageFactory,
    EventsPageFactory,
    PersonFactory,
    PracticePageFactory,
    ThemeFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LANGUAGES = ["en", "de"]
THIS_YEAR = dt.date.today().year
# Countries for a report's participants: one row per country, up to 50 of them.
COUNTRIES = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "NO", "IS", "CH",
    "GB", "UA", "MD", "RS", "BA", "ME", "MK", "AL", "TR", "GE", "AM", "AZ", "MA", "TN", "EG",
    "JO", "LB", "SY", "IQ", "PS",
]  # fmt: skip


@pytest.fixture
def image():
    """One image for every card, photo and speaker: its renditions are made once, before
    anything is measured."""
    return Image.objects.create(title="Picture", file=get_test_image_file())


@pytest.fixture
def network(image):
    """Malmö with its sections and the network's events page, in English and German."""
    tree = city_tree()
    translate_tree(tree, "de")
    translate_page(EventsPageFactory(), "de")
    return {"tree": tree, "theme": ThemeFactory(slug="dialogue"), "image": image}


def make_events(network, count, start=0):
    """Events alternately upcoming and past and illustrated or not, half of them transnational,
    every third translated into German (the others are stand-ins there)."""
    for n in range(start, start + count):
        day = timezone.localdate() + dt.timedelta(days=(30 + n) * (-1 if n % 2 else 1))
        begins = dt.datetime.combine(day, dt.time(9), tzinfo=STOCKHOLM)
        event = EventPageFactory(
            parent=network["tree"]["events"],
            title=f"Event {n}",
            slug=f"event-{n}",
            start=begins,
            end=begins + dt.timedelta(hours=8),
            kind="transnational" if n % 4 < 2 else "local",
            image=network["image"] if n % 2 else None,
            image_decorative=True,
            themes=[network["theme"]],
        )
        if n % 3 == 0:
            translate_page(event, "de", title=f"Veranstaltung {n}")


def measure(client, url, add_items):
    client.get(url)  # renditions and content types, made once per process
    return assert_within_budget(client, url, add_items)


def titles(client, url, results="") -> list[str]:
    """The titles of the events (or practices) listed at ``url``; only those of the results
    ``results`` ("upcoming" or "past" on a city's events section), if given."""
    html = BeautifulSoup(client.get(url).content, "html.parser")
    scope = f'[aria-labelledby="{results}-heading"] ' if results else ""
    found = html.select(f"{scope}.card__title, {scope}.programme__title")
    return [title.get_text(strip=True) for title in found]


# Listings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "events/",
        "events/?when=past",
        "events/?kind=local&theme=dialogue&page=2",
        f"events/?city=malmo&year={THIS_YEAR}",
        "events/programme/",
        "malmo/events/",
        "malmo/events/?past_page=2",
        "",
        "malmo/",
    ],
)
def test_event_listings_stay_within_the_budget(client, network, lang, path):
    make_events(network, 10)
    measure(client, f"/{lang}/{path}", lambda: make_events(network, 40, start=10))


def test_an_event_shown_as_a_stand_in_stays_within_the_budget(client, network):
    make_events(network, 10)
    measure(client, "/de/malmo/events/event-1/", lambda: make_events(network, 40, start=10))


# An event and its report ------------------------------------------------------------------------


def agenda(day, speakers, count):
    """``count`` sessions of two speakers each, taken in turn from ``speakers``."""
    return [
        (
            "session",
            {
                "date": day,
                "start": dt.time(9),
                "end": dt.time(9, 10),
                "title": f"Session {n}",
                "description": "",
                "speakers": [speakers[n % len(speakers)], speakers[(n + 1) % len(speakers)]],
                "room": "",
                "languages": "",
                "interpretation": "",
            },
        )
        for n in range(count)
    ]


def make_people(image, count, start=0):
    """Speakers with photos, every other one translated into German."""
    german = Locale.objects.get(language_code="de")
    people = []
    for n in range(start, start + count):
        person = PersonFactory(name=f"Speaker {n}", photo=image, photo_alt=f"Portrait {n}")
        if n % 2:
            translation = person.copy_for_translation(german)
            translation.role = "Koordinatorin"
            translation.save()
        people.append(person)
    return people


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_event_page_stays_within_the_budget(client, network, lang):
    day = timezone.localdate() + dt.timedelta(days=30)
    begins = dt.datetime.combine(day, dt.time(8), tzinfo=STOCKHOLM)
    people = make_people(network["image"], 10)
    event = EventPageFactory(
        parent=network["tree"]["events"],
        slug="forum",
        start=begins,
        end=begins + dt.timedelta(hours=12),
        image=network["image"],
        image_decorative=True,
        themes=[network["theme"]],
        agenda=agenda(day, people, 10),
    )
    EventReportPageFactory(parent=event)
    german = translate_page(event, "de", title="Forum")

    def add_items():
        everyone = people + make_people(network["image"], 40, start=10)
        for page in (event, german):
            page.agenda = agenda(day, everyone, 50)
            page.save_revision().publish()

    measure(client, f"/{lang}/malmo/events/forum/", add_items)
    html = BeautifulSoup(client.get(f"/{lang}/malmo/events/forum/").content, "html.parser")
    assert len(html.select(".session")) == 50


def gallery(image, count):
    photo = {"image": image.pk, "alt_text": "", "decorative": True}
    return [{"type": "photo", "value": {"image": photo, "caption": "Round tables"}}] * count


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_report_stays_within_the_budget(client, network, lang):
    """Practices it fed (every third translated), participants by country and photos."""
    event = EventPageFactory(parent=network["tree"]["events"], slug="forum")
    translate_page(event, "de", title="Forum")
    report = EventReportPageFactory(parent=event, participants_total=10_000)
    reports = [report, translate_page(report, "de", title="Bericht")]

    def add(count, start=0):
        practices = []
        for n in range(start, start + count):
            practice = PracticePageFactory(
                parent=network["tree"]["practices"],
                slug=f"practice-{n}",
                themes=[network["theme"]],
            )
            if n % 3 == 0:
                translate_page(practice, "de", title=f"Praxis {n}")
            practices.append(practice)
        for page in reports:
            page.practices.add(*practices)
            for code in COUNTRIES[start : start + count]:
                page.participants_by_country.create(country=code, participants=10)
            page.gallery = gallery(network["image"], start + count)
            page.save_revision().publish()

    add(10)
    measure(client, f"/{lang}/malmo/events/forum/report/", lambda: add(40, start=10))
    html = BeautifulSoup(client.get(f"/{lang}/malmo/events/forum/report/").content, "html.parser")
    assert len(html.select("tbody tr")) == len(html.select(".gallery li")) == 50
    assert len(html.select(".card")) == 50


# Never stale ------------------------------------------------------------------------------------

EVERY_LISTING = ["/en/events/", "/en/events/programme/", "/en/malmo/events/", "/en/", "/en/malmo/"]


def test_a_republished_event_replaces_what_was_cached(client, network):
    make_events(network, 4)
    event = EventPage.objects.get(slug="event-0", locale__language_code="en")
    for url in EVERY_LISTING:
        assert "Event 0" in titles(client, url), url

    event.title = "Renamed event"
    event.save_revision()  # a draft: readers still see what is published
    for url in EVERY_LISTING:
        assert "Event 0" in titles(client, url), url

    event.save_revision().publish()
    for url in EVERY_LISTING:
        assert "Renamed event" in titles(client, url), url
        assert "Event 0" not in titles(client, url), url
    page = client.get("/en/malmo/events/event-0/").content.decode()
    assert "Renamed event" in page

    event.unpublish()
    for url in EVERY_LISTING:
        assert "Renamed event" not in titles(client, url), url


def test_a_translated_speaker_replaces_the_cached_one(client, network):
    day = timezone.localdate() + dt.timedelta(days=30)
    begins = dt.datetime.combine(day, dt.time(8), tzinfo=STOCKHOLM)
    sara = PersonFactory(name="Sara", role="Coordinator")
    event = EventPageFactory(
        parent=network["tree"]["events"],
        slug="forum",
        start=begins,
        end=begins + dt.timedelta(hours=12),
        agenda=agenda(day, [sara], 1),
    )
    translate_page(event, "de", title="Forum")
    assert "Coordinator" in client.get("/de/malmo/events/forum/").content.decode()

    translation = sara.copy_for_translation(Locale.objects.get(language_code="de"))
    translation.role = "Koordinatorin"
    translation.save()
    page = client.get("/de/malmo/events/forum/").content.decode()
    assert "Koordinatorin" in page
    assert "Coordinator" not in page


def test_filters_and_pages_are_cached_apart(client, network):
    make_events(network, 40)
    local = titles(client, "/en/events/?kind=local")
    transnational = titles(client, "/en/events/?kind=transnational")
    past = titles(client, "/en/events/?when=past")
    assert local and transnational and past
    assert not set(local) & set(transnational)
    assert not set(past) & set(titles(client, "/en/events/"))
    assert titles(client, "/en/events/?kind=local") == local  # warm, still its own
    assert titles(client, "/en/events/?kind=%3Cscript%3E") == titles(client, "/en/events/")

    first, second = titles(client, "/en/events/"), titles(client, "/en/events/?page=2")
    assert len(first) == 12 and second and not set(first) & set(second)
    assert titles(client, "/en/events/?page=999") == titles(client, "/en/events/?page=2")
    assert titles(client, "/en/events/?page=nonsense") == first

    for results, param in (("upcoming", "page"), ("past", "past_page")):
        first = titles(client, "/en/malmo/events/", results)
        second = titles(client, f"/en/malmo/events/?{param}=2", results)
        assert len(first) == 12 and second and not set(first) & set(second)


def test_an_event_that_ends_moves_to_the_past_with_no_change_to_content(
    client, network, monkeypatch
):
    now = timezone.now()
    EventPageFactory(
        parent=network["tree"]["events"],
        title="Evening talk",
        slug="talk",
        kind="transnational",
        start=now - dt.timedelta(hours=1),
        end=now + dt.timedelta(hours=1),
    )
    EventPageFactory(parent=network["tree"]["events"], title="Later", slug="later")
    assert "Evening talk" in titles(client, "/en/events/")
    assert "Evening talk" in titles(client, "/en/")
    assert "Evening talk" not in titles(client, "/en/events/?when=past")
    assert "Evening talk" in titles(client, "/en/malmo/events/", "upcoming")
    programme = client.get("/en/events/programme/").context["programme"]
    assert not programme.events[0].is_held

    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=2))
    assert "Evening talk" not in titles(client, "/en/events/")
    assert "Evening talk" not in titles(client, "/en/")
    assert "Evening talk" in titles(client, "/en/events/?when=past")
    assert "Evening talk" not in titles(client, "/en/malmo/events/", "upcoming")
    assert "Evening talk" in titles(client, "/en/malmo/events/", "past")
    programme = client.get("/en/events/programme/").context["programme"]
    assert programme.events[0].is_held
