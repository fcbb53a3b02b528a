"""Moderating comments in the admin, and the emails around it, over HTTP with the test client, as
real users in the groups ``add_partner`` and ``partners.roles`` make: Alpha's city editors
moderate Alpha's comments in every language, coordinators all, organisers and translators none.
"""

import datetime as dt
import logging
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from participation.models import Comment
from participation.signals import comment_posted, comment_reported
from partners import roles
from partners.onboarding import add_partner
from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory, person, translate_page

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")
QUEUE = reverse("comments:index")
Status = Comment.Status


# The world: two partners with a story each, built once for the module ---------------------------


def published_story(partner, title):
    city = partner.city_pages.get(locale__language_code="en")
    story = StoryPageFactory(parent=StoryIndexPage.objects.child_of(city).get(), title=title)
    story.save_revision().publish()
    story.refresh_from_db()
    return story


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        alpha, _created = add_partner(
            "Alpha", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm"
        )
        beta, _created = add_partner(
            "Beta", country="IT", languages=["it"], time_zone="Europe/Rome"
        )
        alpha_story = published_story(alpha, "Alpha harbour story")
        beta_story = published_story(beta, "Beta square story")
        people = SimpleNamespace(
            coordinator=person("carla", roles.ensure_coordinators()),
            editor=person("astrid", alpha.editors),
            swedish_editor=person("sven", alpha.editors, language="sv"),
            beta_editor=person("bruno", beta.editors),
            organiser=person("olga", alpha.organisers),
            translator=person(
                "tariq", roles.ensure_translators(Locale.objects.get(language_code="ar"))
            ),
        )
        yield SimpleNamespace(
            alpha=alpha,
            beta=beta,
            alpha_story=alpha_story,
            alpha_story_ar=translate_page(alpha_story, "ar", title="قصة ألفا"),
            alpha_story_sv=translate_page(alpha_story, "sv", title="Alfas hamnberättelse"),
            beta_story=beta_story,
            people=people,
        )
        transaction.set_rollback(True)


def comment(page, name, *, language="en", status=Status.PENDING, email="", **fields):
    return Comment.objects.create(
        page=page,
        thread_key=page.translation_key,
        name=name,
        email=email,
        text=fields.pop("text", f"What {name} thinks about it."),
        language=language,
        status=status,
        **fields,
    )


@pytest.fixture
def comments(world):
    return SimpleNamespace(
        alpha_en=comment(world.alpha_story, "Anna", email="anna@example.net"),
        alpha_ar=comment(world.alpha_story_ar, "Amira", language="ar", email="amira@example.net"),
        beta=comment(world.beta_story, "Bianca", language="it", email="bianca@example.net"),
    )


def logged_in(client, user):
    client.force_login(user)
    return client


def snapshot():
    return list(
        Comment.objects.order_by("pk").values_list(
            "pk", "status", "email", "text", "moderated_at", "moderated_by"
        )
    )


def refused(response) -> bool:
    """Wagtail's answer to a refused permission: back to the dashboard, with a message."""
    return response.status_code == 302 and response.url == ADMIN_HOME


def bulk_url(action, *ids, **query):
    params = [("id", pk) for pk in ids] + list(query.items()) + [("next", QUEUE)]
    url = reverse("wagtail_bulk_action", args=["participation", "comment", action])
    return f"{url}?{urlencode(params)}"


