"""The network's roles as Wagtail groups, and the permissions that make each city a corner.

Permissions are granted on every locale's copy of a city; ``grant`` is idempotent and runs again
whenever a copy is created later (see ``partners.signals``).
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowPage,
)

from events.models import EventIndexPage
from handbook.models import PracticeIndexPage
from stories.models import StoryIndexPage

COORDINATORS = "Network coordinators"

# Editors may not bulk-delete: a whole section with its stories goes only by the coordinator.
CITY_EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
ORGANISER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
TRANSLATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
MEDIA_PERMISSIONS = [
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
]
COORDINATOR_MEDIA_PERMISSIONS = [*MEDIA_PERMISSIONS, "delete_image", "delete_document"]
# Speakers are shared by the network: anyone who writes agendas may add and correct them.
SPEAKER_PERMISSIONS = ["add_person", "change_person"]
TRANSLATOR_SNIPPET_PERMISSIONS = [
    ("events", "change_person"),
    ("home", "change_theme"),
    ("home", "change_mainmenu"),
    ("home", "change_sitefooter"),
]
COORDINATOR_MODEL_PERMISSIONS = [
    ("events", [*SPEAKER_PERMISSIONS, "delete_person"]),
    ("home", ["add_theme", "change_theme", "delete_theme"]),
    ("home", ["add_mainmenu", "change_mainmenu", "add_sitefooter", "change_sitefooter"]),
    ("home", ["change_networksettings"]),
    ("wagtail_localize", ["submit_translation"]),
    ("wagtailcore", ["add_workflow", "change_workflow", "add_task", "change_task"]),
    ("wagtailredirects", ["add_redirect", "change_redirect", "delete_redirect"]),
    ("partners", ["add_partner", "change_partner"]),
    ("handbook", ["add_handbookedition", "change_handbookedition", "delete_handbookedition"]),
]


def permission(codename: str, app_label: str | None = None) -> Permission:
    query = Q(codename=codename)
    if app_label:
        query &= Q(content_type__app_label=app_label)
    elif codename.endswith("_page"):
        query &= Q(content_type__app_label="wagtailcore")
    elif codename.endswith(("_image", "_document")):
        query &= Q(content_type__app_label__in=["wagtailimages", "wagtaildocs"])
    return Permission.objects.get(query)


def admin_access() -> Permission:
    return permission("access_admin", "wagtailadmin")


def grant_pages(group: Group, pages, codenames: list[str]) -> None:
    for page in pages:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission(codename)
            )


def grant_collection(group: Group, collection: Collection, codenames: list[str]) -> None:
    for codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission(codename)
        )


def ensure_coordinators() -> Group:
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(admin_access())
    for app_label, codenames in COORDINATOR_MODEL_PERMISSIONS:
        for codename in codenames:
            group.permissions.add(permission(codename, app_label))
    grant_pages(
        group, [Page.get_first_root_node()], [*CITY_EDITOR_PAGE_PERMISSIONS, "bulk_delete_page"]
    )
    grant_collection(group, Collection.get_first_root_node(), COORDINATOR_MEDIA_PERMISSIONS)
    return group


def translators_group_name(language_code: str) -> str:
    return f"Translators: {language_code}"


def ensure_translators(locale) -> Group:
    """Translators of one language: they translate with wagtail-localize and publish only in
    their own locale's tree (docs/decisions.md, "Translators")."""
    from home.models import HomePage

    group, _created = Group.objects.get_or_create(name=translators_group_name(locale.language_code))
    group.permissions.add(admin_access(), permission("submit_translation", "wagtail_localize"))
    # wagtail-localize's editor lets only those who may change a snippet translate it; the
    # change is narrowed to the group's own language (wagtail_localize_translator_snippets).
    for app_label, codename in TRANSLATOR_SNIPPET_PERMISSIONS:
        group.permissions.add(permission(codename, app_label))
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        grant_pages(group, [home], TRANSLATOR_PAGE_PERMISSIONS)
    grant_collection(group, Collection.get_first_root_node(), ["choose_image", "choose_document"])
    return group


def grant(partner) -> None:
    """Give the partner's groups their permissions on every locale's copy of its city, and put
    every copy of its stories and practices sections under its review workflow."""
    cities = list(partner.city_pages)
    grant_pages(partner.editors, cities, CITY_EDITOR_PAGE_PERMISSIONS)
    for group in (partner.editors, partner.organisers):
        group.permissions.add(admin_access())
        for codename in SPEAKER_PERMISSIONS:
            group.permissions.add(permission(codename, "events"))
        grant_collection(group, partner.collection, MEDIA_PERMISSIONS)
    sections = Page.objects.none()
    for city in cities:
        sections |= Page.objects.child_of(city)
    grant_pages(partner.organisers, sections.type(EventIndexPage), ORGANISER_PAGE_PERMISSIONS)
    for section in sections.type(StoryIndexPage, PracticeIndexPage):
        WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": partner.workflow})


def review_task(partner_name: str, editors: Group) -> GroupApprovalTask:
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=f"{partner_name}: editors' review"
    )
    task.groups.set([editors])
    return task
