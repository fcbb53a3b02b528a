from django.core.paginator import Paginator
from django.db.models import Q

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
