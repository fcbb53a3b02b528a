"""Editions of the handbook: the exact revision of every chapter and practice, pinned when the
coordinator publishes, so an edition keeps saying what it said while the live handbook moves on.

Each entry keeps a copy of its revision's content as well as a link to the revision: a
practice deleted later takes its revisions with it, and the edition must still read the same.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class HandbookEdition(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation draft")
        EDITION = "edition", _("Edition")

    handbook = models.ForeignKey(
        "handbook.HandbookPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("handbook"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.CONSULTATION,
        help_text=_(
            "A consultation draft asks the public for comments; an edition is the text the "
            "network stands by."
        ),
    )
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    slug = models.SlugField(_("slug"), max_length=40, editable=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    consultation_open = models.BooleanField(
        _("open for consultation"),
        default=False,
        help_text=_(
            "While open, the public can comment on every chapter and practice in this edition."
        ),
    )
    consultation_closed_at = models.DateTimeField(
        _("consultation closed"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("handbook edition")
        verbose_name_plural = _("handbook editions")
        constraints = [
            models.UniqueConstraint(fields=["handbook", "slug"], name="handbook_edition_slug"),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """ "Consultation draft, March 2027" or "Edition 2, May 2027", in the active language."""
        month = date_format(timezone.localtime(self.published_at), "F Y")
        if self.kind == self.Kind.CONSULTATION:
            return _("Consultation draft, %(month)s") % {"month": month}
        return _("Edition %(number)s, %(month)s") % {"number": self.number, "month": month}

    def set_consultation(self, open_: bool) -> None:
        """Open or close the consultation; closing records when, which ends the feedback
        window."""
        if open_ and not self.consultation_open:
            self.consultation_closed_at = None
        elif not open_ and self.consultation_open:
            self.consultation_closed_at = timezone.now()
        self.consultation_open = open_


class EditionEntry(models.Model):
    """One chapter or practice of an edition, in one language, as it read when pinned."""

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("Chapter")
        PRACTICE = "practice", _("Practice")

    edition = models.ForeignKey(HandbookEdition, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    chapter_number = models.PositiveSmallIntegerField()
    practice_number = models.PositiveSmallIntegerField(default=0)  # 0: the chapter itself
    translation_key = models.UUIDField()
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.PROTECT, related_name="+")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    title = models.CharField(max_length=255)

    class Meta:
        ordering = ["chapter_number", "practice_number"]
        verbose_name = _("edition entry")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "locale", "chapter_number", "practice_number"],
                name="handbook_edition_entry_position",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def position(self) -> tuple[int, int]:
        return self.chapter_number, self.practice_number


def pdf_path(instance, filename: str) -> str:
    return f"handbook/editions/{instance.edition.slug}-{instance.edition_id}/{filename}"


class EditionPDF(models.Model):
    """A PDF of an edition (the whole handbook, or one chapter) in one language, rendered once
    on first download and served from storage after that: the edition never changes."""

    WHOLE = 0

    edition = models.ForeignKey(HandbookEdition, on_delete=models.CASCADE, related_name="pdfs")
    language_code = models.CharField(max_length=20)
    chapter_number = models.PositiveSmallIntegerField(default=WHOLE)
    file = models.FileField(upload_to=pdf_path)
    size = models.PositiveIntegerField(default=0)
    render_seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("edition PDF")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "language_code", "chapter_number"], name="handbook_edition_pdf"
            ),
        ]

    def __str__(self) -> str:
        return self.file.name
