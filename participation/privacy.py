"""Personal data kept only as long as needed.

- ``purge``: after the retention period (``PERSONAL_DATA_RETENTION_DAYS``), commenters' and story
  senders' emails are cleared, and rejected and spam comments deleted. A timer runs it through
  ``manage.py purge_personal_data``.
- ``find_personal_data`` / ``erase``: one person's comments deleted and their address cleared
  from their stories' submissions, found by email (in any case), within what the editor
  moderates.
- ``plan_withdrawal`` / ``withdraw``: a story whose teller withdraws consent, deleted in every
  language with its revisions, wagtail-localize sources and strings, image, submission and
  comments.

IP addresses are never stored in the database: rate limiting (django-ratelimit) counts requests
per address in the cache, and each counter expires with its window.

Each operation is one transaction. Erasures and withdrawals are recorded in Wagtail's audit log
(who, when, how many), never with the address. Audit entries about anything deleted here keep
their action, user and time but lose their label and details, which held its title or text.
"""

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modelsearch import index
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    ModelLogEntry,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    WorkflowState,
)
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    SegmentOverride,
    String,
    StringSegment,
    StringTranslation,
    Template,
    TemplateSegment,
    TranslatableObject,
)

from participation.models import Comment, StorySubmission
from participation.scope import pages_moderated_by

ERASE_ACTION = "participation.erase_personal_data"
WITHDRAW_ACTION = "participation.withdraw_story"

# Stored in the audit log in place of what it said about deleted things, as titles are stored.
WITHDRAWN_STORY_LABEL = gettext_noop("Withdrawn story")
WITHDRAWN_IMAGE_LABEL = gettext_noop("Image of a withdrawn story")
ERASED_LABEL = gettext_noop("Erased personal data")

UNPUBLISHABLE = [Comment.Status.REJECTED, Comment.Status.SPAM]

RATE_LIMIT_NOTE = gettext_noop(
    "IP addresses are not stored in the database: rate limiting counts requests per address "
    "in the cache only, and each count expires with its window (comments %(comment_rate)s, "
    "stories %(story_rate)s)."
)


def rate_limit_note() -> str:
    return _(RATE_LIMIT_NOTE) % {
        "comment_rate": settings.PARTICIPATION_COMMENT_RATE,
        "story_rate": settings.PARTICIPATION_STORY_RATE,
    }


def normalise_email(email: str) -> str:
    return email.strip()


# Helpers shared by the three operations ---------------------------------------------------------


def _model_log_entries(model, pks):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    )


def _forget(entries, label: str) -> None:
    entries.update(label=label, data={})


def _delete_comments(comments) -> int:
    """Delete ``comments``. Other people's replies to them stay, moved up to the nearest comment
    that stays (or to the top of the thread): they published their own words."""
    ids = list(comments.values_list("pk", flat=True))
    if not ids:
        return 0
    parent_of = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "parent_id"))

    def nearest_kept(pk):
        while pk in parent_of:
            pk = parent_of[pk]
        return pk

    moves = defaultdict(list)
    replies = Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids)
    for reply, parent in replies.values_list("pk", "parent_id"):
        moves[nearest_kept(parent)].append(reply)
    for parent, reply_ids in moves.items():
        Comment.objects.filter(pk__in=reply_ids).update(parent_id=parent)
    _forget(_model_log_entries(Comment, ids), ERASED_LABEL)
    Comment.objects.filter(pk__in=ids).delete()
    return len(ids)


# Purge after the retention period ---------------------------------------------------------------


@dataclass(frozen=True)
class Purge:
    days: int
    cutoff: dt.datetime
    comments_deleted: int
    comment_emails_cleared: int
    submission_emails_cleared: int
    dry_run: bool


