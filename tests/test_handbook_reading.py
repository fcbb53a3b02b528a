"""Reading the handbook: the comparison across countries, the practice filters, the editions and
their PDF, comments while an edition is open for consultation, printing, and what each page
costs in queries."""

from pathlib import Path

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from handbook.editions import publish_edition
from handbook.models import HandbookEdition, PracticeIndexPage
from participation.protection import sign_start_time
from tests.factories import (
    PracticePageFactory,
    add_practice_to_chapter,
    build_handbook,
    translate_page,
)

pytestmark = pytest.mark.django_db

HANDBOOK_URL = "/en/handbook/"
COMPARISON_URL = "/en/handbook/comparison/"
SAME_ORIGIN = {"Origin": "http://testserver"}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


def result_titles(html) -> list[str]:
    return [text(a) for a in html.select(".results .card__title a")]


def comment_url(page) -> str:
    with translation.override("en"):
        return reverse("participation:comment", args=[page.pk])


def comment_data() -> dict:
    return {
        "name": "Amina",
        "email": "amina@example.org",
        "text": "We tried this in Gdańsk too.",
        "consent": "on",
        "website": "",
        "started": sign_start_time(),
    }


# The comparison across countries -----------------------------------------------------------------


def test_comparison_table_has_a_header_per_country_and_theme_and_links_each_practice(client):
    built = build_handbook(chapters=1, practices_per_chapter=5, countries=("SE", "IT"), themes=2)
    expected: dict = {}
    for practice in built.practices:
        country = practice.get_parent().get_parent().specific.country.name
        for theme in practice.themes.all():
            expected.setdefault((theme.name, str(country)), set()).add(practice.url)

    html = soup(client.get(COMPARISON_URL))
    region = html.select_one('[role="region"]')
    caption = region.select_one("table caption")
    assert region["tabindex"] == "0"
    assert region["aria-labelledby"] == caption["id"]
    countries = [text(th) for th in html.select('thead th[scope="col"]')][1:]
    assert countries == ["Italy", "Sweden"]
    rows = html.select("tbody tr")
    assert [text(row.select_one('th[scope="row"]')) for row in rows] == sorted(
        t.name for t in built.themes
    )
    empty = 0
    for row in rows:
        theme = text(row.select_one('th[scope="row"]'))
        for country, cell in zip(countries, row.select("td"), strict=True):
            links = {a["href"] for a in cell.select("a")}
            assert links == expected.get((theme, country), set())
            if not links:
                empty += 1
                assert text(cell.select_one(".visually-hidden")) == "No practice"
    assert empty == 2  # with two countries and two themes in turn, each theme has one country
    assert html.find("a", href=f"{HANDBOOK_URL}#practices")


def test_comparison_marks_practices_shown_in_their_original_language(client):
    built = build_handbook(chapters=1, practices_per_chapter=2, countries=("SE",), themes=1)
    original, translated = built.practices
    section = original.get_parent()
    translate_page(section.get_parent(), "de")
    translate_page(section, "de")
    translate_page(translated, "de", title="Praxis 2")

    html = soup(client.get("/de/handbook/comparison/"))
    links = {text(a): a for a in html.select("tbody td a")}
    assert set(links) == {"Practice 1", "Praxis 2"}
    assert (links["Practice 1"]["lang"], links["Practice 1"]["dir"]) == ("en", "ltr")
    assert links["Practice 1"]["href"].startswith("/de/")
    assert not links["Praxis 2"].has_attr("lang")


def test_comparison_without_themed_practices_says_so(client):
    build_handbook(chapters=1, practices_per_chapter=2, themes=0)
    html = soup(client.get(COMPARISON_URL))
    assert html.find("table") is None
    assert "nothing to compare" in text(html.select_one(".empty"))
    assert html.find("a", href=HANDBOOK_URL)


# The handbook page -------------------------------------------------------------------------------


