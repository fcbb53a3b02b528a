"""The coordinator's participation summary (Reports → Participation), as a table and a CSV,
over HTTP with the test client and users in the network's real groups."""

import csv
import io
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from events.models import EventPage, ReportParticipants
from partners import roles
from partners.onboarding import add_partner
from tests.factories import EventPageFactory, EventReportPageFactory, aware, person, translate_page

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")
REPORT = reverse("participation_report:index")
RESULTS = reverse("participation_report:index_results")
TRANSNATIONAL = EventPage.Kind.TRANSNATIONAL
LOCAL = EventPage.Kind.LOCAL


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """Two partners for the module's tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        alpha, _created = add_partner(
            "Alpha", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm"
        )
        beta, _created = add_partner(
            "Beta", country="GR", languages=["el", "en"], time_zone="Europe/Athens"
        )
        yield SimpleNamespace(
            alpha=alpha,
            beta=beta,
            coordinators=roles.ensure_coordinators(),
            translators=roles.ensure_translators(Locale.objects.get(language_code="ar")),
        )
        transaction.set_rollback(True)


def logged_in(client, user, language="en"):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(network, client):
    return logged_in(client, person("carla", network.coordinators))


def events_section(partner, code="en"):
    return partner.city_pages.get(locale__language_code=code).get_children().get(slug="events")


def held_event(partner, title, start, kind=LOCAL, **fields):
    return EventPageFactory(
        parent=events_section(partner).specific, title=title, start=start, kind=kind, **fields
    )


def report(event, total, live=True, **countries):
    return EventReportPageFactory(
        parent=event,
        live=live,
        participants_total=total,
        participants_by_country=[
            ReportParticipants(country=code, participants=number)
            for code, number in countries.items()
        ],
    )


@pytest.fixture
def events(network):
    """Two events held with a report, one of them translated into Arabic; and four that do
    not count: one without a report, one with a draft report, one unpublished, one to come."""
    dialogue = held_event(network.alpha, "Dialogue day", aware(2024, 5, 10, 10), TRANSNATIONAL)
    dialogue_report = report(dialogue, 30, SE=12, PL=8)
    translate_page(dialogue, "ar", title="يوم الحوار")
    translate_page(dialogue_report, "ar", title="تقرير")
    walk = held_event(network.beta, "Περίπατος", aware(2025, 3, 2, 18, zone="Europe/Athens"))
    report(walk, 5, GR=4, SE=1)
    held_event(network.alpha, "No report yet", aware(2024, 6, 1, 10))
    report(held_event(network.beta, "Draft only", aware(2024, 7, 1, 10)), 99, live=False, GR=99)
    report(held_event(network.alpha, "Still to come", aware(2099, 1, 1, 10)), 50, SE=50)
    report(held_event(network.alpha, "Unpublished", aware(2024, 8, 1, 10), live=False), 9, SE=9)
    return SimpleNamespace(dialogue=dialogue, walk=walk)


def table(soup, caption):
    """The rows of the table with ``caption``: each a list of its cells' texts."""
    found = soup.find("caption", string=lambda text: text and caption in text).parent
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        for row in found.tbody.find_all("tr")
    ]


def footer(soup, caption):
    found = soup.find("caption", string=lambda text: text and caption in text).parent
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        for row in found.tfoot.find_all("tr")
    ]


def csv_of(response) -> list[dict]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


# The table ----------------------------------------------------------------------------------------


