"""setup_site gives every configured language a home page, a menu and a footer."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale, Page, Site

from home.models import HomePage, MainMenu, SiteFooter
from home.setup import FUNDING, setup_site

pytestmark = pytest.mark.django_db

CONFIGURED = ["en", "sv", "de", "it", "es", "el", "pl", "ar"]


def test_every_configured_language_has_a_home_menu_and_footer():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(CONFIGURED)
    for model in (HomePage, MainMenu, SiteFooter):
        assert sorted(model.objects.values_list("locale__language_code", flat=True)) == sorted(
            CONFIGURED
        ), model
    homes = HomePage.objects.all()
    assert len({home.translation_key for home in homes}) == 1
    assert Site.objects.get(is_default_site=True).root_page.specific.locale.language_code == "en"


def test_the_funding_acknowledgement_is_in_each_language():
    for footer in SiteFooter.objects.select_related("locale"):
        assert footer.funding_acknowledgement == FUNDING[footer.locale.language_code]
        assert footer.show_eu_emblem


def test_the_wagtail_welcome_page_is_gone():
    assert not Page.objects.filter(depth=2).exclude(pk__in=HomePage.objects.values("pk")).exists()


def test_setup_is_idempotent():
    before = (Page.objects.count(), MainMenu.objects.count(), SiteFooter.objects.count())
    call_command("setup_site", verbosity=0)
    assert (Page.objects.count(), MainMenu.objects.count(), SiteFooter.objects.count()) == before


def test_adding_a_language_is_configuration_plus_one_command(client):
    languages = [*CONFIGURED, "fa"]
    with override_settings(
        CONTENT_LANGUAGES=languages,
        LANGUAGES=[(code, code) for code in languages],
        WAGTAIL_CONTENT_LANGUAGES=[(code, code) for code in languages],
    ):
        setup_site()
        farsi = HomePage.objects.get(locale__language_code="fa")
        assert farsi.live
        # No Persian disclaimer exists: the default one is shown, marked as English.
        assert not SiteFooter.objects.filter(locale__language_code="fa").exists()
        fa = Locale.objects.get(language_code="fa")
        assert SiteFooter.for_locale(fa).locale.language_code == "en"