def test_practices_filter_by_theme_and_by_country(client):
    built = build_handbook(chapters=1, practices_per_chapter=4, countries=("SE", "IT"), themes=2)
    first_theme = built.themes[0].slug
    html = soup(client.get(HANDBOOK_URL))
    assert html.find("a", href=f"{HANDBOOK_URL}comparison/")
    for name in ("theme", "country", "city"):
        assert html.select_one(f'form.filters select[name="{name}"]')
    assert result_titles(html) == [f"Practice {n}" for n in range(1, 5)]

    html = soup(client.get(HANDBOOK_URL, {"theme": first_theme}))
    assert result_titles(html) == ["Practice 1", "Practice 3"]
    html = soup(client.get(HANDBOOK_URL, {"country": "IT"}))
    assert result_titles(html) == ["Practice 2", "Practice 4"]
    html = soup(client.get(HANDBOOK_URL, {"country": "IT", "theme": first_theme}))
    assert result_titles(html) == []
    assert html.select_one(".results .empty")


def test_an_unknown_country_is_ignored(client):
    built = build_handbook(chapters=1, practices_per_chapter=4, countries=("SE", "IT"), themes=2)
    html = soup(client.get(HANDBOOK_URL, {"country": "XX"}))
    assert result_titles(html) == [f"Practice {n}" for n in range(1, 5)]
    html = soup(client.get(HANDBOOK_URL, {"country": "<b>", "theme": built.themes[1].slug}))
    assert result_titles(html) == ["Practice 2", "Practice 4"]


def test_handbook_page_lists_the_editions_and_links_the_newest_pdf(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    edition = publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)
    draft = publish_edition(
        built.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
    )

    html = soup(client.get(HANDBOOK_URL))
    items = html.select("#editions li")
    assert [item.a["href"] for item in items] == [
        f"{HANDBOOK_URL}editions/{draft.slug}/",
        f"{HANDBOOK_URL}editions/{edition.slug}/",
    ]
    assert [text(item.a) for item in items] == [draft.label, edition.label]
    assert "Open for comments" in text(items[0])
    assert "Open for comments" not in text(items[1])
    assert items[0].find("time")["datetime"] == draft.published_at.strftime("%Y-%m-%d")
    pdf = html.select_one('#editions a[type="application/pdf"]')
    assert pdf["href"] == f"{HANDBOOK_URL}editions/{draft.slug}/pdf/"
    assert text(pdf) == "Download the handbook (PDF)"
    assert not pdf.has_attr("hreflang")


def test_a_pdf_in_another_language_says_which(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    edition = publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)
    html = soup(client.get("/de/handbook/"))
    pdf = html.select_one('#editions a[type="application/pdf"]')
    assert pdf["href"] == f"{HANDBOOK_URL}editions/{edition.slug}/pdf/"
    assert pdf["hreflang"] == "en"
    assert "Englisch" in text(html.select_one("#editions"))


def test_handbook_without_editions_has_no_editions_section(client):
    build_handbook(chapters=1, practices_per_chapter=1)
    html = soup(client.get(HANDBOOK_URL))
    assert html.select_one("#editions") is None


# Chapters and practices open for consultation -----------------------------------------------------


@pytest.mark.parametrize("kind", ["chapter", "practice"])
def test_comments_while_an_edition_holding_the_page_is_open(client, kind):
    built = build_handbook(chapters=1, practices_per_chapter=2)
    page = built.chapters[0] if kind == "chapter" else built.practices[0]

    def shown():
        html = soup(client.get(page.url))
        notice = html.select_one(".notice")
        form = html.select_one("form#comment-form")
        return (notice and text(notice)), form

    assert shown() == (None, None)
    assert client.post(comment_url(page), comment_data(), headers=SAME_ORIGIN).status_code == 404

    edition = publish_edition(
        built.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
    )
    notice, form = shown()
    opening = f"This {kind} is part of {edition.label}, open for consultation:"
    assert notice == f"{opening} tell us what you think below."
    assert form["action"] == comment_url(page)
    assert client.post(comment_url(page), comment_data(), headers=SAME_ORIGIN).status_code == 303

    edition.set_consultation(False)
    edition.save()
    assert shown() == (None, None)
    assert client.post(comment_url(page), comment_data(), headers=SAME_ORIGIN).status_code == 404


