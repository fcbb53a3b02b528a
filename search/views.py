"""Site search: pages of the active locale matching the visitor's words, with filters."""

import html

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from home.listing import decorate, paginate
from home.localization import LanguageLink, attach_localized_themes
from search.forms import SearchForm

# The text a result shows under its title: the first of these fields a page has filled in.
SNIPPET_FIELDS = (
    "search_description",
    "listing_summary",
    "lead",
    "summary",
    "intro",
    "introduction",
    "outcomes",
)
RICH_TEXT_FIELDS = {"introduction", "outcomes"}
SNIPPET_WORDS = 40

KIND_LABELS = {
    "storypage": _("Story"),
    "eventpage": _("Event"),
    "eventreportpage": _("Event report"),
    "practicepage": _("Practice"),
    "handbookchapterpage": _("Handbook chapter"),
    "standardpage": _("Page"),
}


def snippet(page) -> str:
    for name in SNIPPET_FIELDS:
        value = getattr(page, name, "")
        if value:
            text = html.unescape(strip_tags(value)) if name in RICH_TEXT_FIELDS else value
            return Truncator(" ".join(text.split())).words(SNIPPET_WORDS)
    return ""


def decorate_results(pages, locale, request) -> None:
    """What result cards show: URL, city, themes in ``locale``, a kind and a snippet. A fixed
    number of queries: one per page type for themes, plus the listing helpers' own."""
    decorate(pages, locale, request, themes=False)
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
        page.kind = page._meta.model_name
        page.kind_label = KIND_LABELS.get(page.kind, page._meta.verbose_name)
        page.snippet = snippet(page)
        page.localized_themes = []
    themed = [group for model, group in by_model.items() if hasattr(model, "themes")]
    for group in themed:
        prefetch_related_objects(group, "themes")
    attach_localized_themes([page for group in themed for page in group], locale)


def language_links(request) -> list[LanguageLink]:
    """The same search in every language (page numbers differ between languages; dropped)."""
    query = QueryDict(mutable=True)
    for key, value in request.GET.items():
        if key != "page" and value.strip():
            query[key] = value
    suffix = f"?{query.urlencode()}" if query else ""
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("search:search") + suffix
        links.append(
            LanguageLink(
                code,
                name,
                url,
                request.build_absolute_uri(url),
                code == translation.get_language(),
                True,
            )
        )
    return links


def search(request):
    locale = Locale.get_active()
    form = SearchForm(request.GET, locale=locale)
    results = None
    if form.terms:
        results = paginate(request, form.search())
        decorate_results(results.object_list, locale, request)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "terms": form.terms,
            "language_links": language_links(request),
        },
    )
