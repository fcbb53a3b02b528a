"""Issue 10's query budget for the handbook: every handbook page type (the handbook, a chapter, a
practice, the comparison, a city's practices, an edition's pages, the teaser on the home and
city pages), in English and in German (some practices translated, the others stand-ins), runs
at most ``BUDGET`` queries on a warm process and the same number for 10 items as for 50; and
what is cached is never stale."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from handbook.editions import publish_edition
from handbook.models import HandbookEdition, PracticeIndexPage
from handbook.sections import handbook_teaser
from participation.models import Comment
from tests.budget import assert_all_within_budget, cold_and_warm
from tests.factories import (
    HandbookChapterPageFactory,
    PracticePageFactory,
    ThemeFactory,
    add_practice_to_chapter,
    build_handbook,
    translate_page,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


class Handbook:
    """A handbook in English and German: two cities (Sweden, Italy) whose sections exist in
    both languages, the handbook page in both, chapter 1 translated and chapter 2 not. Every
    practice is drawn into both chapters, illustrated and themed; every third is translated
    (the others are stand-ins in German), and so is every other theme."""

    def __init__(self, image):
        built = build_handbook(chapters=2, practices_per_chapter=0, themes=0)
        self.handbook, self.chapters = built.handbook, built.chapters
        self.sections = list(PracticeIndexPage.objects.order_by("path"))
        for section in self.sections:
            translate_page(section.get_parent(), "de")
            translate_page(section, "de")
        translate_page(self.handbook, "de")
        self.german_chapter = translate_page(self.chapters[0], "de", title="Kapitel 1")
        self.image = image
        self.themes: list = []
        self.practices: list = []

    def add_themes(self, count) -> list:
        german = Locale.objects.get(language_code="de")
        themes = []
        for _ in range(count):
            theme = ThemeFactory()
            if len(self.themes) % 2:
                translated = theme.copy_for_translation(german)
                translated.name = f"Thema {len(self.themes)}"
                translated.save()
            self.themes.append(theme)
            themes.append(theme)
        return themes

    def add_practices(self, count, *, section=None, themes=None) -> list:
        """``count`` practices, in ``section`` or alternately in the two cities, each with one
        of ``themes`` in turn (by default, of the themes so far)."""
        themes = themes or self.themes or self.add_themes(1)
        added = []
        for _ in range(count):
            n = len(self.practices)
            practice = PracticePageFactory(
                parent=section or self.sections[n % len(self.sections)],
                title=f"Practice {n:02}",
                slug=f"practice-{n}",
                themes=[themes[n % len(themes)]],
                image=self.image,
                image_alt="A shared kitchen",
            )
            for chapter in (*self.chapters, self.german_chapter):
                add_practice_to_chapter(chapter, practice, n)
            if n % 3 == 0:
                translate_page(practice, "de", title=f"Praxis {n:02}")
            self.practices.append(practice)
            added.append(practice)
        return added

    def open_consultation(self) -> HandbookEdition:
        return publish_edition(
            self.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
        )


@pytest.fixture
def image():
    """One image for every practice: its renditions are made once, before anything is
    measured."""
    return Image.objects.create(title="Kitchen", file=get_test_image_file())


@pytest.fixture
def handbook(image):
    return Handbook(image)


def add_comments(page, count):
    """``count`` published comments on ``page`` (on every language's copy: one thread)."""
    for n in range(count):
        Comment.objects.create(
            page=page,
            thread_key=page.translation_key,
            name=f"Reader {n}",
            text="We tried this too.",
            language=page.locale.language_code,
            status=Comment.Status.APPROVED,
        )


def measure(client, url, add_items):
    return measure_all(client, [url], add_items)[url]


def measure_all(client, urls, add_items):
    """The budget of each of ``urls``, pages that list the same items (built once for all)."""
    for url in urls:
        client.get(url)  # what a running site has made once: settings rows, renditions
    return assert_all_within_budget(client, urls, add_items)


def in_language(url, lang) -> str:
    return url.replace("/en/", f"/{lang}/", 1)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def texts(html, selector) -> list[str]:
    return [" ".join(element.get_text().split()) for element in html.select(selector)]


# The handbook, its comparison, a city's practices -----------------------------------------------


def test_the_handbook_page_stays_within_the_budget(client, handbook):
    """Chapters, editions, the practice listing (filtered and not) and the themes to filter
    by, in both languages."""
    themes = [*handbook.add_themes(9), ThemeFactory(slug="theme-filter")]
    handbook.add_practices(10)
    handbook.open_consultation()

    def add_items():
        for number in range(40):
            HandbookChapterPageFactory(parent=handbook.handbook, title=f"Chapter {number + 3}")
        handbook.add_practices(40, themes=[*themes, *handbook.add_themes(40)])

    queries = ["", "?theme=theme-filter&page=2", "?country=IT"]
    urls = [f"/{lang}/handbook/{query}" for lang in LANGUAGES for query in queries]
    measure_all(client, urls, add_items)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_comparison_stays_within_the_budget(client, handbook, lang):
    """A row per theme, a column per country, a link per practice."""
    handbook.add_themes(10)
    handbook.add_practices(10)

    def add_items():
        handbook.add_practices(40, themes=handbook.add_themes(40))

    measure(client, f"/{lang}/handbook/comparison/", add_items)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citys_practices_stay_within_the_budget(client, handbook, lang):
    section = handbook.sections[0]
    handbook.add_practices(10, section=section)
    measure(
        client,
        in_language(section.url, lang),
        lambda: handbook.add_practices(40, section=section),
    )


# A chapter and a practice, open for consultation -------------------------------------------------


def test_a_chapter_stays_within_the_budget(client, handbook):
    """Its practices (cards with image, city and themes), the chapters before and after it,
    and the comments on it while an edition holding it is open for consultation: the original
    in English, its translation in German, and a chapter not translated (a stand-in) in
    German."""
    handbook.add_practices(10)
    handbook.open_consultation()
    chapters = {
        handbook.chapters[0].url: handbook.chapters[0],
        in_language(handbook.german_chapter.url, "de"): handbook.german_chapter,
        in_language(handbook.chapters[1].url, "de"): handbook.chapters[1],
    }
    for chapter in chapters.values():
        add_comments(chapter, 10)

    def add_items():
        handbook.add_practices(40)
        for chapter in chapters.values():
            add_comments(chapter, 40)

    measure_all(client, list(chapters), add_items)
    for url in chapters:
        html = soup(client.get(url))
        assert len(html.select("#practices .card")) == 50, url
        assert html.select_one("form#comment-form"), url


@pytest.mark.parametrize(
    "lang, which",
    [("en", "original"), ("de", "translation"), ("de", "stand-in")],
)
def test_a_practice_stays_within_the_budget(client, handbook, lang, which):
    """Its themes, its city, and the comments on it while it is open for consultation."""
    handbook.add_themes(10)
    translated, stand_in = handbook.add_practices(2)
    handbook.open_consultation()
    practice = stand_in if which == "stand-in" else translated
    copies = [practice, *practice.get_translations()]
    for page in copies:
        page.themes = handbook.themes[:10]
        page.save_revision().publish()
    add_comments(practice, 10)

    def add_items():
        themes = [*handbook.themes[:10], *handbook.add_themes(40)]
        for page in copies:
            page.themes = themes
            page.save_revision().publish()
        add_comments(practice, 40)

    url = in_language(practice.url, lang)
    measure(client, url, add_items)
    html = soup(client.get(url))
    assert len(html.select(".facts .tags li")) == 50
    assert html.select_one("form#comment-form")


# An edition ---------------------------------------------------------------------------------------


def test_an_editions_pages_stay_within_the_budget(client, handbook):
    """The contents and comparison, a chapter and its practices, a practice, in both
    languages. An edition never changes: the 40 practices more go into an edition published
    again under the same address."""
    handbook.add_themes(10)
    handbook.add_practices(10)
    publish_edition(handbook.handbook, kind=HandbookEdition.Kind.EDITION)

    def add_items():
        handbook.add_practices(40, themes=handbook.add_themes(40))
        HandbookEdition.objects.all().delete()
        publish_edition(handbook.handbook, kind=HandbookEdition.Kind.EDITION)

    paths = ["", "1/", "1/1/"]
    urls = [f"/{lang}/handbook/editions/edition-1/{path}" for lang in LANGUAGES for path in paths]
    measure_all(client, urls, add_items)


# The teaser on the home and city pages ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("where", ["home", "city"])
def test_the_handbook_teaser_costs_no_query_on_a_warm_process(client, handbook, lang, where):
    handbook.add_practices(10)
    city = handbook.sections[0].get_parent().specific
    if where == "city" and lang == "de":
        city = city.get_translation(Locale.objects.get(language_code="de"))
    request = RequestFactory().get("/", HTTP_HOST="testserver")

    def teaser_queries():
        with translation.override(lang):
            locale = Locale.get_active()
            handbook_teaser(request, locale, city if where == "city" else None)
            with CaptureQueriesContext(connection) as captured:
                teaser = handbook_teaser(request, locale, city if where == "city" else None)
        assert teaser is not None
        return len(captured)

    assert teaser_queries() == 0
    url = f"/{lang}/" if where == "home" else in_language(city.url, lang)
    measure(client, url, lambda: handbook.add_practices(40))
    assert teaser_queries() == 0


# Never stale --------------------------------------------------------------------------------------


def test_a_republished_practice_shows_its_new_title_on_every_cached_page(client, handbook):
    handbook.add_themes(2)
    _translated, practice, _other = handbook.add_practices(3)  # the second: English only
    pages = {
        "chapter": handbook.chapters[0].url,
        "stand-in chapter": in_language(handbook.chapters[1].url, "de"),
        "handbook": "/en/handbook/",
        "comparison": "/en/handbook/comparison/",
        "city": practice.get_parent().get_parent().url,
    }
    for url in pages.values():
        assert "Practice 01" in texts(soup(client.get(url)), "a")
        cold_and_warm(client, url)

    practice.title = "A kitchen for everyone"
    practice.save_revision().publish()

    for name, url in pages.items():
        links = texts(soup(client.get(url)), "a")
        assert "A kitchen for everyone" in links, name
        assert "Practice 01" not in links, name


def test_closing_the_consultation_closes_the_cached_chapter(client, handbook):
    handbook.add_practices(2)
    edition = handbook.open_consultation()
    url = handbook.chapters[0].url
    assert soup(client.get(url)).select_one("form#comment-form")
    assert soup(client.get(url)).select_one(".notice")

    edition.set_consultation(False)
    edition.save()

    html = soup(client.get(url))
    assert html.select_one("form#comment-form") is None
    assert html.select_one(".notice") is None


def test_readers_in_two_languages_each_get_their_own_cached_chapter(client, handbook):
    handbook.add_practices(4)
    english = texts(soup(client.get(handbook.chapters[1].url)), "#practices .card__title")
    german = texts(
        soup(client.get(in_language(handbook.chapters[1].url, "de"))), "#practices .card__title"
    )
    assert english == ["Practice 00", "Practice 01", "Practice 02", "Practice 03"]
    assert german == ["Praxis 00", "Practice 01", "Practice 02", "Praxis 03"]
