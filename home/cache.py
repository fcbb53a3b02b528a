"""What makes a page cheap to render on a warm process (docs/decisions.md §24).

Two caches, neither of which can serve stale content:

- **Per request**, locales by language code. Wagtail looks the active locale up again wherever
  it needs it (routing, settings, snippets): a dozen identical queries per page. The memo lives
  as long as the request (``request_memo`` middleware), so it never outlives a change.
- **Shared** (the default cache: Redis in production, so every app server sees the same), what
  every reader of a page in one language sees the same: menus, language links, cards in
  listings, comment threads. Keys carry a *content version*; saving or deleting anything shown
  on public pages (a page of any type, a snippet, an image, a locale, an approved comment) sets a
  new version, so every entry made before the change is unreachable at once, on every server.
  Publications are rare next to reads, so a global version is both simple and right.

If the cache fails (Redis down), reads fall back to computing the value: slower, never broken.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.i18n import LocaleManager

logger = logging.getLogger(__name__)

VERSION_KEY = "cid:content-version"
TIMEOUT = 60 * 60 * 24  # a day: entries of an old version simply expire
_MISSING = object()

# Per-request locale memo ------------------------------------------------------------------------

_locales: ContextVar[dict | None] = ContextVar("cid_locales", default=None)
_get_for_language = LocaleManager.get_for_language


def _memoized_get_for_language(manager, language_code):
    memo = _locales.get()
    if memo is None:
        return _get_for_language(manager, language_code)
    if language_code not in memo:
        memo[language_code] = _get_for_language(manager, language_code)
    return memo[language_code]


def install_locale_memo() -> None:
    """Route Wagtail's ``Locale.objects.get_for_language`` (behind ``Locale.get_active``)
    through the per-request memo. Outside a request it queries as before."""
    LocaleManager.get_for_language = _memoized_get_for_language


def request_memo(get_response):
    """Middleware: a fresh locale memo for each request, dropped when the response is ready,
    and the request's Wagtail site from the shared cache (Wagtail looks it up once per request,
    with a query)."""

    def middleware(request):
        token = _locales.set({})
        try:
            remember_site(request)
            return get_response(request)
        finally:
            _locales.reset(token)

    return middleware


def remember_site(request) -> None:
    """Set ``request._wagtail_site`` (what ``Site.find_for_request`` reads first) from the
    shared cache, for a host the site serves; others are left to Django and Wagtail."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return
    parts = (split_domain_port(host)[0], request.get_port())
    request._wagtail_site = memoize("site", parts, lambda: Site._find_for_request(request))


# Shared, versioned cache ------------------------------------------------------------------------


