"""A shared story becomes a draft StoryPage in its city's stories section, submitted into the
section's review workflow, with the sender's private details kept apart in StorySubmission.

All of it happens in one transaction; a photo file already written to storage is deleted again
if the transaction fails, so a refused or failed submission leaves nothing behind.

Notifying the city: the partner's workflow is a GroupApprovalTask for its city editors, and
Wagtail emails that group when a page enters the task (``wagtail.admin.mail``
``GroupApprovalTaskStateSubmissionEmailNotifier``), each editor in their preferred language.
Only a section without a workflow (a city not onboarded as a partner) gets our own email, sent
to ``city_moderators``. Our emails (that one and the sender's receipt) are tasks, queued once the
story is committed and given its page's id; the receipt's address is read from the submission
when it is sent, so it is never held in the task queue.
"""

import io
import logging
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, GroupPagePermission, Page
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile
from wagtail.utils.file import hash_filelike

from home.listing import in_every_copy
from home.localization import localize_snippets
from home.models import NetworkSettings
from home.models.base import CITY_DEPTH
from home.tasks import enqueue_on_commit
from participation.images import CleanPhoto
from participation.models import StorySubmission
from participation.scope import city_moderators
from participation.story_forms import paragraphs

logger = logging.getLogger(__name__)

LEAD_MAX_LENGTH = 600  # StoryPage.lead
SLUG_MAX_LENGTH = 80


@dataclass(frozen=True)
class SharedStory:
    """What the form gathered, cleaned."""

    title: str
    text: str
    language: str
    themes: list
    teller_name: str
    email: str
    photo: CleanPhoto | None = None
    photo_description: str = ""


