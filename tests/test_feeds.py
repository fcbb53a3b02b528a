"""Atom feeds of stories and events, per language and per city, read back with feedparser, and
advertised with <link rel="alternate"> on the pages that list them."""

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from tests.factories import (
    EventPageFactory,
    EventsPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    ThemeFactory,
    aware,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml; charset=utf-8"
NEXT_YEAR = timezone.now().year + 1


def fetch(client, url):
    """The feed at ``url``, parsed, after checking it is well-formed Atom."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == ATOM
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def feed_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        link["title"]: link["href"]
        for link in soup.select('head link[rel="alternate"][type="application/atom+xml"]')
    }


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def malmo():
    tree = city_tree()
    translate_tree(tree, "sv")
    return tree


@pytest.fixture
def stories(malmo):
    """The network's listing (translated into Swedish), a story translated into Swedish and
    one that is not, with a theme translated into Swedish."""
    listing = StoriesPageFactory()
    translate_page(listing, "sv", title="Berättelser")
    theme = ThemeFactory(name="Housing")
    swedish = theme.copy_for_translation(Locale.objects.get(language_code="sv"))
    swedish.name = "Boende"
    swedish.save()
    cafe = StoryPageFactory(
        parent=malmo["stories"],
        title="The language café",
        slug="language-cafe",
        teller_name="Amira",
        date=dt.date(2025, 3, 1),
    )
    cafe.themes.add(theme)
    publish(cafe)
    translate_page(cafe, "sv", title="Språkcaféet", lead="Hur ett språkcafé förändrade min gata.")
    garden = StoryPageFactory(
        parent=malmo["stories"], title="The garden", slug="garden", date=dt.date(2025, 2, 1)
    )
    publish(garden)
    return {"listing": listing, "cafe": cafe, "garden": garden}


def test_the_network_story_feed_in_swedish_prefers_translations(client, stories):
    feed = fetch(client, "/sv/stories/feed/")
    assert feed.feed.title == "Berättelser"
    assert feed.feed.language == "sv"
    assert feed.feed.link == "http://testserver/sv/stories/"
    assert titles(feed) == ["Språkcaféet", "The garden"]
    cafe, garden = feed.entries
    assert cafe.link == "http://testserver/sv/malmo/stories/language-cafe/"
    assert garden.link == "http://testserver/sv/malmo/stories/garden/"
    assert cafe.summary == "<p>Hur ett språkcafé förändrade min gata.</p>"
    assert cafe.author == "Amira"
    assert "author" not in garden  # an anonymous teller stays anonymous
    assert [tag.term for tag in cafe.tags] == ["Boende"]
    assert cafe.title_detail.language == "sv"
    assert garden.title_detail.language == "en"  # a stand-in says it is in its original's
    assert cafe.published_parsed and cafe.updated_parsed
    published = stories["garden"].first_published_at.astimezone(dt.UTC)
    assert garden.published_parsed[:6] == published.timetuple()[:6]


def test_an_untranslated_listing_still_has_its_feed_under_the_readers_language(
    client, malmo, stories
):
    translate_tree(malmo, "de")
    feed = fetch(client, "/de/stories/feed/")
    assert feed.feed.language == "de"
    assert titles(feed) == ["The language café", "The garden"]
    assert all(
        entry.link.startswith("http://testserver/de/malmo/stories/") for entry in feed.entries
    )


def test_a_city_story_feed_lists_only_that_citys_stories(client, stories):
    lund = city_tree(title="Lund", slug="lund")
    StoryPageFactory(parent=lund["stories"], title="Elsewhere")
    feed = fetch(client, "/en/malmo/stories/feed/")
    assert feed.feed.title == "Malmö: Stories"
    assert titles(feed) == ["The language café", "The garden"]
    assert titles(fetch(client, "/en/lund/stories/feed/")) == ["Elsewhere"]


def test_an_empty_section_has_a_valid_empty_feed_and_an_unknown_one_none(client, malmo):
    assert fetch(client, "/sv/malmo/stories/feed/").entries == []
    assert fetch(client, "/sv/malmo/events/feed/").entries == []
    assert client.get("/sv/nowhere/stories/feed/").status_code == 404


def test_user_text_is_escaped_never_passed_on_as_html(client, malmo):
    StoryPageFactory(parent=malmo["stories"], lead='<script>alert("x")</script> & more')
    response = client.get("/en/malmo/stories/feed/")
    assert b"<script>" not in response.content
    entry = feedparser.parse(response.content).entries[0]
    assert entry.summary == "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</p>"


@pytest.fixture
def events(malmo):
    """The network's listing (not translated), and, announced in this order: a forum next May,
    a walk in a month (translated into Swedish last) and an event that is over."""
    EventsPageFactory()
    forum = EventPageFactory(
        parent=malmo["events"],
        title="Dialogue forum",
        slug="dialogue-forum",
        start=aware(NEXT_YEAR, 5, 14, 9),
        end=aware(NEXT_YEAR, 5, 14, 17),
        venue="Stadshuset",
        address="August Palms plats 1",
    )
    publish(forum)
    walk = publish(EventPageFactory(parent=malmo["events"], title="City walk", slug="city-walk"))
    translate_page(forum, "sv", title="Dialogforum")
    over = EventPageFactory(
        parent=malmo["events"],
        title="Over",
        start=timezone.now() - dt.timedelta(days=2),
        end=timezone.now() - dt.timedelta(days=1),
    )
    publish(over)
    return {"forum": forum, "walk": walk}


def test_an_event_feed_lists_events_not_over_most_recently_announced_first(client, events):
    assert titles(fetch(client, "/en/events/feed/")) == ["City walk", "Dialogue forum"]
    feed = fetch(client, "/sv/events/feed/")
    assert feed.feed.language == "sv"
    assert feed.feed.title == "Events"  # the untranslated listing's
    assert titles(feed) == ["Dialogforum", "City walk"]
    forum, walk = feed.entries
    assert forum.link == "http://testserver/sv/malmo/events/dialogue-forum/"
    assert walk.link == "http://testserver/sv/malmo/events/city-walk/"
    assert walk.title_detail.language == "en"
    assert "9:00" in forum.summary or "09:00" in forum.summary
    assert "CEST" in forum.summary
    assert "Stadshuset, August Palms plats 1 (Malmö)" in forum.summary
    assert "A day of dialogue." in forum.summary
    updated = events["walk"].last_published_at.astimezone(dt.UTC)
    assert walk.updated_parsed[:6] == updated.timetuple()[:6]
    city_feed = fetch(client, "/sv/malmo/events/feed/")
    assert city_feed.feed.title == "Malmö: Events"
    assert titles(city_feed) == ["Dialogforum", "City walk"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/sv/", {"Berättelser": "/sv/stories/feed/", "Events": "/sv/events/feed/"}),
        ("/sv/stories/", {"Berättelser": "/sv/stories/feed/"}),
        ("/sv/events/", {"Events": "/sv/events/feed/"}),
        (
            "/sv/malmo/",
            {
                "Malmö: Stories": "/sv/malmo/stories/feed/",
                "Malmö: Events": "/sv/malmo/events/feed/",
            },
        ),
        ("/sv/malmo/stories/", {"Malmö: Stories": "/sv/malmo/stories/feed/"}),
        ("/sv/malmo/events/", {"Malmö: Events": "/sv/malmo/events/feed/"}),
    ],
)
def test_pages_advertise_feeds_that_answer(client, stories, events, url, expected):
    links = feed_links(client, url)
    assert links == {title: f"http://testserver{path}" for title, path in expected.items()}
    for href in links.values():
        fetch(client, href)


def test_other_pages_advertise_no_feed(client, stories):
    assert feed_links(client, "/sv/malmo/stories/language-cafe/") == {}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return len(captured)


def make_stories(section, count, theme, start=0):
    """Every third story translated into Swedish, so the feed mixes translations and stand-ins."""
    for n in range(start, start + count):
        story = StoryPageFactory(parent=section, title=f"Story {n}", slug=f"story-{n}")
        story.themes.add(theme)
        if n % 3 == 0:
            translate_page(story, "sv", title=f"Berättelse {n}")


def make_events(section, count, start=0):
    for n in range(start, start + count):
        event = EventPageFactory(parent=section, title=f"Event {n}", slug=f"event-{n}")
        if n % 3 == 0:
            translate_page(event, "sv", title=f"Evenemang {n}")


@pytest.mark.parametrize("url", ["/sv/stories/feed/", "/sv/malmo/stories/feed/"])
def test_a_story_feed_costs_the_same_queries_for_ten_or_fifty_stories(client, malmo, url):
    StoriesPageFactory()
    theme = ThemeFactory()
    make_stories(malmo["stories"], 10, theme)
    queries_for(client, url)  # warm caches (site root paths, content types)
    ten = queries_for(client, url)
    make_stories(malmo["stories"], 40, theme, start=10)
    assert len(fetch(client, url).entries) == 20
    fifty = queries_for(client, url)
    assert fifty == ten


@pytest.mark.parametrize("url", ["/sv/events/feed/", "/sv/malmo/events/feed/"])
def test_an_event_feed_costs_the_same_queries_for_ten_or_fifty_events(client, malmo, url):
    EventsPageFactory()
    make_events(malmo["events"], 10)
    queries_for(client, url)  # warm caches (site root paths, content types)
    ten = queries_for(client, url)
    make_events(malmo["events"], 40, start=10)
    assert len(fetch(client, url).entries) == 20
    fifty = queries_for(client, url)
    assert fifty == ten
