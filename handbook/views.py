"""The coordinators' admin for handbook editions: the list, publishing one (which pins the live
text of every chapter and practice), opening and closing its consultation, deleting it, and the
public's feedback on it, as a page and as a CSV.

Whoever holds the edition model's permissions (the network coordinators, ``partners.roles``) sees
all of it; nobody else sees any of it.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import (
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
    UserColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.models import Locale

from handbook.editions import EditionReader, Piece, publish_edition
from handbook.models import EditionEntry, HandbookChapterPage, HandbookEdition, HandbookPage
from home.spreadsheets import csv_response
from participation.models import Comment

Status = Comment.Status
# What the feedback shows of each comment, in this order; spam is counted, never shown.
SHOWN_STATUSES = (Status.APPROVED, Status.PENDING, Status.REJECTED)
STATUS_LABELS = {
    Status.APPROVED: _("Published"),
    Status.PENDING: _("Awaiting moderation"),
    Status.REJECTED: _("Rejected"),
}
# Read, never the email: the feedback is no place for the public's personal data.
COMMENT_FIELDS = ("pk", "thread_key", "parent", "name", "text", "language", "status", "created_at")
CSV_HEADER = [
    "chapter_number",
    "practice_number",
    "item_title",
    "comment_id",
    "reply_to_id",
    "created_utc",
    "language",
    "status",
    "author_name",
    "text",
]
EDITION_PERMISSIONS = ["add", "change", "delete"]


# Which handbook, and what an edition holds ------------------------------------------------------


def current_handbook() -> HandbookPage | None:
    """The live handbook of the default locale, which editions are published from."""
    return HandbookPage.objects.live().filter(locale=Locale.get_default()).order_by("path").first()


def has_live_chapters(handbook: HandbookPage) -> bool:
    return (
        HandbookChapterPage.objects.live()
        .filter(translation_key__in=list(handbook.chapter_order()))
        .exists()
    )


def with_counts(editions):
    """Each edition with the number of chapters and practices it pinned (in any language)."""
    entries = "entries__translation_key"
    return editions.annotate(
        chapter_count=Count(
            entries, filter=Q(entries__kind=EditionEntry.Kind.CHAPTER), distinct=True
        ),
        practice_count=Count(
            entries, filter=Q(entries__kind=EditionEntry.Kind.PRACTICE), distinct=True
        ),
    )


def public_url(edition: HandbookEdition, request=None) -> str | None:
    """Where the public reads ``edition``: under its handbook's address, while that is live."""
    handbook = edition.handbook
    url = handbook.get_url(request) if handbook.live else None
    return f"{url}editions/{edition.slug}/" if url else None


def pinned_message(edition: HandbookEdition) -> str:
    chapters = ngettext("%(count)d chapter", "%(count)d chapters", edition.chapter_count) % {
        "count": edition.chapter_count
    }
    practices = ngettext("%(count)d practice", "%(count)d practices", edition.practice_count) % {
        "count": edition.practice_count
    }
    return gettext("“%(edition)s” published: %(chapters)s and %(practices)s pinned.") % {
        "edition": edition.label,
        "chapters": chapters,
        "practices": practices,
    }


# Forms ------------------------------------------------------------------------------------------


class PublishEditionForm(WagtailAdminModelForm):
    """What a coordinator chooses when publishing; the rest is pinned from the live handbook."""

    class Meta:
        model = HandbookEdition
        fields = ["kind", "consultation_open"]
        widgets = {"kind": forms.RadioSelect}

    handbook = None

    def clean(self):
        cleaned_data = super().clean()
        handbook = current_handbook()
        if handbook is None:
            raise ValidationError(
                _("There is no published handbook to make an edition of. Publish it first."),
                code="no_handbook",
            )
        if not has_live_chapters(handbook):
            raise ValidationError(
                _(
                    "The handbook has no published chapter, so an edition would be empty. "
                    "Publish a chapter first."
                ),
                code="no_chapter",
            )
        self.handbook = handbook
        return cleaned_data


class ConsultationForm(WagtailAdminModelForm):
    """A published edition never changes; only its consultation opens and closes."""

    consultation_open = forms.BooleanField(
        label=_("Open for consultation"),
        required=False,
        help_text=_(
            "While open, the public can comment on every chapter and practice in this edition. "
            "Closing it ends the feedback window; comments sent after that are not part of it."
        ),
    )

    class Meta:
        model = HandbookEdition
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation_open"].initial = self.instance.consultation_open

    def save(self, commit=True):
        self.instance.set_consultation(self.cleaned_data["consultation_open"])
        if commit:
            self.instance.save(update_fields=["consultation_open", "consultation_closed_at"])
        return self.instance