def purge(days: int | None = None, *, dry_run: bool = False) -> Purge:
    """Clear the emails of comments and story submissions older than ``days`` (the setting by
    default) and delete rejected and spam comments older than that. Names and texts of other
    comments stay: they were published with consent. The submission row stays: it records the
    consent. Running it again changes nothing more."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValueError("The retention period is at least one day.")
    cutoff = timezone.now() - dt.timedelta(days=days)
    old_comments = Comment.objects.filter(created_at__lt=cutoff)
    unwanted = old_comments.filter(status__in=UNPUBLISHABLE)
    comment_emails = old_comments.exclude(email="").exclude(status__in=UNPUBLISHABLE)
    submission_emails = StorySubmission.objects.filter(created_at__lt=cutoff).exclude(email="")
    if dry_run:
        return Purge(
            days,
            cutoff,
            unwanted.count(),
            comment_emails.count(),
            submission_emails.count(),
            dry_run=True,
        )
    with transaction.atomic():
        deleted = _delete_comments(unwanted)
        return Purge(
            days,
            cutoff,
            deleted,
            comment_emails.update(email=""),
            submission_emails.update(email=""),
            dry_run=False,
        )


# Erasing one person's data by email -------------------------------------------------------------


@dataclass
class Erasure:
    """What is held under one email address, within reach of whoever asks (``user``; None is
    everywhere, for the management command)."""

    email: str
    user: object = None
    comments_deleted: int = 0
    emails_cleared: int = 0

    @cached_property
    def scope(self) -> Q:
        return Q() if self.user is None else pages_moderated_by(self.user)

    @property
    def comments(self):
        return Comment.objects.filter(self.scope, email__iexact=self.email)

    @property
    def submissions(self):
        return StorySubmission.objects.filter(self.scope, email__iexact=self.email)

    @cached_property
    def comment_count(self) -> int:
        return self.comments.count()

    @cached_property
    def commented_pages(self) -> int:
        return self.comments.values("page").distinct().count()

    @cached_property
    def stories(self) -> list[Page]:
        """The stories this person sent, for the choice of withdrawing them."""
        return [
            submission.page
            for submission in self.submissions.select_related("page", "page__locale").order_by(
                "created_at"
            )
        ]

    @property
    def is_empty(self) -> bool:
        return not self.comment_count and not self.stories


def find_personal_data(email: str, user=None) -> Erasure:
    return Erasure(normalise_email(email), user)


def erase(erasure: Erasure) -> Erasure:
    """Delete the comments and clear the address from the story submissions that ``erasure``
    finds now, and record on each page concerned how many, and who asked."""
    with transaction.atomic():
        comments = Counter(erasure.comments.values_list("page_id", flat=True))
        submissions = list(erasure.submissions.values_list("pk", "page_id"))
        erasure.comments_deleted = _delete_comments(erasure.comments)
        erasure.emails_cleared = StorySubmission.objects.filter(
            pk__in=[pk for pk, _page in submissions]
        ).update(email="")
        cleared = Counter(page_id for _pk, page_id in submissions)
        for page in Page.objects.filter(pk__in=[*comments, *cleared]).specific(defer=True):
            log(
                instance=page,
                action=ERASE_ACTION,
                user=erasure.user,
                # Wagtail's history shows one entry per uuid and action: one for each page.
                uuid=uuid.uuid4(),
                data={"comments": comments[page.pk], "contact_emails": cleared[page.pk]},
            )
    return erasure


# Withdrawing a story ---------------------------------------------------------------------------


class NotASubmittedStory(Exception):
    """Only a story sent through the public form (one with a StorySubmission) is withdrawn here."""


@dataclass
class Withdrawal:
    """A submitted story and everything made from it, as it stands before withdrawal."""

    page: Page  # the copy asked about
    submission: StorySubmission
    pages: list[Page]  # every language's copy, translations first, the one sent last
    revisions: int
    comments: int
    images: list = field(default_factory=list)

    @property
    def original(self) -> Page:
        return self.submission.page

    @property
    def translation_key(self):
        return self.page.translation_key

    @cached_property
    def page_ids(self) -> list[str]:
        return [str(page.pk) for page in self.pages]

    @property
    def languages(self) -> list[str]:
        return [page.locale.language_code for page in self.pages]


def _page_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Page)


def _images_only_used_by(pages, page_ids: list[str]) -> list:
    """The images shown by ``pages`` (now or in a revision) that nothing else refers to."""
    Image = get_image_model()
    image_type = ContentType.objects.get_for_model(Image)
    page_type = _page_content_type()
    shown = {page.image_id for page in pages if getattr(page, "image_id", None)}
    shown |= {
        int(pk)
        for pk in ReferenceIndex.objects.filter(
            base_content_type=page_type, object_id__in=page_ids, to_content_type=image_type
        ).values_list("to_object_id", flat=True)
    }
    for content in Revision.objects.filter(
        base_content_type=page_type, object_id__in=page_ids
    ).values_list("content", flat=True):
        if isinstance(content.get("image"), int):
            shown.add(content["image"])
    used_elsewhere = (
        ReferenceIndex.objects.filter(
            to_content_type=image_type, to_object_id__in=[str(pk) for pk in shown]
        )
        .exclude(base_content_type=page_type, object_id__in=page_ids)
        .values_list("to_object_id", flat=True)
    )
    unused = shown - {int(pk) for pk in used_elsewhere}
    return list(Image.objects.filter(pk__in=unused).order_by("pk"))


def plan_withdrawal(page: Page) -> Withdrawal:
    """What withdrawing ``page``'s story removes. Raises NotASubmittedStory for a page that no
    resident sent."""
    submission = (
        StorySubmission.objects.filter(page__translation_key=page.translation_key)
        .select_related("page")
        .first()
    )
    if submission is None:
        raise NotASubmittedStory(
            _("“%(title)s” was not sent through the story form: there is no consent to withdraw.")
            % {"title": page.get_admin_display_title()}
        )
    copies = Page.objects.filter(translation_key=page.translation_key).specific()
    pages = sorted(copies, key=lambda copy: (copy.pk == submission.page_id, copy.pk))
    if any(copy.numchild for copy in pages):
        raise NotASubmittedStory(
            _("“%(title)s” has pages below it; it cannot be withdrawn as a story.")
            % {"title": page.get_admin_display_title()}
        )
    page_ids = [str(copy.pk) for copy in pages]
    return Withdrawal(
        page=page,
        submission=submission,
        pages=pages,
        revisions=Revision.objects.filter(
            base_content_type=_page_content_type(), object_id__in=page_ids
        ).count(),
        comments=_comments_on(pages).count(),
        images=_images_only_used_by(pages, page_ids),
    )


def _comments_on(pages):
    return Comment.objects.filter(
        Q(thread_key__in={page.translation_key for page in pages})
        | Q(page__in=[page.pk for page in pages])
    )


def withdraw(withdrawal: Withdrawal, user=None) -> Withdrawal:
    """Unpublish and delete every copy of the story, its revisions, its wagtail-localize source,
    segments and the strings only it used, its comments, its submission and the images nothing
    else uses; record the withdrawal in the audit log. One transaction: all or nothing. No
    redirect is made to or from the story's URLs."""
    with transaction.atomic():
        _withdraw(withdrawal, user)
    return withdrawal


