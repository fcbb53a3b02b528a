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
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY, version)
        return version
    except Exception:  # the cache is down: every read computes
        logger.warning("cache unavailable: content version not read", exc_info=True)
        return ""


def _renew() -> None:
    try:
        cache.set(VERSION_KEY, str(time.time_ns()), None)
    except Exception:
        logger.exception("cache unavailable: content version not renewed")


def new_content_version(**_signal_kwargs) -> None:
    """Make every cached entry unreachable (receiver for the signals ``home.invalidation``
    connects). Renewed at once, and again when the transaction commits: a request that read
    the old rows in between may have cached them under the first renewal."""
    _renew()
    transaction.on_commit(_renew)


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