# The list, publishing, the consultation, deleting ---------------------------------------------


class LinksColumn(Column):
    cell_template_name = "handbook/admin/cells/edition_links.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["feedback_url"] = reverse("handbook_editions:feedback", args=[instance.pk])
        context["public_url"] = public_url(instance, parent_context.get("request"))
        return context


def consultation_status(edition: HandbookEdition) -> str:
    if edition.consultation_open:
        return gettext("Open for consultation")
    if edition.consultation_closed_at:
        return gettext("Consultation closed")
    return gettext("No consultation")


class EditionIndexView(generic.IndexView):
    add_item_label = _("Publish an edition")
    default_ordering = "-published_at"

    def get_base_queryset(self):
        return with_counts(
            HandbookEdition.objects.select_related("handbook", "published_by__wagtail_userprofile")
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "label", label=_("Edition"), accessor="label", get_url=self.get_edit_url
            ),
            DateColumn("published_at", label=_("Published"), sort_key="published_at"),
            UserColumn("published_by", label=_("Published by")),
            Column("chapter_count", label=_("Chapters")),
            Column("practice_count", label=_("Practices")),
            StatusTagColumn(
                "consultation",
                label=_("Consultation"),
                accessor=consultation_status,
                primary=lambda edition: edition.consultation_open,
            ),
            LinksColumn("links", label=_("Links")),
        ]


class PublishEditionView(generic.CreateView):
    page_title = _("Publish an edition")
    template_name = "handbook/admin/publish.html"
    submit_button_label = _("Publish")
    submit_button_active_label = _("Publishing…")
    error_message = _("The edition was not published; nothing was saved.")

    def get_page_subtitle(self):
        return ""

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items()[:-1], {"url": "", "label": self.page_title}]

    def save_instance(self):
        form = self.form
        edition = publish_edition(
            form.handbook,
            kind=form.cleaned_data["kind"],
            consultation_open=form.cleaned_data["consultation_open"],
            user=self.request.user,
        )
        log(edition, "wagtail.create", user=self.request.user)
        return with_counts(HandbookEdition.objects.select_related("handbook")).get(pk=edition.pk)

    def get_success_message(self, instance):
        return pinned_message(instance)

    def get_success_buttons(self):
        url = public_url(self.object, self.request)
        return [messages.button(url, gettext("View on site"))] if url else []


