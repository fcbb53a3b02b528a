"""The page cache through the shipped nginx (deploy/nginx, run by ``deploy.local_nginx``) in front
of a live server: what a reader gets after each change an editor or moderator makes, what a
logged-in editor gets, and what a request crafted to poison the cache leaves for the next reader.

The app purges nginx itself (``home.pagecache.PurgeBackend``, set in WAGTAILFRONTENDCACHE here as
FRONTEND_CACHE_PURGE_URLS does in production). nginx says what it did in ``X-Cache-Status``
(MISS, HIT, BYPASS, EXPIRED…). The app's own cache is the test settings' locmem cache, shared by
the live server's threads and the test.

Run with ``pytest -m proxy``; ``.ci/run`` runs them on PostgreSQL with ``REQUIRE_BROWSER=1``, so
that a missing nginx or purge module fails instead of skipping.
"""

import datetime as dt
import os
import re
import socket
import time
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from deploy import local_nginx
from home.setup import setup_site
from participation.admin_views import moderate
from participation.models import Comment
from stories.models import StoryPage
from tests.factories import (
    EventPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    city_tree,
    rebuild_roots,
)

pytestmark = [
    pytest.mark.proxy,
    # The live server needs committed data; each test's flush also empties what the migrations
    # made (root page, root collection, locales), so ``rebuild_roots`` makes them again.
    pytest.mark.django_db(transaction=True),
]

# nginx forwards ``Host: $host`` (no port) and ``X-Forwarded-Proto: https``: the app's links.
ORIGIN = "https://127.0.0.1"
STORY = "/en/malmo/stories/language-cafe/"


@dataclass
class Reply:
    status: int
    headers: Message
    body: str

    @property
    def cache_status(self) -> str | None:
        """What nginx did: MISS, HIT, BYPASS, EXPIRED…"""
        return self.headers.get("X-Cache-Status")


@dataclass
class Proxy:
    port: int
    purge_port: int

    def get(self, path: str, headers: dict | None = None) -> Reply:
        """GET ``path`` through nginx, as a reader's browser would (no cookie unless given)."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            body = response.read().decode(errors="replace")
            return Reply(response.status, response.headers, body)
        finally:
            connection.close()

    def forget(self, *paths: str):
        """Empty both caches of ``paths``: nginx's (a PURGE of its key, as the app sends one)
        and the app's, so the next request is rendered and stored afresh."""
        cache.clear()
        connection = HTTPConnection("127.0.0.1", self.purge_port, timeout=10)
        try:
            for path in paths:
                connection.request("PURGE", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                assert response.status in (200, 404), (path, response.status)
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(live_server, settings, tmp_path):
    """The shipped nginx on free ports in front of the live server, purged by the app."""
    missing = [
        path for path in (local_nginx.NGINX, local_nginx.PURGE_MODULE) if not Path(path).exists()
    ]
    if missing:
        reason = (
            f"{', '.join(missing)} missing: apt-get install nginx libnginx-mod-http-cache-purge"
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    port, purge_port = free_port(), free_port()
    static_root = Path(django_settings.STATIC_ROOT or tmp_path)
    conf = local_nginx.render(
        tmp_path,
        listen_port=port,
        app_port=live_server.thread.port,
        purge_port=purge_port,
        static_root=static_root,
        media_root=Path(django_settings.MEDIA_ROOT),
    )
    # As production: the app purges nginx, and trusts the X-Forwarded-Proto nginx sets.
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "home.pagecache.PurgeBackend",
            "LOCATION": f"http://127.0.0.1:{purge_port}",
        }
    }
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    with ExitStack() as stack:
        local_nginx.start(stack, conf, port=port)
        yield Proxy(port, purge_port)


@pytest.fixture
def malmo():
    """Malmö's stories section in English, and the network's story listing."""
    rebuild_roots()
    setup_site()
    tree = city_tree()
    StoriesPageFactory()
    return tree


@pytest.fixture
def story(malmo):
    return StoryPageFactory(
        parent=malmo["stories"], title="The language café", slug="language-cafe"
    )


def cached(proxy, path) -> Reply:
    """``path`` requested until nginx holds it: the reply that nginx stored."""
    first = proxy.get(path)
    assert first.status == 200, (path, first.status)
    second = proxy.get(path)
    assert second.cache_status == "HIT", (path, second.cache_status)
    return second


def fresh(reply: Reply) -> bool:
    """Not a copy nginx kept from before."""
    return reply.cache_status != "HIT"


# 1. A page is kept ------------------------------------------------------------------------------


