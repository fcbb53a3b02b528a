"""The demo network: believable, complete, in every locale, and idempotent to load."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from events.models import EventPage, EventReportPage
from handbook.models import HandbookChapterPage, PracticePage
from home.models import CityPage, NetworkSettings, StandardPage
from stories.models import StoryPage


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "live": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "translations": Translation.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_the_network_is_as_big_as_promised(demo):
    cities = CityPage.objects.filter(locale__language_code="en")
    assert cities.count() >= 6
    assert len({c.country.code for c in cities}) >= 6
    assert len({c.time_zone for c in cities}) >= 4
    assert StoryPage.objects.values("translation_key").distinct().count() >= 24
    originals = {s.locale.language_code for s in StoryPage.objects.select_related("locale")}
    assert originals & {"sv", "it", "el"}
    transnational = EventPage.objects.filter(kind="transnational").values("translation_key")
    assert transnational.distinct().count() == 8
    assert EventPage.objects.filter(kind="local").values("translation_key").distinct().count() >= 6
    assert all(len(e.agenda) >= 4 for e in EventPage.objects.all())
    past = EventPage.objects.filter(kind="transnational", end__lt=timezone.now())
    assert past.exists()
    assert all(EventReportPage.objects.child_of(e).exists() for e in past)
    assert HandbookChapterPage.objects.filter(locale__language_code="en").count() >= 5
    assert PracticePage.objects.values("translation_key").distinct().count() >= 15
    assert StandardPage.objects.filter(locale__language_code="en").count() >= 3
    assert NetworkSettings.load().demo_content is True


def test_swedish_and_arabic_translations_were_made_with_wagtail_localize(demo):
    for code in ("sv", "ar"):
        translated = Translation.objects.filter(target_locale__language_code=code)
        types = {t.source.specific_content_type.model for t in translated}
        assert {"homepage", "handbookchapterpage", "storypage"} <= types, code
        stories = [t for t in translated if t.source.specific_content_type.model == "storypage"]
        assert len(stories) >= 3


def test_every_image_has_alt_text(demo):
    assert Image.objects.count() >= 8
    assert not Image.objects.filter(description="").exists()
    for page in [*StoryPage.objects.all(), *EventPage.objects.all(), *PracticePage.objects.all()]:
        if page.image_id:
            assert page.image_alt or page.image_decorative, page


def test_every_live_page_answers_in_english_and_arabic(demo, client):
    failures = []
    for page in Page.objects.live().filter(depth__gt=1).select_related("locale"):
        url = page.url
        for code in ("en", "ar"):
            localized = url.replace(f"/{page.locale.language_code}/", f"/{code}/", 1)
            response = client.get(localized, follow=True)
            if response.status_code != 200:
                failures.append((localized, response.status_code))
    assert failures == []


def test_seeding_again_changes_nothing(demo):
    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before
