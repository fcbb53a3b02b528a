"""When a service fails: the database unreachable gives a 503 page and the site recovers by
itself; the cache (Redis) down leaves the site serving, signing in and taking comments; the
health check tells a load balancer which it is, and nothing more.

The database is made unreachable for real: the connection is dropped and its settings point
where nothing listens (PostgreSQL: a closed port; SQLite: a file that cannot be opened), so the
next query fails to connect, as it would while PostgreSQL restarts. The cache is a django-redis
client aimed at a closed port, as in production with Redis stopped."""

import contextlib
import json
import logging
import socket
import sys

import pytest
import redis
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, connection
from django.test import Client, RequestFactory

from config.settings.base import redis_caches
from home import errors
from home.redis_breaker import RedisSkipped, SkippingConnectionPool
from participation.models import Comment
from participation.protection import sign_start_time
from tests.factories import StoryPageFactory, city_tree
from tests.test_settings import settings_from

REDIS_DOWN = "redis://127.0.0.1:1/0"  # nothing listens there
SAME_ORIGIN = {"Origin": "http://testserver"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free again once closed: nothing listens


@contextlib.contextmanager
def database_unreachable():
    """The next query has to connect, and cannot. Afterwards the settings are restored and the
    app connects again by itself (SQLite's in-memory test database keeps its own connection,
    which is put back, or its content would be gone)."""
    saved_settings = dict(connection.settings_dict)
    saved_connection = connection.connection if connection.vendor == "sqlite" else None
    if connection.vendor == "sqlite":
        connection.connection = None
        connection.settings_dict["NAME"] = "/nonexistent/cid/db.sqlite3"
    else:
        connection.close()
        connection.settings_dict["PORT"] = closed_port()
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        if saved_connection is not None:
            connection.connection = saved_connection


def failing_client() -> Client:
    """A browser: gets the error page rather than the test client's re-raised exception."""
    return Client(raise_request_exception=False)


def texts(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


# The database unreachable --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_with_the_database_unreachable_pages_get_a_503_in_the_readers_language(settings, caplog):
    settings.PAGE_CACHE_SECONDS = 0
    client = failing_client()
    assert client.get("/en/").status_code == 200

    with database_unreachable():
        english = client.get("/en/")
        arabic = client.get("/ar/")
        health = client.get("/health/")

    assert english.status_code == 503
    assert english["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert english["Cache-Control"] == "no-store"
    assert "The site is briefly unavailable" in texts(english)
    assert '<html lang="en" dir="ltr">' in english.text
    assert arabic.status_code == 503
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "The site is briefly unavailable" not in texts(arabic)
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable"}
    # Logged, with the driver's own words, for the operator (never shown to the reader).
    assert any(record.levelno >= logging.ERROR for record in caplog.records)

    # Back without restarting anything: the next request connects again.
    assert client.get("/en/").status_code == 200
    assert client.get("/health/").json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_a_page_already_cached_is_still_read_while_the_database_is_unreachable(settings):
    client = failing_client()
    first = client.get("/en/")
    assert first.status_code == 200
    with database_unreachable():
        again = client.get("/en/")
        not_cached = client.get("/en/?page=2")
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert not_cached.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_a_comment_sent_while_the_database_is_unreachable_is_refused_and_can_be_sent_again():
    tree = city_tree()
    story = StoryPageFactory(parent=tree["stories"], title="A new neighbour", slug="neighbour")
    client = failing_client()
    url = f"/en/participate/comments/{story.pk}/"
    data = {
        "name": "Amina",
        "email": "amina@example.org",
        "text": "Sent during the restart.",
        "consent": "on",
        "website": "",
        "started": sign_start_time(),
    }
    with database_unreachable():
        refused = client.post(url, data, headers=SAME_ORIGIN)
    assert refused.status_code == 503
    assert "it has not been saved" in texts(refused)
    assert not Comment.objects.exists()

    accepted = client.post(url, data, headers=SAME_ORIGIN)
    assert accepted.status_code == 303
    assert list(Comment.objects.values_list("text", flat=True)) == ["Sent during the restart."]


def handled(exception) -> tuple:
    """What ``handler500`` answers while ``exception`` is being handled, as Django calls it."""
    try:
        raise exception
    except Exception:
        response = errors.server_error(RequestFactory().get("/"))
    return response.status_code, response


def test_only_connection_failures_are_a_503_other_errors_stay_a_500():
    assert handled(OperationalError("server closed the connection unexpectedly"))[0] == 503
    status, response = handled(IntegrityError("duplicate key"))
    assert status == 500
    assert "Something went wrong" in texts(response)
    assert "duplicate key" not in response.text
    assert handled(ValueError("a bug"))[0] == 500
    assert sys.exc_info() == (None, None, None)


# The cache down ---------------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(REDIS_DOWN)


@pytest.mark.django_db
def test_with_the_cache_down_pages_and_comments_are_served_and_limited_per_process(
    client, settings, redis_down, caplog
):
    settings.PARTICIPATION_COMMENT_RATE = "2/10m"
    tree = city_tree()
    story = StoryPageFactory(parent=tree["stories"], title="A new neighbour", slug="neighbour")
    assert client.get(story.url).status_code == 200

    url = f"/en/participate/comments/{story.pk}/"
    statuses = []
    for number in range(3):
        data = {
            "name": "Amina",
            "text": f"Comment {number}",
            "consent": "on",
            "website": "",
            "started": sign_start_time(),
        }
        statuses.append(client.post(url, data, headers=SAME_ORIGIN).status_code)
    assert statuses == [303, 303, 429]
    assert Comment.objects.count() == 2
    assert "counted in this process" in caplog.text


@pytest.mark.django_db
def test_with_the_cache_down_editors_still_sign_in(client, redis_down):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password")
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a long password"}, follow=True
    )
    assert response.status_code == 200
    assert response.context["request"].user.is_authenticated
    assert client.get("/admin/").status_code == 200


# Health -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_says_ok_and_nothing_more(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get("/health/")  # never kept by the page cache
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_health_with_the_cache_down_is_degraded_not_failing(client, redis_down, caplog):
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded"}
    assert "cache did not answer" in caplog.text
    assert "127.0.0.1" not in response.text


@pytest.mark.django_db
def test_health_is_not_redirected_to_https_by_the_production_settings(client, settings):
    """Load balancers ask the app server itself, over plain HTTP."""
    production = settings_from(
        "production", SECRET_KEY="x" * 64, REDIS_URL="redis://127.0.0.1:6379/1"
    )
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = production["redirect_exempt"]
    assert client.get("/health/").status_code == 200
    assert client.get("/en/").status_code == 301


def test_after_a_failed_connection_redis_is_not_asked_again_for_a_moment():
    pool = SkippingConnectionPool.from_url(REDIS_DOWN, socket_connect_timeout=1)
    with pytest.raises(redis.ConnectionError) as first:
        pool.get_connection()
    assert not isinstance(first.value, RedisSkipped)  # it really tried
    with pytest.raises(RedisSkipped):
        pool.get_connection()  # at once, without trying
    pool.skip_until = 0  # the pause is over: it tries again
    with pytest.raises(redis.ConnectionError) as again:
        pool.get_connection()
    assert not isinstance(again.value, RedisSkipped)


def test_a_redis_that_answers_is_used_as_before():
    pool = SkippingConnectionPool.from_url("redis://127.0.0.1:6379/12")
    client = redis.Redis(connection_pool=pool)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert client.set("cid:test:breaker", "1") and client.get("cid:test:breaker") == b"1"
    client.delete("cid:test:breaker")


@pytest.mark.django_db
def test_with_the_cache_down_a_page_logs_the_failure_once_not_per_cache_call(
    client, redis_down, caplog
):
    tree = city_tree()
    story = StoryPageFactory(parent=tree["stories"], title="A new neighbour", slug="neighbour")
    for _ in range(3):
        assert client.get(story.url).status_code == 200
    tracebacks = [record for record in caplog.records if record.exc_info]
    assert len(tracebacks) <= 1, [record.getMessage() for record in tracebacks]


@pytest.mark.django_db
def test_health_answers_a_load_balancer_that_asks_by_address(client):
    """The Host is the server's own address, not one of ALLOWED_HOSTS: every other path is a
    400 for it; /health/ answers."""
    assert client.get("/en/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    response = client.get("/health/", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Content-Type-Options"] == "nosniff"
