"""What belongs to a partner: the pages at or below any locale's copy of its city, and the people
in its groups. Shared by the dashboard panel and the history report."""

from collections import defaultdict

from django.db.models import Q
from django.db.models.functions import Substr
from wagtail.models import Page

from home.models import CityPage
from home.models.base import CITY_DEPTH
from partners.models import Partner

CITY_PATH_LENGTH = CITY_DEPTH * Page.steplen


def city_paths(partners) -> dict[int, list[str]]:
    """The tree paths of each partner's city copies (one per locale), by partner id; one query."""
    partner_ids = {partner.translation_key: partner.pk for partner in partners}
    paths = defaultdict(list)
    copies = CityPage.objects.filter(translation_key__in=partner_ids).order_by("path")
    for key, path in copies.values_list("translation_key", "path"):
        paths[partner_ids[key]].append(path)
    return paths


def city_path(field: str = "path"):
    """The path of the city copy a page lies under, for grouping pages by partner."""
    return Substr(field, 1, CITY_PATH_LENGTH)


def partners_of(user):
    """The partners in whose editors or organisers group ``user`` is."""
    return Partner.objects.filter(Q(editors__user=user) | Q(organisers__user=user)).distinct()