def lead_and_body(text: str) -> tuple[str, list[str]]:
    """The first paragraph as the lead, the others as the body. A first paragraph too long
    for a lead is shortened at a word for the lead and kept whole in the body."""
    parts = paragraphs(text)
    lead = " ".join(parts[0].split())
    if len(lead) <= LEAD_MAX_LENGTH:
        return lead, parts[1:]
    cut = lead[: LEAD_MAX_LENGTH - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return f"{cut.rstrip(' ,;:.')}…", parts


def paragraph_block(paragraph: str) -> tuple[str, RichText]:
    """A "paragraph" block of escaped text: nothing the sender typed is ever read as HTML."""
    lines = "<br/>".join(escape(line.strip()) for line in paragraph.split("\n"))
    return ("paragraph", RichText(f"<p>{lines}</p>"))


def free_slug(section: Page, title: str) -> str:
    """A slug for the title that no story in any language's copy of ``section`` has (slugs
    are shared across languages, docs/decisions.md §2)."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)  # as Wagtail does
    base = slugify(title, allow_unicode=allow_unicode)[:SLUG_MAX_LENGTH].strip("-") or "story"
    taken = set(
        Page.objects.filter(in_every_copy(section), depth=section.depth + 1)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def city_collection(section: Page) -> Collection:
    """Where the city's editors keep their images: the collection on which the groups that
    may change the city page (in any locale) may add images. Found through the permissions
    ``partners.roles.grant`` sets up, so this app needs no import of ``partners`` and a
    renamed city or collection changes nothing. The root collection for a city with no
    editors' collection."""
    city_path = section.path[: CITY_DEPTH * Page.steplen]
    city_key = Page.objects.filter(path=city_path).values("translation_key")
    editors = GroupPagePermission.objects.filter(
        page__translation_key__in=city_key,
        page__depth=CITY_DEPTH,
        permission__codename="change_page",
    ).values("group")
    collection = (
        Collection.objects.filter(
            group_permissions__group__in=editors,
            group_permissions__permission__codename="add_image",
        )
        .exclude(depth=1)
        .order_by("path")
        .first()
    )
    return collection or Collection.get_first_root_node()


def _save_photo(photo: CleanPhoto, *, title: str, collection: Collection, stored: list):
    image = get_image_model()(
        title=title,
        collection=collection,
        file_size=len(photo.content),
        file_hash=hash_filelike(io.BytesIO(photo.content)),
    )
    # A neutral name: the sender's own file name may say who or where they are.
    name = f"story-{uuid.uuid4().hex[:12]}.{photo.extension}"
    image.file.save(name, ContentFile(photo.content), save=False)
    stored.append(image.file)
    image.width, image.height = photo.width, photo.height  # file.save leaves them unset
    image.save()
    return image


def submit_story(story: SharedStory, section: Page, *, correspondence_language: str):
    """Create the draft story under ``section``, start its review, keep the sender's details.
    Returns the page. ``correspondence_language`` is the language we write to the sender in
    (the language of the form they filled in)."""
    stored_files = []
    try:
        with transaction.atomic():
            page = _create(story, section, stored_files)
            StorySubmission.objects.create(
                page=page,
                email=story.email,
                language=correspondence_language,
                consented_at=timezone.now(),
            )
            workflow = page.get_workflow()
            if workflow is not None:
                # Editors with no preferred language are written to in the site's default
                # language, not in the language of the visitor who happened to trigger this.
                with translation.override(settings.LANGUAGE_CODE):
                    workflow.start(page, user=None)
            else:
                enqueue_on_commit(notify_moderators, page.pk)
            if story.email:
                enqueue_on_commit(send_receipt, page.pk)
    except BaseException:  # rolled back: the files written so far go too
        for file in stored_files:
            file.storage.delete(file.name)
        raise
    return page


def _create(story: SharedStory, section: Page, stored_files: list):
    story_page = apps.get_model("stories", "StoryPage")
    image = None
    if story.photo is not None:
        image = _save_photo(
            story.photo, title=story.title, collection=city_collection(section), stored=stored_files
        )
    lead, body = lead_and_body(story.text)
    page = story_page(
        title=story.title,
        slug=free_slug(section, story.title),
        live=False,
        teller_name=story.teller_name,
        date=timezone.localdate(),
        lead=lead,
        body=[paragraph_block(paragraph) for paragraph in body],
        original_language=story.language,
        image=image,
        image_alt=story.photo_description if image else "",
        themes=localize_snippets(story.themes, section.locale),
    )
    section.add_child(instance=page)
    revision = page.save_revision()
    log(instance=page, action="wagtail.create", revision=revision, content_changed=True)
    return page


def _send(subject_template, body_template, context, to, reply_to=None):
    """Render and send one email in the active language, which it declares."""
    subject = " ".join(render_to_string(subject_template, context).split())
    subject = f"[{settings.WAGTAIL_SITE_NAME}] {subject}"
    body = render_to_string(body_template, context).strip() + "\n"
    headers = {"Content-Language": translation.get_language()}
    EmailMessage(subject, body, to=to, reply_to=reply_to, headers=headers).send()


@task()
def send_receipt(page_id: int) -> bool:
    """Tell the sender we have their story, at the address they gave, in the language of the
    form they used. A failure is logged, never shown to them: the story is stored. Nothing if
    the story is gone or its sender's details were erased meanwhile."""
    submission = StorySubmission.objects.select_related("page").filter(page_id=page_id).first()
    if submission is None or not submission.email:
        return False
    page, email, language = submission.page, submission.email, submission.language
    contact = NetworkSettings.load().contact_email
    city = Page.objects.get(path=page.path[: CITY_DEPTH * Page.steplen])
    city = (
        Page.objects.filter(
            translation_key=city.translation_key, locale__language_code=language
        ).first()
        or city
    )
    with translation.override(language):
        context = {
            "title": page.title,
            "city": city.title,
            "sent": timezone.localdate(submission.created_at),
            "contact_email": contact,
        }
        try:
            _send(
                "participation/emails/story_receipt_subject.txt",
                "participation/emails/story_receipt.txt",
                context,
                to=[email],
                reply_to=[contact] if contact else None,
            )
        except Exception:
            logger.exception("Could not send the receipt for story %s", page.pk)
            return False
    return True


@task()
def notify_moderators(page_id: int) -> int:
    """Our own notice to the city's editors, for a section without a review workflow, each in
    their preferred language (as Wagtail writes its own notifications). Returns how many were
    sent; none if the story is gone."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[page.pk])
    sent = 0
    for user in city_moderators(page):
        language = UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {"page": page, "edit_url": edit_url, "user": user}
            try:
                _send(
                    "participation/emails/story_editors_subject.txt",
                    "participation/emails/story_editors.txt",
                    context,
                    to=[user.email],
                )
            except Exception:
                logger.exception("Could not tell %s about story %s", user.pk, page.pk)
            else:
                sent += 1
    return sent
