"""Personal data kept only as long as needed: the purge, erasure by email (command and admin) and
a story's withdrawal, with real users in real groups and nothing mocked but one failure."""

import datetime as dt
import json
from io import StringIO
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Revision, WorkflowState
from wagtail.search.models import IndexEntry
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    TranslationSource,
)

from demo.content.pages import privacy_notice
from home.translation import translate
from participation import privacy
from participation.models import Comment, StorySubmission
from partners import roles
from stories.models import StoryIndexPage, StoryPage
from tests.factories import person

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")
ERASE = reverse("privacy:erase")
MARK = "Zephyrine7731"  # the story's own words, to look for everywhere once it is withdrawn
ARABIC = "حكاية الليمون"


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(network, client):
    return logged_in(client, person("carla", network.coordinators))


@pytest.fixture
def alpha_editor(network, client):
    return logged_in(client, person("astrid", network.alpha.editors))


def stories_section(partner, code="en"):
    return StoryIndexPage.objects.child_of(partner.city_pages.get(locale__language_code=code)).get()


def story(partner, title, *, code="en", live=True, blocks=(), **fields):
    if fields.get("image"):
        fields.setdefault("image_alt", "A lemon tree")
    page = StoryPage(
        title=title,
        slug=slugify(title),
        lead=fields.pop("lead", "It began in the winter she arrived."),
        body=json.dumps([{"type": "paragraph", "value": "<p>A yard, a tree.</p>"}, *blocks]),
        live=False,
        **fields,
    )
    stories_section(partner, code).add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def submitted(page, email="Resident@Example.org", days_ago=0):
    return StorySubmission.objects.create(
        page=page,
        email=email,
        language=page.locale.language_code,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def comment(page, email="resident@example.org", status=Comment.Status.APPROVED, days_ago=0, **kw):
    return Comment.objects.create(
        page=page,
        thread_key=page.translation_key,
        name="Samira",
        email=email,
        text=kw.pop("text", "Thank you for this."),
        language=page.locale.language_code,
        status=status,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
        **kw,
    )


# The purge after the retention period ---------------------------------------------------------


@pytest.fixture
def aged(network):
    page = story(network.alpha, "Old and new")
    return SimpleNamespace(
        page=page,
        old_approved=comment(page, days_ago=100),
        old_pending=comment(page, status=Comment.Status.PENDING, days_ago=100),
        old_rejected=comment(page, status=Comment.Status.REJECTED, days_ago=100),
        old_spam=comment(page, status=Comment.Status.SPAM, days_ago=91),
        new_approved=comment(page, days_ago=10),
        new_spam=comment(page, status=Comment.Status.SPAM, days_ago=10),
        old_submission=submitted(page, days_ago=120),
        new_submission=submitted(story(network.alpha, "Recent", live=False), days_ago=5),
    )


def purge(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_purge_clears_old_emails_and_deletes_old_rejected_and_spam_comments(aged, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90

    output = purge()

    assert "rejected or spam comments deleted: 2\n" in output
    assert "comment emails cleared: 2 " in output
    assert "story submission emails cleared: 1 " in output
    assert "not stored in the database" in output  # IP addresses: the cache only
    assert not Comment.objects.filter(pk__in=[aged.old_rejected.pk, aged.old_spam.pk]).exists()
    for kept in (aged.old_approved, aged.old_pending):
        kept.refresh_from_db()
        assert kept.email == "" and kept.name == "Samira" and kept.text == "Thank you for this."
    for recent in (aged.new_approved, aged.new_spam):
        recent.refresh_from_db()
        assert recent.email == "resident@example.org"
    aged.old_submission.refresh_from_db()
    assert aged.old_submission.email == "" and aged.old_submission.consented_at
    aged.new_submission.refresh_from_db()
    assert aged.new_submission.email == "Resident@Example.org"

    again = purge()
    assert "deleted: 0\n" in again and "cleared: 0 " in again and "cleared: 1" not in again


def test_purge_days_overrides_the_setting(aged, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365

    assert "older than 365 days" in purge()
    assert Comment.objects.filter(pk=aged.old_spam.pk).exists()

    output = purge("--days", "7")

    assert "older than 7 days" in output
    assert "comments deleted: 3\n" in output and "comment emails cleared: 3 " in output
    assert not Comment.objects.filter(pk=aged.new_spam.pk).exists()
    aged.new_submission.refresh_from_db()
    assert aged.new_submission.email  # sent 5 days ago


def test_purge_dry_run_changes_nothing(aged):
    before = list(Comment.objects.values_list("pk", "email").order_by("pk"))
    emails = list(StorySubmission.objects.values_list("email", flat=True).order_by("pk"))

    output = purge("--dry-run")

    assert "rejected or spam comments to delete: 2\n" in output
    assert "comment emails to clear: 2 " in output
    assert "story submission emails to clear: 1 " in output
    assert "Dry run" in output
    assert list(Comment.objects.values_list("pk", "email").order_by("pk")) == before
    assert list(StorySubmission.objects.values_list("email", flat=True).order_by("pk")) == emails


def test_a_deleted_spam_comments_replies_stay_in_the_thread(network):
    page = story(network.alpha, "Thread")
    spam = comment(page, status=Comment.Status.SPAM, days_ago=100)
    reply = comment(page, parent=spam, days_ago=99)

    purge()

    reply.refresh_from_db()
    assert reply.parent is None and reply.text == "Thank you for this."
    assert not Comment.objects.filter(pk=spam.pk).exists()


def test_purge_refuses_a_period_under_a_day(network):
    with pytest.raises(Exception, match="at least one day"):
        purge("--days", "0")


# Erasing one person's data by email ------------------------------------------------------------


@pytest.fixture
def resident(network):
    """What one resident sent, in both cities, under differently cased addresses."""
    alpha_story = story(network.alpha, "Alpha news")
    beta_story = story(network.beta, "Beta news", code="it")
    own_story = story(network.alpha, "My street")
    return SimpleNamespace(
        alpha_comment=comment(alpha_story, email="Samira@Example.ORG"),
        alpha_pending=comment(alpha_story, email="samira@example.org", status="pending"),
        beta_comment=comment(beta_story, email="SAMIRA@example.org"),
        someone_else=comment(alpha_story, email="other@example.org"),
        submission=submitted(own_story, email="samira@EXAMPLE.org"),
        own_story=own_story,
        alpha_story=alpha_story,
    )


def test_the_command_erases_one_address_in_every_city_whatever_its_case(resident):
    out = StringIO()
    call_command("erase_personal_data", "--email", "  Samira@example.org ", stdout=out)

    assert "comments deleted: 3\nstory submissions cleared of the address: 1" in out.getvalue()
    assert f"withdraw_story --page {resident.own_story.pk}" in out.getvalue()
    assert list(Comment.objects.filter(name="Samira").values_list("pk", flat=True)) == [
        resident.someone_else.pk
    ]
    resident.submission.refresh_from_db()
    assert resident.submission.email == ""
    assert StoryPage.objects.get(pk=resident.own_story.pk).live  # the story stays
    entry = PageLogEntry.objects.get(action=privacy.ERASE_ACTION, page=resident.alpha_story)
    assert entry.user is None and entry.data == {"comments": 2, "contact_emails": 0}
    assert "samira" not in str(entry.data).lower() and "samira" not in entry.label.lower()


def test_the_commands_dry_run_changes_nothing(resident):
    out = StringIO()
    call_command("erase_personal_data", "--email", "samira@example.org", "--dry-run", stdout=out)

    assert "comments to delete: 3 (on 2 pages)" in out.getvalue()
    assert Comment.objects.filter(email__iexact="samira@example.org").count() == 3
    resident.submission.refresh_from_db()
    assert resident.submission.email == "samira@EXAMPLE.org"


def test_get_shows_only_the_form_and_changes_nothing(resident, alpha_editor):
    response = alpha_editor.get(ERASE, {"email": "samira@example.org"})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="email"' in content and 'value="samira@example.org"' not in content
    assert "will be deleted" not in content
    assert Comment.objects.filter(email__iexact="samira@example.org").count() == 3


def test_the_first_post_shows_counts_in_the_editors_cities_and_changes_nothing(
    resident, alpha_editor
):
    response = alpha_editor.post(ERASE, {"email": "SAMIRA@example.org"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "2 comments will be deleted" in content  # not the one in Beta
    assert "They are on 1 page." in content
    assert "from 1 story submission" in content
    assert reverse("privacy:withdraw", args=[resident.own_story.pk]) in content
    assert 'name="confirm"' in content
    assert "Only the pages of the cities you moderate" in content
    assert Comment.objects.filter(email__iexact="samira@example.org").count() == 3
    resident.submission.refresh_from_db()
    assert resident.submission.email == "samira@EXAMPLE.org"


def test_a_city_editor_erases_only_in_their_own_city(resident, alpha_editor):
    response = alpha_editor.post(ERASE, {"email": "samira@example.org", "confirm": "1"})

    assert response.status_code == 302 and response.url == ERASE
    remaining = Comment.objects.filter(email__iexact="samira@example.org")
    assert list(remaining.values_list("pk", flat=True)) == [resident.beta_comment.pk]
    assert Comment.objects.filter(pk=resident.someone_else.pk).exists()
    resident.submission.refresh_from_db()
    assert resident.submission.email == ""
    entries = PageLogEntry.objects.filter(action=privacy.ERASE_ACTION)
    assert {(e.page_id, e.user.username) for e in entries} == {
        (resident.alpha_story.pk, "astrid"),
        (resident.own_story.pk, "astrid"),
    }
    history = alpha_editor.get(
        reverse("wagtailadmin_pages:history", args=[resident.alpha_story.pk])
    )
    assert "Personal data erased on request: 2 comments deleted" in history.content.decode()


def test_a_coordinator_erases_in_every_city(resident, coordinator):
    review = coordinator.post(ERASE, {"email": "samira@example.org"}).content.decode()
    assert "3 comments will be deleted" in review
    assert "Only the pages of the cities you moderate" not in review

    coordinator.post(ERASE, {"email": "samira@example.org", "confirm": "1"})

    assert not Comment.objects.filter(email__iexact="samira@example.org").exists()


def test_an_address_with_nothing_under_it_says_so(resident, alpha_editor):
    response = alpha_editor.post(ERASE, {"email": "nobody@example.org"})
    content = response.content.decode()
    assert "Nothing: no comment and no story submission" in content
    assert 'name="confirm"' not in content


def test_an_invalid_address_is_a_form_error(network, alpha_editor):
    response = alpha_editor.post(ERASE, {"email": "not-an-address", "confirm": "1"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()


@pytest.mark.parametrize("role", ["organiser", "translator"])
def test_someone_who_moderates_no_city_is_refused(resident, network, client, role):
    group = (
        network.alpha.organisers
        if role == "organiser"
        else roles.ensure_translators(Locale.objects.get(language_code="ar"))
    )
    logged_in(client, person("olle", group))

    for response in (
        client.get(ERASE),
        client.post(ERASE, {"email": "samira@example.org", "confirm": "1"}),
        client.get(reverse("privacy:withdraw", args=[resident.own_story.pk])),
        client.post(reverse("privacy:withdraw", args=[resident.own_story.pk])),
    ):
        assert response.status_code == 302 and response.url == ADMIN_HOME
    assert Comment.objects.filter(email__iexact="samira@example.org").count() == 3
    assert StoryPage.objects.filter(pk=resident.own_story.pk).exists()
    assert ERASE not in client.get(ADMIN_HOME).content.decode()


def test_the_menu_item_is_shown_to_city_editors(network, alpha_editor):
    assert ERASE in alpha_editor.get(ADMIN_HOME).content.decode()


# Withdrawing a story ---------------------------------------------------------------------------


@pytest.fixture
def withdrawn(network):
    """A resident's story with a photo, in review, translated into Arabic through
    wagtail-localize and commented on in both languages; and a photo another page uses too."""
    photo = wagtail_factories.ImageFactory(
        title=f"{MARK} photo", collection=network.alpha.collection
    )
    shared = wagtail_factories.ImageFactory(title="Harbour", collection=network.alpha.collection)
    page = story(
        network.alpha,
        f"The lemon tree {MARK}",
        lead=f"The lemon tree of {MARK} grew in the yard.",
        image=photo,
        image_alt=f"{MARK} under the tree",
        blocks=[
            {"type": "paragraph", "value": f"<p>{MARK} planted it the winter she arrived.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": shared.pk, "alt_text": "Harbour", "decorative": False},
                    "caption": "",
                },
            },
        ],
    )
    other = story(network.alpha, "Harbour days", image=shared)
    submission = submitted(page)
    arabic = translate(
        page,
        Locale.objects.get(language_code="ar"),
        {f"The lemon tree {MARK}": f"{ARABIC} {MARK}-ar"},
    )
    page.get_workflow().start(page, person("sender-review", network.alpha.editors))
    assert WorkflowState.objects.filter(object_id=str(page.pk)).exists()
    comments = [comment(page, text=f"{MARK} is my neighbour"), comment(arabic)]
    kept_comment = comment(other)
    page.refresh_from_db()
    return SimpleNamespace(
        page=page,
        arabic=arabic,
        photo=photo,
        shared=shared,
        other=other,
        submission=submission,
        comments=comments,
        kept_comment=kept_comment,
        ids=[page.pk, arabic.pk],
        strings=list(
            StringSegment.objects.filter(source__object_id=page.translation_key).values_list(
                "string_id", flat=True
            )
        ),
    )


def rows_containing(text) -> dict[str, int]:
    """Every table's rows with ``text`` in a text or JSON column."""
    found = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        condition, annotations = models.Q(), {}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                annotations[f"{field.attname}_as_text"] = Cast(field.attname, models.TextField())
                condition |= models.Q(**{f"{field.attname}_as_text__contains": text})
            elif isinstance(field, models.CharField | models.TextField):
                condition |= models.Q(**{f"{field.attname}__contains": text})
        if condition:
            count = model._base_manager.annotate(**annotations).filter(condition).count()
            if count:
                found[model._meta.label] = count
    return found


def test_a_withdrawn_story_leaves_no_trace_of_its_text(withdrawn):
    assert StringTranslation.objects.filter(data__contains=f"{MARK}-ar").exists()
    before = rows_containing(MARK)
    assert {"wagtailcore.Page", "wagtailcore.Revision", "wagtail_localize.String"} <= set(before)
    assert any("IndexEntry" in label for label in before)  # the search index had it
    redirects = Redirect.objects.count()

    out = StringIO()
    call_command("withdraw_story", "--page", str(withdrawn.arabic.pk), stdout=out)

    assert "pages: 2 (ar, en)" in out.getvalue()
    assert rows_containing(MARK) == {}
    assert not Page.objects.filter(pk__in=withdrawn.ids).exists()
    assert not Revision.objects.filter(object_id__in=[str(pk) for pk in withdrawn.ids]).exists()
    assert not WorkflowState.objects.filter(
        object_id__in=[str(pk) for pk in withdrawn.ids]
    ).exists()
    assert not IndexEntry.objects.filter(object_id__in=[str(pk) for pk in withdrawn.ids]).exists()
    key = withdrawn.page.translation_key
    assert not TranslatableObject.objects.filter(translation_key=key).exists()
    assert not TranslationSource.objects.filter(object_id=key).exists()
    assert not StringSegment.objects.filter(source__object_id=key).exists()
    assert not String.objects.filter(pk__in=withdrawn.strings, segments__isnull=True).exists()
    assert not StringTranslation.objects.filter(data__contains=f"{MARK}-ar").exists()
    assert not StorySubmission.objects.filter(pk=withdrawn.submission.pk).exists()
    assert not Comment.objects.filter(pk__in=[c.pk for c in withdrawn.comments]).exists()
    Image = get_image_model()
    assert not Image.objects.filter(pk=withdrawn.photo.pk).exists()
    # what is not the story's stays
    assert Image.objects.filter(pk=withdrawn.shared.pk).exists()
    assert Page.objects.filter(pk=withdrawn.other.pk, live=True).exists()
    assert Comment.objects.filter(pk=withdrawn.kept_comment.pk).exists()
    assert Redirect.objects.count() == redirects
    # the audit log keeps who did what and when, without the title
    history = PageLogEntry.objects.filter(page_id__in=withdrawn.ids)
    actions = set(history.values_list("action", flat=True))
    assert {"wagtail.publish", "wagtail.unpublish", "wagtail.delete"} <= actions
    assert privacy.WITHDRAW_ACTION in actions
    assert set(history.values_list("label", flat=True)) == {privacy.WITHDRAWN_STORY_LABEL}


def test_a_string_another_page_uses_too_stays(withdrawn, network):
    neighbour = story(network.alpha, "Neighbour", image=withdrawn.shared, image_alt="Harbour")
    translate(neighbour, Locale.objects.get(language_code="ar"))
    shared = String.objects.get(data="Harbour", locale=withdrawn.page.locale)

    privacy.withdraw(privacy.plan_withdrawal(withdrawn.page))

    assert String.objects.filter(pk=shared.pk).exists()
    assert get_image_model().objects.filter(pk=withdrawn.shared.pk).exists()


def test_withdrawing_by_email_with_a_dry_run_changes_nothing(withdrawn):
    out = StringIO()
    call_command("withdraw_story", "--email", "resident@example.ORG", "--dry-run", stdout=out)

    assert "To remove: story" in out.getvalue() and "images: 1," in out.getvalue()
    assert Page.objects.filter(pk__in=withdrawn.ids).count() == 2
    assert StorySubmission.objects.filter(pk=withdrawn.submission.pk).exists()

    call_command("withdraw_story", "--email", "resident@example.ORG", stdout=StringIO())

    assert not Page.objects.filter(pk__in=withdrawn.ids).exists()


def test_a_story_nobody_sent_cannot_be_withdrawn(network):
    page = story(network.alpha, "Written by the editor")
    with pytest.raises(Exception, match="not sent through the story form"):
        call_command("withdraw_story", "--page", str(page.pk), stdout=StringIO())
    assert Page.objects.filter(pk=page.pk).exists()


def snapshot(withdrawn):
    ids = [str(pk) for pk in withdrawn.ids]
    return {
        "pages": list(Page.objects.filter(pk__in=withdrawn.ids).values_list("pk", "live")),
        "revisions": Revision.objects.filter(object_id__in=ids).count(),
        "strings": String.objects.filter(pk__in=withdrawn.strings).count(),
        "translations": StringTranslation.objects.count(),
        "sources": TranslationSource.objects.filter(
            object_id=withdrawn.page.translation_key
        ).count(),
        "comments": Comment.objects.count(),
        "submissions": StorySubmission.objects.count(),
        "images": get_image_model().objects.count(),
        "index": IndexEntry.objects.filter(object_id__in=ids).count(),
        "log labels": sorted(
            PageLogEntry.objects.filter(page_id__in=withdrawn.ids).values_list("label", flat=True)
        ),
        "with the text": rows_containing(MARK),
    }


def test_a_failure_midway_leaves_everything_as_it_was(withdrawn, monkeypatch):
    before = snapshot(withdrawn)
    withdrawal = privacy.plan_withdrawal(withdrawn.page)

    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # the last step: every page, revision and string is deleted by then
    monkeypatch.setattr(get_image_model(), "delete", fail)
    with pytest.raises(RuntimeError):
        privacy.withdraw(withdrawal)

    assert snapshot(withdrawn) == before


def test_the_citys_editor_withdraws_a_story_from_the_admin_after_confirming(
    withdrawn, alpha_editor
):
    url = reverse("privacy:withdraw", args=[withdrawn.page.pk])
    edit = alpha_editor.get(reverse("wagtailadmin_pages:edit", args=[withdrawn.page.pk]))
    assert url in edit.content.decode()  # among the page's actions

    confirmation = alpha_editor.get(url)

    assert confirmation.status_code == 200
    content = confirmation.content.decode()
    assert "Yes, withdraw and delete" in content
    assert "2 comments on it" in content and "1 image that nothing else uses" in content
    assert Page.objects.filter(pk__in=withdrawn.ids, live=True).count() == 2

    section = withdrawn.page.get_parent()
    response = alpha_editor.post(url)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[section.pk])
    assert not Page.objects.filter(pk__in=withdrawn.ids).exists()
    entry = PageLogEntry.objects.get(action=privacy.WITHDRAW_ACTION)
    assert entry.user.username == "astrid" and entry.data["languages"] == ["ar", "en"]


def test_another_citys_editor_cannot_withdraw_it(withdrawn, network, client):
    logged_in(client, person("bruno", network.beta.editors))
    url = reverse("privacy:withdraw", args=[withdrawn.page.pk])

    assert client.get(url).url == ADMIN_HOME
    assert client.post(url).url == ADMIN_HOME
    assert Page.objects.filter(pk__in=withdrawn.ids).count() == 2


def test_a_page_nobody_sent_has_no_withdrawal(network, alpha_editor):
    page = story(network.alpha, "Editor's own")
    response = alpha_editor.get(reverse("privacy:withdraw", args=[page.pk]), follow=True)
    assert "not sent through the story form" in response.content.decode()
    assert alpha_editor.post(reverse("privacy:withdraw", args=[page.pk])).status_code == 302
    assert Page.objects.filter(pk=page.pk, live=True).exists()
    edit = alpha_editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert reverse("privacy:withdraw", args=[page.pk]) not in edit.content.decode()


# The privacy notice ---------------------------------------------------------------------------


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(settings):
    text = str(privacy_notice())
    assert f"{settings.PERSONAL_DATA_RETENTION_DAYS} days" in text
    assert "not stored" in text  # IP addresses
    assert "withdraw" in text