def test_the_coordinator_sees_each_event_once_with_its_participants_by_country(coordinator, events):
    response = coordinator.get(REPORT)

    assert response.status_code == 200
    summary = response.context["participation"]
    assert len(summary.events) == 2 and summary.total == 35 and summary.not_known == 10
    soup = BeautifulSoup(response.content, "html.parser")
    assert table(soup, "Participants by country") == [
        ["Sweden", "13", "37.1 %", "2"],
        ["Poland", "8", "22.9 %", "1"],
        ["Greece", "4", "11.4 %", "1"],
    ]
    assert footer(soup, "Participants by country") == [
        ["Country not known", "10", "28.6 %", ""],
        ["All participants", "35", "", "2"],
    ]
    assert table(soup, "Events held") == [
        ["May 10, 2024", "Dialogue day", "Alpha", "Transnational event", "30", "20", "10"],
        ["March 2, 2025", "Περίπατος", "Beta", "Local event", "5", "5", "0"],
    ]
    edit = reverse("wagtailadmin_pages:edit", args=[events.dialogue.pk])
    assert soup.find("a", href=edit).get_text() == "Dialogue day"
    assert soup.find("th", scope="row") and soup.find("th", scope="col")
    for hidden in ("No report yet", "Draft only", "Still to come", "Unpublished", "يوم الحوار"):
        assert hidden not in response.content.decode()
    assert REPORT in coordinator.get(ADMIN_HOME).content.decode()  # the Reports menu


def test_countries_are_named_in_the_admins_language_and_events_in_its_translation(
    network, client, events
):
    arabic_speaker = logged_in(client, person("karim", network.coordinators), language="ar")

    response = arabic_speaker.get(REPORT)

    content = response.content.decode()
    assert response.status_code == 200
    assert "السويد" in content and "Sweden" not in content
    assert "يوم الحوار" in content and "Dialogue day" not in content
    assert response.context["participation"].total == 35


def test_a_superuser_sees_the_report(network, client, events):
    superuser = logged_in(client, person("root", is_superuser=True, is_staff=True))
    assert superuser.get(REPORT).context["participation"].total == 35
    assert REPORT in superuser.get(ADMIN_HOME).content.decode()


def test_with_no_event_held_the_report_says_so(coordinator):
    response = coordinator.get(REPORT)

    assert response.status_code == 200
    assert "No event held with a published report" in response.content.decode()
    assert csv_of(coordinator.get(REPORT, {"export": "csv"})) == []


# Filters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "titles", "total"),
    [
        ({"year": "2024"}, ["Dialogue day"], 30),
        ({"year": "2025"}, ["Περίπατος"], 5),
        ({"kind": "transnational"}, ["Dialogue day"], 30),
        ({"kind": "local"}, ["Περίπατος"], 5),
        ({"year": "2025", "kind": "transnational"}, [], 0),
    ],
)
def test_the_report_filters_by_year_and_kind(coordinator, events, filters, titles, total):
    for url in (REPORT, RESULTS):
        response = coordinator.get(url, filters)
        summary = response.context["participation"]
        assert [row.event.title for row in summary.events] == titles
        assert summary.total == total


def test_the_year_is_that_of_the_start_in_the_host_citys_time_zone(network, coordinator):
    # 00:30 on New Year's Day in Athens is still 2024 in Brussels and in UTC.
    new_year = held_event(network.beta, "New Year walk", aware(2025, 1, 1, 0, 30, "Europe/Athens"))
    report(new_year, 7, GR=7)
    report(held_event(network.beta, "Autumn walk", aware(2024, 10, 1, 10)), 3, GR=3)

    in_2024 = coordinator.get(REPORT, {"year": "2024"}).context["participation"]
    in_2025 = coordinator.get(REPORT, {"year": "2025"}).context["participation"]

    assert [row.event.title for row in in_2024.events] == ["Autumn walk"]
    assert [row.event.title for row in in_2025.events] == ["New Year walk"]
    assert in_2025.events[0].start_date.isoformat() == "2025-01-01"


@pytest.mark.parametrize("filters", [{"year": "abc"}, {"kind": "<script>alert(1)</script>"}])
def test_a_bad_filter_value_gives_a_normal_page(coordinator, events, filters):
    for url in (REPORT, RESULTS):
        response = coordinator.get(url, filters)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert response.context["participation"].total == 35  # no filter applied
    export = coordinator.get(REPORT, {**filters, "export": "csv"})
    assert export.status_code == 200
    assert 'filename="participation-all.csv"' in export["Content-Disposition"]