def test_a_published_story_is_stored_then_served_by_nginx(proxy, story):
    first = proxy.get(STORY)
    assert first.status == 200
    assert first.cache_status == "MISS"
    assert first.headers["X-Page-Cache"] == "miss"
    assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=600"
    assert "The language café" in first.body

    second = proxy.get(STORY)
    assert second.status == 200
    assert second.cache_status == "HIT"
    assert second.body == first.body


# 2. Publishing shows at once --------------------------------------------------------------------


def test_a_new_revision_is_shown_on_the_next_request(proxy, story):
    cached(proxy, STORY)
    story.title = "The language café moves"
    story.save_revision().publish()

    after = proxy.get(STORY)
    assert after.status == 200
    assert fresh(after), after.cache_status
    assert "The language café moves" in after.body
    # And that is what nginx keeps from now on.
    assert proxy.get(STORY).body == after.body


def test_a_new_story_appears_in_the_cached_listings_and_feed(proxy, story, malmo):
    listings = ["/en/stories/", "/en/malmo/stories/", "/en/", "/en/stories/feed/"]
    for path in listings:
        assert "A walk by the canal" not in cached(proxy, path).body, path
    StoryPageFactory(parent=malmo["stories"], title="A walk by the canal", slug="canal")

    for path in listings:
        after = proxy.get(path)
        assert after.status == 200, path
        assert fresh(after), (path, after.cache_status)
        assert "A walk by the canal" in after.body, path
        assert "The language café" in after.body, path


# 3. Unpublishing --------------------------------------------------------------------------------


def test_an_unpublished_story_is_gone_on_the_next_request(proxy, story):
    cached(proxy, STORY)
    story.unpublish()

    after = proxy.get(STORY)
    assert after.status == 404
    assert fresh(after), after.cache_status
    assert "The language café" not in after.body
    # A 404 is not kept either.
    assert proxy.get(STORY).cache_status != "HIT"


# 4. Moderation ----------------------------------------------------------------------------------


def test_an_approved_comment_appears_on_the_next_request(proxy, story):
    comment = Comment.objects.create(
        page=story,
        thread_key=story.translation_key,
        name="Samira",
        text="We met every Thursday.",
        language="en",
    )
    assert "We met every Thursday." not in cached(proxy, STORY).body
    moderator = get_user_model().objects.create_superuser("moderator", "m@example.org", "pw")
    moderate([comment], Comment.Status.APPROVED, moderator)

    after = proxy.get(STORY)
    assert after.status == 200
    assert fresh(after), after.cache_status
    assert "We met every Thursday." in after.body and "Samira" in after.body


# 5. Logged-in editors ---------------------------------------------------------------------------


@pytest.fixture
def editor_cookie():
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    browser = Client()
    browser.force_login(editor)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={browser.cookies[name].value}"


def test_an_editor_is_never_served_nor_stored(proxy, story, editor_cookie):
    anonymous = cached(proxy, STORY)
    # Changed in the database behind both caches' back (no signal, so no purge): only a page
    # rendered for this request shows it.
    StoryPage.objects.filter(pk=story.pk).update(title="Seen by the editor only")

    as_editor = proxy.get(STORY, {"Cookie": f"csrftoken=abc; {editor_cookie}"})
    assert as_editor.status == 200
    assert as_editor.cache_status == "BYPASS"
    assert "X-Page-Cache" not in as_editor.headers  # nor the app's cached copy
    assert "s-maxage" not in as_editor.headers["Cache-Control"]
    assert "Seen by the editor only" in as_editor.body

    # The editor's page replaced neither cache's copy.
    after = proxy.get(STORY)
    assert after.cache_status == "HIT"
    assert after.body == anonymous.body

    # And with nothing cached, the editor's page is not what the next reader gets.
    proxy.forget(STORY)
    assert proxy.get(STORY, {"Cookie": editor_cookie}).cache_status == "BYPASS"
    first_reader = proxy.get(STORY)
    assert first_reader.cache_status == "MISS"
    assert first_reader.headers["X-Page-Cache"] == "miss"


# 6. Poisoning -----------------------------------------------------------------------------------


ATTEMPTS = {
    "forwarded host": {"X-Forwarded-Host": "evil.example"},
    # A host the app serves too (ALLOWED_HOSTS): an unknown one alone would only get a 400.
    "forwarded allowed host": {"X-Forwarded-Host": "localhost"},
    "forwarded proto": {"X-Forwarded-Proto": "http"},
    "accept-language": {"Accept-Language": "ar"},
    "language cookie": {"Cookie": "django_language=ar"},
}


