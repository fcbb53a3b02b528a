"""Adding a language is configuration plus one command: CONTENT_LANGUAGES gains a code and
``manage.py setup_site`` gives it a home page, menu, the partners' cities with their sections,
the network's listings and a translators' group. Persian (fa) stands in for any right-to-left
language the network may add."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils.translation import trans_real
from wagtail.models import Locale, Page

from home.models import CityPage, HomePage
from partners.roles import translators_group_name
from tests.factories import StoriesPageFactory, city_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_persian(settings):
    settings.CONTENT_LANGUAGES = [*settings.CONTENT_LANGUAGES, "fa"]
    settings.LANGUAGES = [*settings.LANGUAGES, ("fa", "فارسی")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    trans_real._translations = {}
    yield
    trans_real._translations = {}


def test_setup_site_gives_a_new_language_its_own_tree(with_persian, client):
    tree = city_tree("Malmö", "malmo")
    StoriesPageFactory()

    call_command("setup_site", verbosity=0)

    fa = Locale.objects.get(language_code="fa")
    assert HomePage.objects.filter(locale=fa, depth=2).exists()
    city = CityPage.objects.get(locale=fa, translation_key=tree["city"].translation_key)
    assert city.live
    sections = {page.specific_class.__name__ for page in city.get_children().live()}
    assert sections == {"StoryIndexPage", "EventIndexPage", "PracticeIndexPage"}
    assert Page.objects.filter(locale=fa, slug="stories", depth=3).exists()
    assert Group.objects.filter(name=translators_group_name("fa")).exists()

    response = client.get("/fa/malmo/")
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in response.content.decode()


def test_setup_site_twice_changes_nothing(with_persian):
    city_tree("Malmö", "malmo")
    call_command("setup_site", verbosity=0)
    pages = Page.objects.count()
    call_command("setup_site", verbosity=0)
    assert Page.objects.count() == pages
