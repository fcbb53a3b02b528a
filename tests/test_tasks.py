"""Background work (django-tasks): emails and PDFs run at once with the immediate backend (as
every other test file sees them), and are queued for ``db_worker`` with django-tasks-db's
database backend, given ids only, and do nothing when what they were about is gone."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import GroupPagePermission, Locale, Page

import handbook.pdf
from handbook.editions import publish_edition
from handbook.models import EditionPDF, HandbookEdition
from participation import notifications, story_submission
from participation.admin_views import moderate
from participation.models import Comment, StorySubmission
from participation.protection import sign_start_time
from participation.signals import comment_posted
from stories.models import StoryPage
from tests.factories import StoryPageFactory, build_handbook, city_tree, person, translate_page

pytestmark = pytest.mark.django_db

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)
RECEIPT = "participation.story_submission.send_receipt"
STORY_NOTICE = "participation.story_submission.notify_moderators"


def queued(*task_paths):
    """Our tasks in the queue, as (task, arguments, status), in the order they were queued."""
    rows = DBTaskResult.objects.filter(task_path__in=task_paths).order_by("enqueued_at")
    return [(row.task_path, row.args_kwargs, row.status) for row in rows]


def city_without_workflow(slug):
    """A city whose stories section has no review workflow (so our own email tells its editor
    about a story), with one editor, Bo."""
    tree = city_tree(title=slug.title(), slug=slug)
    editors = Group.objects.create(name=f"{slug} editors")
    GroupPagePermission.objects.create(
        group=editors, page=tree["city"], permission=Permission.objects.get(codename="change_page")
    )
    return tree, person(f"bo-{slug}", editors)


def share_story(client, city, title, email):
    data = {
        "title": title,
        "text": "We met every Tuesday.",
        "language": "en",
        "city": city,
        "name": "Amira",
        "email": email,
        "consent_publication": "on",
        "consent_privacy": "on",
        "started": sign_start_time(),
        "website": "",
    }
    response = client.post(
        "/en/participate/share-your-story/", data, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 303, response.content.decode()[:500]
    return StoryPage.objects.get(title=title)


def test_tasks_run_at_once_unless_configured_otherwise(settings):
    assert settings.TASKS_BACKEND == "immediate"
    assert isinstance(task_backends["default"], ImmediateBackend)


# With a worker: a story ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_story_is_queued_and_its_emails_go_only_when_the_worker_runs(client):
    """The whole way, with commits as in production: the form, the queue, the worker. A story
    deleted before the worker comes costs nothing and breaks nothing."""
    _tree, editor = city_without_workflow("beta")
    with DATABASE_TASKS:
        kept = share_story(client, "beta", "A café for every language", "amira@example.org")
        deleted = share_story(client, "beta", "Withdrawn at once", "omar@example.org")

        assert mail.outbox == []
        assert queued(RECEIPT, STORY_NOTICE) == [
            (STORY_NOTICE, {"args": [kept.pk], "kwargs": {}}, "READY"),
            (RECEIPT, {"args": [kept.pk], "kwargs": {}}, "READY"),
            (STORY_NOTICE, {"args": [deleted.pk], "kwargs": {}}, "READY"),
            (RECEIPT, {"args": [deleted.pk], "kwargs": {}}, "READY"),
        ]
        # The sender's address stays in the submission, which the privacy tools clear.
        assert not DBTaskResult.objects.filter(args_kwargs__icontains="example.org").exists()
        deleted.delete()

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "amira@example.org",
        editor.email,
    ]
    assert all("Withdrawn" not in message.subject for message in mail.outbox)
    assert [status for *_task, status in queued(RECEIPT, STORY_NOTICE)] == ["SUCCESSFUL"] * 4
    returned = DBTaskResult.objects.filter(task_path=RECEIPT).order_by("enqueued_at")
    assert [row.return_value for row in returned] == [True, False]


def test_with_the_immediate_backend_a_story_sends_its_emails_once_committed(
    client, django_capture_on_commit_callbacks
):
    _tree, editor = city_without_workflow("gamma")
    with django_capture_on_commit_callbacks() as callbacks:
        share_story(client, "gamma", "A library story", "amira@example.org")
    assert mail.outbox == []  # nothing before the commit

    for callback in callbacks:
        callback()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "amira@example.org",
        editor.email,
    ]


def test_story_tasks_for_a_story_or_sender_that_is_gone_do_nothing():
    tree, _editor = city_without_workflow("delta")
    story = StoryPageFactory(parent=tree["stories"], live=False)
    StorySubmission.objects.create(page=story, email="", language="en")

    assert story_submission.send_receipt.call(story.pk) is False  # details erased
    assert story_submission.send_receipt.call(story.pk + 1000) is False
    assert story_submission.notify_moderators.call(story.pk + 1000) == 0
    assert mail.outbox == []


# With a worker: comments -------------------------------------------------------------------


@pytest.fixture
def story():
    tree, editor = city_without_workflow("epsilon")
    page = StoryPageFactory(parent=tree["stories"], title="Harbour story")
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk), editor


def new_comment(page, email="anna@example.net", status=Comment.Status.PENDING):
    return Comment.objects.create(
        page=page,
        thread_key=page.translation_key,
        name="Anna",
        email=email,
        text="What Anna thinks about it.",
        language="en",
        status=status,
    )


def test_a_new_comment_queues_its_moderators_email_with_its_id_only(story):
    page, editor = story
    comment = new_comment(page)

    with DATABASE_TASKS:
        comment_posted.send(sender=Comment, comment=comment, request=None)

    assert mail.outbox == []
    path = "participation.notifications.notify_moderators"
    assert queued(path) == [(path, {"args": [comment.pk], "kwargs": {}}, "READY")]
    # What the worker then runs:
    assert notifications.notify_moderators.call(comment.pk) == 1
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_the_author_is_told_by_the_worker_and_their_address_is_kept_until_then(story):
    page, _editor = story
    comment = new_comment(page)
    coordinator = person("carla")

    with DATABASE_TASKS:
        assert moderate([comment], Comment.Status.APPROVED, coordinator) == 1  # queued

    path = "participation.notifications.notify_author_published"
    assert queued(path) == [(path, {"args": [comment.pk], "kwargs": {}}, "READY")]
    assert Comment.objects.get(pk=comment.pk).email == "anna@example.net"
    assert mail.outbox == []

    assert notifications.notify_author_published.call(comment.pk) is True
    assert [message.to for message in mail.outbox] == [["anna@example.net"]]
    assert Comment.objects.get(pk=comment.pk).email == ""
    # A second task for the same comment (published twice) finds nothing left to do.
    assert notifications.notify_author_published.call(comment.pk) is False
    assert len(mail.outbox) == 1


def test_comment_tasks_for_a_comment_that_is_gone_or_changed_do_nothing(story):
    page, _editor = story
    rejected = new_comment(page, status=Comment.Status.REJECTED)
    gone = new_comment(page)
    gone_id = gone.pk
    gone.delete()

    assert notifications.notify_moderators.call(gone_id) == 0
    assert notifications.notify_author_published.call(gone_id) is False
    # Rejected again before the worker came: not told, and the address is kept for a later
    # publication (or the purge).
    assert notifications.notify_author_published.call(rejected.pk) is False
    assert Comment.objects.get(pk=rejected.pk).email == "anna@example.net"
    assert mail.outbox == []


def test_with_the_immediate_backend_moderation_tells_the_author_at_once(story):
    page, _editor = story
    comment = new_comment(page)

    assert moderate([comment], Comment.Status.APPROVED, person("carla")) == 1

    assert [message.to for message in mail.outbox] == [["anna@example.net"]]
    assert Comment.objects.get(pk=comment.pk).email == ""


# With a worker: the handbook's PDFs ----------------------------------------------------------


@pytest.fixture
def built(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = build_handbook(chapters=1, practices_per_chapter=1)
    translate_page(built.handbook, "sv")
    translate_page(built.chapters[0], "sv")
    return built


def test_publishing_an_edition_queues_its_pdfs_for_the_worker(
    built, django_capture_on_commit_callbacks
):
    with DATABASE_TASKS, django_capture_on_commit_callbacks(execute=True):
        edition = publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)

    path = "handbook.pdf.render_edition_pdf"
    assert queued(path) == [
        (path, {"args": [edition.pk, "en"], "kwargs": {}}, "READY"),
        (path, {"args": [edition.pk, "sv"], "kwargs": {}}, "READY"),
    ]
    assert not EditionPDF.objects.exists()

    size = handbook.pdf.render_edition_pdf.call(edition.pk, "sv")  # what the worker runs

    stored = EditionPDF.objects.get()
    assert (stored.language_code, stored.chapter_number, stored.size) == ("sv", 0, size)
    assert stored.file.read(5) == b"%PDF-"
    # Run again (a download came first, or the task twice): the stored file is kept.
    assert handbook.pdf.render_edition_pdf.call(edition.pk, "sv") == size
    assert EditionPDF.objects.count() == 1


def test_with_the_immediate_backend_pdfs_wait_for_their_first_download(
    built, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)

    assert not EditionPDF.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_pdf_task_for_an_edition_or_language_that_is_gone_does_nothing(built):
    edition = publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)
    Locale.objects.get_or_create(language_code="ar")

    assert handbook.pdf.render_edition_pdf.call(edition.pk, "ar") == 0  # holds nothing in it
    assert handbook.pdf.render_edition_pdf.call(edition.pk, "xx") == 0
    edition_id = edition.pk
    edition.delete()
    assert handbook.pdf.render_edition_pdf.call(edition_id, "en") == 0
    assert not EditionPDF.objects.exists()
