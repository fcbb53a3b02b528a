from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from wagtail.images import get_image_model
from wagtail.models import Page as WagtailPage

from home.cache import memoize
from home.localization import attach_listing_urls, attach_localized_themes
from home.models.pages import attach_cities

PAGE_SIZE = 12
# The renditions a card's <picture> uses (components/image.html, variant "card"): the ones
# prefetched for a listing, so that each card costs no query and carries no other size.
CARD_RENDITIONS = [
    f"format-{kind}|fill-{size}" for kind in ("avif", "jpeg") for size in ("400x225", "800x450")
]


def card_renditions():
    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)


def under_any(paths) -> Q:
    """Pages below any of the given tree paths."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def in_every_copy(page) -> Q:
    """Pages below any locale's copy of ``page`` (a city or one of its sections)."""

    def paths():
        copies = WagtailPage.objects.filter(translation_key=page.translation_key)
        return list(copies.values_list("path", flat=True))

    return under_any(memoize("copies", (page.translation_key,), paths))


def decorate(pages, locale, request, *, themes=True) -> list:
    """Give listed pages what their cards show: the URL in ``locale`` (translation or stand-in),
    the city and the themes in ``locale``. A fixed number of queries for any number of pages."""
    pages = attach_listing_urls(pages, locale, request)
    attach_cities(pages, locale)
    if themes:
        attach_localized_themes(pages, locale)
    return pages


def requested_page(request, param="page") -> int:
    """The page number asked for, as a key part: a number from 1 to 9999, else 1. (The
    paginator still turns a number past the end into the last page.)"""
    value = request.GET.get(param, "")
    return int(value) if value.isdecimal() and 0 < int(value) < 10_000 else 1


def cached_page(items, number, count, per_page=PAGE_SIZE, param="page") -> Page:
    """A paginator page rebuilt from cached items, with no queryset behind it."""
    page = Paginator(range(count), per_page).get_page(number)
    page.object_list = items
    page.param = param
    return page


def listing(request, queryset, locale, *, param="page", key=None):
    """One page of ``queryset`` (one row per translation, ordered), decorated for cards, and
    shared between requests until content changes (``home.cache``). The key is ``key`` with
    the language, the page number and the host the links are made for. ``key`` names what
    the queryset selects (e.g. the listing page and its validated filters); without it, the
    query's SQL is the key, which costs compiling the query on every request. ``queryset`` may
    be a function that builds it, called only on a miss."""
    number = requested_page(request, param)

    def build():
        built = queryset() if callable(queryset) else queryset
        return built.select_related("locale", "image").prefetch_related(
            "themes", Prefetch("image__renditions", queryset=card_renditions())
        )

    def compute():
        page = Paginator(build(), PAGE_SIZE).get_page(number)
        return decorate(page.object_list, locale, request), page.number, page.paginator.count

    what = key if key is not None else str(build().query)
    parts = (what, locale.pk, number, request.scheme, request.get_host())
    items, number, count = memoize("listing", parts, compute)
    return cached_page(items, number, count, param=param)