def listed_names(response) -> set[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {cell.get_text(strip=True) for cell in soup.select("td.title [id$='_title']")}


# The queue and who sees what --------------------------------------------------------------------


def test_a_city_editor_sees_their_citys_comments_in_every_language_and_no_other(
    world, comments, client
):
    response = logged_in(client, world.people.editor).get(QUEUE)

    assert response.status_code == 200
    assert listed_names(response) == {"Anna", "Amira"}
    content = response.content.decode()
    assert "Bianca" not in content and "Beta square story" not in content
    # Linked to the page's edit view and to the live page, with the language of each.
    assert reverse("wagtailadmin_pages:edit", args=[world.alpha_story_ar.pk]) in content
    assert world.alpha_story_ar.url in content
    assert 'lang="ar" dir="auto"' in content
    # The authors' addresses are private.
    assert "@example.net" not in content


def test_a_coordinator_sees_every_citys_comments(world, comments, client):
    response = logged_in(client, world.people.coordinator).get(QUEUE)

    assert response.status_code == 200
    assert listed_names(response) == {"Anna", "Amira", "Bianca"}


@pytest.mark.parametrize("role", ["organiser", "translator"])
def test_organisers_and_translators_get_no_queue_and_no_menu_item(world, comments, client, role):
    client = logged_in(client, getattr(world.people, role))

    assert refused(client.get(QUEUE))
    assert refused(client.get(reverse("comments:edit", args=[comments.alpha_en.pk])))
    before = snapshot()
    assert refused(client.post(reverse("comments:approve", args=[comments.alpha_en.pk])))
    assert refused(client.get(bulk_url("approve", comments.alpha_en.pk)))
    assert refused(client.post(bulk_url("approve", comments.alpha_en.pk)))
    assert snapshot() == before and mail.outbox == []
    dashboard = client.get(ADMIN_HOME).content.decode()
    assert QUEUE not in dashboard and "comments-waiting" not in dashboard


def test_the_menu_item_and_the_dashboard_count_the_comments_waiting_for_the_user(
    world, comments, client
):
    comment(world.alpha_story, "Rita", reports=2)
    comment(world.alpha_story, "Olof", status=Status.APPROVED)

    dashboard = logged_in(client, world.people.editor).get(ADMIN_HOME)

    soup = BeautifulSoup(dashboard.content, "html.parser")
    panel = soup.find(id="comments-waiting-section")
    assert "3 comments are waiting for moderation" in panel.get_text(" ", strip=True)
    assert panel.select_one("p a")["href"] == f"{QUEUE}?status=pending"
    assert "1 of them was reported" in panel.get_text(" ", strip=True)
    assert "Comments (3)" in dashboard.content.decode()  # the sidebar's menu item

    coordinator = logged_in(client, world.people.coordinator).get(ADMIN_HOME)
    assert "4 comments are waiting for moderation" in coordinator.content.decode()


def test_the_queue_is_newest_first_and_filters_by_city_page_status_language_and_date(
    world, comments, client
):
    old = comment(world.alpha_story, "Olle", status=Status.APPROVED, language="sv")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    client = logged_in(client, world.people.coordinator)

    def names(**query):
        response = client.get(f"{QUEUE}?{urlencode(query)}")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        return [cell.get_text(strip=True) for cell in soup.select("td.title [id$='_title']")]

    assert names() == ["Bianca", "Amira", "Anna", "Olle"]
    alpha = str(world.alpha.translation_key)
    assert names(city=alpha) == ["Amira", "Anna", "Olle"]
    assert names(city=str(world.beta.translation_key)) == ["Bianca"]
    assert names(page=world.alpha_story_ar.pk) == ["Amira"]
    assert names(status="approved") == ["Olle"]
    assert names(language="sv") == ["Olle"]
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert names(created_at_from=since) == ["Bianca", "Amira", "Anna"]
    assert names(q="bianca") == ["Bianca"]
    assert names(q="what amira") == ["Amira"]


def test_the_city_filter_offers_only_the_moderators_own_cities(world, comments, client):
    response = logged_in(client, world.people.editor).get(QUEUE)

    soup = BeautifulSoup(response.content, "html.parser")
    cities = [option.get_text(strip=True) for option in soup.select("select[name=city] option")]
    pages = [option.get_text(strip=True) for option in soup.select("select[name=page] option")]
    assert cities == ["All cities", "Alpha"]
    assert "Beta square story (en)" not in pages and "قصة ألفا (ar)" in pages


def test_a_decision_from_the_filtered_queue_returns_to_it(world, comments, client):
    client = logged_in(client, world.people.editor)
    # The results-only view answers the filters' scripts; its buttons return to the full queue.
    results = client.get(f"{reverse('comments:index_results')}?status=pending&_w_filter_fragment=1")

    soup = BeautifulSoup(results.content, "html.parser")
    assert {field["value"] for field in soup.select("form input[name=next]")} == {
        f"{QUEUE}?status=pending"
    }


# One comment --------------------------------------------------------------------------------------


def test_approving_publishes_and_tells_the_author_once_in_their_language(world, comments, client):
    editor = world.people.editor
    client = logged_in(client, editor)

    response = client.post(
        reverse("comments:approve", args=[comments.alpha_ar.pk]),
        {"next": f"{QUEUE}?status=pending"},
    )

    assert response.status_code == 302 and response.url == f"{QUEUE}?status=pending"
    approved = Comment.objects.get(pk=comments.alpha_ar.pk)
    assert approved.status == Status.APPROVED
    assert approved.moderated_by == editor and approved.moderated_at is not None
    assert approved.email == ""  # used once, then forgotten
    [message] = mail.outbox
    assert message.to == ["amira@example.net"]
    assert message.extra_headers["Content-Language"] == "ar"
    assert world.alpha_story_ar.full_url in message.body and "/ar/" in message.body
    notes = [str(note).strip() for note in get_messages(response.wsgi_request)]
    assert notes == ["Comment by “Amira” published. Its author was told by email."]

    # Published again after a report sent it back: no second email, nobody's address to use.
    Comment.objects.filter(pk=approved.pk).update(status=Status.PENDING, reports=1)
    client.post(reverse("comments:approve", args=[approved.pk]))
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("action", "status"), [("reject", "rejected"), ("spam", "spam")])
def test_rejecting_or_marking_as_spam_tells_nobody(world, comments, client, action, status):
    response = logged_in(client, world.people.editor).post(
        reverse(f"comments:{action}", args=[comments.alpha_en.pk])
    )

    assert response.status_code == 302 and response.url == QUEUE
    comments.alpha_en.refresh_from_db()
    assert comments.alpha_en.status == status
    assert comments.alpha_en.moderated_by == world.people.editor
    assert mail.outbox == []


