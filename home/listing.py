from django.core.paginator import Paginator
from django.db.models import Q
from wagtail.models import Page

from home.localization import attach_listing_urls, attach_localized_themes
from home.models.pages import attach_cities

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE, param="page"):
    """The requested page of results; out-of-range or malformed numbers give the nearest page.
    The page number is read from ``param``, so two listings on one page page independently."""
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))
    page.param = param
    return page


def under_any(paths) -> Q:
    """Pages below any of the given tree paths."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def in_every_copy(page) -> Q:
    """Pages below any locale's copy of ``page`` (a city or one of its sections)."""
    copies = Page.objects.filter(translation_key=page.translation_key)
    return under_any(copies.values_list("path", flat=True))


def decorate(pages, locale, request, *, themes=True) -> list:
    """Give listed pages what their cards show: the URL in ``locale`` (translation or stand-in),
    the city and the themes in ``locale``. A fixed number of queries for any number of pages."""
    pages = attach_listing_urls(pages, locale, request)
    attach_cities(pages, locale)
    if themes:
        attach_localized_themes(pages, locale)
    return pages


def listing(request, queryset, locale, *, param="page"):
    """One page of ``queryset`` (one row per translation, ordered), decorated for cards."""
    page = paginate(
        request,
        queryset.select_related("locale", "image").prefetch_related("themes", "image__renditions"),
        param=param,
    )
    decorate(page.object_list, locale, request)
    return page