def _withdraw(withdrawal: Withdrawal, user) -> None:
    key = withdrawal.translation_key
    page_ids = withdrawal.page_ids
    strings = set(
        StringSegment.objects.filter(source__object_id=key).values_list("string_id", flat=True)
    )
    templates = set(
        TemplateSegment.objects.filter(source__object_id=key).values_list("template_id", flat=True)
    )
    images = _images_only_used_by(withdrawal.pages, page_ids)
    withdrawal.images = images

    log(
        instance=withdrawal.original.specific,
        action=WITHDRAW_ACTION,
        user=user,
        title=WITHDRAWN_STORY_LABEL,
        deleted=True,
        data={
            "languages": withdrawal.languages,
            "revisions": withdrawal.revisions,
            "comments": withdrawal.comments,
            "images": len(images),
        },
    )
    withdrawal.comments = _delete_comments(_comments_on(withdrawal.pages))
    _forget(_model_log_entries(StorySubmission, [withdrawal.submission.pk]), WITHDRAWN_STORY_LABEL)
    StorySubmission.objects.filter(pk=withdrawal.submission.pk).delete()

    for page in withdrawal.pages:
        if page.live:
            UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
    for page in withdrawal.pages:
        DeletePageAction(page, user=user).execute(skip_permission_checks=True)
        index.remove_object(page)
    page_type = _page_content_type()
    for model in (Revision, WorkflowState):
        model.objects.filter(base_content_type=page_type, object_id__in=page_ids).delete()

    # wagtail-localize cleans up when the last copy goes, unless WAGTAILLOCALIZE_DISABLE_ON_DELETE;
    # its segments are deleted before their contexts, which they protect.
    for model in (OverridableSegment, RelatedObjectSegment, StringSegment, TemplateSegment):
        model.objects.filter(source__object_id=key).delete()
    for model in (StringTranslation, SegmentOverride):
        model.objects.filter(context__object_id=key).delete()
    TranslatableObject.objects.filter(translation_key=key).delete()
    String.objects.filter(pk__in=strings).exclude(
        pk__in=StringSegment.objects.values("string_id")
    ).delete()
    Template.objects.filter(pk__in=templates).exclude(
        pk__in=TemplateSegment.objects.values("template_id")
    ).delete()

    Image = get_image_model()
    _forget(_model_log_entries(Image, [image.pk for image in images]), WITHDRAWN_IMAGE_LABEL)
    for image in images:
        image.delete()  # its file and renditions' files go once the transaction commits

    _forget(
        PageLogEntry.objects.filter(page_id__in=page_ids).exclude(action=WITHDRAW_ACTION),
        WITHDRAWN_STORY_LABEL,
    )


def withdrawals_for_email(email: str) -> list[Withdrawal]:
    """A withdrawal for each story sent from ``email`` (in any case)."""
    submissions = StorySubmission.objects.filter(
        email__iexact=normalise_email(email)
    ).select_related("page")
    return [plan_withdrawal(submission.page) for submission in submissions.order_by("pk")]
