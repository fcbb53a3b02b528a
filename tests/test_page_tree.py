"""Editors cannot build an invalid tree: page types only go where they belong."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from events.models import EventIndexPage, EventPage, EventReportPage, EventsPage
from handbook.models import HandbookChapterPage, HandbookPage, PracticeIndexPage, PracticePage
from home.models import CityPage, HomePage, StandardPage
from stories.models import StoriesPage, StoryIndexPage, StoryPage
from tests.factories import CityPageFactory, city_tree, home_page

pytestmark = pytest.mark.django_db

ALLOWED_PARENTS = {
    HomePage: {Page},
    CityPage: {HomePage},
    StandardPage: {HomePage, StandardPage},
    StoriesPage: {HomePage},
    EventsPage: {HomePage},
    HandbookPage: {HomePage},
    StoryIndexPage: {CityPage},
    StoryPage: {StoryIndexPage},
    EventIndexPage: {CityPage},
    EventPage: {EventIndexPage},
    EventReportPage: {EventPage},
    PracticeIndexPage: {CityPage},
    PracticePage: {PracticeIndexPage},
    HandbookChapterPage: {HandbookPage},
}


@pytest.mark.parametrize("model", ALLOWED_PARENTS, ids=lambda m: m.__name__)
def test_each_page_type_has_exactly_its_intended_parents(model):
    assert set(model.allowed_parent_page_models()) == ALLOWED_PARENTS[model]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("coordinator", "c@example.org", "pw")
    client.force_login(user)
    return client


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


@pytest.mark.parametrize(
    ("model", "parent_key"),
    [(StoryPage, "home"), (StoryPage, "city"), (EventPage, "stories"), (CityPage, "city")],
    ids=["story-under-home", "story-under-city", "event-under-stories", "city-under-city"],
)
def test_admin_refuses_to_add_a_page_under_the_wrong_parent(admin_client, model, parent_key):
    tree = city_tree()
    parent = home_page() if parent_key == "home" else tree[parent_key]
    before = Page.objects.count()
    for response in (
        admin_client.get(add_url(model, parent)),
        admin_client.post(add_url(model, parent), {"title": "Out of place", "slug": "x"}),
    ):
        # Wagtail answers a refused permission with a redirect to the dashboard and a message.
        assert (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}
    assert Page.objects.count() == before


def offered_types(client, parent):
    """The page types the admin offers to add under ``parent``."""
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:
        # One possible type: Wagtail goes straight to its form. None: back to the dashboard.
        return {m.__name__ for m in ALLOWED_PARENTS if response.url == add_url(m, parent)}
    html = response.content.decode()
    return {m.__name__ for m in ALLOWED_PARENTS if add_url(m, parent) in html}


def test_admin_offers_a_new_city_its_three_sections_and_nothing_else(admin_client):
    city = CityPageFactory(title="Gdańsk", slug="gdansk")
    assert offered_types(admin_client, city) == {
        "StoryIndexPage",
        "EventIndexPage",
        "PracticeIndexPage",
    }


def test_a_city_section_cannot_be_added_twice_and_a_section_takes_only_its_pages(admin_client):
    tree = city_tree()
    assert offered_types(admin_client, tree["city"]) == set()
    assert offered_types(admin_client, tree["stories"]) == {"StoryPage"}
    assert offered_types(admin_client, tree["events"]) == {"EventPage"}
