"""Whole anonymous pages in the shared cache (``home.pagecache``): served again only to readers
who would get the same page, never past a change, never to or from an editor, and never
poisoned by what a visitor sends (odd hosts, parameters, cookies, languages)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction

from config.settings.base import redis_caches
from home import pagecache
from participation.models import Comment
from tests.factories import (
    EventPageFactory,
    EventsPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    city_tree,
    person,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache backend that keeps the URLs it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def tree():
    tree = city_tree()
    translate_tree(tree, "ar")
    translate_page(StoriesPageFactory(), "ar")
    return tree


@pytest.fixture
def story(tree):
    return StoryPageFactory(parent=tree["stories"], title="Market day", slug="market-day")


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def cached_twice(client, url, **extra):
    """The second of two identical requests, which the cache answers."""
    first = client.get(url, **extra)
    assert first.status_code == 200, url
    assert first["X-Page-Cache"] == "miss", url
    second = client.get(url, **extra)
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    return second


# What is kept, and how it is marked ---------------------------------------------------------------


def test_an_anonymous_page_is_served_again_from_the_cache_without_a_query(
    client, story, django_assert_num_queries
):
    response = cached_twice(client, story.url)
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    with django_assert_num_queries(0):
        again = client.get(story.url)
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Type"] == "text/html; charset=utf-8"
    assert again["Content-Language"] == "en"


def test_listings_and_feeds_are_kept_and_each_page_of_a_listing_apart(client, tree):
    for n in range(15):
        StoryPageFactory(parent=tree["stories"], title=f"Story {n}", slug=f"story-{n}")
    first = cached_twice(client, "/en/stories/").content.decode()
    second = cached_twice(client, "/en/stories/?page=2").content.decode()
    assert "Story 14" in first and "Story 14" not in second
    EventsPageFactory()
    cached_twice(client, "/en/events/feed/")


def test_a_page_is_kept_no_longer_than_the_setting(client, story, settings):
    response = client.get(story.url)
    seconds = int(response["Cache-Control"].rsplit("=", 1)[1])
    assert 0 < seconds <= settings.PAGE_CACHE_SECONDS


def test_no_page_is_kept_past_the_next_event_end(client, tree, story):
    EventPageFactory(
        parent=tree["events"],
        start=timezone.now() - dt.timedelta(hours=1),
        end=timezone.now() + dt.timedelta(seconds=90),
    )
    seconds = int(client.get(story.url)["Cache-Control"].rsplit("=", 1)[1])
    assert 0 < seconds <= 90


def test_a_page_cached_before_an_event_ended_is_not_served_after(client, tree, monkeypatch):
    now = timezone.now()
    EventPageFactory(
        parent=tree["events"], title="Evening talk", slug="talk",
        start=now - dt.timedelta(hours=1), end=now + dt.timedelta(minutes=5),
    )  # fmt: skip
    EventsPageFactory()
    cached_twice(client, "/en/events/")
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(minutes=6))
    assert client.get("/en/events/")["X-Page-Cache"] == "miss"


# Changes end what was kept, everywhere at once ---------------------------------------------------


def test_a_publication_ends_the_cached_page_and_the_listings(client, story):
    cached_twice(client, story.url)
    cached_twice(client, "/en/stories/")
    story.title = "Harbour day"
    story.save_revision().publish()
    for url in (story.url, "/en/stories/"):
        response, html = get(client, url)
        assert response["X-Page-Cache"] == "miss"
        assert "Harbour day" in html and "Market day" not in html


def test_a_translation_published_replaces_the_cached_stand_in_and_the_links(client, story):
    arabic_url = "/ar/" + story.url.split("/", 2)[2]
    stand_in = cached_twice(client, arabic_url).content.decode()
    assert "Market day" in stand_in
    english = cached_twice(client, story.url).content.decode()
    translate_page(story, "ar", title="يوم السوق", slug="market-day")
    response, html = get(client, arabic_url)
    assert response["X-Page-Cache"] == "miss"
    assert "يوم السوق" in html and "Market day" not in html.split("<main", 1)[1]
    assert get(client, story.url)[1] != english  # its language links changed


def test_an_approved_comment_shows_on_the_cached_page(client, story):
    cached_twice(client, story.url)
    comment = Comment.objects.create(
        page=story,
        thread_key=story.translation_key,
        name="Amal",
        text="We were there too!",
        language="en",
    )
    assert "We were there too!" not in get(client, story.url)[1]  # pending: not shown
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "We were there too!" in get(client, story.url)[1]


def test_an_unpublished_or_moved_page_is_never_served_from_the_cache(client, tree, story):
    cached_twice(client, story.url)
    old_url = story.url
    story.move(city_tree("Bologna", "bologna")["stories"], pos="last-child")
    moved = client.get(old_url)
    assert moved.status_code == 301 and "/bologna/" in moved["Location"]
    story.refresh_from_db()
    cached_twice(client, story.url)
    story.unpublish()
    assert client.get(story.url).status_code == 404


def test_a_render_that_crossed_a_change_is_not_kept(client, story, monkeypatch):
    render = pagecache.PageCacheMiddleware.lifetime

    def lifetime_with_a_change_meanwhile(middleware, request, response):
        pagecache.cache.set(pagecache.VERSION_KEY, "changed-meanwhile", None)
        return render(middleware, request, response)

    monkeypatch.setattr(pagecache.PageCacheMiddleware, "lifetime", lifetime_with_a_change_meanwhile)
    response = client.get(story.url)
    assert response["Cache-Control"] == "private"
    assert "X-Page-Cache" not in response
    monkeypatch.undo()
    assert client.get(story.url)["X-Page-Cache"] == "miss"


# Never kept: editors, sessions, previews, forms with errors, unknown parameters --------------------


def test_an_editor_never_gets_nor_leaves_a_cached_page(client, story):
    cached_twice(client, story.url)
    client.force_login(person("editor", is_superuser=True))
    response = client.get(story.url)
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private"
    cache.clear()
    client.get(story.url)  # rendered for the editor: not kept
    client.logout()
    client.cookies.clear()
    assert client.get(story.url)["X-Page-Cache"] == "miss"


def test_a_session_cookie_skips_the_cache(client, story, settings):
    cached_twice(client, story.url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = client.get(story.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_a_comment_with_errors_is_never_kept_and_its_status_page_neither(client, story):
    cached_twice(client, story.url)
    response = client.post(f"{story.url}comments/", {"body": ""}, HTTP_ORIGIN="http://testserver")
    assert "X-Page-Cache" not in response
    assert client.get(story.url)["X-Page-Cache"] == "hit"
    status_page = client.get(f"{story.url}?comment=pending")
    assert "X-Page-Cache" not in status_page
    assert status_page["Cache-Control"] == "private"


def test_a_password_protected_page_is_never_kept(client, story):
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="harbour"
    )
    for _ in range(2):
        response = client.get(story.url)
        assert "X-Page-Cache" not in response
        assert "Market day" not in response.content.decode().split("<main", 1)[-1]


@pytest.mark.parametrize(
    "query", ["utm_source=newsletter", "page=2&x=1", "q=" + "a" * 600, "page=1&page=2&" * 20]
)
def test_unknown_or_oversized_query_strings_are_answered_but_not_kept(client, story, query):
    for _ in range(2):
        response = client.get(f"/en/stories/?{query}")
        assert response.status_code in (200, 404)
        assert "X-Page-Cache" not in response


def test_head_post_and_the_admin_are_not_cached(client, story):
    cached_twice(client, story.url)
    assert "X-Page-Cache" not in client.head(story.url)
    assert "X-Page-Cache" not in client.get("/admin/login/")


# Poisoning: what one visitor sends never reaches another ----------------------------------------


def test_a_host_header_gets_its_own_entry_and_a_foreign_one_none(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    cached_twice(client, story.url, HTTP_HOST="other.example")
    response, html = get(client, story.url)
    assert response["X-Page-Cache"] == "miss"
    assert "other.example" not in html
    refused = client.get(story.url, HTTP_HOST="evil.example")
    assert refused.status_code == 400 and "X-Page-Cache" not in refused
    assert "evil.example" not in get(client, story.url)[1]


def test_forwarded_host_and_scheme_headers_do_not_change_the_kept_page(client, story):
    get(client, story.url, HTTP_X_FORWARDED_HOST="evil.example", HTTP_X_FORWARDED_PROTO="http")
    response, html = get(client, story.url)
    assert response["X-Page-Cache"] == "hit"
    assert "evil.example" not in html
    assert 'href="http://testserver/en/' in html


def test_the_language_comes_from_the_address_not_from_headers_or_cookies(client, story):
    translate_page(story, "ar")
    english = cached_twice(client, story.url).content.decode()
    for extra in ({"HTTP_ACCEPT_LANGUAGE": "ar"}, {"HTTP_COOKIE": "django_language=ar"}):
        response, html = get(client, story.url, **extra)
        assert response["X-Page-Cache"] == "hit"
        assert html == english and 'lang="en"' in html
    response, arabic = get(client, "/ar/" + story.url.split("/", 2)[2], HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic


def test_the_language_redirect_is_never_kept(client, story):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302 and response["Location"] == "/ar/"
    assert response["Cache-Control"] == "private"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"


def test_a_draft_is_never_served_from_the_cache(client, story):
    cached_twice(client, story.url)
    story.title = "Draft title"
    story.save_revision()
    html = get(client, story.url)[1]
    assert "Draft title" not in html and "Market day" in html


# The cache down, the proxies purged --------------------------------------------------------------


def test_pages_are_served_when_the_cache_is_down(client, settings, story):
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there
    for _ in range(2):
        response = client.get(story.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private"


def test_a_change_purges_every_address_the_proxy_was_given(
    client, settings, story, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "tests.test_full_page_cache.RecordingBackend"}
    }
    PURGED.clear()
    key = f"example.org{story.url}"
    client.get(story.url, HTTP_X_PROXY_CACHE_KEY=key)
    client.get("/en/stories/?page=1", HTTP_X_PROXY_CACHE_KEY="example.org/en/stories/?page=1")
    client.get("/en/stories/?x=1", HTTP_X_PROXY_CACHE_KEY="example.org/en/stories/?x=1")
    story.title = "Harbour day"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert sorted(set(PURGED)) == [
        "https://example.org/en/malmo/stories/market-day/",
        "https://example.org/en/stories/?page=1",
    ]
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert PURGED == []  # nothing was given to the proxy since


def test_no_address_is_recorded_without_a_proxy(client, story):
    cache.clear()
    client.get(story.url)
    assert cache.get(pagecache.PROXY_COUNT_KEY) is None
