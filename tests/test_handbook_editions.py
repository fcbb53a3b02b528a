"""Editions of the handbook: publishing pins the exact revision of every chapter and practice;
an edition keeps reading the same while the live handbook moves on, in every language."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from handbook.editions import EditionReader, publish_edition
from handbook.models import EditionEntry, HandbookEdition
from tests.factories import (
    HandbookChapterPageFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    add_practice_to_chapter,
    build_handbook,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

EDITION = HandbookEdition.Kind.EDITION
CONSULTATION = HandbookEdition.Kind.CONSULTATION


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def title_of(page: BeautifulSoup) -> str:
    """The page's h1 without its eyebrow ("Chapter 2", "Practice 1.1")."""
    h1 = page.h1
    for eyebrow in h1.select(".eyebrow"):
        eyebrow.extract()
    return h1.get_text(strip=True)


def republish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_publishing_pins_every_chapter_and_practice_in_order():
    built = build_handbook(chapters=2, practices_per_chapter=3)
    edition = publish_edition(built.handbook, kind=EDITION)
    positions = list(edition.entries.values_list("chapter_number", "practice_number", "title"))
    assert positions == [
        (1, 0, "Chapter 1"),
        (1, 1, "Practice 1"),
        (1, 2, "Practice 2"),
        (1, 3, "Practice 3"),
        (2, 0, "Chapter 2"),
        (2, 1, "Practice 4"),
        (2, 2, "Practice 5"),
        (2, 3, "Practice 6"),
    ]
    assert edition.slug == "edition-1"
    assert all(entry.revision_id for entry in EditionEntry.objects.all())
    reader = EditionReader(edition, Locale.get_default())
    assert [c.title for c in reader.chapters] == ["Chapter 1", "Chapter 2"]
    reader.everything()
    assert reader.chapters[0].practices[0].page.problem == built.practices[0].problem


def test_each_kind_is_numbered_on_its_own():
    built = build_handbook(chapters=1, practices_per_chapter=1)
    slugs = [
        publish_edition(built.handbook, kind=kind).slug
        for kind in (CONSULTATION, CONSULTATION, EDITION)
    ]
    assert slugs == ["consultation-draft-1", "consultation-draft-2", "edition-1"]


def test_an_edition_pins_the_published_text_not_a_later_draft():
    built = build_handbook(chapters=1, practices_per_chapter=1)
    practice = republish(built.practices[0], problem="<p>Published problem.</p>")
    practice.problem = "<p>Draft problem, not yet published.</p>"
    draft = practice.save_revision()
    edition = publish_edition(built.handbook, kind=EDITION)
    entry = edition.entries.get(practice_number=1)
    assert entry.content["problem"] == "<p>Published problem.</p>"
    practice.refresh_from_db()
    assert practice.latest_revision_id == draft.pk  # the editor's draft is untouched


def test_a_page_published_without_a_revision_gets_one_without_losing_its_draft():
    built = build_handbook(chapters=1, practices_per_chapter=1)
    practice = built.practices[0]  # made by a factory: live, no revision at all
    assert practice.live_revision_id is None
    edition = publish_edition(built.handbook, kind=EDITION)
    entry = edition.entries.get(practice_number=1)
    assert entry.revision.content["title"] == practice.title
    practice.refresh_from_db()
    assert practice.latest_revision_id is None


def test_an_edition_keeps_its_text_after_the_live_practice_changes(client):
    built = build_handbook(chapters=1, practices_per_chapter=2)
    republish(built.practices[0], problem="<p>Nobody knew their neighbours.</p>")
    publish_edition(built.handbook, kind=EDITION)
    republish(built.practices[0], problem="<p>Newer figures from 2027.</p>")
    publish_edition(built.handbook, kind=EDITION)

    first = soup(client.get("/en/handbook/editions/edition-1/1/1/")).get_text()
    second = soup(client.get("/en/handbook/editions/edition-2/1/1/")).get_text()
    live = soup(client.get(built.practices[0].url)).get_text()
    assert "Nobody knew their neighbours." in first
    assert "Newer figures from 2027." not in first
    assert "Newer figures from 2027." in second
    assert "Newer figures from 2027." in live


