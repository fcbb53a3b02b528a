"""Open data: the page that explains the datasets and the CSV and JSON downloads of events,
sessions and practices per language, under the licence in the settings."""

import csv
import datetime as dt
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from tests.factories import (
    EventPageFactory,
    PersonFactory,
    PracticePageFactory,
    ThemeFactory,
    aware,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1
DOWNLOADS = ["events.csv", "sessions.csv", "practices.csv", "events.json", "practices.json"]

EVENT_COLUMNS = [
    "id",
    "translation_key",
    "language",
    "title",
    "url",
    "city",
    "country",
    "start",
    "end",
    "time_zone",
    "kind",
    "status",
    "attendance",
    "organiser",
    "lead",
    "venue",
    "address",
    "online_url",
    "registration_url",
    "contact_email",
    "capacity",
    "step_free",
    "induction_loop",
    "sign_language",
    "quiet_room",
    "accessibility",
    "themes",
    "session_count",
    "ics_url",
]
SESSION_COLUMNS = [
    "event_id",
    "event_title",
    "position",
    "date",
    "start",
    "end",
    "title",
    "description",
    "room",
    "languages",
    "interpretation",
    "speakers",
]
PRACTICE_COLUMNS = [
    "id",
    "translation_key",
    "language",
    "title",
    "url",
    "city",
    "country",
    "themes",
    "summary",
    "problem",
    "approach",
    "who_was_involved",
    "results",
    "cost_effort",
    "watch_out_for",
    "resources",
    "contact",
    "first_published_at",
    "last_published_at",
]


def session(title, start, end, *, day, speakers=(), **fields):
    return (
        "session",
        {
            "date": day,
            "start": dt.time.fromisoformat(start),
            "end": dt.time.fromisoformat(end),
            "title": title,
            "description": "",
            "speakers": list(speakers),
            "room": "",
            "languages": "",
            "interpretation": "",
            **fields,
        },
    )


def translate_snippet(snippet, code, **changes):
    translation = snippet.copy_for_translation(Locale.objects.get(language_code=code))
    for field, value in changes.items():
        setattr(translation, field, value)
    translation.save()
    return translation


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def read_csv(client, url):
    """The header and the rows (as dicts) of the CSV at ``url``."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(text[1:]))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def read_json(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def network():
    """Malmö (Stockholm time) and Athens (Athens time), both with Swedish copies of their
    sections. A Malmö event translated into Swedish, with a Swedish speaker; an Athens event
    only in English, earlier; a Malmö practice translated into Swedish and an Athens one not."""
    malmo = city_tree()
    athens = city_tree("Athens", "athens", country="GR", time_zone="Europe/Athens")
    translate_tree(malmo, "sv")
    translate_tree(athens, "sv")
    housing = ThemeFactory(name="Housing", slug="housing")
    amira = PersonFactory(name="Amira Haddad", role="Coordinator", organisation="Malmö stad")
    translate_snippet(amira, "sv", role="Samordnare")
    nikos = PersonFactory(name="Nikos Pappas", role="", organisation="")
    cafe = EventPageFactory(
        parent=malmo["events"],
        title="Language café evening",
        slug="language-cafe",
        start=aware(NEXT_YEAR, 5, 14, 10),
        end=aware(NEXT_YEAR, 5, 14, 16),
        attendance="hybrid",
        online_url="https://meet.example.org/cafe",
        contact_email="events@malmo.example.org",
        capacity=40,
        step_free=True,
        agenda=[
            session("Welcome", "10:00", "10:30", day=dt.date(NEXT_YEAR, 5, 14), speakers=[amira]),
            session("Tables", "10:30", "12:00", day=dt.date(NEXT_YEAR, 5, 14), room="Hall B"),
        ],
    )
    cafe.themes.add(housing)
    publish(cafe)
    translate_page(cafe, "sv", title="Språkcafékväll", lead="En kväll av samtal.")
    forum = EventPageFactory(
        parent=athens["events"],
        title="Athens forum",
        slug="forum",
        start=aware(NEXT_YEAR, 5, 2, 9, zone="Europe/Athens"),
        end=aware(NEXT_YEAR, 5, 3, 17, zone="Europe/Athens"),
        organiser="=HYPERLINK(1)",
        agenda=[
            session(
                "Opening",
                "09:00",
                "10:15",
                day=dt.date(NEXT_YEAR, 5, 3),
                speakers=[nikos, amira],
                languages="Greek, English",
            )
        ],
    )
    kitchen = PracticePageFactory(
        parent=malmo["practices"],
        title="Shared kitchen",
        slug="kitchen",
        problem="<p>Neighbours did not <b>know</b> each other &amp; kept apart.</p>"
        "<ul><li>No meeting place</li><li>No  budget</li></ul>",
        resources='<p>Read <a href="https://example.org/guide?a=1&amp;b=2">the guide</a>.</p>',
        contact="Sara Lindqvist, sara@malmo.example.org",
    )
    kitchen.themes.add(housing)
    publish(kitchen)
    translate_page(kitchen, "sv", title="Gemensamt kök", summary="Grannar lagar mat ihop.")
    garden = publish(PracticePageFactory(parent=athens["practices"], title="Allotments"))
    return {"cafe": cafe, "forum": forum, "kitchen": kitchen, "garden": garden, "amira": amira}


# The page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_page_explains_the_datasets_links_each_download_and_names_the_licence(
    client, network, code
):
    response = client.get(f"/{code}/open-data/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == code
    assert soup.html["dir"] == ("rtl" if code == "ar" else "ltr")
    headings = [h.name for h in soup.select("main h1, main h2, main h3, main h4")]
    assert headings == ["h1"] + ["h2"] * (len(headings) - 1)  # one h1, then no level skipped
    hrefs = {a["href"]: a for a in soup.select("main a[type]")}
    assert sorted(hrefs) == sorted(f"/{code}/open-data/{name}" for name in DOWNLOADS)
    assert all(("CSV" in a.text) == a["href"].endswith(".csv") for a in hrefs.values())
    assert hrefs[f"/{code}/open-data/events.json"]["type"] == "application/json"
    licence = soup.select_one('main a[rel="license"]')
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.text == "CC BY 4.0"
    assert soup.select_one('head link[rel="license"]')["href"] == licence["href"]
    assert f"http://testserver/{code}/open-data/" in soup.select_one("main blockquote").text
    switcher = {a["hreflang"]: a["href"] for a in soup.select(".languages a")}
    assert switcher["sv"] == "/sv/open-data/"
    assert len(switcher) == len(django_settings.LANGUAGES)


def test_the_page_lists_every_column_of_every_file(client, network):
    soup = BeautifulSoup(client.get("/en/open-data/").content, "html.parser")
    listed = {
        section["aria-labelledby"].removesuffix("-heading"): [
            code.text for code in section.select("tbody th code")
        ]
        for section in soup.select("main section")
        if section.select("table")
    }
    assert listed == {
        "events": EVENT_COLUMNS,
        "sessions": SESSION_COLUMNS,
        "practices": PRACTICE_COLUMNS,
    }
    kind = soup.find("code", string="kind").find_parent("tr").td.text
    assert "transnational (Transnational event)" in kind


def test_the_footer_links_the_open_data_page_in_the_readers_language(client):
    for code in ("en", "ar"):
        soup = BeautifulSoup(client.get(f"/{code}/").content, "html.parser")
        link = soup.select_one(f'footer nav a[href="/{code}/open-data/"]')
        assert link is not None
        assert "aria-current" not in link.attrs
    soup = BeautifulSoup(client.get("/en/open-data/").content, "html.parser")
    assert soup.select_one('footer a[href="/en/open-data/"]')["aria-current"] == "page"


# CSV ------------------------------------------------------------------------------------------


def test_events_csv_has_its_columns_and_one_row_per_event_in_the_readers_language(client, network):
    header, rows = read_csv(client, "/sv/open-data/events.csv")
    assert header == EVENT_COLUMNS
    forum, cafe = rows  # by start: the forum starts first
    assert cafe["title"] == "Språkcafékväll"
    assert cafe["language"] == "sv"
    assert cafe["lead"] == "En kväll av samtal."
    assert cafe["url"] == "http://testserver/sv/malmo/events/language-cafe/"
    assert cafe["ics_url"] == "http://testserver/sv/malmo/events/language-cafe/ics/"
    assert cafe["translation_key"] == str(network["cafe"].translation_key)
    assert cafe["id"] != str(network["cafe"].pk)  # the Swedish page's own
    assert (cafe["city"], cafe["country"], cafe["time_zone"]) == ("Malmö", "SE", "Europe/Stockholm")
    assert cafe["start"] == f"{NEXT_YEAR}-05-14T10:00:00+02:00"
    assert cafe["end"] == f"{NEXT_YEAR}-05-14T16:00:00+02:00"
    assert (cafe["kind"], cafe["status"], cafe["attendance"]) == ("local", "scheduled", "hybrid")
    assert cafe["online_url"] == "https://meet.example.org/cafe"
    assert cafe["contact_email"] == "events@malmo.example.org"  # shown on the event page
    assert (cafe["capacity"], cafe["step_free"], cafe["quiet_room"]) == ("40", "true", "false")
    assert cafe["themes"] == "housing"
    assert cafe["session_count"] == "2"
    # Not translated: the original, marked with its language, under the Swedish URL.
    assert forum["title"] == "Athens forum"
    assert forum["language"] == "en"
    assert forum["url"] == "http://testserver/sv/athens/events/forum/"
    assert forum["start"] == f"{NEXT_YEAR}-05-02T09:00:00+03:00"
    assert forum["time_zone"] == "Europe/Athens"
    assert forum["capacity"] == ""
    assert forum["organiser"] == "'=HYPERLINK(1)"  # kept as text by spreadsheets


def test_a_past_events_joining_link_is_left_out_as_on_its_page(client, network):
    cafe = network["cafe"]
    cafe.start, cafe.end = aware(2020, 5, 14, 10), aware(2020, 5, 14, 16)
    publish(cafe)
    _header, rows = read_csv(client, "/en/open-data/events.csv")
    assert [row["online_url"] for row in rows if row["title"] == cafe.title] == [""]


def test_sessions_csv_gives_times_in_the_host_citys_zone_and_speakers_in_the_language(
    client, network
):
    header, rows = read_csv(client, "/sv/open-data/sessions.csv")
    assert header == SESSION_COLUMNS
    opening, welcome, tables = rows
    assert opening["event_title"] == "Athens forum"
    assert opening["position"] == "1"
    assert opening["date"] == f"{NEXT_YEAR}-05-03"
    assert opening["start"] == f"{NEXT_YEAR}-05-03T09:00:00+03:00"
    assert opening["end"] == f"{NEXT_YEAR}-05-03T10:15:00+03:00"
    assert opening["languages"] == "Greek, English"
    assert opening["speakers"] == "Nikos Pappas; Amira Haddad (Samordnare, Malmö stad)"
    assert welcome["event_title"] == "Språkcafékväll"
    assert welcome["start"] == f"{NEXT_YEAR}-05-14T10:00:00+02:00"
    assert (tables["position"], tables["room"], tables["speakers"]) == ("2", "Hall B", "")
    events = {row["title"]: row["id"] for row in read_csv(client, "/sv/open-data/events.csv")[1]}
    assert opening["event_id"] == events["Athens forum"]
    assert welcome["event_id"] == tables["event_id"] == events["Språkcafékväll"]


def test_practices_csv_gives_formatted_text_as_plain_text(client, network):
    header, rows = read_csv(client, "/sv/open-data/practices.csv")
    assert header == PRACTICE_COLUMNS
    allotments, kitchen = rows  # by title
    assert (allotments["title"], allotments["language"]) == ("Allotments", "en")
    assert allotments["url"] == "http://testserver/sv/athens/practices/page-allotments/"
    assert (kitchen["title"], kitchen["language"]) == ("Gemensamt kök", "sv")
    assert kitchen["summary"] == "Grannar lagar mat ihop."
    assert kitchen["problem"] == (
        "Neighbours did not know each other & kept apart.\nNo meeting place\nNo budget"
    )
    assert kitchen["resources"] == "Read the guide (https://example.org/guide?a=1&b=2)."
    assert kitchen["watch_out_for"] == "Do not let one group run the kitchen."
    assert kitchen["contact"] == "Sara Lindqvist, sara@malmo.example.org"
    assert (kitchen["city"], kitchen["country"], kitchen["themes"]) == ("Malmö", "SE", "housing")
    published = dt.datetime.fromisoformat(kitchen["first_published_at"])
    assert published.utcoffset() == dt.timedelta(0)


# JSON -----------------------------------------------------------------------------------------


def test_events_json_nests_the_sessions_and_states_the_licence(client, network):
    response = client.get("/sv/open-data/events.json")
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    data = read_json(client, "/sv/open-data/events.json")
    assert sorted(data) == ["attribution", "generated_at", "items", "language", "licence"]
    assert data["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "http://testserver/sv/open-data/" in data["attribution"]
    assert "CC BY 4.0" in data["attribution"]
    assert data["language"] == "sv"
    assert dt.datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    forum, cafe = data["items"]
    assert list(cafe) == [*EVENT_COLUMNS, "sessions"]
    assert (cafe["title"], cafe["language"], cafe["capacity"], cafe["step_free"]) == (
        "Språkcafékväll",
        "sv",
        40,
        True,
    )
    assert cafe["themes"] == ["housing"]
    assert forum["capacity"] is None
    assert forum["organiser"] == "=HYPERLINK(1)"  # JSON is not a spreadsheet
    assert [s["title"] for s in cafe["sessions"]] == ["Welcome", "Tables"]
    assert list(cafe["sessions"][0]) == SESSION_COLUMNS[2:]
    assert forum["sessions"][0]["speakers"] == [
        {"name": "Nikos Pappas", "role": "", "organisation": ""},
        {"name": "Amira Haddad", "role": "Samordnare", "organisation": "Malmö stad"},
    ]
    assert forum["sessions"][0]["start"] == f"{NEXT_YEAR}-05-03T09:00:00+03:00"


def test_practices_json_has_the_practice_columns(client, network):
    data = read_json(client, "/en/open-data/practices.json")
    assert data["language"] == "en"
    assert [list(item) for item in data["items"]] == [PRACTICE_COLUMNS] * 2
    assert [item["title"] for item in data["items"]] == ["Allotments", "Shared kitchen"]


def test_the_licence_comes_from_the_settings(client, network, settings):
    settings.OPEN_DATA_LICENCE_NAME = "ODbL 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    data = read_json(client, "/en/open-data/practices.json")
    assert data["licence"] == {"name": "ODbL 1.0", "url": settings.OPEN_DATA_LICENCE_URL}
    assert "ODbL 1.0" in data["attribution"]
    response = client.get("/en/open-data/sessions.csv")
    assert response["Link"] == f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    soup = BeautifulSoup(client.get("/en/open-data/").content, "html.parser")
    link = soup.select_one('main a[rel="license"]')
    assert (link.text, link["href"]) == ("ODbL 1.0", settings.OPEN_DATA_LICENCE_URL)


# What is left out -----------------------------------------------------------------------------


def test_drafts_unpublished_translations_and_private_pages_are_left_out(client, network):
    EventPageFactory(parent=network["cafe"].get_parent(), title="Draft event", live=False)
    translate_page(network["forum"], "sv", publish=False, title="Utkast")
    PageViewRestriction.objects.create(
        page=network["garden"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    events = read_json(client, "/sv/open-data/events.json")["items"]
    assert [event["title"] for event in events] == ["Athens forum", "Språkcafékväll"]
    _header, sessions = read_csv(client, "/sv/open-data/sessions.csv")
    assert {row["event_title"] for row in sessions} == {"Athens forum", "Språkcafékväll"}
    practices = read_json(client, "/sv/open-data/practices.json")["items"]
    assert [practice["title"] for practice in practices] == ["Gemensamt kök"]
    _header, rows = read_csv(client, "/sv/open-data/practices.csv")
    assert [row["title"] for row in rows] == ["Gemensamt kök"]


@pytest.mark.parametrize("path", ["nope.csv", "sessions.json", "events.xml", "events.csv.zip"])
def test_unknown_files_are_not_found(client, path):
    assert client.get(f"/en/open-data/{path}").status_code == 404


@pytest.mark.parametrize("code", [code for code, _name in django_settings.LANGUAGES])
def test_every_language_has_every_file(client, network, code):
    for name in DOWNLOADS:
        response = client.get(f"/{code}/open-data/{name}")
        assert response.status_code == 200, name
        assert response["Content-Language"] == code
    assert client.get(f"/{code}/open-data/").status_code == 200


# Queries --------------------------------------------------------------------------------------


def queries_for(client, url):
    """Queries of a request on a warm process: a first request fills what the shared cache
    keeps (``home.cache``), which a change to content empties."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make_events(tree, count, start=0):
    """Events of three sessions with a speaker each; every fifth event and every other speaker
    translated into Swedish, so a download mixes translations and stand-ins of both."""
    theme = ThemeFactory()
    for n in range(start, start + count):
        speaker = PersonFactory(name=f"Speaker {n}")
        if n % 2 == 0:
            translate_snippet(speaker, "sv")
        day = dt.date(NEXT_YEAR, 5, 14)
        event = EventPageFactory(
            parent=tree["events"],
            title=f"Event {n}",
            slug=f"event-{n}",
            start=aware(NEXT_YEAR, 5, 14, 9),
            end=aware(NEXT_YEAR, 5, 14, 17),
            agenda=[
                session(f"Session {i}", f"1{i}:00", f"1{i}:45", day=day, speakers=[speaker])
                for i in range(3)
            ],
        )
        event.themes.add(theme)
        if n % 5 == 0:
            translate_page(event, "sv", title=f"Evenemang {n}")


def make_practices(tree, count, start=0):
    """Practices with a theme; every fifth translated into Swedish."""
    theme = ThemeFactory()
    for n in range(start, start + count):
        practice = PracticePageFactory(
            parent=tree["practices"], title=f"Practice {n}", slug=f"practice-{n}"
        )
        practice.themes.add(theme)
        if n % 5 == 0:
            translate_page(practice, "sv", title=f"Praktik {n}")


@pytest.fixture
def malmo():
    tree = city_tree()
    translate_tree(tree, "sv")
    return tree


def test_event_downloads_cost_the_same_queries_for_ten_or_fifty_events(client, malmo):
    urls = ["/sv/open-data/events.csv", "/sv/open-data/sessions.csv", "/sv/open-data/events.json"]
    make_events(malmo, 10)
    for url in urls:
        queries_for(client, url)  # warm caches (site root paths, content types)
    ten = {url: queries_for(client, url) for url in urls}
    make_events(malmo, 40, start=10)
    fifty = {url: queries_for(client, url) for url in urls}
    assert len(read_json(client, urls[2])["items"]) == 50
    assert len(read_csv(client, urls[1])[1]) == 150
    assert fifty == ten


def test_practice_downloads_cost_the_same_queries_for_ten_or_fifty_practices(client, malmo):
    urls = ["/sv/open-data/practices.csv", "/sv/open-data/practices.json"]
    make_practices(malmo, 10)
    for url in urls:
        queries_for(client, url)
    ten = {url: queries_for(client, url) for url in urls}
    make_practices(malmo, 40, start=10)
    fifty = {url: queries_for(client, url) for url in urls}
    assert len(read_json(client, urls[1])["items"]) == 50
    assert fifty == ten
