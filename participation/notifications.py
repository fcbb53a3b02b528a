"""The emails around comments. A city's moderators hear of each new comment on its pages and of
each comment readers report, in their own admin language; an author who left an address hears
once that their comment was published, in the language they wrote it in.

The emails are tasks (django-tasks, home/tasks.py), given the comment's id: sent at once with the
immediate backend, by the worker with the database backend, and not at all if the comment is
gone by then. A failure to send is logged and never breaks the request that caused it.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext
from django_tasks import task
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from participation.models import Comment
from participation.scope import city_moderators
from participation.signals import comment_posted, comment_reported

logger = logging.getLogger(__name__)

EXCERPT_LENGTH = 300


def excerpt(comment: Comment) -> str:
    return Truncator(comment.text).chars(EXCERPT_LENGTH)


def admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def queue_url(**filters) -> str:
    query = f"?{urlencode(filters)}" if filters else ""
    return admin_url(reverse("comments:index") + query)


def preferred_language(user) -> str:
    """The user's admin language. Wagtail falls back on the active language, here the
    commenter's; the site's default language is the better guess for a moderator."""
    with translation.override(settings.LANGUAGE_CODE):
        return UserProfile.get_for_user(user).get_preferred_language()


def page_url_in(page, language_code: str) -> str | None:
    """The live copy of ``page`` in that language if there is one, or else ``page`` itself."""
    locale = Locale.objects.filter(language_code=language_code).first()
    copy = page.get_translation_or_none(locale) if locale else None
    if copy is None or not copy.live:
        copy = page
    return copy.get_full_url()


def send(subject: str, body: str, address: str, language: str, about: Comment) -> bool:
    message = EmailMessage(
        f"[{settings.WAGTAIL_SITE_NAME}] {subject}",
        body,
        to=[address],
        headers={"Content-Language": language},
    )
    try:
        message.send()
    except Exception:
        # The address is personal data: the log names the comment, never the recipient.
        logger.exception("Could not send an email about comment %s", about.pk)
        return False
    return True


# The signals are sent once the comment is saved, outside any transaction (the public views hold
# none): a worker finds it. Had a transaction been open, the database backend's row would be
# part of it, so the task could still not run before the comment exists.


@receiver(comment_posted, dispatch_uid="participation.notify_moderators")
def comment_posted_to_moderators(sender, comment: Comment, **kwargs) -> None:
    notify_moderators.enqueue(comment.pk)


@receiver(comment_reported, dispatch_uid="participation.notify_moderators_of_report")
def comment_reported_to_moderators(sender, comment: Comment, **kwargs) -> None:
    notify_moderators.enqueue(comment.pk, reported=True)


@task()
def notify_moderators(comment_id: int, reported: bool = False) -> int:
    """One email to each of the city's moderators about the comment; returns how many were
    sent."""
    comment = Comment.objects.select_related("page").filter(pk=comment_id).first()
    if comment is None:
        return 0
    try:
        moderators = list(city_moderators(comment.page))
    except Exception:
        logger.exception("Could not find the moderators of comment %s", comment.pk)
        return 0
    return sum(notify_moderator(user, comment, reported=reported) for user in moderators)


def moderator_subject(comment: Comment, reported: bool) -> str:
    if reported:
        subject = gettext("A comment on “%(title)s” was reported: it waits for you again")
    elif comment.status == Comment.Status.APPROVED:
        subject = gettext("New comment published on “%(title)s”: please check it")
    else:
        subject = gettext("New comment on “%(title)s” waiting for you")
    return subject % {"title": comment.page.title}


def notify_moderator(user, comment: Comment, reported=False) -> bool:
    language = preferred_language(user)
    with translation.override(language):
        context = {
            "moderator": user,
            "comment": comment,
            "excerpt": excerpt(comment),
            "page_title": comment.page.title,
            "page_url": page_url_in(comment.page, language),
            "moderate_url": admin_url(reverse("comments:edit", args=[comment.pk])),
            "queue_url": queue_url(status=Comment.Status.PENDING),
            "reported": reported,
            "published": comment.status == Comment.Status.APPROVED,
        }
        subject = moderator_subject(comment, reported)
        body = render_to_string("participation/emails/comment_to_moderate.txt", context)
    return send(subject, body, user.email, language, comment)


@task()
def notify_author_published(comment_id: int) -> bool:
    """Tell the author of a published comment, at the address they gave, that it is published,
    in the language they wrote it in. The address is forgotten first: it was kept only for
    this, and is not kept for a second try if sending fails (nor held in the task queue)."""
    comment = (
        Comment.objects.select_related("page")
        .filter(pk=comment_id, status=Comment.Status.APPROVED)
        .exclude(email="")
        .first()
    )
    if comment is None:  # gone, no longer published, or told already
        return False
    address = comment.email
    # Of two tasks for one comment, only the one that forgets the address sends.
    if not Comment.objects.filter(pk=comment.pk, email=address).update(email=""):
        return False
    with translation.override(comment.language):
        context = {
            "comment": comment,
            "excerpt": excerpt(comment),
            "page_title": comment.page.title,
            "page_url": comment.page.get_full_url(),
        }
        subject = gettext("Your comment was published")
        body = render_to_string("participation/emails/comment_published.txt", context)
    return send(subject, body, address, comment.language, comment)
