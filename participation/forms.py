from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from participation.models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH, Comment
from participation.protection import ProtectedFormMixin, validate_plain_text

EMAIL_MAX_LENGTH = 254
MAX_ID = 2**63 - 1  # a larger number cannot be a row's id, and the database would refuse it


class CommentForm(ProtectedFormMixin, forms.Form):
    """A comment on ``page`` (any language's copy), or a reply to one of its published
    comments. A reply to a reply joins the thread of the comment it answers: one level deep."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        validators=[validate_plain_text],
        help_text=_("Shown with your comment. A first name or a nickname is fine."),
        error_messages={
            "required": _("Enter your name, or a nickname."),
            "max_length": _("Your name can be at most %(limit_value)d characters long."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_(
            "Never shown. We use it once, to tell you when your comment is published, and "
            "then delete it."
        ),
        error_messages={
            "invalid": _("Enter an email address like name@example.org, or leave this empty."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        validators=[validate_plain_text],
        help_text=format_lazy(
            _(
                "Plain text, up to {limit} characters. Web addresses become links; other "
                "formatting is shown as typed."
            ),
            limit=COMMENT_MAX_LENGTH,
        ),
        error_messages={
            "required": _("Write your comment."),
            "max_length": _(
                "Your comment is %(show_value)d characters long; it can be at most "
                "%(limit_value)d. Please shorten it."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and comment are published on this page, as the privacy "
            "notice describes."
        ),
        help_text=_("The privacy notice says who sees what you send, and for how long."),
        error_messages={
            "required": _("Tick the box to agree, or we cannot publish your comment."),
        },
    )
    reply_to = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if "reply_to" in self.errors:
            del self.errors["reply_to"]
            self.add_error(None, self.reply_unavailable())
        elif cleaned_data.get("reply_to"):
            cleaned_data["parent"] = self.thread_parent(cleaned_data["reply_to"])
            if cleaned_data["parent"] is None:
                self.add_error(None, self.reply_unavailable())
        return cleaned_data

    @staticmethod
    def reply_unavailable():
        return ValidationError(
            _("The comment you are replying to is no longer shown. You can write a new comment."),
            code="reply_unavailable",
        )

    def thread_parent(self, comment_id):
        """The published top-level comment a reply to ``comment_id`` attaches to, or None."""
        replied_to = (
            Comment.objects.approved()
            .on_thread(self.page)
            .filter(pk=comment_id)
            .select_related("parent")
            .first()
        )
        if replied_to is None:
            return None
        parent = replied_to.parent or replied_to
        return parent if parent.status == Comment.Status.APPROVED else None
