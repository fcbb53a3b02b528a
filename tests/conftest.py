import pytest
from django.core.cache import cache

from home.setup import setup_site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from what ``setup_site`` makes: a locale, home page, menu and footer
    for every configured language."""
    with django_db_blocker.unblock():
        setup_site()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