def assert_plain_english(reply: Reply, path: str):
    assert reply.status == 200, (path, reply.status)
    assert '<html lang="en"' in reply.body, path
    assert f'<link rel="canonical" href="{ORIGIN}{path}">' in reply.body, path
    assert "evil.example" not in reply.body, path
    assert "localhost" not in reply.body, path
    assert "http://127.0.0.1" not in reply.body, path
    hrefs = re.findall(r'href="(https?://[^"]*)"', reply.body)
    assert hrefs and all(href.startswith(f"{ORIGIN}/") for href in hrefs), hrefs


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=list(ATTEMPTS))
def test_crafted_headers_do_not_change_what_the_next_reader_gets(proxy, story, attempt):
    for path in (STORY, "/en/stories/"):
        proxy.forget(path)  # so that the crafted request is the one rendered and stored
        crafted = proxy.get(path, ATTEMPTS[attempt])
        assert crafted.cache_status == "MISS", (path, crafted.cache_status)
        for _ in range(2):  # from the app's cache (or a render), then from nginx's
            assert_plain_english(proxy.get(path), path)


def test_unknown_query_parameters_are_not_stored(proxy, story):
    plain = cached(proxy, STORY)
    tracked = f"{STORY}?utm_source=x"
    for _ in range(2):
        reply = proxy.get(tracked)
        assert reply.status == 200
        assert reply.cache_status == "MISS"
        assert "s-maxage" not in reply.headers["Cache-Control"]
    after = proxy.get(STORY)
    assert after.cache_status == "HIT"
    assert after.body == plain.body


def test_an_unknown_host_gets_no_page(proxy, story):
    proxy.forget(STORY)
    for _ in range(2):
        reply = proxy.get(STORY, {"Host": "evil.example"})
        assert reply.status == 400
        assert reply.cache_status != "HIT"
        assert "The language café" not in reply.body
    reply = proxy.get(STORY)
    assert reply.cache_status == "MISS"
    assert_plain_english(reply, STORY)


def test_the_language_redirect_is_not_kept(proxy, story):
    arabic = proxy.get("/", {"Accept-Language": "ar"})
    assert arabic.status == 302 and arabic.headers["Location"] == "/ar/"
    english = proxy.get("/", {"Accept-Language": "en"})
    assert english.status == 302 and english.headers["Location"] == "/en/"
    assert english.cache_status != "HIT"


# 7. Moving --------------------------------------------------------------------------------------


def test_a_moved_story_leaves_its_old_address(proxy, story):
    cached(proxy, STORY)
    cached(proxy, "/en/malmo/stories/")
    lund = city_tree("Lund", "lund")
    story.move(lund["stories"], pos="last-child")

    # Not the page nginx kept but Wagtail's automatic redirect to the new address
    # (WAGTAILREDIRECTS_AUTO_CREATE), which is not kept either.
    for _ in range(2):
        after = proxy.get(STORY)
        assert fresh(after), after.cache_status
        assert after.status == 301, after.status
        assert after.headers["Location"] == "/en/lund/stories/language-cafe/"
        assert "s-maxage" not in after.headers["Cache-Control"]
    moved = proxy.get("/en/lund/stories/language-cafe/")
    assert moved.status == 200 and "The language café" in moved.body
    assert "/en/lund/stories/language-cafe/" in proxy.get("/en/lund/stories/").body
    assert "The language café" not in proxy.get("/en/malmo/stories/").body


# Another spelling of an address; a page that expires with the clock --------------------------


def test_another_spelling_of_an_address_is_purged_too(proxy, story):
    cached(proxy, STORY)
    # The same page to Django (it decodes the path), another key to nginx ($request_uri).
    spelled = STORY.replace("language-cafe", "language%2Dcafe")
    assert proxy.get(spelled).headers["X-Page-Cache"] == "hit"
    story.title = "The language café moves"
    story.save_revision().publish()

    assert "The language café moves" in proxy.get(STORY).body
    after = proxy.get(spelled)
    assert "The language café moves" in after.body, after.cache_status


def upcoming_section(body: str) -> str:
    found = re.search(r'id="upcoming-heading".*?</section>', body, re.DOTALL)
    return found.group(0) if found else ""


def test_an_event_leaves_the_upcoming_events_when_it_ends(proxy, malmo):
    ends = timezone.now() + dt.timedelta(seconds=2)
    EventPageFactory(
        parent=malmo["events"],
        title="Closing soon",
        slug="closing-soon",
        start=ends - dt.timedelta(hours=2),
        end=ends,
    )
    before = proxy.get("/en/malmo/events/")
    assert "Closing soon" in upcoming_section(before.body)
    assert "s-maxage=600" not in before.headers["Cache-Control"]  # kept until the end at most
    time.sleep((ends - timezone.now()).total_seconds() + 1.2)

    after = proxy.get("/en/malmo/events/")
    assert after.status == 200
    assert "Closing soon" not in upcoming_section(after.body), after.cache_status
