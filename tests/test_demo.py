"""The demo network: believable, complete, in every locale, and idempotent to load."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation

from demo.content.editions import CHANGED_PRACTICE, NEWER_RESULTS
from demo.content.handbook import PRACTICES
from events.models import EventPage, EventReportPage
from handbook.models import (
    EditionEntry,
    HandbookChapterPage,
    HandbookEdition,
    HandbookPage,
    PracticePage,
)
from home.models import CityPage, NetworkSettings, StandardPage
from home.translation import untranslated_strings
from participation.models import Comment
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
        "editions": HandbookEdition.objects.count(),
        "edition entries": EditionEntry.objects.count(),
        "comments": Comment.objects.count(),
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
    """Every live page's address, in English and in Arabic (a page's translations share their
    addresses but for the language, so each address is asked once)."""
    urls = {
        page.url.replace(f"/{page.locale.language_code}/", f"/{code}/", 1)
        for page in Page.objects.live().filter(depth__gt=1).select_related("locale")
        for code in ("en", "ar")
    }
    assert len(urls) > 150
    failures = []
    for url in sorted(urls):
        response = client.get(url, follow=True)
        if response.status_code != 200:
            failures.append((url, response.status_code))
    assert failures == []


def test_every_practice_says_what_it_cost_and_what_to_watch_out_for(demo):
    practices = PracticePage.objects.select_related("locale")
    assert practices.count() == len(PRACTICES) + 8  # four practices in sv and ar
    for practice in practices:
        assert strip_tags(practice.cost_effort).strip(), practice
        assert strip_tags(practice.watch_out_for).strip(), practice
        assert "@" in practice.contact and ".example.org" in practice.contact, practice


def test_the_first_chapter_reads_complete_in_swedish_and_arabic(demo, client):
    chapter = HandbookChapterPage.objects.get(slug="meeting-places", locale__language_code="en")
    practices = [link.practice for link in chapter.chapter_practices.order_by("sort_order")]
    assert len(practices) == 4
    for code in ("sv", "ar"):
        locale = Locale.objects.get(language_code=code)
        translated_chapter = chapter.get_translation(locale)
        response = client.get(translated_chapter.url)
        assert response.status_code == 200
        content = response.content.decode()
        for practice in practices:
            translated = practice.get_translation_or_none(locale)
            assert translated is not None and translated.live, (practice, code)
            assert not untranslated_strings(practice, locale), (practice, code)
            assert translated.specific.cost_effort != practice.cost_effort
            assert escape(translated.title) in content, (practice, code)


def test_edition_1_keeps_the_text_the_live_handbook_has_moved_on_from(demo, client):
    draft, first = HandbookEdition.objects.all()  # newest first
    assert (first.kind, first.consultation_open) == ("edition", False)
    assert (draft.kind, draft.consultation_open) == ("consultation", True)
    assert first.published_at < draft.published_at

    practice = PracticePage.objects.get(slug=CHANGED_PRACTICE, locale__language_code="en")
    old = next(p for p in PRACTICES if p.slug == CHANGED_PRACTICE).results[0].split(".")[0]
    new = NEWER_RESULTS[0].split(",")[0]
    assert new in practice.results and old not in practice.results
    pinned = first.entries.get(translation_key=practice.translation_key, locale=practice.locale)
    assert old in pinned.content["results"] and new not in pinned.content["results"]
    in_draft = draft.entries.get(translation_key=practice.translation_key, locale=practice.locale)
    assert new in in_draft.content["results"]

    handbook = HandbookPage.objects.get(locale__language_code="en")
    position = f"{pinned.chapter_number}/{pinned.practice_number}/"
    response = client.get(f"{handbook.url}editions/{first.slug}/{position}")
    assert response.status_code == 200
    assert old in response.content.decode() and new not in response.content.decode()
    live = client.get(practice.url).content.decode()
    assert new in live and old not in live


def test_the_open_consultation_has_comments_on_a_chapter_and_a_practice(demo):
    draft = HandbookEdition.objects.get(consultation_open=True)
    keys = set(draft.entries.values_list("translation_key", flat=True))
    comments = Comment.objects.approved().filter(thread_key__in=keys).select_related("page")
    models = {type(comment.page.specific) for comment in comments}
    assert {HandbookChapterPage, PracticePage} <= models
    assert {"en"} < {comment.language for comment in comments}
    assert all(comment.page.specific.comments_open for comment in comments)


def test_seeding_again_changes_nothing(demo):
    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before
    assert HandbookEdition.objects.count() == 2
