"""The public "Share your story" form: plain text only, every choice limited to what the
visitor's language offers (its partner cities and themes), a photo checked by its content."""

import re

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from home.localization import one_per_translation, snippets_in_locale
from home.models import CityPage, Theme
from home.models.pages import city_choices
from participation import images
from participation.protection import ProtectedFormMixin, validate_plain_text

TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 10_000
NAME_MAX_LENGTH = 100  # StoryPage.teller_name
ALT_MAX_LENGTH = 255  # BasePage.image_alt


class PlainTextField(forms.CharField):
    """Text as typed, with line ends made ``\\n`` before its length is counted (browsers send
    ``\\r\\n`` but count one character). Control characters and bytes that were not UTF-8 are
    refused (``validate_plain_text``), NUL by Django's own validator."""

    default_validators = [validate_plain_text]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class OneLineField(PlainTextField):
    """A single line: runs of whitespace, line ends included, become one space."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, as separated by empty lines; single line ends are kept."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [block.strip() for block in blocks if block.strip()]


class ShareStoryForm(ProtectedFormMixin, forms.Form):
    title = OneLineField(label=_("Title of your story"), max_length=TITLE_MAX_LENGTH)
    text = PlainTextField(
        label=_("Your story"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    language = forms.ChoiceField(
        label=_("Language of your story"),
        choices=settings.LANGUAGES,
        help_text=_("Write in the language you prefer; the city's editors can translate it."),
    )
    city = forms.ChoiceField(
        label=_("City"), help_text=_("The partner city your story belongs to.")
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that fit, or none."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": images.ACCEPT}),
    )
    photo_description = OneLineField(
        label=_("What the photo shows"),
        required=False,
        max_length=ALT_MAX_LENGTH,
        help_text=_(
            "Needed if you send a photo: a short description for readers who cannot see it."
        ),
    )
    name = OneLineField(
        label=_("Your name as it should appear"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Leave empty, or tick the box below, to publish without a name."),
    )
    anonymous = forms.BooleanField(label=_("Publish without my name"), required=False)
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=254,  # StorySubmission.email
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Optional, and never published. We use it to send you a receipt and, if the "
            "editors have a question about your story, to ask you."
        ),
    )
    consent_publication = forms.BooleanField(
        label=_(
            "I agree that my story, and my photo if I send one, may be published on this "
            "website after the city's editors have reviewed it, and translated into the "
            "network's languages."
        ),
        error_messages={
            "required": _("Please agree to publication: without it we cannot publish your story.")
        },
    )
    consent_privacy = forms.BooleanField(
        label=_("I have read the privacy notice and agree to how it says my data is used."),
        error_messages={"required": _("Please confirm that you agree to the privacy notice.")},
    )

    def __init__(self, *args, locale: Locale, **kwargs):
        kwargs.setdefault("initial", {"language": get_language()})
        super().__init__(*args, **kwargs)
        self.locale = locale
        self.section = None
        self.clean_photo_file = None
        self.fields["title"].help_text = gettext("A few words, at most %(max)s characters.") % {
            "max": number_format(TITLE_MAX_LENGTH)
        }
        self.fields["text"].help_text = gettext(
            "Plain text, at most %(max)s characters. Leave an empty line between paragraphs; "
            "the first paragraph introduces your story."
        ) % {"max": number_format(TEXT_MAX_LENGTH, force_grouping=True)}
        self.fields["photo"].help_text = gettext(
            "A JPEG, PNG or WebP image of at most %(size)s and %(megapixels)s megapixels. "
            "We remove the data your camera or phone stores in it, such as where it was taken."
        ) % {
            "size": filesizeformat(images.max_size()),
            "megapixels": number_format(images.max_pixels() // 1_000_000),
        }
        self.fields["city"].choices = [("", _("Choose a city")), *city_choices(locale)]
        themes = snippets_in_locale(Theme.objects.all(), locale)
        self.fields["themes"].queryset = Theme.objects.filter(
            pk__in=[t.pk for t in themes]
        ).select_related("locale")

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not paragraphs(text):
            raise ValidationError(self.fields["text"].error_messages["required"], "required")
        return text

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self.clean_photo_file = images.clean_photo(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.clean_photo_file and not cleaned.get("photo_description"):
            self.add_error(
                "photo_description",
                _("Please say what the photo shows, for readers who cannot see it."),
            )
        if cleaned.get("city") and cleaned.get("language"):
            self.section = self._stories_section(cleaned["city"], cleaned["language"])
            if self.section is None:
                self.add_error(
                    "city", _("This city takes no stories in the language you chose yet.")
                )
        return cleaned

    def _stories_section(self, slug, language_code):
        """The chosen city's stories section in the story's language: every partner city and
        section exists in every locale, but a city added by hand may lack one."""
        city = one_per_translation(CityPage.objects.filter(slug=slug), self.locale).first()
        if city is None:
            return None
        copy = CityPage.objects.filter(
            translation_key=city.translation_key, locale__language_code=language_code
        ).first()
        if copy is None:
            return None
        return apps.get_model("stories", "StoryIndexPage").objects.child_of(copy).first()

    @property
    def teller_name(self) -> str:
        return "" if self.cleaned_data["anonymous"] else self.cleaned_data["name"]

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in the order of the form, for the summary that
        links to the fields."""
        summary = [("share-story-form", message) for message in self.non_field_errors()]
        for field in self:
            if field.name not in self.errors:
                continue
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.CheckboxSelectMultiple):
                anchor = f"{anchor}_0"
            for message in field.errors:
                summary.append((anchor, f"{field.label}: {message}"))
        return summary
