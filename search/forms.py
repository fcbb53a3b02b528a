"""The site search form: words to look for and three filters, forgiving of whatever a link or a
visitor puts in them."""

import unicodedata

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.cache import memoize
from home.forms import filter_choices
from home.listing import under_any
from home.models.pages import city_paths_for_slug

# Longer queries are cut here before searching: no real question needs more, and every word
# becomes a term the database has to match.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# What the type filter offers, and the page models behind each choice.
CONTENT_TYPES = {
    "story": (_("Stories"), ("stories.StoryPage",)),
    "event": (_("Events"), ("events.EventPage", "events.EventReportPage")),
    "practice": (_("Practices"), ("handbook.PracticePage",)),
    "chapter": (_("Handbook chapters"), ("handbook.HandbookChapterPage",)),
    "page": (_("Other pages"), ("home.StandardPage",)),
}
# The models whose pages have themes (the theme filter keeps only these).
THEMED_MODELS = ("stories.StoryPage", "events.EventPage", "handbook.PracticePage")


def search_terms(text: str) -> list[str]:
    """The words of ``text``: runs of letters, digits and combining marks (so an Arabic word
    with its vowel signs stays one word). Punctuation and symbols separate words and are
    dropped, so that nothing in a query can be read as search syntax by either backend."""
    kept = (char if unicodedata.category(char)[0] in "LMN" else " " for char in text)
    return "".join(kept).split()


def content_types_for(labels) -> list[int]:
    models = [apps.get_model(label) for label in labels]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


class LenientChoiceField(forms.ChoiceField):
    """A choice of which an unknown value means no choice, never an error: a stale or
    hand-edited link still gives a page of results."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search for"), widget=forms.SearchInput)
    type = LenientChoiceField(required=False, label=_("Type"))
    city = LenientChoiceField(required=False, label=_("City"))
    theme = LenientChoiceField(required=False, label=_("Theme"))

    def __init__(self, data, *, locale):
        super().__init__(data)
        self.locale = locale
        self.truncated = False
        cities, themes = memoize("filter-choices", (locale.pk,), lambda: filter_choices(locale))
        self.fields["type"].choices = [
            ("", _("All types")),
            *((key, label) for key, (label, _models) in CONTENT_TYPES.items()),
        ]
        self.fields["city"].choices = [("", _("All cities")), *cities]
        self.fields["theme"].choices = [("", _("All themes")), *themes]
        self.fields["q"].widget.attrs.update(maxlength=MAX_QUERY_LENGTH, autocomplete="off")
        self.is_valid()  # every field is lenient: this only fills cleaned_data

    def clean_q(self):
        query = self.cleaned_data["q"]
        self.truncated = len(query) > MAX_QUERY_LENGTH
        return query[:MAX_QUERY_LENGTH].strip()

    @property
    def query(self) -> str:
        """What the visitor typed, stripped and cut to ``MAX_QUERY_LENGTH``."""
        return self.cleaned_data.get("q", "")

    @property
    def terms(self) -> list[str]:
        """The words to search for; none when the query is empty or symbols only."""
        return search_terms(self.query)[:MAX_TERMS]

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("type", "city", "theme"))

    def pages(self):
        """Live, public pages of the searchable types in the form's locale, filtered. Only
        fields the search index declares as filters are used (content type, path, id)."""
        data = self.cleaned_data
        types = [data["type"]] if data.get("type") else list(CONTENT_TYPES)
        labels = [label for key in types for label in CONTENT_TYPES[key][1]]
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=self.locale, content_type__in=content_types_for(labels))
        )
        if data.get("city"):
            pages = pages.filter(under_any(city_paths_for_slug(data["city"], self.locale)))
        if data.get("theme"):
            themed = Q(pk__in=[])
            for label in THEMED_MODELS:
                model = apps.get_model(label)
                themed |= Q(pk__in=model.objects.filter(themes__slug=data["theme"]).values("pk"))
            pages = pages.filter(themed)
        return pages

    def search(self):
        """The matching pages, most relevant first, as specific pages; a lazy result set that
        counts and slices in one query each."""
        return self.pages().specific().search(" ".join(self.terms), operator="and")
