"""Long listings page by id (``home.listing.page_of``): every item once, in order, on whichever
page and from whichever end it is read; the wide fields no card shows left out; and the indexes
and database settings the large network needs (bench/scale.py, docs/decisions.md §28)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from events.models import EventPage
from events.models.events import ended, last_ended
from events.models.indexes import past_count
from home.listing import PAGE_SIZE, for_cards, page_of
from home.localization import count_per_translation, one_per_translation
from stories.models import StoryPage
from tests.factories import (
    EventPageFactory,
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


def index_definition(name: str) -> str:
    if connection.vendor == "postgresql":
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = %s"
    else:
        query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s"
    with connection.cursor() as cursor:
        cursor.execute(query, [name])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("cid_page_live_keys", "(translation_key, locale_id, id)"),
        ("cid_page_live_types", "(content_type_id, translation_key)"),
    ],
)
def test_the_choice_of_a_translation_reads_partial_indexes_of_live_pages(name, columns):
    definition = index_definition(name)
    assert columns in definition
    assert definition.rstrip(")").endswith("WHERE live")


def test_events_are_split_and_counted_by_their_end_through_an_index():
    assert {"event_end_page", "event_start_order"} <= indexes_of("events_eventpage")
    # In the listings' order (start, id), with the end read from the index.
    assert "(start, page_ptr_id, " in index_definition("event_start_order").replace('"', "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search index")
def test_search_matches_title_and_body_together_through_an_index():
    assert "cid_search_title_body" in indexes_of("wagtailsearch_indexentry")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_compiles_no_query_just_in_time_and_prices_random_reads_as_on_ssd():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_past_events_are_counted_as_every_event_less_the_upcoming_ones():
    """``past_count`` against the count it stands for, in languages where the choice of
    translation differs: a German translation moved to a later date (not yet synced with its
    source) is upcoming in German and past in English; a German draft and an English draft are
    not shown."""
    tree = city_tree()
    translate_tree(tree, "de")
    now = timezone.now()

    def event(n, days):
        start = now + dt.timedelta(days=days)
        return EventPageFactory(parent=tree["events"], slug=f"event-{n}", start=start)

    past = [event(n, -1 - n) for n in range(7)]
    upcoming_events = [event(10 + n, 1 + n) for n in range(4)]
    translate_page(past[0], "de")
    translate_page(past[1], "de", publish=False)
    later = now + dt.timedelta(days=40)
    translate_page(past[2], "de", start=later, end=later + dt.timedelta(hours=2))
    translate_page(upcoming_events[0], "de")
    EventPageFactory(
        parent=tree["events"], slug="draft", start=now - dt.timedelta(days=3), live=False
    )
    cutoff = last_ended()
    every = EventPage.objects.all()
    for code, expected in (("en", 7), ("de", 6), ("ar", 7)):
        locale = Locale.objects.get(language_code=code)
        assert past_count(every, cutoff, locale) == expected
        assert one_per_translation(ended(every, cutoff), locale).count() == expected
        local = every.filter(kind=EventPage.Kind.LOCAL)  # a filter: counted directly
        assert past_count(local, cutoff, locale) == expected
