"""Long listings page by id (``home.listing.page_of``): every item once, in order, on whichever
page and from whichever end it is read; the wide fields no card shows left out; and the indexes
and database settings the large network needs (bench/scale.py, docs/decisions.md §28)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from home.listing import PAGE_SIZE, for_cards, page_of
from home.localization import count_per_translation, one_per_translation
from stories.models import StoryPage
from tests.factories import (
    StoriesPageFactory,
    StoryPageFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 1)


@pytest.fixture
def stories():
    """29 stories over 5 days (so that many share a date), every fourth translated into German:
    3 pages of 12 in every language, the last with 5."""
    tree = city_tree()
    translate_tree(tree, "de")
    made = []
    for n in range(29):
        story = StoryPageFactory(
            parent=tree["stories"],
            title=f"Story {n}",
            slug=f"story-{n}",
            date=DAY.replace(day=1 + n % 5),
        )
        made.append(story)
        if n % 4 == 0:
            translate_page(story, "de", title=f"Geschichte {n}")
    return made


def ordered(locale):
    return one_per_translation(StoryPage.objects.all(), locale).order_by("-date", "-pk")


def walk(queryset, pages):
    return [row.pk for number in range(1, pages + 1) for row in page_of(queryset, number)[0]]


@pytest.mark.parametrize("code", ["en", "de"])
def test_the_pages_hold_every_item_once_in_the_order_of_the_queryset(stories, code):
    queryset = ordered(Locale.objects.get(language_code=code))
    expected = list(queryset.values_list("pk", flat=True))
    assert len(expected) == 29
    assert walk(queryset, 3) == expected
    rows, number, count = page_of(queryset, 3)
    assert (len(rows), number, count) == (5, 3, 29)  # the last page, read from the end


def test_german_pages_show_the_translation_where_there_is_one(stories):
    queryset = ordered(Locale.objects.get(language_code="de"))
    titles = [row.title for number in (1, 2, 3) for row in page_of(queryset, number)[0]]
    assert sum(title.startswith("Geschichte") for title in titles) == 8
    assert sum(title.startswith("Story") for title in titles) == 21


def test_rows_that_tie_keep_one_order_on_every_page():
    """Stories by title, all with the same title: the primary key breaks the ties, so no item
    is on two pages and none is missing, reading from either end."""
    tree = city_tree()
    made = [
        StoryPageFactory(parent=tree["stories"], title="Same", slug=f"same-{n}", date=DAY)
        for n in range(30)
    ]
    queryset = StoryPage.objects.live().order_by("title")
    assert walk(queryset, 3) == sorted(story.pk for story in made)


@pytest.mark.parametrize(("asked", "shown"), [(1, 1), (2, 2), (4, 3), (9999, 3)])
def test_a_number_outside_the_listing_gives_the_first_or_last_page(stories, asked, shown):
    _rows, number, _count = page_of(ordered(Locale.get_default()), asked)
    assert number == shown


def test_an_empty_listing_is_one_empty_page():
    assert page_of(StoryPage.objects.live().order_by("-date"), 1) == ([], 1, 0)
    assert page_of(StoryPage.objects.live().order_by("-date"), 5) == ([], 1, 0)


def test_a_page_costs_three_queries_and_its_prefetch(stories):
    queryset = ordered(Locale.get_default())
    for number in (1, 3):
        with CaptureQueriesContext(connection) as captured:
            rows, _number, _count = page_of(queryset, number, prepare=for_cards)
            for row in rows:
                list(row.themes.all())
        # count, ids, rows; themes prefetched (renditions too, where there are images)
        assert len(captured) == 4, [query["sql"] for query in captured]


@pytest.mark.parametrize("code", ["en", "de", "ar"])
def test_the_count_of_every_story_is_its_number_of_translation_keys(stories, code):
    locale = Locale.objects.get(language_code=code)
    draft = StoryPageFactory(parent=stories[0].get_parent(), slug="draft", live=False)
    translate_page(stories[1], "de", publish=False)  # a German draft: the English one shows
    every = StoryPage.objects.all()
    city = StoryPage.objects.filter(path__startswith=draft.get_parent().path)
    assert count_per_translation(every, locale) == 29
    assert count_per_translation(every, locale) == one_per_translation(every, locale).count()
    assert count_per_translation(city, locale) == one_per_translation(city, locale).count()


def test_the_count_of_every_story_is_shared_by_every_language(stories):
    assert count_per_translation(StoryPage.objects.all(), Locale.get_default()) == 29
    german = Locale.objects.get(language_code="de")
    with CaptureQueriesContext(connection) as captured:
        counted = count_per_translation(StoryPage.objects.all(), german)
    assert (counted, len(captured)) == (29, 0)


def test_cards_leave_out_what_they_never_show(stories):
    rows, _number, _count = page_of(ordered(Locale.get_default()), 1, prepare=for_cards)
    assert {"body"} <= rows[0].get_deferred_fields()
    assert "lead" not in rows[0].get_deferred_fields()


def test_walking_the_stories_listing_shows_every_story_once(client, stories):
    translate_page(StoriesPageFactory(), "de")
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"/de/stories/?page={number}")
        assert response.status_code == 200
        html = BeautifulSoup(response.content, "html.parser")
        seen += [a.get_text() for a in html.select(".card__title a")]
    assert len(seen) == len(set(seen)) == 29
    assert len([title for title in seen if title.startswith("Geschichte")]) == 8
    assert PAGE_SIZE == 12


# What the large network needs of the database -------------------------------------------------


def indexes_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


def test_pages_are_found_by_url_path_through_an_index():
    assert "cid_page_url_path" in indexes_of("wagtailcore_page")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search index")
def test_search_matches_title_and_body_together_through_an_index():
    assert "cid_search_title_body" in indexes_of("wagtailsearch_indexentry")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_compiles_no_query_just_in_time():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
