"""Issue 10's query budget: every public page type runs at most ``BUDGET`` queries on a warm
process, and the same number (cold and warm) whatever the number of items it shows."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

BUDGET = 12


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
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