def test_a_decision_is_a_post(world, comments, client):
    response = logged_in(client, world.people.editor).get(
        reverse("comments:approve", args=[comments.alpha_en.pk])
    )

    assert response.status_code == 405
    comments.alpha_en.refresh_from_db()
    assert comments.alpha_en.status == Status.PENDING


def test_a_city_editor_cannot_act_on_another_citys_comment(world, comments, client):
    client = logged_in(client, world.people.editor)
    before = snapshot()
    beta = comments.beta.pk

    for action in ["approve", "reject", "spam"]:
        assert refused(client.post(reverse(f"comments:{action}", args=[beta])))
    assert refused(client.get(reverse("comments:edit", args=[beta])))
    assert refused(client.post(reverse("comments:edit", args=[beta]), {"status": "approved"}))
    assert refused(client.post(reverse("comments:delete", args=[beta])))

    assert snapshot() == before and mail.outbox == []


def test_the_moderation_form_changes_the_status_and_never_the_authors_words(
    world, comments, client
):
    client = logged_in(client, world.people.swedish_editor)
    url = reverse("comments:edit", args=[comments.alpha_en.pk])

    form = client.get(url)
    assert form.status_code == 200
    content = form.content.decode()
    assert comments.alpha_en.text in content and "anna@example.net" not in content
    assert 'name="text"' not in content and 'name="name"' not in content

    response = client.post(url, {"status": "approved", "text": "Rewritten", "name": "Someone"})

    assert response.status_code == 302
    comments.alpha_en.refresh_from_db()
    assert comments.alpha_en.status == Status.APPROVED
    assert comments.alpha_en.text == "What Anna thinks about it."
    assert comments.alpha_en.name == "Anna"
    assert comments.alpha_en.moderated_by == world.people.swedish_editor
    assert [message.to for message in mail.outbox] == [["anna@example.net"]]