def test_a_practice_outside_the_open_edition_takes_no_comments(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    publish_edition(built.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True)
    later = PracticePageFactory(parent=built.practices[0].get_parent(), title="Later")
    html = soup(client.get(later.url))
    assert html.select_one("form#comment-form") is None
    assert client.post(comment_url(later), comment_data(), headers=SAME_ORIGIN).status_code == 404


def test_practice_page_shows_the_whole_structure_and_the_contact(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    practice = built.practices[0]
    practice.contact = "Ana Lind, coordinator\nana@example.org"
    practice.save()
    html = soup(client.get(practice.url))
    assert [text(h) for h in html.select(".prose h2")] == [
        "The problem",
        "The approach",
        "Who was involved",
        "Results and evidence",
        "Cost and effort",
        "What to watch out for",
        "Contact",
    ]
    assert html.select_one('#contact a[href="mailto:ana@example.org"]')
    assert text(html.select_one(".facts")).startswith("City City SE Country Sweden")


def test_a_chapter_without_practices_renders(client):
    built = build_handbook(chapters=1, practices_per_chapter=0)
    html = soup(client.get(built.chapters[0].url))
    assert html.select_one("#practices") is None
    assert html.select_one("h1")


@pytest.mark.parametrize("slug", ["comparison", "editions"])
def test_chapter_slugs_of_the_handbook_routes_are_refused(slug):
    chapter = build_handbook(chapters=1, practices_per_chapter=0).chapters[0]
    chapter.clean()
    chapter.slug = slug
    with pytest.raises(ValidationError) as error:
        chapter.clean()
    assert "slug" in error.value.message_dict


# Printing ----------------------------------------------------------------------------------------


def test_pages_link_a_small_print_stylesheet(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    html = soup(client.get(built.chapters[0].url))
    link = html.select_one('link[rel="stylesheet"][media="print"]')
    assert link["href"].endswith("css/print.css")
    stylesheet = Path(settings.BASE_DIR, "static", "css", "print.css")
    assert stylesheet.stat().st_size < 2048
    assert 'a[href^="http"]::after' in stylesheet.read_text()


# Queries --------------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    """The queries of a request for ``url`` after a first one has made the renditions, with the
    cache emptied so that renditions are read from the database, as on a cold server."""
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_practices(built, sections, count):
    """``count`` more practices, each with its own image, spread over the cities, themes and
    chapters like ``build_handbook``'s; every third translated into German."""
    for _ in range(count):
        index = len(built.practices)
        practice = PracticePageFactory(
            parent=sections[index % len(sections)],
            title=f"Practice {index + 1:02}",
            themes=[built.themes[index % len(built.themes)]],
            image=wagtail_factories.ImageFactory(),
            image_alt="A shared kitchen",
        )
        add_practice_to_chapter(built.chapters[index % len(built.chapters)], practice, index)
        if index % 3 == 0:
            translate_page(practice, "de", title=f"Praxis {index + 1:02}")
        built.practices.append(practice)


@pytest.mark.parametrize("which", ["handbook", "chapter", "practice", "comparison"])
def test_pages_cost_the_same_queries_with_10_or_50_practices(client, which):
    """German reader, English handbook: every page mixes translations and stand-ins."""
    built = build_handbook(chapters=2, practices_per_chapter=0, countries=("SE", "IT"), themes=2)
    sections = list(PracticeIndexPage.objects.order_by("path"))
    for section in sections:
        translate_page(section.get_parent(), "de")
        translate_page(section, "de")
    add_practices(built, sections, 10)
    publish_edition(built.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True)
    url = {
        "handbook": "/de/handbook/",
        "chapter": built.chapters[0].url.replace("/en/", "/de/", 1),
        "practice": built.practices[1].url.replace("/en/", "/de/", 1),
        "comparison": "/de/handbook/comparison/",
    }[which]

    ten = count_queries(client, url)
    add_practices(built, sections, 40)
    fifty = count_queries(client, url)
    print(f"{which}: {ten} queries with 10 practices, {fifty} with 50")
    assert fifty == ten
