"""Issue 10's query budget: every public page type runs at most ``BUDGET`` queries on a warm
process, and the same number (cold and warm) whatever the number of items it shows."""

from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

BUDGET = 12


def uncached(client) -> Client:
    """A client like ``client`` whose requests pass the whole-page cache by (its middleware is
    off): what the budget measures is the render beneath it, what a page cache miss costs."""
    fresh = Client(**client.defaults)
    fresh.cookies = client.cookies
    with override_settings(PAGE_CACHE_SECONDS=0):
        fresh.handler.load_middleware()
    return fresh


def queries_for(client, url) -> int:
    renderer = uncached(client)
    with CaptureQueriesContext(connection) as captured:
        response = renderer.get(url)
    assert response.status_code == 200, url
    return len(captured)


def cold_and_warm(client, url) -> tuple[int, int]:
    """Queries for ``url`` with every cache empty (what a change to content leaves), then again
    on the warm process (what most readers get). A first request makes what Wagtail creates on
    first use (the network settings row), which would otherwise empty the cache again."""
    queries_for(client, url)
    cache.clear()
    cold = queries_for(client, url)
    return cold, queries_for(client, url)


def assert_within_budget(client, url, add_items) -> tuple[int, int]:
    """Measure ``url``, call ``add_items()`` (40 more of what it lists, on top of 10), measure
    again: equal counts, and the warm one within the budget. Returns (cold, warm)."""
    ten = cold_and_warm(client, url)
    add_items()
    fifty = cold_and_warm(client, url)
    assert fifty == ten, f"{url}: {ten} queries (cold, warm) with 10 items, {fifty} with 50"
    assert ten[1] <= BUDGET, f"{url}: {ten[1]} queries on a warm process (budget {BUDGET})"
    return ten


def assert_all_within_budget(client, urls, add_items) -> dict:
    """``assert_within_budget`` for several pages that list the same items: each measured,
    ``add_items()`` once, each measured again. Returns {url: (cold, warm)}."""
    ten = {url: cold_and_warm(client, url) for url in urls}
    add_items()
    fifty = {url: cold_and_warm(client, url) for url in urls}
    for url in urls:
        assert fifty[url] == ten[url], (
            f"{url}: {ten[url]} queries (cold, warm) with 10 items, {fifty[url]} with 50"
        )
        assert ten[url][1] <= BUDGET, f"{url}: {ten[url][1]} queries warm (budget {BUDGET})"
    return ten