# The CSV -----------------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_event_and_country_that_add_up_to_the_totals(coordinator, events):
    response = coordinator.get(REPORT, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="participation-all.csv"'
    rows = csv_of(response)
    assert [
        (row["event"], row["country_code"], row["country_name"], row["participants"])
        for row in rows
    ] == [
        ("Dialogue day", "SE", "Sweden", "12"),
        ("Dialogue day", "PL", "Poland", "8"),
        ("Dialogue day", "unknown", "unknown", "10"),
        ("Περίπατος", "GR", "Greece", "4"),
        ("Περίπατος", "SE", "Sweden", "1"),
    ]
    walk = rows[-1]
    assert walk["start_date"] == "2025-03-02" and walk["kind"] == "local"
    assert walk["host_city"] == "Beta" and walk["host_country_code"] == "GR"
    summary = coordinator.get(REPORT).context["participation"]
    assert sum(int(row["participants"]) for row in rows) == summary.total == 35
    assert len({row["event"] for row in rows}) == len(summary.events)


def test_the_csv_takes_the_filters_and_names_its_file_after_them(coordinator, events):
    response = coordinator.get(REPORT, {"year": "2024", "kind": "transnational", "export": "csv"})

    assert 'filename="participation-2024-transnational.csv"' in response["Content-Disposition"]
    assert {row["event"] for row in csv_of(response)} == {"Dialogue day"}


def test_the_csv_speaks_english_whatever_the_admins_language(network, client, events):
    arabic_speaker = logged_in(client, person("karim", network.coordinators), language="ar")

    rows = csv_of(arabic_speaker.get(REPORT, {"export": "csv"}))

    assert rows[0]["event"] == "Dialogue day" and rows[0]["country_name"] == "Sweden"


def test_the_csv_keeps_an_editors_formula_as_text(network, coordinator):
    for day, title in enumerate(["=HYPERLINK(1)", "-1+1"], start=1):
        event = held_event(network.alpha, title, aware(2024, 2, day, 10), slug=f"formula-{day}")
        report(event, 2, SE=2)

    rows = csv_of(coordinator.get(REPORT, {"export": "csv"}))

    assert [row["event"] for row in rows] == ["'=HYPERLINK(1)", "'-1+1"]


# Who may see it ----------------------------------------------------------------------------------


@pytest.fixture(params=["city editor", "event organiser", "translator"])
def someone_else(request, network, client):
    groups = {
        "city editor": network.alpha.editors,
        "event organiser": network.alpha.organisers,
        "translator": network.translators,
    }
    return logged_in(client, person("olle", groups[request.param]))


def test_anyone_but_a_coordinator_is_refused_the_report_and_its_menu_item(someone_else, events):
    for url, data in [(REPORT, {}), (RESULTS, {}), (REPORT, {"export": "csv"})]:
        response = someone_else.get(url, data)
        assert response.status_code == 302 and response.url == ADMIN_HOME, url
    assert REPORT not in someone_else.get(ADMIN_HOME).content.decode()


# Queries -----------------------------------------------------------------------------------------


def add_reported_events(partner, count, start=0):
    for number in range(start, start + count):
        event = held_event(partner, f"Event {number}", aware(2024, 1, 1 + number % 28, 10))
        report(event, 10, SE=3, PL=2)


def queries_for(client, data):
    """Queries of a request on a warm process: a first request fills what the shared cache
    keeps (``home.cache``), which a change to content empties."""
    client.get(REPORT, data)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(REPORT, data)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("data", [{}, {"year": "2024"}, {"export": "csv"}])
def test_the_report_needs_the_same_queries_for_10_or_50_reports(network, coordinator, data):
    add_reported_events(network.alpha, 10)
    queries_for(coordinator, data)  # warm caches (locales, content types)
    ten = queries_for(coordinator, data)
    add_reported_events(network.beta, 40, start=10)
    fifty = queries_for(coordinator, data)

    assert fifty == ten
    assert coordinator.get(REPORT, data).status_code == 200
