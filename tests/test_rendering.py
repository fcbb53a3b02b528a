"""Every page type renders for a reader, in English and in Arabic (right to left)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import (
    EventPageFactory,
    EventReportPageFactory,
    EventsPageFactory,
    HandbookChapterPageFactory,
    HandbookPageFactory,
    PracticePageFactory,
    StandardPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    ThemeFactory,
    add_practice_to_chapter,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

SESSION = {
    "date": None,
    "start": "10:00",
    "end": "11:30",
    "title": "Welcome and introductions",
    "description": "Partners present their cities.",
    "speakers": [],
    "room": "Hall A",
    "languages": "English, Swedish",
    "interpretation": "Arabic",
}


@pytest.fixture
def site_pages():
    """One live page of every public type, with the structural pages translated into Arabic."""
    en = city_tree()
    translate_tree(en, "ar")
    theme = ThemeFactory(name="Anti-racism", slug="anti-racism")
    listings = [StoriesPageFactory(), EventsPageFactory()]
    handbook = HandbookPageFactory()
    for page in [*listings, handbook]:
        translate_page(page, "ar")
    story = StoryPageFactory(parent=en["stories"], title="A new neighbour", slug="neighbour")
    story.themes.add(theme)
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=20
    )
    event = EventPageFactory(
        parent=en["events"],
        title="Dialogue day",
        slug="dialogue-day",
        start=start,
        end=start + dt.timedelta(hours=10),
        agenda=[("session", {**SESSION, "date": start.date().isoformat()})],
    )
    past = EventPageFactory(
        parent=en["events"],
        title="Spring forum",
        slug="spring-forum",
        start=start - dt.timedelta(days=120),
        end=start - dt.timedelta(days=119),
    )
    report = EventReportPageFactory(parent=past)
    practice = PracticePageFactory(parent=en["practices"], title="Shared kitchen", slug="kitchen")
    report.practices.add(practice)
    report.save()
    chapter = HandbookChapterPageFactory(parent=handbook, title="Meeting places", slug="meeting")
    add_practice_to_chapter(chapter, practice)
    about = StandardPageFactory(title="About the network", slug="about")
    return {
        "home": "/{lang}/",
        "city": "/{lang}/malmo/",
        "story index": "/{lang}/malmo/stories/",
        "event index": "/{lang}/malmo/events/",
        "practice index": "/{lang}/malmo/practices/",
        "stories": "/{lang}/stories/",
        "events": "/{lang}/events/",
        "past events": "/{lang}/events/?when=past",
        "handbook": "/{lang}/handbook/",
        "story": story.url.replace("/en/", "/{lang}/"),
        "event": event.url.replace("/en/", "/{lang}/"),
        "report": report.url.replace("/en/", "/{lang}/"),
        "practice": practice.url.replace("/en/", "/{lang}/"),
        "chapter": chapter.url.replace("/en/", "/{lang}/"),
        "standard": about.url.replace("/en/", "/{lang}/"),
    }


PAGE_TYPES = [
    "home",
    "city",
    "story index",
    "event index",
    "practice index",
    "stories",
    "events",
    "past events",
    "handbook",
    "story",
    "event",
    "report",
    "practice",
    "chapter",
    "standard",
]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_renders_accessibly(client, site_pages, page_type, lang):
    response = client.get(site_pages[page_type].format(lang=lang))
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == lang
    assert html.html["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert len(html.find_all("h1")) == 1
    skip = html.select_one('a[href="#main"]')
    assert skip is not None and html.find(id="main") is not None
    assert html.find("header") and html.find("footer") and html.find("main")
    assert html.select_one('footer img[src$="eu-emblem.svg"]') is not None


def test_event_page_shows_its_agenda_in_the_host_city_time_zone(client, site_pages):
    html = BeautifulSoup(client.get(site_pages["event"].format(lang="en")).content, "html.parser")
    agenda = html.select_one("ol")
    assert agenda is not None and "Welcome and introductions" in agenda.get_text()
    assert "Europe/Stockholm" in html.get_text() or "Stockholm" in html.get_text()
    assert html.select("time[datetime]")


def test_a_past_event_links_to_its_report(client, site_pages):
    html = BeautifulSoup(client.get("/en/malmo/events/spring-forum/").content, "html.parser")
    assert html.select_one('a[href$="/spring-forum/report/"]') is not None


def test_a_missing_page_is_a_friendly_404_in_the_visitor_language(client, site_pages):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["dir"] == "rtl"
    assert len(html.find_all("h1")) == 1
