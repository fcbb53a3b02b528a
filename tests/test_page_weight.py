"""Issue 10's page weight: every page's HTML fits in the first round trip (≤ 14 KB compressed)
however long its listing, agenda or thread; CSS ≤ 20 KB and JavaScript ≤ 15 KB in all, system
fonts only; images as responsive renditions, lazy below the fold, with their size set."""

import datetime as dt
import gzip
import zoneinfo
from pathlib import Path

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.conf import settings

from participation.models import Comment
from tests.factories import (
    EventPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    city_tree,
)

pytestmark = pytest.mark.django_db

FIRST_ROUND_TRIP = 14 * 1024
STATIC = Path(settings.BASE_DIR) / "static"


def compressed_size(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return len(gzip.compress(response.content, 6))


def test_stylesheets_and_scripts_stay_small_and_use_system_fonts():
    css = [path.read_text() for path in (STATIC / "css").glob("*.css")]
    js = [path.read_text() for path in (STATIC / "js").glob("*.js")]
    assert sum(len(text.encode()) for text in css) <= 20 * 1024
    assert sum(len(text.encode()) for text in js) <= 15 * 1024
    assert not any("@font-face" in text or "@import" in text for text in css)
    assert "system-ui" in "".join(css)


def test_a_long_listing_an_agenda_and_a_thread_fit_in_the_first_round_trip(client):
    tree = city_tree()
    StoriesPageFactory()
    image = wagtail_factories.ImageFactory()
    for n in range(50):
        StoryPageFactory(
            parent=tree["stories"],
            title=f"A story with a rather long title, number {n}",
            slug=f"story-{n}",
            listing_summary="One or two sentences about the story, as editors write them. " * 3,
            image=image,
            image_alt="A street in the city",
        )
    story = StoryPageFactory(parent=tree["stories"], slug="talked-about")
    for n in range(50):
        Comment.objects.create(
            page=story,
            thread_key=story.translation_key,
            name=f"Reader {n}",
            text="A considered comment of a few sentences about the story. " * 5,
            language="en",
            status=Comment.Status.APPROVED,
        )
    day = dt.date.today() + dt.timedelta(days=30)
    begins = dt.datetime.combine(day, dt.time(8), tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
    agenda = [
        (
            "session",
            {
                "date": day,
                "start": dt.time(9),
                "end": dt.time(9, 30),
                "title": f"Workshop {n}: meeting places in the neighbourhood",
                "description": "",
                "speakers": [],
                "room": "Hall A",
                "languages": "",
                "interpretation": "",
            },
        )
        for n in range(50)
    ]
    EventPageFactory(
        parent=tree["events"],
        slug="forum",
        start=begins,
        end=begins + dt.timedelta(hours=12),
        agenda=agenda,
    )
    for url in (
        "/en/stories/",
        "/en/malmo/stories/",
        "/en/malmo/stories/talked-about/",
        "/en/malmo/events/forum/",
    ):
        assert compressed_size(client, url) <= FIRST_ROUND_TRIP, url


def test_images_are_responsive_renditions_lazy_below_the_fold(client):
    tree = city_tree()
    StoriesPageFactory()
    image = wagtail_factories.ImageFactory(width=1600, height=900)
    StoryPageFactory(
        parent=tree["stories"], slug="pictured", image=image, image_alt="A market square"
    )
    listing = BeautifulSoup(client.get("/en/stories/").content, "html.parser")
    card = listing.select_one(".cards picture")
    assert card.select_one('source[type="image/avif"]')["srcset"].count("w,") >= 1
    img = card.select_one("img")
    assert img["loading"] == "lazy" and img["width"] and img["height"] and img["srcset"]
    assert img["src"].endswith((".jpg", ".jpeg"))  # the fallback for browsers without AVIF
    page = BeautifulSoup(client.get("/en/malmo/stories/pictured/").content, "html.parser")
    hero = page.select_one("main picture img")
    assert hero.get("loading") != "lazy"  # the first image is the largest paint: not lazy
    assert hero["width"] and hero["height"]
