"""Who moderates what. A city's moderators are the people whose groups may change that city's
page (in any locale): its city editors, and the coordinators, whose permission is on the root.
Event organisers (permission on the events section only) and translators (permission on a
locale's home page) do not moderate.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import GroupPagePermission, Page

from home.models.base import CITY_DEPTH


def _moderating_permissions():
    return GroupPagePermission.objects.filter(
        permission__codename="change_page", page__depth__in=[1, CITY_DEPTH]
    )


def moderated_paths(user) -> list[str] | None:
    """The tree paths of the cities ``user`` moderates (every locale's copy); None means
    every page (a coordinator or superuser)."""
    if user.is_superuser:
        return None
    grants = _moderating_permissions().filter(group__user=user).select_related("page")
    depths = {grant.page.depth for grant in grants}
    if 1 in depths:
        return None
    keys = [grant.page.translation_key for grant in grants]
    return list(
        Page.objects.filter(translation_key__in=keys, depth=CITY_DEPTH).values_list(
            "path", flat=True
        )
    )


def pages_moderated_by(user) -> Q:
    """A filter on Comment (or anything with a ``page``) for what ``user`` moderates."""
    paths = moderated_paths(user)
    if paths is None:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(page__path__startswith=path)
    return condition


def may_moderate(user, page) -> bool:
    paths = moderated_paths(user)
    return paths is None or any(page.path.startswith(path) for path in paths)


def city_moderators(page):
    """The active users who moderate ``page``'s city, coordinators excepted (they see every
    city's queue and need not be emailed about each comment)."""
    city_path = page.path[: CITY_DEPTH * Page.steplen]
    city = Page.objects.filter(path=city_path).first()
    if city is None:
        return get_user_model().objects.none()
    copies = Page.objects.filter(translation_key=city.translation_key, depth=CITY_DEPTH)
    groups = _moderating_permissions().filter(page__in=copies).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .exclude(email="")
        .distinct()
    )
