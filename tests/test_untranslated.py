"""How content behaves where it is not translated (docs/decisions.md, "Untranslated content").

A visitor to /de/ never meets a 404 for content that exists in another language: the original
is served under the German URL, marked with its language; listings show each item once; the
stand-in stays out of hreflang; the language switcher only links to pages that answer.
"""

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    StoriesPageFactory,
    StoryPageFactory,
    city_tree,
    home_page,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    en = city_tree()
    de = translate_tree(en, "de")
    sv = translate_tree(en, "sv")
    listing = StoriesPageFactory()
    translate_page(listing, "de")
    only_english = StoryPageFactory(parent=en["stories"], title="The language café", slug="cafe")
    translated = StoryPageFactory(parent=en["stories"], title="The kitchen", slug="kitchen")
    german = translate_page(translated, "de", title="Die Küche", slug="kueche")
    swedish_original = StoryPageFactory(
        parent=sv["stories"],
        title="Fotbollslaget",
        slug="fotboll",
        lead="Vi spelar varje tisdag.",
        original_language="sv",
    )
    return {
        "en": en,
        "de": de,
        "only_english": only_english,
        "translated": translated,
        "german": german,
        "swedish_original": swedish_original,
    }


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_an_english_only_story_is_served_under_the_german_url_marked_as_english(client, network):
    response = client.get("/de/malmo/stories/cafe/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "de"
    assert html.find(attrs={"lang": "en"}, string=re.compile("The language café")) or html.select(
        '[lang="en"] h1'
    )
    assert html.select_one("[data-stand-in-notice], .stand-in-notice") is not None
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith("/en/malmo/stories/cafe/")
    assert html.select('link[rel="alternate"][hreflang]') == []


def test_a_swedish_original_is_reachable_from_german_and_english(client, network):
    for prefix in ("de", "en"):
        response = client.get(f"/{prefix}/malmo/stories/fotboll/")
        assert response.status_code == 200, prefix
        assert soup(response).select('[lang="sv"]'), prefix


def test_a_translated_story_is_served_in_german_and_the_source_slug_redirects(client, network):
    response = client.get("/de/malmo/stories/kueche/")
    assert response.status_code == 200
    assert "Die Küche" in response.content.decode()
    assert soup(response).select_one("[data-stand-in-notice], .stand-in-notice") is None
    redirect = client.get("/de/malmo/stories/kitchen/")
    assert redirect.status_code == 302
    assert redirect["Location"].endswith("/de/malmo/stories/kueche/")


def test_translated_pages_advertise_each_other_with_hreflang(client, network):
    html = soup(client.get("/de/malmo/stories/kueche/"))
    alternates = {
        link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')
    }
    assert alternates["en"].endswith("/en/malmo/stories/kitchen/")
    assert alternates["de"].endswith("/de/malmo/stories/kueche/")
    assert "sv" not in alternates


def test_unknown_content_is_still_a_404(client, network):
    assert client.get("/de/malmo/stories/no-such-story/").status_code == 404
    assert client.get("/de/no-such-city/stories/").status_code == 404


def story_links(response):
    return [
        a["href"]
        for a in soup(response).select("main a[href]")
        if "/stories/" in a["href"] and a["href"].rstrip("/").count("/") >= 4
    ]


def test_the_german_listing_shows_each_story_once_preferring_german(client, network):
    response = client.get("/de/stories/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Die Küche" in text
    assert "The kitchen" not in text
    assert text.count("The language café") == 1
    links = set(story_links(response))
    assert {
        "/de/malmo/stories/cafe/",
        "/de/malmo/stories/kueche/",
        "/de/malmo/stories/fotboll/",
    } <= links
    marked = soup(response).select('[lang="en"], [lang="sv"]')
    assert any("The language café" in el.get_text() for el in marked)
    assert any("Fotbollslaget" in el.get_text() for el in marked)


def switcher_links(response):
    return {
        a["hreflang"]: a["href"]
        for a in soup(response).select("a[hreflang]")
        if not a.find_parent("head")
    }


@pytest.mark.parametrize(
    "url", ["/en/malmo/stories/cafe/", "/de/malmo/stories/kueche/", "/sv/stories/"]
)
def test_every_language_switcher_link_answers(client, network, url):
    response = client.get(url)
    assert response.status_code == 200
    links = switcher_links(response)
    assert set(links) == {"en", "sv", "de", "it", "es", "el", "pl", "ar"}
    for code, href in links.items():
        assert client.get(href, follow=True).status_code == 200, (code, href)


def test_the_switcher_never_offers_a_draft_translation(client, network):
    translate_page(network["only_english"], "sv", publish=False, title="Språkkaféet")
    links = switcher_links(client.get("/en/malmo/stories/cafe/"))
    assert links["sv"].endswith("/sv/malmo/stories/cafe/")
    response = client.get(links["sv"])
    assert response.status_code == 200
    text = response.content.decode()
    assert "Språkkaféet" not in text
    assert "The language café" in text
    assert soup(response).select_one("[data-stand-in-notice], .stand-in-notice") is not None


def test_every_locale_has_a_home_page(client):
    for code in ("en", "sv", "de", "it", "es", "el", "pl", "ar"):
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        assert soup(response).html["lang"] == code
    assert home_page("ar").locale.language_code == "ar"


def test_a_menu_link_to_an_untranslated_page_stays_in_the_visitor_language(client, network):
    from home.models import MainMenu
    from tests.factories import StandardPageFactory

    about = StandardPageFactory(title="About the network", slug="about")
    for menu in MainMenu.objects.filter(locale__language_code__in=["en", "de"]):
        menu.items = [("link", {"page": about, "label": ""})]
        menu.save()
    link = soup(client.get("/de/")).select_one("nav.menu a")
    assert link["href"] == "/de/about/"
    assert link["lang"] == "en"
    assert client.get(link["href"]).status_code == 200