def test_a_moderator_deletes_a_comment_with_its_replies(world, comments, client):
    reply = comment(world.alpha_story, "Rolf", parent=comments.alpha_en)
    client = logged_in(client, world.people.editor)
    url = reverse("comments:delete", args=[comments.alpha_en.pk])

    assert "and the reply to it" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert not Comment.objects.filter(pk__in=[comments.alpha_en.pk, reply.pk]).exists()
    assert Comment.objects.filter(pk=comments.beta.pk).exists()


# Bulk actions ---------------------------------------------------------------------------------------


def test_bulk_approve_publishes_the_selected_comments_and_tells_their_authors(
    world, comments, client
):
    no_address = comment(world.alpha_story_sv, "Sixten", language="sv")
    client = logged_in(client, world.people.editor)
    ids = [comments.alpha_en.pk, comments.alpha_ar.pk, no_address.pk]

    confirm = client.get(bulk_url("approve", *ids))
    assert confirm.status_code == 200
    assert "Publish these 3 comments?" in confirm.content.decode()

    response = client.post(bulk_url("approve", *ids))

    assert response.status_code == 302 and response.url == QUEUE
    published = Comment.objects.filter(pk__in=ids)
    assert {c.status for c in published} == {Status.APPROVED}
    assert {c.moderated_by_id for c in published} == {world.people.editor.pk}
    assert {c.email for c in published} == {""}
    sent = {message.to[0]: message.extra_headers["Content-Language"] for message in mail.outbox}
    assert sent == {"anna@example.net": "en", "amira@example.net": "ar"}
    notes = [str(note).strip() for note in get_messages(response.wsgi_request)]
    assert notes == ["3 comments published. 2 authors were told by email."]


def test_bulk_spam_leaves_out_the_comments_the_moderator_does_not_moderate(world, comments, client):
    client = logged_in(client, world.people.editor)
    ids = [comments.alpha_en.pk, comments.beta.pk]
    beta_before = Comment.objects.filter(pk=comments.beta.pk).values().get()

    confirm = client.get(bulk_url("spam", *ids)).content.decode()
    assert "on a page you do not moderate" in confirm
    assert "Bianca" not in confirm  # not even named to someone who does not moderate it

    response = client.post(bulk_url("spam", *ids))

    assert response.status_code == 302
    assert Comment.objects.get(pk=comments.alpha_en.pk).status == Status.SPAM
    assert Comment.objects.filter(pk=comments.beta.pk).values().get() == beta_before


def test_bulk_actions_on_other_cities_comments_only_change_nothing(world, comments, client):
    client = logged_in(client, world.people.editor)
    before = snapshot()

    for action in ["approve", "reject", "spam", "delete"]:
        response = client.post(bulk_url(action, comments.beta.pk))
        assert response.status_code == 302

    assert snapshot() == before and mail.outbox == []


def test_bulk_delete_removes_the_selected_comments_and_their_replies(world, comments, client):
    reply = comment(world.alpha_story, "Rolf", parent=comments.alpha_ar)
    client = logged_in(client, world.people.editor)

    response = client.post(bulk_url("delete", comments.alpha_en.pk, comments.alpha_ar.pk))

    assert response.status_code == 302
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert remaining.isdisjoint({comments.alpha_en.pk, comments.alpha_ar.pk, reply.pk})
    assert comments.beta.pk in remaining
    notes = [str(note).strip() for note in get_messages(response.wsgi_request)]
    assert notes == ["2 comments deleted. 1 reply to them was deleted too."]


