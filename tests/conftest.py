import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from home.setup import setup_site

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


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
