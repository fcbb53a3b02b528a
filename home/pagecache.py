"""Whole pages for anonymous readers, shared by every app server and purged from the proxy in
front of them (docs/caching.md).

Two layers keep one decision, made here: a response is *cacheable* when it is a 200 to an
anonymous GET with no session, no cookie set, no ``Vary`` but on encoding, only query
parameters the site reads (``PAGE_CACHE_QUERY_PARAMETERS``), and no ``private`` or ``no-store``
from the view. Such a response is

- kept in the shared cache (Redis) under the request's scheme, host, path and query, tagged with
  the content version it was rendered under (``home.cache``): after any change to public
  content the tag no longer matches, so the entry is never served again, on any server. The
  most read entries are also kept in each process's memory and served from there while
  ``home.cache.version_watch`` (Redis pub/sub) says their version is current: a change ends
  them within milliseconds, and a response nginx will keep is always checked with Redis;
- marked ``Cache-Control: public, max-age=0, s-maxage=N`` for the reverse proxy (nginx, a CDN),
  which keeps it N seconds unless purged. Browsers revalidate every time (``max-age=0``):
  only caches we can purge keep a page.

N is ``PAGE_CACHE_SECONDS`` at most, and never beyond the next moment when a page may change
without anything being saved (an event ending: see ``register_expiry``).

Everything else passes through untouched and, unless the view said otherwise, is marked
``Cache-Control: private``: logged-in editors, previews, drafts, pages with a form's errors,
redirects that depend on the reader's language, 404s.

**Purging the proxy.** nginx learns nothing from the version, so behind it the app records
each cache key it let nginx store (the ``X-Proxy-Cache-Key`` header nginx sends, exactly its
own key) and, when content changes and the transaction commits, sends a PURGE for every key
recorded since the last purge through Wagtail's frontend cache backends
(``WAGTAILFRONTENDCACHE``). A render that began before a change and ends after it is neither
kept nor marked for the proxy: the version is read again before a response is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend

from home.cache import VERSION_KEY, code_version, content_version, version_watch

logger = logging.getLogger(__name__)

PAGE_PREFIX = "cid:page"
PROXY_COUNT_KEY = "cid:proxy:count"
PROXY_PURGED_KEY = "cid:proxy:purged"
HIT_HEADER = "X-Page-Cache"
MAX_QUERY_LENGTH = 512
MAX_BODY_BYTES = 1024 * 1024
LOCAL_ENTRIES = 256  # pages kept in each process's memory (~256 × 20–30 KB)
# Paths that are never cached whole: the admin (and its previews) and served documents, which
# may be private and are files, not pages.
EXCLUDED_PREFIXES = ("/admin/", "/documents/")
_REFUSING_DIRECTIVES = ("private", "no-store", "no-cache")

_expiries: list[Callable[[], dt.datetime | None]] = []


def now() -> float:
    """The time, from Django's clock (tests move it)."""
    return timezone.now().timestamp()


def register_expiry(next_change: Callable[[], dt.datetime | None]) -> None:
    """Let an app say when pages may next change with nothing saved (an event ends, a month
    begins): ``next_change()`` returns that moment, or None. No page is kept past it."""
    _expiries.append(next_change)


def seconds_to_next_change(now: dt.datetime) -> float:
    """Seconds until the nearest registered change after ``now`` (infinity if none)."""
    nearest = float("inf")
    for next_change in _expiries:
        moment = next_change()
        if moment is not None:
            nearest = min(nearest, (moment - now).total_seconds())
    return nearest


class PageCacheMiddleware:
    """Serve and keep whole anonymous pages (see the module's docstring). Placed right after
    whitenoise: a hit costs a lookup in this process's memory (``LocalPages``) or one round
    trip to Redis, and none of the rest of the stack."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(settings.PAGE_CACHE_SECONDS)
        if self.seconds <= 0:
            raise MiddlewareNotUsed
        self.parameters = frozenset(settings.PAGE_CACHE_QUERY_PARAMETERS)
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        key = self.key_for(request)
        if key is None:
            return mark_private(self.get_response(request))
        # nginx's key is the address as sent; several spellings can reach one entry here, and
        # each must be recorded to be purged.
        proxy_key = request.META.get("HTTP_X_PROXY_CACHE_KEY")
        if not proxy_key:  # what the proxy will keep is always checked with Redis itself
            entry = local_pages.get(key)
            if valid(entry, version_watch.current()):
                return replay(entry)
        version, entry = lookup(key)
        if valid(entry, version):
            local_pages.put(key, entry)
            if proxy_key:
                record_proxy_key(proxy_key, version, entry[1] - now())
            return replay(entry)
        response = self.get_response(request)
        seconds = self.lifetime(request, response) if version else 0
        if seconds <= 0 or not version_unchanged(version):
            return mark_private(response)
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        response[HIT_HEADER] = "miss"
        local_pages.put(key, store(key, version, seconds, response))
        if proxy_key:
            record_proxy_key(proxy_key, version, seconds)
        return response

    def key_for(self, request) -> str | None:
        """The cache key of an anonymous GET the cache may answer, or None."""
        if request.method != "GET" or request.path.startswith(EXCLUDED_PREFIXES):
            return None
        if self.session_cookie in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            return None
        query = request.META.get("QUERY_STRING", "")
        if query and not self.known_query(query):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # Django answers 400
        url = f"{request.scheme}://{host}{request.get_full_path()}"
        digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
        return f"{PAGE_PREFIX}:{code_version()}:{digest}"

    def known_query(self, query: str) -> bool:
        if len(query) > MAX_QUERY_LENGTH:
            return False
        try:
            pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=20)
        except ValueError:
            return False
        return all(name in self.parameters for name, _value in pairs)

    def lifetime(self, request, response) -> float:
        """How long ``response`` may be kept, in whole seconds; 0 if it must not be."""
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or getattr(request, "is_preview", False)
            or len(response.content) > MAX_BODY_BYTES
        ):
            return 0
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
        if vary - {"", "accept-encoding"}:
            return 0
        control = response.get("Cache-Control", "").lower()
        if any(directive in control for directive in _REFUSING_DIRECTIVES):
            return 0
        seconds = min(self.seconds, seconds_to_next_change(timezone.now()))
        return int(seconds)


def lookup(key: str) -> tuple[str | None, tuple | None]:
    """The current content version and the entry under ``key``, in one round trip."""
    try:
        found = cache.get_many([VERSION_KEY, key])
    except Exception:  # the cache is down: render
        logger.warning("cache unavailable: page rendered", exc_info=True)
        return None, None
    version = found.get(VERSION_KEY)
    if version is None:  # nothing cached yet, or the cache was emptied
        version = content_version()
    return version, found.get(key)


def version_unchanged(version: str) -> bool:
    """Whether content is still at ``version`` now that the response is ready: a response
    rendered across a change is neither kept nor offered to the proxy."""
    try:
        return cache.get(VERSION_KEY) == version
    except Exception:
        return False


def valid(entry: tuple | None, version: str | None) -> bool:
    """Whether ``entry`` was made under ``version`` (the current one) and has not expired."""
    return entry is not None and version is not None and entry[0] == version and entry[1] > now()


def store(key: str, version: str, seconds: int, response) -> tuple:
    headers = [(name, value) for name, value in response.items() if name != HIT_HEADER]
    entry = (version, now() + seconds, response.status_code, headers, response.content)
    try:
        cache.set(key, entry, seconds)
    except Exception:
        logger.warning("cache unavailable: page not kept", exc_info=True)
    return entry


class LocalPages:
    """The most recently served whole pages, in this process's memory, so that a hit needs no
    round trip to Redis. An entry is served only while ``version_watch`` (Redis pub/sub) says
    its version is still the current one: a change anywhere ends it here within milliseconds."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self.lock:
            return self.entries.get(key)

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


