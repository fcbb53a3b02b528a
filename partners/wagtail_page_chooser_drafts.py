"""Keep other people's drafts out of the page chooser.

Wagtail's explorer and admin search list only the pages a user may explore, but its page chooser
lists every page of the tree, drafts included, so that anyone can link to any page. Upstream
tracks a "choose" permission for pages (https://github.com/wagtail/wagtail/issues/9714); until
it exists, the chooser shows live pages to everyone and a draft only to those who may edit it.
Delete this module when Wagtail filters the chooser by permission.
"""

from django.db.models import Q
from wagtail import hooks
from wagtail.permissions import page_permission_policy


def visible_in_chooser(user) -> Q | None:
    """Live pages, and the pages ``user`` may edit; None when every page is visible."""
    if user.is_superuser:
        return None
    visible = Q(live=True)
    for grant in page_permission_policy.get_cached_permissions_for_user(user):
        codename = grant.permission.codename
        if codename in ("change_page", "publish_page"):
            visible |= Q(path__startswith=grant.page.path)
        elif codename == "add_page":  # Wagtail: adding lets you edit the pages you own
            visible |= Q(path__startswith=grant.page.path, owner=user)
    return visible


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_the_user_cannot_edit(pages, request):
    visible = visible_in_chooser(request.user)
    return pages if visible is None else pages.filter(visible)
