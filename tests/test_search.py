"""Site search: the active locale's pages only, in any script, with filters, and a normal page
for any query at all. Pages are indexed by Wagtail's signal handlers when they are saved."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from search.forms import MAX_QUERY_LENGTH, SearchForm
from tests.budget import assert_within_budget
from tests.factories import (
    EventPageFactory,
    HandbookChapterPageFactory,
    PracticePageFactory,
    StandardPageFactory,
    StoryPageFactory,
    ThemeFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db


def search(client, language, **params):
    response = client.get(f"/{language}/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(html) -> list[str]:
    return [a.get_text(strip=True) for a in html.select(".results .card__title a")]


def themed(page, *themes):
    """Parental many-to-many links are written when the page is saved."""
    page.themes.add(*themes)
    page.save()
    return page


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def malmo():
    return city_tree()


def test_finds_a_story_by_a_word_in_its_body_in_its_own_language_only(client, malmo):
    translate_tree(malmo, "sv")
    StoryPageFactory(
        parent=malmo["stories"], title="The reading room", body=paragraph("A quiet bookshelf.")
    )

    found = search(client, "en", q="bookshelf")
    assert titles(found) == ["The reading room"]
    # Untranslated, it is not found in Swedish: search covers the active locale only.
    assert titles(search(client, "sv", q="bookshelf")) == []


@pytest.mark.parametrize(
    ("language", "title", "word", "body"),
    [
        ("sv", "Läsrummet", "biblioteket", "Vi träffas i biblioteket varje torsdag."),
        ("ar", "غرفة القراءة", "المكتبة", "نلتقي في المكتبة كل يوم خميس."),
    ],
)
def test_finds_swedish_and_arabic_stories_by_their_own_words(
    client, malmo, language, title, word, body
):
    translated = translate_tree(malmo, language)
    story = StoryPageFactory(parent=malmo["stories"], title="The reading room")
    translate_page(story, language, title=title, lead=body, body=paragraph(body))

    html = search(client, language, q=word)
    assert titles(html) == [title]
    assert html.select_one(".card__text mark").get_text() == word
    assert html.select_one(".card__title a")["href"].startswith(f"/{language}/")
    assert titles(search(client, "en", q=word)) == []
    assert translated["city"].title in html.select_one(".card__meta").get_text()


def test_only_the_listed_page_types_are_searched_and_the_type_filter_narrows(client, malmo):
    StoryPageFactory(parent=malmo["stories"], title="Harbour story", lead="harbour")
    EventPageFactory(parent=malmo["events"], title="Harbour event", lead="harbour")
    PracticePageFactory(parent=malmo["practices"], title="Harbour practice", summary="harbour")
    HandbookChapterPageFactory(title="Harbour chapter", introduction="<p>harbour</p>")
    StandardPageFactory(title="Harbour page", intro="harbour")
    malmo["city"].intro = "<p>harbour</p>"
    malmo["city"].save_revision().publish()

    everything = titles(search(client, "en", q="harbour"))
    assert sorted(everything) == [
        "Harbour chapter",
        "Harbour event",
        "Harbour page",
        "Harbour practice",
        "Harbour story",
    ]
    assert titles(search(client, "en", q="harbour", type="event")) == ["Harbour event"]
    assert titles(search(client, "en", q="harbour", type="chapter")) == ["Harbour chapter"]
    unknown = titles(search(client, "en", q="harbour", type="nonsense"))
    assert sorted(unknown) == sorted(everything)


def test_city_and_theme_filters(client, malmo):
    bologna = city_tree("Bologna", "bologna", country="IT")
    garden, food = ThemeFactory(name="Gardens"), ThemeFactory(name="Food")
    themed(
        StoryPageFactory(parent=malmo["stories"], title="Malmö garden", lead="allotment"), garden
    )
    StoryPageFactory(parent=bologna["stories"], title="Bologna garden", lead="allotment")
    kitchen = PracticePageFactory(
        parent=bologna["practices"], title="Bologna kitchen", summary="allotment"
    )
    themed(kitchen, food)

    assert titles(search(client, "en", q="allotment", city="malmo")) == ["Malmö garden"]
    assert sorted(titles(search(client, "en", q="allotment", city="bologna"))) == [
        "Bologna garden",
        "Bologna kitchen",
    ]
    assert titles(search(client, "en", q="allotment", theme=garden.slug)) == ["Malmö garden"]
    assert titles(search(client, "en", q="allotment", theme=food.slug)) == ["Bologna kitchen"]
    assert len(titles(search(client, "en", q="allotment", city="atlantis", theme="x"))) == 3


def test_results_are_paginated_as_a_list_with_a_count(client, malmo):
    for n in range(15):
        StoryPageFactory(parent=malmo["stories"], title=f"Tram {n}", lead="tram")

    first = search(client, "en", q="tram")
    assert len(first.select(".results ul.cards > li")) == 12
    assert "15" in first.select_one(".results__count").get_text()
    assert "15" in first.title.get_text()
    assert first.select_one("nav.pagination a[rel=next]")["href"] == "?q=tram&page=2"
    second = search(client, "en", q="tram", page=2)
    assert len(second.select(".results ul.cards > li")) == 3
    assert not set(titles(first)) & set(titles(second))


def test_results_are_counted_up_to_a_limit_and_paged_through_as_ranked(client, malmo, monkeypatch):
    """Past the limit the count says "more than", the pages hold the best-ranked results up to
    it, and the count asks the database for no more than one match past it."""
    monkeypatch.setattr("search.views.COUNT_LIMIT", 13)
    for n in range(15):
        StoryPageFactory(parent=malmo["stories"], title=f"Ferry {n}", lead="ferry " * (1 + n))

    with CaptureQueriesContext(connection) as captured:
        first = search(client, "en", q="ferry")
    counts = [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 14" in counts[0]
    assert "More than 13 results" in first.select_one(".results__count").get_text()
    assert "More than 13 results for “ferry”" in first.title.get_text()
    second = search(client, "en", q="ferry", page=2)
    assert titles(search(client, "en", q="ferry", page=3)) == titles(second)  # the last page
    ranked = SearchForm({"q": "ferry"}, locale=Locale.get_default()).search()
    assert titles(first) + titles(second) == [page.title for page in ranked[:13]]
    monkeypatch.setattr("search.views.COUNT_LIMIT", 15)
    html = search(client, "en", q="ferry", type="story")  # another key: counted afresh
    assert html.select_one(".results__count").get_text(strip=True) == "15 results"


def test_the_search_field_is_labelled_and_result_pages_are_not_indexed(client):
    html = search(client, "ar", q="")
    field = html.select_one("form[role=search] input[type=search][name=q]")
    assert html.select_one(f"label[for={field['id']}]").get_text(strip=True)
    assert html.select_one("meta[name=robots]")["content"] == "noindex"
    assert html.html["dir"] == "rtl"
    assert [a["href"] for a in html.select("nav.languages a")][:2] == ["/en/search/", "/sv/search/"]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "%$#@!", "'\"*:()&|!<>", "a" * 2000, "word " * 400, "\x00", "NOT OR AND -"],
)
def test_any_query_gives_a_normal_page(client, malmo, query):
    StoryPageFactory(parent=malmo["stories"], title="Anything", lead="word")
    html = search(client, "en", q=query)
    assert html.select_one("h1")
    assert html.select_one(".results, .empty")
    if len(query) > MAX_QUERY_LENGTH:
        assert html.select_one(".notice")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_page_of_results_costs_the_same_queries_for_10_or_50_matches(client, malmo):
    theme = ThemeFactory()

    def make(start, count):
        for n in range(start, start + count):
            factory, section = [(StoryPageFactory, "stories"), (EventPageFactory, "events")][n % 2]
            themed(factory(parent=malmo[section], title=f"Bridge {n}", lead="bridge"), theme)

    make(0, 10)
    assert_within_budget(client, "/en/search/?q=bridge", lambda: make(10, 40))