local_pages = LocalPages(LOCAL_ENTRIES)


def replay(entry: tuple) -> HttpResponse:
    _version, expires, status, headers, content = entry
    response = HttpResponse(content, status=status, headers=dict(headers))
    remaining = max(int(expires - now()), 1)
    response["Cache-Control"] = f"public, max-age=0, s-maxage={remaining}"
    response[HIT_HEADER] = "hit"
    return response


def mark_private(response):
    """A response the page cache did not keep: no shared cache may keep it either, unless the
    view said how it may be cached."""
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private"
    return response


# The proxy's keys ------------------------------------------------------------------------------


def record_proxy_key(proxy_key: str, version: str, seconds: int) -> None:
    """Remember that the proxy may now hold ``proxy_key`` (its own ``$host$request_uri``), once
    per content version."""
    digest = hashlib.blake2b(proxy_key.encode(), digest_size=16).hexdigest()
    keep = int(seconds) + 60
    try:
        if not cache.add(f"cid:proxy:seen:{version}:{digest}", 1, keep):
            return
        cache.add(PROXY_COUNT_KEY, 0, None)
        number = cache.incr(PROXY_COUNT_KEY)
        cache.set(f"cid:proxy:key:{number}", proxy_key, keep)
    except Exception:
        logger.warning("cache unavailable: proxy key not recorded", exc_info=True)


def purge_proxies() -> None:
    """Ask the proxies to drop every page they may hold (every key recorded since the last
    purge). Called when content changes, after the transaction commits."""
    try:
        last = cache.get(PROXY_COUNT_KEY) or 0
        done = cache.get(PROXY_PURGED_KEY) or 0
        if done > last:  # the counter was lost (cache emptied): start again
            done = 0
        if last == done:
            return
        cache.set(PROXY_PURGED_KEY, last, None)
        names = [f"cid:proxy:key:{number}" for number in range(done + 1, last + 1)]
        keys = set(cache.get_many(names).values())
        cache.delete_many(names)
    except Exception:
        logger.warning("cache unavailable: proxies not purged", exc_info=True)
        return
    if keys:
        # Wagtail's own task, run here rather than queued: already after the commit, and a
        # proxy must not keep serving old pages while the worker (TASKS_BACKEND=database) is
        # busy or down.
        from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

        purge_urls_from_cache_task.call(sorted(proxy_url(key) for key in keys))


def proxy_url(proxy_key: str) -> str:
    """The URL to purge for a key ``host/path?query``: the proxy's backend sends its path and
    query with ``Host: host``. The scheme is not part of the key (the proxy serves HTTPS only)."""
    return f"https://{proxy_key}"


class PurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge backend, for nginx's cache purge module: one connection for a
    whole batch, and a key the proxy no longer holds (404, it expired) is not an error."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        connection_class = HTTPSConnection if self.cache_scheme == "https" else HTTPConnection
        connection = connection_class(self.cache_netloc, timeout=5)
        try:
            for url in urls:
                parts = urlsplit(url)
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                try:
                    connection.request("PURGE", target, headers={"Host": parts.netloc})
                except UnicodeError:  # a raw, unencoded address: it expires on its own
                    logger.warning("Not purged (not ASCII): %r", url)
                    continue
                response = connection.getresponse()
                response.read()
                if response.status not in (200, 404):
                    logger.error("Couldn't purge %s: %s %s", url, response.status, response.reason)
        except OSError as error:
            logger.error(
                "Couldn't purge %d pages through %s: %s", len(urls), self.cache_netloc, error
            )
        finally:
            connection.close()
