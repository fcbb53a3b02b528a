"""The transnational programme: the network's transnational events on a 24-month timeline."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from events.models import EventPage
from tests.budget import assert_within_budget, uncached
from tests.factories import (
    EventPageFactory,
    EventReportPageFactory,
    EventsPageFactory,
    aware,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

TRANSNATIONAL = EventPage.Kind.TRANSNATIONAL


def in_month(offset, day=10, zone="Europe/Stockholm"):
    """Noon on ``day`` of the month ``offset`` months from the current one."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 + offset, 12)
    return aware(year, month + 1, day, 12, zone=zone)


def month_value(offset):
    return in_month(offset).strftime("%Y-%m")


def transnational(tree, title, slug, start, **fields):
    return EventPageFactory(
        parent=tree["events"], title=title, slug=slug, start=start, kind=TRANSNATIONAL, **fields
    )


@pytest.fixture
def network():
    """Five live transnational events (three held, one cancelled), a draft one and a local one,
    with the city and the events pages translated into Arabic."""
    en = city_tree()
    translate_tree(en, "ar")
    translate_page(EventsPageFactory(), "ar")
    final = transnational(en, "Final conference", "final", in_month(9))
    kickoff = transnational(en, "Kick-off", "kick-off", in_month(-8))
    kickoff_report = EventReportPageFactory(parent=kickoff)
    translate_page(kickoff, "ar", title="الانطلاق", slug="intilaq")
    translate_page(kickoff_report, "ar", title="التقرير", slug="taqrir")
    forum = transnational(en, "Spring forum", "spring-forum", in_month(-3))
    EventReportPageFactory(parent=forum)
    school = transnational(en, "Summer school", "summer-school", in_month(-1))
    EventReportPageFactory(parent=school, live=False)
    transnational(en, "Autumn summit", "summit", in_month(2), status=EventPage.Status.CANCELLED)
    transnational(en, "Secret plans", "secret", in_month(4), live=False)
    EventPageFactory(parent=en["events"], title="Language café", slug="cafe", start=in_month(1))
    return {"en": en, "final": final}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def event_items(html):
    return html.select(".programme__event")


def event_item(html, title):
    return next(item for item in event_items(html) if item.h3.get_text(strip=True) == title)


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_programme_answers_in_every_language_and_direction(client, network, lang, direction):
    html = get(client, f"/{lang}/events/programme/")
    assert html.html["lang"] == lang
    assert html.html["dir"] == direction
    assert len(html.find_all("h1")) == 1
    assert html.select_one(f'a[href="/{lang}/events/"]') is not None


def test_only_live_transnational_events_are_listed_in_start_order(client, network):
    html = get(client, "/en/events/programme/")
    titles = [item.h3.get_text(strip=True) for item in event_items(html)]
    assert titles == [
        "Kick-off",
        "Spring forum",
        "Summer school",
        "Autumn summit",
        "Final conference",
    ]


def test_each_event_links_to_its_agenda_and_a_held_one_to_its_live_report(client, network):
    html = get(client, "/en/events/programme/")
    kickoff = event_item(html, "Kick-off")
    assert kickoff.h3.a["href"] == "/en/malmo/events/kick-off/"
    assert "Held" in kickoff.get_text()
    assert kickoff.select_one(".programme__report a")["href"] == "/en/malmo/events/kick-off/report/"
    school = event_item(html, "Summer school")
    assert "Held" in school.get_text()
    assert school.select_one(".programme__report") is None
    final = event_item(html, "Final conference")
    assert final.h3.a["href"] == "/en/malmo/events/final/"
    assert "Held" not in final.get_text() and final.select_one(".programme__report") is None


def test_a_cancelled_event_shows_its_status(client, network):
    summit = event_item(get(client, "/en/events/programme/"), "Autumn summit")
    assert summit.select_one(".badge--cancelled").get_text(strip=True) == "Cancelled"
    assert "Held" not in summit.get_text()


def test_in_arabic_a_translated_event_links_to_its_arabic_page_and_report(client, network):
    kickoff = event_item(get(client, "/ar/events/programme/"), "الانطلاق")
    assert kickoff.h3.a["href"] == "/ar/malmo/events/intilaq/"
    assert not kickoff.h3.a.has_attr("lang")
    assert kickoff.select_one(".programme__report a")["href"] == "/ar/malmo/events/intilaq/taqrir/"


