"""Whole pages in each process's memory (``home.pagecache.LocalPages``), served without a round
trip to Redis only while Redis pub/sub (``home.cache.VersionWatch``) says their version is the
current one. Runs against the Redis on 127.0.0.1:6379, one database per test process."""

import os
import time

import pytest

from config.settings.base import redis_caches
from home import cache as content_cache
from home import pagecache
from tests.factories import StoryPageFactory, city_tree

pytestmark = pytest.mark.django_db


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


@pytest.fixture
def redis(settings, monkeypatch):
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    settings.CACHES = redis_caches(f"redis://127.0.0.1:6379/{10 + worker}")
    from django.core.cache import cache

    cache.clear()
    watch = content_cache.VersionWatch()
    monkeypatch.setattr(pagecache, "version_watch", watch)
    monkeypatch.setattr(pagecache, "local_pages", pagecache.LocalPages(pagecache.LOCAL_ENTRIES))
    content_cache.content_version()
    watch.current()  # starts the thread
    wait_for(lambda: watch.current() is not None)
    yield cache
    watch.stop()
    cache.clear()


@pytest.fixture
def story():
    tree = city_tree()
    return StoryPageFactory(parent=tree["stories"], title="Market day", slug="market-day")


def kept_in_memory(client, url):
    """Request ``url`` until this process keeps it; the key it is kept under."""
    assert client.get(url)["X-Page-Cache"] == "miss"
    (key,) = pagecache.local_pages.entries
    return key


def test_a_hit_needs_no_round_trip_to_redis(client, redis, story):
    key = kept_in_memory(client, story.url)
    redis.delete(key)  # gone from Redis: only this process's memory has the page
    response = client.get(story.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Market day" in response.content.decode()


def test_a_change_announced_anywhere_ends_the_page_in_memory(client, redis, story):
    kept_in_memory(client, story.url)
    content_cache._renew()  # what any process does on a change: set and announce
    wait_for(lambda: pagecache.version_watch.current() == redis.get(content_cache.VERSION_KEY))
    assert client.get(story.url)["X-Page-Cache"] == "miss"


def test_a_publication_ends_the_page_in_memory(client, redis, story):
    kept_in_memory(client, story.url)
    story.title = "Harbour day"
    story.save_revision().publish()
    wait_for(lambda: pagecache.version_watch.current() == redis.get(content_cache.VERSION_KEY))
    html = client.get(story.url).content.decode()
    assert "Harbour day" in html and "Market day" not in html


def test_what_the_proxy_keeps_is_always_checked_with_redis(client, redis, story):
    kept_in_memory(client, story.url)
    redis.set(content_cache.VERSION_KEY, "changed-message-lost", None)  # not announced
    response = client.get(story.url, HTTP_X_PROXY_CACHE_KEY=f"example.org{story.url}")
    assert response["X-Page-Cache"] == "miss"


def test_a_lost_message_is_made_up_for_within_seconds(client, redis, story):
    kept_in_memory(client, story.url)
    redis.set(content_cache.VERSION_KEY, "changed-message-lost", None)  # not announced
    wait_for(lambda: pagecache.version_watch.current() == "changed-message-lost", 8)
    assert client.get(story.url)["X-Page-Cache"] == "miss"


def test_without_a_trusted_watch_every_hit_asks_redis(client, redis, story):
    key = kept_in_memory(client, story.url)
    pagecache.version_watch.stop()
    redis.delete(key)
    assert client.get(story.url)["X-Page-Cache"] == "miss"