@functools.cache
def code_version() -> str:
    """A fingerprint of the project's Python code, part of every key: servers running the same
    release share entries, and a release that changes what is cached never reads an older
    release's entries."""
    digest = hashlib.blake2b(digest_size=8)
    for app in sorted(settings.BASE_DIR.glob("*/apps.py")):
        for path in sorted(app.parent.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content_version() -> str:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = str(time.time_ns())
            if cache.add(VERSION_KEY, version, None):
                announce(version)
            version = cache.get(VERSION_KEY, version)
        return version
    except Exception:  # the cache is down: every read computes
        logger.warning("cache unavailable: content version not read", exc_info=True)
        return ""


def _renew() -> None:
    version = str(time.time_ns())
    try:
        cache.set(VERSION_KEY, version, None)
        announce(version)
    except Exception:
        logger.exception("cache unavailable: content version not renewed")


# Every process told at once -------------------------------------------------------------------

CHANNEL = "cid:content-version"


def channel_of(client) -> str:
    """The channel for the Redis database ``client`` uses: pub/sub is server-wide, so sites (or
    benchmarks and tests) sharing one Redis server in different databases stay apart."""
    return f"{CHANNEL}:{client.connection_pool.connection_kwargs.get('db', 0)}"


REFRESH_SECONDS = 5  # the watch reads the version itself this often, in case a message was lost
RETRY_MAX_SECONDS = 30  # the longest wait between tries to reach Redis again


def redis_client():
    """The Redis client behind the default cache, or None when the cache is not Redis."""
    if settings.CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache":
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def announce(version: str) -> None:
    """Tell every process's ``VersionWatch`` the new version (Redis pub/sub)."""
    client = redis_client()
    if client is not None:
        client.publish(channel_of(client), version)


class VersionWatch:
    """This process's copy of the content version, kept current by Redis pub/sub, so that
    whole pages kept in the process (``home.pagecache``) can be served without asking Redis.

    A thread subscribes to ``channel_of`` the cache's Redis; once subscribed it reads the version, then takes each
    new one announced, and reads it again every ``REFRESH_SECONDS`` in case one was lost. The
    copy is trusted only while subscribed: disconnected, or with no cache but memory, it is
    not, and callers ask the cache. The thread starts on first use in each process (after
    gunicorn forks)."""

    def __init__(self):
        self.version = None
        self.trusted = False
        self.pid = None
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def current(self) -> str | None:
        """The version, when it can be trusted; otherwise None."""
        if self.pid != os.getpid():
            self.start()
        return self.version if self.trusted else None

    def start(self) -> None:
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid, self.version, self.trusted = os.getpid(), None, False
            client = redis_client()
            if client is not None:
                thread = threading.Thread(
                    target=self.listen, args=(client,), name="cid-version-watch", daemon=True
                )
                thread.start()

    def stop(self) -> None:
        """Stop the thread (tests)."""
        self.stopped.set()
        self.trusted = False

    def listen(self, client) -> None:
        """Follow the channel. When Redis cannot be reached, try again after 1 s, then twice as
        long each time up to ``RETRY_MAX_SECONDS``; each loss is logged once, not every try."""
        failures = 0
        while not self.stopped.is_set():
            try:
                self.follow(client.pubsub(), channel_of(client))
            except Exception:
                if self.trusted:  # it was following until now: a new loss
                    failures = 0
                if failures == 0:
                    logger.warning("content version watch lost: asking the cache", exc_info=True)
                failures += 1
            self.trusted = False
            self.stopped.wait(min(2 ** max(failures - 1, 0), RETRY_MAX_SECONDS))

    def follow(self, pubsub, channel: str) -> None:
        with pubsub:
            pubsub.subscribe(channel)
            read_at = None  # when the version was last read from the cache itself
            while not self.stopped.is_set():
                message = pubsub.get_message(timeout=1)
                kind = message["type"] if message else None
                if kind == "message":
                    self.version = message["data"].decode()
                    continue
                due = read_at is not None and time.monotonic() - read_at > REFRESH_SECONDS
                if kind == "subscribe" or due:
                    self.version = cache.get(VERSION_KEY)
                    read_at = time.monotonic()
                    self.trusted = True


version_watch = VersionWatch()


def new_content_version(**_signal_kwargs) -> None:
    """Make every cached entry unreachable (receiver for the signals ``home.invalidation``
    connects). Renewed at once, and again when the transaction commits: a request that read
    the old rows in between may have cached them under the first renewal."""
    _renew()
    transaction.on_commit(_renew_and_purge)


def _renew_and_purge() -> None:
    from home.pagecache import purge_proxies

    _renew()
    purge_proxies()


def memoize(name: str, parts: tuple, compute: Callable[[], Any], timeout: int = TIMEOUT) -> Any:
    """``compute()``'s value, shared between requests and servers until content changes.

    ``parts`` must name everything the value depends on (page, language, host, validated
    parameters): two requests with the same parts get the same value. Values must pickle.
    """
    version = content_version()
    if not version:
        return compute()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"cid:{code_version()}:{version}:{name}:{digest}"
    try:
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("cache unavailable: %s computed", name, exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("cache unavailable: %s not stored", name, exc_info=True)
    return value
