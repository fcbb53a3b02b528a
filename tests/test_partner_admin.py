"""The coordinators' partner admin, the dashboard's city work panel and the history by partner,
over HTTP with the test client."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Collection, Locale, Page, PageLogEntry, Workflow

from home.models import CityPage
from partners.components import CityWorkPanel
from partners.models import Partner
from stories.models import StoryIndexPage, StoryPage
from tests.factories import person

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")


@pytest.fixture
def coordinator(network, client):
    client.force_login(person("carla", network.coordinators))
    return client


@pytest.fixture
def alpha_editor(network, client):
    client.force_login(person("astrid", network.alpha.editors))
    return client


def stories_section(partner, code):
    return StoryIndexPage.objects.child_of(partner.city_pages.get(locale__language_code=code)).get()


def draft_story(partner, code, title):
    story = StoryPage(title=title, slug=title.lower().replace(" ", "-"), lead="…", live=False)
    stories_section(partner, code).add_child(instance=story)
    story.save_revision()
    return story


def published_story(partner, code, title):
    story = draft_story(partner, code, title)
    story.get_latest_revision().publish()
    return story


def snapshot():
    return (
        Partner.objects.count(),
        Page.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
    )


GAMMA = {
    "name": "Gamma",
    "country": "PL",
    "languages": ["pl", "en"],
    "time_zone": "Europe/Warsaw",
    "kind": CityPage.Kind.ORGANISATION,
    "slug": "",
}


# Onboarding and archiving -------------------------------------------------------------------


def test_a_coordinator_lists_the_partners_with_links_to_their_city_pages(network, coordinator):
    response = coordinator.get(reverse("partners:index"))
    assert response.status_code == 200
    content = response.content.decode()
    alpha_city = network.alpha.city_pages.get(locale__language_code="en")
    assert reverse("wagtailadmin_explore", args=[alpha_city.pk]) in content
    assert "Beta" in content and "Italy" in content and "Sweden" in content
    assert reverse("partners:add") in content
    assert reverse("partners:archive", args=[network.beta.pk]) in content
    assert reverse("partners:index") in coordinator.get(ADMIN_HOME).content.decode()  # menu


def test_a_coordinator_onboards_a_partner_with_the_form(network, coordinator):
    form = coordinator.get(reverse("partners:add"))
    assert form.status_code == 200
    assert 'name="languages" value="ar"' in form.content.decode()

    response = coordinator.post(reverse("partners:add"), GAMMA)

    assert response.status_code == 302 and response.url == reverse("partners:index")
    gamma = Partner.objects.get(name="Gamma")
    cities = gamma.city_pages
    assert cities.count() == 8
    city = cities.get(locale__language_code="en").specific
    assert (
        city.slug == "gamma"
        and city.kind == "organisation"
        and city.language_codes
        == [
            "pl",
            "en",
        ]
    )
    created = PageLogEntry.objects.get(page=city, action="wagtail.publish")
    assert created.user.username == "carla"  # the history says who onboarded it
    assert "Gamma" in coordinator.get(reverse("partners:index")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "XX"}, "Select a valid choice"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"languages": ["fi"]}, "Select a valid choice"),
        ({"name": "Alpha"}, "already a partner"),
        ({"slug": "alpha"}, "already exists under the home page"),
    ],
    ids=["country", "time-zone", "language", "same-name", "slug-clash"],
)
def test_a_bad_field_or_a_clash_is_a_form_error_and_creates_nothing(
    network, coordinator, changes, message
):
    before = snapshot()
    response = coordinator.post(reverse("partners:add"), {**GAMMA, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_coordinator_archives_a_partner_after_confirming(network, coordinator):
    beta = network.beta
    url = reverse("partners:archive", args=[beta.pk])
    confirmation = coordinator.get(url)
    assert confirmation.status_code == 200
    assert "Yes, archive" in confirmation.content.decode()
    beta.refresh_from_db()
    assert beta.archived_at is None

    response = coordinator.post(url)

    assert response.status_code == 302
    beta.refresh_from_db()
    assert beta.archived_at is not None
    for city in beta.city_pages:
        assert not city.get_descendants(inclusive=True).live().exists()


def test_a_city_editor_is_refused_the_partner_views_and_the_report(network, alpha_editor):
    before = snapshot()
    urls = [
        reverse("partners:index"),
        reverse("partners:add"),
        reverse("partners:archive", args=[network.beta.pk]),
        reverse("partners:history"),
        reverse("partners:history_results"),
    ]
    for url in urls:
        response = alpha_editor.get(url)
        assert response.status_code == 302 and response.url == ADMIN_HOME, url
    for url, data in [(urls[1], GAMMA), (urls[2], {})]:
        response = alpha_editor.post(url, data)
        assert response.status_code == 302 and response.url == ADMIN_HOME, url
    assert snapshot() == before
    assert Partner.objects.get(pk=network.beta.pk).archived_at is None
    dashboard = alpha_editor.get(ADMIN_HOME).content.decode()
    assert reverse("partners:index") not in dashboard
    assert reverse("partners:history") not in dashboard


# The dashboard --------------------------------------------------------------------------------


def test_the_dashboard_shows_an_editor_their_citys_drafts_and_moderation_not_others(
    network, alpha_editor
):
    draft_story(network.alpha, "sv", "Alpha draft in Swedish")
    draft_story(network.alpha, "ar", "Alpha draft in Arabic")
    in_review = draft_story(network.alpha, "en", "Alpha story in review")
    network.alpha.workflow.start(in_review, get_user_model().objects.get(username="astrid"))
    draft_story(network.beta, "it", "Beta draft")

    content = alpha_editor.get(ADMIN_HOME).content.decode()

    assert "Your city&#x27;s work" in content or "Your city's work" in content
    assert "Alpha draft in Swedish" in content and "Alpha draft in Arabic" in content
    assert "Alpha story in review" in content and "Alpha: editors&#x27; review" in content
    assert reverse("wagtailadmin_pages:edit", args=[in_review.pk]) in content
    assert "Beta draft" not in content


def test_a_coordinator_sees_counts_for_every_partner(network, coordinator):
    draft_story(network.alpha, "sv", "Alpha draft")
    draft_story(network.beta, "it", "Beta draft one")
    draft_story(network.beta, "en", "Beta draft two")

    soup = BeautifulSoup(coordinator.get(ADMIN_HOME).content, "html.parser")

    panel = soup.find(id="network-work-content")
    rows = {
        row.find("a").get_text(strip=True): [cell.get_text(strip=True) for cell in row("td")[1:]]
        for row in panel.find("tbody")("tr")
    }
    assert rows == {"Alpha": ["1", "0"], "Beta": ["2", "0"]}
    assert "Beta draft one" not in str(soup)


def test_the_panel_needs_the_same_queries_for_3_or_13_drafts(network):
    editor = person("astrid", network.alpha.editors)
    request = RequestFactory().get(ADMIN_HOME)
    request.user = editor

    def render():
        with CaptureQueriesContext(connection) as queries:
            html = CityWorkPanel([network.alpha]).render_html({"request": request})
        return len(queries), html

    for number in range(3):
        draft_story(network.alpha, "en", f"Early draft {number}")
    render()  # warm the locale names cache
    few, _html = render()
    for number in range(10):
        draft_story(network.alpha, "sv", f"Later draft {number}")
    many, html = render()

    assert many == few
    assert html.count("Later draft") == 10 and "Early draft" not in html
    assert "and 3 more" in html and "(13)" in html


# History by partner -------------------------------------------------------------------------


def test_the_history_shows_only_the_chosen_partners_entries(network, coordinator):
    published_story(network.alpha, "sv", "Fika with neighbours")
    published_story(network.alpha, "ar", "Tea in the courtyard")
    published_story(network.beta, "it", "Passeggiata")
    history = reverse("partners:history")

    everyone = coordinator.get(history).content.decode()
    alpha_only = coordinator.get(history, {"partner": network.alpha.pk}).content.decode()
    beta_results = coordinator.get(
        reverse("partners:history_results"), {"partner": network.beta.pk}
    ).content.decode()

    assert "Passeggiata" in everyone and "Fika with neighbours" in everyone
    assert "Fika with neighbours" in alpha_only and "Tea in the courtyard" in alpha_only
    assert Locale.objects.get(language_code="ar").get_display_name() in alpha_only
    assert "Passeggiata" not in alpha_only
    assert "Passeggiata" in beta_results and "Fika with neighbours" not in beta_results

    export = coordinator.get(history, {"partner": network.alpha.pk, "export": "csv"})
    rows = b"".join(export.streaming_content).decode()
    assert "Fika with neighbours" in rows and "Passeggiata" not in rows


def test_the_history_filters_by_action_and_date(network, coordinator):
    story = published_story(network.alpha, "en", "Fika with neighbours")
    story.save_revision(log_action=True)
    history = reverse("partners:history_results")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    edits = coordinator.get(history, {"partner": network.alpha.pk, "action": "wagtail.edit"})
    later = coordinator.get(history, {"partner": network.alpha.pk, "timestamp_from": tomorrow})

    assert edits.context["object_list"] and {
        entry.action for entry in edits.context["object_list"]
    } == {"wagtail.edit"}
    assert not later.context["object_list"]
    assert "Fika with neighbours" not in later.content.decode()