def test_an_edition_still_reads_after_a_practice_is_deleted(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    publish_edition(built.handbook, kind=EDITION)
    built.practices[0].delete()
    page = soup(client.get("/en/handbook/editions/edition-1/1/1/"))
    assert title_of(page) == "Practice 1"
    assert "Neighbours did not know each other." in page.get_text()


def test_only_live_chapters_and_practices_are_pinned():
    built = build_handbook(chapters=2, practices_per_chapter=2)
    built.chapters[1].unpublish()
    built.practices[1].unpublish()
    edition = publish_edition(built.handbook, kind=EDITION)
    assert list(edition.entries.values_list("title", flat=True)) == ["Chapter 1", "Practice 1"]


def test_the_edition_page_lists_the_contents_and_links_each_piece(client):
    built = build_handbook(chapters=2, practices_per_chapter=2)
    publish_edition(built.handbook, kind=CONSULTATION, consultation_open=True)
    page = soup(client.get("/en/handbook/editions/consultation-draft-1/"))
    contents = page.find("nav", attrs={"aria-labelledby": "contents-heading"})
    links = [(a.get_text(strip=True), a["href"]) for a in contents.find_all("a")]
    assert links == [
        ("Chapter 1", "/en/handbook/editions/consultation-draft-1/1/"),
        ("Practice 1", "/en/handbook/editions/consultation-draft-1/1/1/"),
        ("Practice 2", "/en/handbook/editions/consultation-draft-1/1/2/"),
        ("Chapter 2", "/en/handbook/editions/consultation-draft-1/2/"),
        ("Practice 3", "/en/handbook/editions/consultation-draft-1/2/1/"),
        ("Practice 4", "/en/handbook/editions/consultation-draft-1/2/2/"),
    ]
    assert "open for consultation" in page.get_text()
    pdf = page.find("a", attrs={"type": "application/pdf"})
    assert pdf["href"] == "/en/handbook/editions/consultation-draft-1/pdf/"


def test_a_chapter_of_an_edition_has_its_practices_and_neighbours(client):
    built = build_handbook(chapters=3, practices_per_chapter=2)
    publish_edition(built.handbook, kind=EDITION)
    page = soup(client.get("/en/handbook/editions/edition-1/2/"))
    assert title_of(page) == "Chapter 2"
    titles = [h.get_text(strip=True) for h in page.select("#practices h3")]
    assert titles == ["2.1 Practice 3", "2.2 Practice 4"]
    assert page.find("a", rel="prev")["href"] == "/en/handbook/editions/edition-1/1/"
    assert page.find("a", rel="next")["href"] == "/en/handbook/editions/edition-1/3/"
    assert page.find("link", rel="canonical")["href"].endswith("/en/handbook/editions/edition-1/2/")


def test_a_chapter_without_practices_reads(client):
    built = build_handbook(chapters=1, practices_per_chapter=0)
    publish_edition(built.handbook, kind=EDITION)
    page = soup(client.get("/en/handbook/editions/edition-1/1/"))
    assert "This chapter draws in no practices." in page.get_text()


@pytest.mark.parametrize(
    "path",
    [
        "editions/no-such-edition/",
        "editions/edition-1/9/",
        "editions/edition-1/1/9/",
        "editions/edition-1/9/1/",
        "editions/edition-1/0/",
    ],
)
def test_what_an_edition_does_not_hold_is_not_found(client, path):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    publish_edition(built.handbook, kind=EDITION)
    assert client.get(f"/en/handbook/{path}").status_code == 404


def arabic_handbook():
    """A handbook whose chapter and first practice are translated into Arabic; the second
    practice is not."""
    built = build_handbook(chapters=1, practices_per_chapter=2, countries=("SE",))
    translate_tree(_tree_of(built.practices[0]), "ar")
    translate_page(built.handbook, "ar", title="الدليل")
    translate_page(built.chapters[0], "ar", title="أماكن اللقاء")
    translate_page(built.practices[0], "ar", title="مقاهي اللغة")
    return built


def _tree_of(practice) -> dict:
    section = practice.get_parent()
    city = section.get_parent()
    children = {type(child.specific).__name__: child.specific for child in city.get_children()}
    return {
        "city": city.specific,
        "stories": children["StoryIndexPage"],
        "events": children["EventIndexPage"],
        "practices": section.specific,
    }


def test_an_edition_reads_in_arabic_with_untranslated_practices_marked(client):
    built = arabic_handbook()
    publish_edition(built.handbook, kind=EDITION)
    page = soup(client.get("/ar/handbook/editions/edition-1/1/"))
    assert page.html["dir"] == "rtl"
    assert title_of(page) == "أماكن اللقاء"
    cards = page.select("#practices h3 a")
    assert cards[0].get_text(strip=True).endswith("مقاهي اللغة")
    assert not cards[0].has_attr("lang")
    assert cards[1]["lang"] == "en" and cards[1]["dir"] == "ltr"

    stand_in = soup(client.get("/ar/handbook/editions/edition-1/1/2/"))
    assert stand_in.find(class_="stand-in-notice")
    assert stand_in.find("h1").find_parent(attrs={"lang": "en"})


def test_an_edition_with_nothing_in_the_readers_language_offers_the_original_pdf(client):
    built = build_handbook(chapters=1, practices_per_chapter=1)
    publish_edition(built.handbook, kind=EDITION)
    page = soup(client.get("/sv/handbook/editions/edition-1/"))
    pdf = page.find("a", attrs={"type": "application/pdf"})
    assert pdf["href"] == "/en/handbook/editions/edition-1/pdf/"
    assert pdf["hreflang"] == "en"


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["", "1/", "1/1/"])
def test_edition_pages_cost_the_same_queries_for_10_and_50_practices(client, path):
    built = build_handbook(chapters=1, practices_per_chapter=10)
    publish_edition(built.handbook, kind=EDITION)
    section = built.practices[0].get_parent()
    for position in range(10, 50):
        practice = PracticePageFactory(parent=section, themes=built.themes[:1])
        add_practice_to_chapter(built.chapters[0], practice, position)
    publish_edition(built.handbook, kind=EDITION)
    counts = []
    for slug in ("edition-1", "edition-2"):
        url = f"/en/handbook/editions/{slug}/{path}"
        queries_for(client, url)  # warm caches (site root paths, content types)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1], counts


def test_the_chapters_order_of_practices_is_kept():
    built = build_handbook(chapters=1, practices_per_chapter=0)
    second = HandbookChapterPageFactory(parent=built.handbook, title="Second")
    section = PracticeIndexPageFactory()
    add_practice_to_chapter(second, PracticePageFactory(parent=section, title="B"), 0)
    add_practice_to_chapter(second, PracticePageFactory(parent=section, title="A"), 1)
    edition = publish_edition(built.handbook, kind=EDITION)
    titles = edition.entries.filter(chapter_number=2).values_list("title", flat=True)
    assert list(titles) == ["Second", "B", "A"]