class EditionSummaryMixin:
    """What the edit and delete views show of the edition they act on."""

    def get_queryset(self):
        return with_counts(HandbookEdition.objects.select_related("handbook", "published_by"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            edition=self.object,
            public_url=public_url(self.object, self.request),
            feedback_url=reverse("handbook_editions:feedback", args=[self.object.pk]),
        )
        return context


class ConsultationView(EditionSummaryMixin, generic.EditView):
    template_name = "handbook/admin/consultation.html"

    def get_success_message(self):
        if self.object.consultation_open:
            return gettext("The consultation on “%(edition)s” is open.") % {
                "edition": self.object.label
            }
        return gettext("The consultation on “%(edition)s” is closed.") % {
            "edition": self.object.label
        }


class DeleteEditionView(EditionSummaryMixin, generic.DeleteView):
    @property
    def confirmation_message(self):
        return gettext(
            "Delete “%(edition)s”? Its pinned text and PDFs go with it, and its address stops "
            "working. The handbook's pages and the comments on them stay."
        ) % {"edition": self.object.label}

    def get_success_message(self):
        return gettext("“%(edition)s” deleted.") % {"edition": self.object.label}


# The feedback -----------------------------------------------------------------------------------


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def count_statuses(comments) -> dict:
    counts = Counter(comment.status for comment in comments)
    return {status: counts[status] for status in SHOWN_STATUSES}


@dataclass
class FeedbackItem:
    """A chapter or practice of the edition and the comments on it (on any language's copy)."""

    piece: Piece
    comments: list = field(default_factory=list)

    @property
    def counts(self) -> dict:
        return count_statuses(self.comments)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = self.counts
        return [(status, STATUS_LABELS[status], counts[status]) for status in SHOWN_STATUSES]


@dataclass
class ChapterFeedback:
    chapter: FeedbackItem
    practices: list[FeedbackItem]

    @property
    def items(self) -> list[FeedbackItem]:
        return [self.chapter, *self.practices]


@dataclass
class Feedback:
    edition: HandbookEdition
    start: dt.datetime
    end: dt.datetime | None  # None while the consultation is open
    chapters: list[ChapterFeedback]
    spam: int

    @property
    def items(self) -> list[FeedbackItem]:
        return [item for chapter in self.chapters for item in chapter.items]

    @cached_property
    def comments(self) -> list:
        return [comment for item in self.items for comment in item.comments]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = count_statuses(self.comments)
        return [(status, STATUS_LABELS[status], counts[status]) for status in SHOWN_STATUSES]

    @property
    def pending(self) -> int:
        return count_statuses(self.comments)[Status.PENDING]


def feedback_window(edition: HandbookEdition) -> tuple[dt.datetime, dt.datetime | None]:
    """From publication to the close of the consultation; still running while it is open."""
    if edition.consultation_open:
        return edition.published_at, None
    return edition.published_at, edition.consultation_closed_at or timezone.now()


def consultation_feedback(edition: HandbookEdition, locale: Locale) -> Feedback:
    """The comments written on the edition's chapters and practices during its feedback window,
    per chapter and practice in the edition's order, titled in ``locale`` where the edition
    holds it. Two queries, however many comments.

    A practice that two chapters draw in collects its comments under the first."""
    reader = EditionReader(edition, locale)
    by_key: dict = {}
    chapters = []
    for chapter in reader.chapters:
        feedback = ChapterFeedback(
            FeedbackItem(chapter), [FeedbackItem(practice) for practice in chapter.practices]
        )
        for item in feedback.items:
            by_key.setdefault(item.piece.entry.translation_key, item)
        chapters.append(feedback)
    start, end = feedback_window(edition)
    comments = Comment.objects.filter(thread_key__in=list(by_key), created_at__gte=start)
    if end is not None:
        comments = comments.filter(created_at__lte=end)
    spam = 0
    for comment in comments.only(*COMMENT_FIELDS).order_by("created_at", "pk"):
        if comment.status in SHOWN_STATUSES:
            by_key[comment.thread_key].comments.append(comment)
        else:
            spam += 1
    feedback = Feedback(edition, start, end, chapters, spam)
    names = {comment.pk: comment.name for comment in feedback.comments}
    for comment in feedback.comments:
        comment.language_name = language_name(comment.language)
        comment.reply_to_name = names.get(comment.parent_id)
    return feedback


def feedback_rows(feedback: Feedback):
    for item in feedback.items:
        entry = item.piece.entry
        for comment in item.comments:
            yield [
                entry.chapter_number,
                entry.practice_number,
                item.piece.title,
                comment.pk,
                comment.parent_id or "",
                comment.created_at.astimezone(dt.UTC).isoformat(),
                comment.language,
                comment.status,
                comment.name,
                comment.text,
            ]


def feedback_csv(feedback: Feedback) -> HttpResponse:
    filename = f"consultation-feedback-{feedback.edition.slug}.csv"
    return csv_response(filename, CSV_HEADER, feedback_rows(feedback))


class FeedbackView(
    generic.PermissionCheckedMixin, BaseObjectMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """The public's comments on one edition during its consultation. The CSV (``?export=csv``)
    titles the chapters and practices in the site's default language, whatever the admin's."""

    model = HandbookEdition
    any_permission_required = EDITION_PERMISSIONS
    template_name = "handbook/admin/feedback.html"
    page_title = _("Consultation feedback")
    header_icon = "comment"

    def get_base_object_queryset(self):
        return HandbookEdition.objects.select_related("handbook")

    def get_page_subtitle(self):
        return self.object.label

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("handbook_editions:index"), "label": _("Handbook editions")},
            {
                "url": reverse("handbook_editions:edit", args=[self.object.pk]),
                "label": self.object.label,
            },
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def header_buttons(self):
        url = reverse("handbook_editions:feedback", args=[self.object.pk])
        return [HeaderButton(_("Download CSV"), url=f"{url}?export=csv", icon_name="download")]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return feedback_csv(consultation_feedback(self.object, Locale.get_default()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            feedback=consultation_feedback(self.object, Locale.get_active()),
            public_url=public_url(self.object, self.request),
            moderation_url=f"{reverse('comments:index')}?status={Status.PENDING.value}",
            **kwargs,
        )


# The viewset ------------------------------------------------------------------------------------


class HandbookEditionViewSet(ModelViewSet):
    model = HandbookEdition
    name = "handbook_editions"
    url_prefix = "handbook-editions"
    icon = "doc-full"
    menu_label = _("Handbook editions")
    menu_order = 120  # after Pages
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = EditionIndexView
    add_view_class = PublishEditionView
    edit_view_class = ConsultationView
    delete_view_class = DeleteEditionView

    def get_form_class(self, for_update=False):
        return ConsultationForm if for_update else PublishEditionForm

    def get_common_view_kwargs(self, **kwargs):
        # Editions are not listed as usage of anything.
        return super().get_common_view_kwargs(usage_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name != "usage"),
            path("<int:pk>/feedback/", FeedbackView.as_view(), name="feedback"),
        ]