def test_in_arabic_an_untranslated_event_is_a_stand_in_in_english(client, network):
    forum = event_item(get(client, "/ar/events/programme/"), "Spring forum")
    link = forum.h3.a
    assert link["href"] == "/ar/malmo/events/spring-forum/"
    assert link["lang"] == "en" and link["dir"] == "ltr"
    assert forum.select_one(".badge") is not None
    report = forum.select_one(".programme__report a")
    assert report["href"] == "/ar/malmo/events/spring-forum/report/"
    assert report["hreflang"] == "en"
    for url in (link["href"], report["href"]):
        assert client.get(url).status_code == 200, url


def test_the_months_with_events_are_listed_and_quiet_months_are_hidden_from_screen_readers(
    client, network
):
    html = get(client, "/en/events/programme/")
    listed = html.select("ol.programme > li:not([aria-hidden])")
    months = [item.select_one("h2 time")["datetime"] for item in listed]
    assert months == [month_value(n) for n in (-8, -3, -1, 0, 2, 9)]
    quiet = html.select("ol.programme > li.programme__quiet")
    assert quiet and all(item["aria-hidden"] == "true" for item in quiet)
    assert not any(item.select("time") for item in quiet)


def test_the_current_month_is_marked_for_eyes_and_ears(client, network):
    html = get(client, "/en/events/programme/")
    current = html.select('ol.programme > li[aria-current="date"]')
    assert len(current) == 1
    assert current[0].select_one("h2 time")["datetime"] == month_value(0)
    assert current[0].select_one(".visually-hidden").get_text(strip=True)
    assert current[0].select_one('.programme__now[aria-hidden="true"]') is not None


def test_the_timeline_spans_24_months_from_the_first_event(client, network):
    programme = client.get("/en/events/programme/").context["programme"]
    assert len(programme.months) == 24
    assert programme.first_month.strftime("%Y-%m") == month_value(-8)
    assert programme.last_month.strftime("%Y-%m") == month_value(15)


def test_the_timeline_runs_on_to_the_last_event_when_the_events_span_more(client, network):
    transnational(network["en"], "Follow-up", "follow-up", in_month(20))
    programme = client.get("/en/events/programme/").context["programme"]
    assert len(programme.months) == 29
    assert programme.last_month.strftime("%Y-%m") == month_value(20)


def test_an_event_falls_in_the_month_of_its_host_city(client):
    athens = city_tree("Athens", "athens", country="GR", time_zone="Europe/Athens")
    EventsPageFactory()
    # 1 April 00:30 in Athens is still 31 March in Brussels, the site's time zone.
    transnational(athens, "Forum", "forum", aware(2031, 4, 1, 0, 30, zone="Europe/Athens"))
    html = get(client, "/en/events/programme/")
    month = html.select_one("ol.programme > li.programme__month")
    assert month.select_one("h2 time")["datetime"] == "2031-04"
    assert month.select_one(".programme__when time")["datetime"] == "2031-04-01"
    assert "Athens" in month.select_one(".programme__when").get_text()
    assert html.select('[aria-current="date"]') == []


def test_without_transnational_events_the_page_says_so(client):
    tree = city_tree()
    EventsPageFactory()
    EventPageFactory(parent=tree["events"], title="Language café", slug="cafe")
    html = get(client, "/en/events/programme/")
    assert html.select_one("ol.programme") is None
    assert html.select_one(".empty") is not None


def make_events(tree, count, start=0):
    """Transnational events spread over the two years around today, every other held one with
    a report, every third translated into Arabic, and a local event for every five."""
    for n in range(start, start + count):
        offset = n * 7 % 24 - 12
        event = transnational(tree, f"Event {n}", f"event-{n}", in_month(offset))
        report = EventReportPageFactory(parent=event) if offset < 0 and n % 2 else None
        if n % 3 == 0:
            translate_page(event, "ar", title=f"حدث {n}", slug=f"hadath-{n}")
            if report is not None:
                translate_page(report, "ar", slug=f"taqrir-{n}")
        if n % 5 == 0:
            EventPageFactory(parent=tree["events"], slug=f"local-{n}", start=in_month(offset))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_programme_costs_the_same_queries_for_10_and_50_events(client, lang):
    en = city_tree()
    translate_tree(en, "ar")
    translate_page(EventsPageFactory(), "ar")
    url = f"/{lang}/events/programme/"
    make_events(en, 10)
    assert_within_budget(client, url, lambda: make_events(en, 40, start=10))
    assert len(uncached(client).get(url).context["programme"].events) == 50
