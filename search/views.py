"""Site search: pages of the active locale matching the visitor's words, with filters."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from home.cache import memoize
from home.listing import PAGE_SIZE, cached_page, decorate, requested_page
from home.localization import LanguageLink, attach_localized_themes
from search.forms import SearchForm

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
    return page.plain_summary(SNIPPET_WORDS)


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


SEARCH_CACHE_SECONDS = 10 * 60

# Results are counted up to here. Past it, the page says "more than 1000 results" and pages
# through the 1000 most relevant (84 pages): counting every match of a word found in nearly
# every page costs as much as ranking them (docs/decisions.md §29), and no reader pages further.
COUNT_LIMIT = 1000


def count_up_to(results, limit: int) -> int:
    """How many ``results`` there are, counting no further than ``limit``: the matches are
    counted without ranking them (nor selecting their search vectors), and the database stops
    at the limit."""
    return results.get_queryset().order_by().values("pk")[:limit].count()


def cached_results(request, form, locale):
    """The requested page of results, decorated, shared for ten minutes (or until content
    changes) by every reader who searches for the same words with the same filters."""
    number = requested_page(request)

    def compute():
        results = form.search()
        found = count_up_to(results, COUNT_LIMIT + 1)
        paginator = Paginator(results, PAGE_SIZE)
        paginator.count = min(found, COUNT_LIMIT)
        page = paginator.get_page(number)
        items = list(page.object_list)
        decorate_results(items, locale, request)
        return items, page.number, paginator.count, found > COUNT_LIMIT

    data = form.cleaned_data
    parts = (
        locale.pk,
        tuple(form.terms),
        *(data.get(name, "") for name in ("type", "city", "theme")),
        number,
        request.scheme,
        request.get_host(),
    )
    items, number, count, more = memoize("search", parts, compute, timeout=SEARCH_CACHE_SECONDS)
    page = cached_page(items, number, count)
    page.more = more  # there are more than ``count`` results
    return page


def search(request):
    locale = Locale.get_active()
    form = SearchForm(request.GET, locale=locale)
    results = None
    if form.terms:
        results = cached_results(request, form, locale)
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
