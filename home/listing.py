import datetime as dt

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
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


def for_cards(pages):
    """``pages`` with what their cards read fetched with them (language, image and its card
    renditions, themes), and without the fields no card shows (the model's ``not_on_cards``):
    cached cards stay small."""
    return (
        pages.defer(*getattr(pages.model, "not_on_cards", ()))
        .select_related("locale", "image")
        .prefetch_related("themes", Prefetch("image__renditions", queryset=card_renditions()))
    )


def years_with(queryset, field: str) -> list[int]:
    """The years, in order, in which ``field`` (a date or, in the current time zone, a date and
    time) of some row of ``queryset`` falls. The first and the last row are found through an
    index on ``field``, then each year between is asked for one row: a few quick queries,
    where grouping every row by year read them all (109 ms for 49,000 stories)."""
    values = queryset.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True)
    first = values.order_by(field).first()
    if first is None:
        return []
    last = values.order_by(f"-{field}").first()
    first, last = as_date(first).year, as_date(last).year
    between = [
        year
        for year in range(first + 1, last)
        if queryset.filter(**{f"{field}__year": year}).exists()
    ]
    return sorted({first, *between, last})


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


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


def page_of(
    queryset, number, per_page=PAGE_SIZE, *, prepare=None, count=None
) -> tuple[list, int, int]:
    """Page ``number`` of an ordered ``queryset``: (its rows, the page number, the number of
    rows), as ``Paginator.get_page`` would give them (a number past the end is the last page).

    Made for long listings: the ordering columns and ids are sorted, never the wide rows; a page
    in the second half is read from the end, in the reverse order, so the last page costs what
    the first does; the rows of the page are then fetched by id, through ``prepare`` (e.g.
    ``select_related``) when given. Three queries; ``count``, a function, may count the rows
    instead of the queryset. The primary key is added to the ordering, so
    rows that tie are in the same order on every page and read from either end."""
    queryset = totally_ordered(queryset)
    count = count() if count is not None else queryset.count()
    page = Paginator(range(count), per_page).get_page(number)
    start, end = page.start_index() - 1 if count else 0, page.end_index()
    ids = ids_between(queryset, start, end, count)
    rows = queryset.model._default_manager.filter(pk__in=ids)
    return in_order(prepare(rows) if prepare else rows, ids), page.number, count


def totally_ordered(queryset):
    """``queryset`` with its primary key last in its ordering, so that no two rows tie."""
    ordering = [*queryset.query.order_by]
    if {"pk", "-pk"} & set(ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


def ids_between(queryset, start: int, end: int, count: int) -> list:
    """The ids of rows ``start`` to ``end`` of a totally ordered ``queryset`` of ``count`` rows,
    sorting only the ordering columns and ids. Nearer the end than the start, they are read in
    the reverse order, where an index on the ordering is walked from its other end."""
    ids = queryset.values_list("pk", flat=True)
    if start > count - end:
        return list(ids.reverse()[max(count - end, 0) : count - start])[::-1]
    return list(ids[start:end])


def in_order(rows, ids: list) -> list:
    """The ``rows`` (fetched by id) in the order of ``ids``."""
    found = {row.pk: row for row in rows}
    return [found[pk] for pk in ids if pk in found]


def cached_page(items, number, count, per_page=PAGE_SIZE, param="page") -> Page:
    """A paginator page rebuilt from cached items, with no queryset behind it."""
    page = Paginator(range(count), per_page).get_page(number)
    page.object_list = items
    page.param = param
    return page


def listing(request, queryset, locale, *, param="page", key=None, count=None):
    """One page of ``queryset`` (one row per translation, ordered), decorated for cards, and
    shared between requests until content changes (``home.cache``). The key is ``key`` with
    the language, the page number and the host the links are made for. ``key`` names what
    the queryset selects (e.g. the listing page and its validated filters); without it, the
    query's SQL is the key, which costs compiling the query on every request. ``queryset`` may
    be a function that builds it, called only on a miss, as is ``count`` (see ``page_of``)."""
    number = requested_page(request, param)

    def build():
        return queryset() if callable(queryset) else queryset

    def compute():
        rows, found, total = page_of(build(), number, prepare=for_cards, count=count)
        return decorate(rows, locale, request), found, total

    what = key if key is not None else str(build().query)
    parts = (what, locale.pk, number, request.scheme, request.get_host())
    items, number, count = memoize("listing", parts, compute)
    return cached_page(items, number, count, param=param)
