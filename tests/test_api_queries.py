"""The API's list endpoints run the same number of queries for a page of 10 items as for a page
of 50: what items link to (themes, city, image, agenda speakers, a chapter's practices) is
fetched for the whole page at once."""

import datetime as dt

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from handbook.models import HandbookPage
from tests.factories import (
    EventPageFactory,
    HandbookChapterPageFactory,
    HandbookPageFactory,
    PersonFactory,
    PracticePageFactory,
    StoryPageFactory,
    ThemeFactory,
    add_practice_to_chapter,
    city_tree,
    translate_page,
    translate_tree,
)
from tests.test_api import session

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def grow_network(count, cities=None):
    """``count`` more stories, events (two sessions, a speaker each), practices and chapters
    in two cities, with themes and images, a story in two of translated into Swedish."""
    if cities is None:
        cities = [city_tree("Malmö", "malmo"), city_tree("Roma", "roma", country="IT")]
        translate_tree(cities[0], "sv")
        HandbookPageFactory()
    themes = [ThemeFactory() for _ in range(3)]
    handbook = HandbookPage.objects.get(locale__language_code="en")
    day = dt.date(NEXT_YEAR, 6, 1)
    for n in range(count):
        tree = cities[n % 2]
        speaker = PersonFactory()
        image = wagtail_factories.ImageFactory()
        pages = [
            StoryPageFactory(parent=tree["stories"], image=image, image_alt="A harbour"),
            EventPageFactory(
                parent=tree["events"],
                agenda=[
                    session("One", day, "09:00", "10:00", [speaker]),
                    session("Two", day, "10:00", "11:00", [speaker]),
                ],
            ),
            PracticePageFactory(parent=tree["practices"]),
        ]
        for page in pages:
            page.themes.set(themes[: 1 + n % 3])
            page.save()
        chapter = HandbookChapterPageFactory(parent=handbook)
        add_practice_to_chapter(chapter, pages[2])
        if n % 2 == 0:
            translate_page(pages[0], "sv")
    return cities


def queries(client, url):
    client.get(url)  # renditions made, caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.json()["items"])


QUERY_URLS = [
    "/api/v2/stories/?limit=100&fields=*",
    "/api/v2/events/?limit=100&fields=*",
    "/api/v2/practices/?limit=100&fields=*",
    "/api/v2/chapters/?limit=100&fields=*",
    "/api/v2/cities/?limit=100&fields=*",
    "/api/v2/images/?limit=100&fields=*",
    "/api/v2/stories/?limit=100&locale=sv&city=malmo",
]


def test_list_endpoints_run_the_same_queries_for_10_and_50_items(client):
    cities = grow_network(10)
    small = {url: queries(client, url) for url in QUERY_URLS}
    grow_network(40, cities)
    large = {url: queries(client, url) for url in QUERY_URLS}

    for url in QUERY_URLS:
        (few, few_items), (many, many_items) = small[url], large[url]
        assert many_items > few_items or "cities" in url, url
        assert few == many, f"{url}: {few} queries for {few_items} items, {many} for {many_items}"
        assert many <= 16, f"{url}: {many} queries"


def test_a_list_is_counted_once_until_content_changes(client):
    """The count is shared by every page of a list and every request for it, and renewed when
    content changes; another filter is counted on its own."""
    cities = grow_network(3)

    def total(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts = [query for query in captured if "COUNT(" in query["sql"].upper()]
        return response.json()["meta"]["total_count"], len(counts)

    assert total("/api/v2/stories/?limit=2") == (5, 1)  # 3 stories, 2 in Swedish too
    assert total("/api/v2/stories/?limit=2&offset=2") == (5, 0)
    assert total("/api/v2/stories/?locale=sv") == (2, 1)
    StoryPageFactory(parent=cities[0]["stories"])
    assert total("/api/v2/stories/?limit=2") == (6, 1)
