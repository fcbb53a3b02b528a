import contextlib
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from pytest_django.plugin import blocking_manager_key

from home.setup import setup_site
from partners import roles
from partners.onboarding import add_partner
from tests.factories import rebuild_roots

# Property-based tests: few examples and no deadline (a database round trip varies), no example
# database written into the working tree. HYPOTHESIS_PROFILE=default gives Hypothesis's own.
hypothesis_settings.register_profile("ci", max_examples=25, deadline=None, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from what ``setup_site`` makes: a locale, home page, menu and footer
    for every configured language."""
    with django_db_blocker.unblock():
        setup_site()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


# The files that take longest (seconds on PostgreSQL with the browser and proxy tests, measured
# from a --junitxml report), handed out first: ``--dist loadfile`` gives files to the two
# processes in collection order, and a long file collected last leaves one of them idle at the
# end. The others keep their alphabetical order.
LONGEST_FIRST = (
    "test_accessibility.py",  # 77 s
    "test_query_budget_events.py",  # 75 s
    "test_demo.py",  # 66 s
    "test_query_budget_handbook.py",  # 65 s
    "test_xss.py",  # 47 s
    "test_proxy_cache.py",  # 41 s
    "test_permissions.py",  # 37 s
    "test_partners.py",  # 33 s
    "test_keyboard.py",  # 29 s
    "test_rendering.py",  # 27 s
    "test_open_data.py",  # 27 s
    "test_calendar.py",  # 26 s
)


def pytest_collection_modifyitems(config, items):
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails leaves a screenshot of its tab in test-artifacts/failures/."""
    outcome = yield
    report = outcome.get_result()
    tab = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and hasattr(tab, "screenshot"):
        folder = Path(settings.BASE_DIR, "test-artifacts", "failures")
        folder.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() else "-" for c in item.nodeid)
        # A tab already closed must not hide the test's own failure.
        with contextlib.suppress(Exception):
            tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (the browser tests) ends by emptying every table; what
    ``django_db_setup`` made is made again for the tests that come after it in this process."""
    yield
    if nextitem is not None and _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            rebuild_roots()
            setup_site()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /ar/ leaves Arabic active in the
    thread (Django's LocaleMiddleware activates, never deactivates), which would otherwise reach
    the next test's management command output or emails."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """Two partners (Alpha in Sweden, Beta in Italy) for a module's tests, rolled back after
    them. Modules that need another network define their own ``network``."""
    with django_db_blocker.unblock(), transaction.atomic():
        alpha, _created = add_partner(
            "Alpha", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm"
        )
        beta, _created = add_partner(
            "Beta", country="IT", languages=["it"], time_zone="Europe/Rome"
        )
        yield SimpleNamespace(alpha=alpha, beta=beta, coordinators=roles.ensure_coordinators())
        transaction.set_rollback(True)
