"""Only coordinators delete a partner's city page or one of its sections.

In Wagtail, editing a page implies deleting it once it has no children; the ``bulk_delete``
permission only guards pages that have some (https://github.com/wagtail/wagtail/issues/596,
https://github.com/wagtail/rfcs/pull/52). A partner's sections start empty, so a city editor,
or a translator in their locale's tree, could delete them and leave the city without its
stories, events or practices. The city and its sections are made by onboarding
(``partners.onboarding``); here deleting them, one by one or in bulk, needs ``bulk_delete``,
which only the coordinators hold. For the same reason a translator, whose group may edit and
publish everything in their locale's tree, could delete any untranslated-into page there; a
translator translates, so deleting a page needs a permission held through a group other than a
translators' group. Delete this module if Wagtail gains a separate page delete permission.
"""

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.models import GroupPagePermission, Page

from home.models import CityPage
from partners.onboarding import SECTIONS
from partners.roles import translators_group_name

STRUCTURAL_PAGES = (CityPage, *SECTIONS)


def may_delete(user, page) -> bool:
    if user.is_superuser:
        return True
    if issubclass(page.specific_class or Page, STRUCTURAL_PAGES):
        return "bulk_delete" in page.permissions_for_user(user).permissions
    ancestors = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    return GroupPagePermission.objects.filter(
        group__in=user.groups.exclude(name__startswith=translators_group_name("")),
        page__path__in=ancestors,
    ).exists()


@hooks.register("before_delete_page")
def refuse_deleting_a_city_or_section(request, page):
    if not may_delete(request.user, page):
        return permission_denied(request)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_a_city_or_section(request, action_type, objects, action_class_instance):
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if action_type == "delete" and not all(may_delete(request.user, page) for page in pages):
        return permission_denied(request)
    return None
