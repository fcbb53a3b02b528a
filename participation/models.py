"""What the public sends: comments on pages and the private side of submitted stories.

Personal data lives here, apart from page content (never in a page, its revisions or its
translations), so it can be purged and erased without touching what was published.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.cache import new_content_version

COMMENT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 80


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def on_thread(self, page):
        """Comments on any language's copy of ``page``."""
        return self.filter(thread_key=page.translation_key)


class Comment(models.Model):
    """A comment by a member of the public, shared by every language's copy of the page it was
    written on, and shown in the language it was written in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="public_comments",
        help_text=_("The language copy it was written on."),
    )
    thread_key = models.UUIDField(
        _("thread"), db_index=True, help_text=_("The page's translation key.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Never shown. Used once, to say the comment was published; then purged."),
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=12)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    reports = models.PositiveIntegerField(_("times reported"), default=0)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread_key", "status", "created_at"])]

    def __str__(self):
        return f"{self.name}: {self.text[:60]}"


class StorySubmission(models.Model):
    """The private side of a story a resident sent: how to reach them, and their consent. The
    story itself is a draft StoryPage; this never appears in it."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    email = models.EmailField(_("contact email"), blank=True)
    language = models.CharField(_("language"), max_length=12)
    consented_at = models.DateTimeField(_("consent given"), default=timezone.now)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("story submission")
        verbose_name_plural = _("story submissions")

    def __str__(self):
        return str(self.page)


def _comment_changed(sender, instance, created=False, **kwargs):
    """A new comment waiting for moderation shows nowhere; anything else may change a thread."""
    if created and instance.status != Comment.Status.APPROVED:
        return
    new_content_version()


def connect_content_version() -> None:
    """Cached threads (``participation.context``) are dropped when a comment is published,
    rejected, reported, edited or deleted."""
    post_save.connect(_comment_changed, sender=Comment, dispatch_uid="cid-comment-changed")
    post_delete.connect(_comment_changed, sender=Comment, dispatch_uid="cid-comment-deleted")
