"""A city's publishing, review and scheduling, through the admin over HTTP."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from handbook.models import PracticeIndexPage, PracticePage
from partners.onboarding import add_partner
from stories.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def alpha(django_db_setup, django_db_blocker):
    """One partner for the module's tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        partner, _created = add_partner(
            "Alpha", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm"
        )
        yield partner
        transaction.set_rollback(True)


@pytest.fixture
def people(alpha):
    """Two editors of Alpha and one of its event organisers, each with an email address."""

    def person(username, group):
        user = get_user_model().objects.create_user(
            username, email=f"{username}@example.org", password="pw"
        )
        user.groups.add(group)
        return user

    return SimpleNamespace(
        submitter=person("sven", alpha.editors),
        reviewer=person("rosa", alpha.editors),
        organiser=person("olle", alpha.organisers),
    )


def section(partner, model, code):
    return model.objects.child_of(partner.city_pages.get(locale__language_code=code)).get()


def add_page(client, parent, model, action, **fields):
    """Fill in the admin's add form for ``model`` under ``parent`` and press ``action``."""
    url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update({"body-count": "0", action: action, **fields})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return model.objects.child_of(parent).get(slug=fields["slug"])


def story(client, parent, action, **fields):
    return add_page(
        client,
        parent,
        StoryPage,
        action,
        title="A bench by the river",
        slug="a-bench-by-the-river",
        lead="We met at the bench every Sunday.",
        **fields,
    )


def practice(client, parent, action):
    return add_page(
        client,
        parent,
        PracticePage,
        action,
        title="Cooking together",
        slug="cooking-together",
        summary="Neighbours cook together once a month.",
        problem=rich_text("<p>Neighbours did not know each other.</p>"),
        approach=rich_text("<p>A shared kitchen.</p>"),
        who_was_involved=rich_text("<p>The housing company and residents.</p>"),
        results=rich_text("<p>Sixty regular participants.</p>"),
        resources=rich_text(""),
    )


def test_a_city_editor_publishes_their_own_story_directly(alpha, people, client):
    client.force_login(people.submitter)

    page = story(client, section(alpha, StoryIndexPage, "sv"), "action-publish")

    assert page.live and not page.has_unpublished_changes
    assert page.locale.language_code == "sv"
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_a_submitted_practice_goes_to_the_citys_review_and_is_published_on_approval(
    alpha, people, client, django_capture_on_commit_callbacks
):
    client.force_login(people.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        page = practice(client, section(alpha, PracticeIndexPage, "en"), "action-submit")

    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    assert state.workflow == alpha.workflow
    assert state.current_task_state.task.specific.groups.get() == alpha.editors
    assert [message.to for message in mail.outbox] == [[people.reviewer.email]]
    assert "Cooking together" in mail.outbox[0].subject

    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )

    client.force_login(people.organiser)  # not one of the city's editors: refused
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    client.force_login(people.reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve, {"comment": "Lovely."})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == "approved"
    assert [message.to for message in mail.outbox] == [[people.submitter.email]]


def test_a_story_scheduled_by_its_editor_is_published_by_publish_scheduled(
    alpha, people, client, monkeypatch
):
    client.force_login(people.submitter)
    go_live_at = timezone.localtime() + dt.timedelta(hours=2)

    page = story(
        client,
        section(alpha, StoryIndexPage, "en"),
        "action-publish",
        go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
    )

    revision = page.get_latest_revision()
    assert not page.live and revision.approved_go_live_at is not None  # approved, scheduled
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet

    three_hours_later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: three_hours_later)
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live and page.live_revision_id == revision.pk