def test_bulk_select_all_acts_on_the_filtered_queue_within_scope(world, comments, client):
    approved = comment(world.alpha_story, "Olof", status=Status.APPROVED)
    client = logged_in(client, world.people.editor)

    response = client.post(bulk_url("reject", "all", status="pending"))

    assert response.status_code == 302
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses[comments.alpha_en.pk] == statuses[comments.alpha_ar.pk] == Status.REJECTED
    assert statuses[approved.pk] == Status.APPROVED
    assert statuses[comments.beta.pk] == Status.PENDING


# New comments -------------------------------------------------------------------------------------


def test_a_new_comment_notifies_the_citys_moderators_each_in_their_own_language(world, client):
    with translation.override("ar"):  # the commenter's request
        new = comment(world.alpha_story_ar, "Amira", language="ar", email="amira@example.net")
        comment_posted.send(sender=Comment, comment=new)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"astrid@example.org", "sven@example.org"}  # Alpha's editors
    swedish, default = by_recipient["sven@example.org"], by_recipient["astrid@example.org"]
    assert swedish.extra_headers["Content-Language"] == "sv"
    assert world.alpha_story_sv.full_url in swedish.body and "/sv/" in swedish.body
    # No preference set: the site's default language, not the commenter's.
    assert default.extra_headers["Content-Language"] == "en"
    assert world.alpha_story.full_url in default.body
    assert "waiting for you" in default.subject and "قصة ألفا" in default.subject
    assert "قصة ألفا" in swedish.subject
    for message in mail.outbox:
        assert "http://testserver" + reverse("comments:edit", args=[new.pk]) in message.body
        assert f"http://testserver{QUEUE}?status=pending" in message.body
        assert "What Amira thinks about it." in message.body
        assert "amira@example.net" not in message.body


def test_a_published_comment_asks_the_moderators_to_check_it(world, client):
    new = comment(world.beta_story, "Bianca", language="it", status=Status.APPROVED)

    comment_posted.send(sender=Comment, comment=new)

    [message] = mail.outbox
    assert message.to == ["bruno@example.org"]
    assert "please check it" in message.subject


def test_a_reported_comment_asks_the_moderators_to_look_again(world, client):
    reported = comment(world.alpha_story, "Rita", reports=1)

    comment_reported.send(sender=Comment, comment=reported, request=None)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"astrid@example.org", "sven@example.org"}
    assert "was reported" in by_recipient["astrid@example.org"].subject
    with translation.override("sv"):
        swedish = translation.gettext(
            "A comment on “%(title)s” was reported: it waits for you again"
        ) % {"title": reported.page.title}
    assert swedish in by_recipient["sven@example.org"].subject


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


def test_a_failure_to_email_is_logged_and_breaks_nothing(world, comments, client, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"

    with caplog.at_level(logging.ERROR, logger="participation.notifications"):
        comment_posted.send(sender=Comment, comment=comments.alpha_en)
        response = logged_in(client, world.people.editor).post(
            reverse("comments:approve", args=[comments.alpha_en.pk])
        )

    assert response.status_code == 302
    assert Comment.objects.get(pk=comments.alpha_en.pk).status == Status.APPROVED
    assert len(caplog.records) == 3  # two editors, one author
    assert all("anna@example.net" not in record.getMessage() for record in caplog.records)


# Queries ------------------------------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make_comments(world, count, start=0):
    pages = [world.alpha_story, world.alpha_story_ar, world.alpha_story_sv]
    for n in range(start, start + count):
        comment(pages[n % 3], f"Reader {n}", reports=n % 2, parent=None)


def test_the_queue_costs_the_same_queries_for_ten_comments_and_for_fifty(world, client):
    client = logged_in(client, world.people.editor)
    make_comments(world, 10)
    queries_for(client, QUEUE)  # warm caches (content types, site root paths)
    ten = queries_for(client, QUEUE)

    make_comments(world, 40, start=10)
    fifty = queries_for(client, QUEUE)

    assert fifty == ten
