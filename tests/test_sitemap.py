"""/sitemap.xml lists every live, public page of every locale at its own URL, with its real
translations as hreflang alternates; /robots.txt points crawlers at it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from wagtail.models import Page, PageViewRestriction

from home import seo
from tests.factories import (
    EventsPageFactory,
    HandbookPageFactory,
    StoryPageFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ORIGIN = "http://testserver"


def relative(url):
    assert url.startswith(ORIGIN + "/"), url
    return url.removeprefix(ORIGIN)


def fetch_sitemap(client, query=""):
    response = client.get("/sitemap.xml" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)


def entries(client):
    """``{path: {hreflang: path}}`` for every <url> of the sitemap."""
    root = fetch_sitemap(client)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    result = {}
    for url in root.iterfind("sm:url", NS):
        loc = relative(url.findtext("sm:loc", namespaces=NS))
        assert loc not in result, f"{loc} listed twice"
        result[loc] = {
            link.get("hreflang"): relative(link.get("href"))
            for link in url.iterfind("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
    return result


@pytest.fixture
def network():
    en = city_tree()
    sv = translate_tree(en, "sv")
    de = translate_tree(en, "de")
    ar = translate_tree(en, "ar")
    events, handbook = EventsPageFactory(), HandbookPageFactory()
    for code in ("sv", "ar"):
        translate_page(events, code)
        translate_page(handbook, code)
    kitchen = StoryPageFactory(parent=en["stories"], title="The kitchen", slug="kitchen")
    return {
        "en": en,
        "sv": sv,
        "de": de,
        "ar": ar,
        "kitchen": kitchen,
        "kitchen_sv": translate_page(kitchen, "sv", title="Köket"),
        "kitchen_de_draft": translate_page(kitchen, "de", publish=False, title="Die Küche"),
        "english_only": StoryPageFactory(parent=en["stories"], title="Café", slug="cafe"),
        "arabic_original": StoryPageFactory(
            parent=ar["stories"], title="المقهى", slug="maqha", original_language="ar"
        ),
    }


def test_every_listed_url_answers(client, network):
    listed = entries(client)
    assert len(listed) > 20
    for path in listed:
        assert client.get(path).status_code == 200, path


def test_pages_of_every_locale_are_listed_at_their_own_url(client, network):
    listed = entries(client)
    for code in ("en", "sv", "de", "it", "es", "el", "pl", "ar"):
        assert f"/{code}/" in listed
    assert network["kitchen_sv"].url == "/sv/malmo/stories/kitchen/"
    assert network["kitchen_sv"].url in listed
    assert network["arabic_original"].url == "/ar/malmo/stories/maqha/"
    assert network["arabic_original"].url in listed
    # Stand-ins answer, but are not pages of their own.
    assert client.get("/en/malmo/stories/maqha/").status_code == 200
    assert "/en/malmo/stories/maqha/" not in listed
    assert "/sv/malmo/stories/cafe/" not in listed


def test_alternates_are_the_live_translations_of_the_same_page(client, network):
    listed = entries(client)
    live = {page.url: page for page in Page.objects.live().select_related("locale")}
    for path, alternates in listed.items():
        if not alternates or "/participate/" in path:
            continue
        assert path in alternates.values(), "an annotated URL names itself"
        key = live[path.removesuffix("programme/").removesuffix("comparison/")].translation_key
        for hreflang, href in alternates.items():
            assert href in listed
            target = live[href.removesuffix("programme/").removesuffix("comparison/")]
            assert target.translation_key == key
            assert target.locale.language_code == ("en" if hreflang == "x-default" else hreflang)
        assert alternates.get("x-default") == alternates.get("en")


def test_a_translated_page_names_each_real_translation_and_the_default(client, network):
    alternates = entries(client)["/sv/malmo/stories/kitchen/"]
    assert alternates == {
        "en": "/en/malmo/stories/kitchen/",
        "sv": "/sv/malmo/stories/kitchen/",
        "x-default": "/en/malmo/stories/kitchen/",
    }
    assert "de" not in alternates  # a draft translation is not live
    city = entries(client)["/ar/malmo/"]
    assert set(city) == {"en", "sv", "de", "ar", "x-default"}


def test_an_untranslated_page_has_no_alternates(client, network):
    listed = entries(client)
    assert listed["/ar/malmo/stories/maqha/"] == {}
    assert listed["/en/malmo/stories/cafe/"] == {}


def test_unpublished_and_private_pages_are_left_out(client, network):
    network["english_only"].unpublish()
    PageViewRestriction.objects.create(
        page=network["kitchen"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    listed = entries(client)
    assert "/en/malmo/stories/cafe/" not in listed
    assert "/en/malmo/stories/kitchen/" not in listed
    assert "/de/malmo/stories/kitchen/" not in listed
    # The Swedish translation is not private; it no longer names the private original.
    assert listed["/sv/malmo/stories/kitchen/"] == {}


def test_the_programme_and_the_comparison_are_listed_in_each_locale(client, network):
    listed = entries(client)
    for route in ("events/programme/", "handbook/comparison/"):
        assert listed[f"/sv/{route}"] == {
            "en": f"/en/{route}",
            "sv": f"/sv/{route}",
            "ar": f"/ar/{route}",
            "x-default": f"/en/{route}",
        }
    assert "/de/events/programme/" not in listed  # no German copy of the events page


def test_share_your_story_is_listed_in_every_language(client, network):
    listed = entries(client)
    alternates = listed["/de/participate/share-your-story/"]
    assert alternates["pl"] == "/pl/participate/share-your-story/"
    assert alternates["x-default"] == "/en/participate/share-your-story/"
    assert len(alternates) == 9


def test_lastmod_is_the_last_publication_date(client, network):
    kitchen = network["kitchen"]
    kitchen.save_revision().publish()
    kitchen.refresh_from_db()
    root = fetch_sitemap(client)
    url = root.xpath(
        "sm:url[sm:loc=$loc]", namespaces=NS, loc=f"{ORIGIN}/en/malmo/stories/kitchen/"
    )[0]
    published = timezone.localtime(kitchen.last_published_at).date()
    assert url.findtext("sm:lastmod", namespaces=NS) == published.isoformat()


def test_a_large_sitemap_becomes_an_index_of_parts(client, network, monkeypatch):
    monkeypatch.setattr(seo.PageSitemap, "limit", 10)
    everything = Page.objects.live().filter(depth__gt=1).count()
    root = fetch_sitemap(client)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    parts = [relative(loc) for loc in root.xpath("sm:sitemap/sm:loc/text()", namespaces=NS)]
    assert parts == [f"/sitemap.xml?p={n}" for n in range(1, -(-everything // 10) + 1)]
    pages = 0
    for part in parts:
        urlset = fetch_sitemap(client, part.removeprefix("/sitemap.xml"))
        pages += len({url.xpath("string(sm:loc)", namespaces=NS) for url in urlset[:]})
    assert pages >= everything
    assert client.get("/sitemap.xml?p=99").status_code == 404


def queries_for(client, url):
    """Queries of a request on a warm process: a first request fills what the shared cache
    keeps (``home.cache``), which a change to content empties."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_sitemap_costs_the_same_queries_for_10_and_50_pages(client):
    en = city_tree()
    sv = translate_tree(en, "sv")
    EventsPageFactory()

    def stories(start, count):
        for n in range(start, start + count):
            story = StoryPageFactory(parent=en["stories"], title=f"Story {n}", slug=f"s-{n}")
            if n % 2:
                translate_page(story, "sv")
            else:
                StoryPageFactory(parent=sv["stories"], title=f"Berättelse {n}", slug=f"b-{n}")

    stories(0, 10)
    queries_for(client, "/sitemap.xml")  # warm caches (site root paths, content types)
    ten = queries_for(client, "/sitemap.xml")
    stories(10, 40)
    fifty = queries_for(client, "/sitemap.xml")
    assert fifty == ten
    assert ten <= 5


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /*/participate/" in lines
    assert "Allow: /*/participate/share-your-story/$" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
