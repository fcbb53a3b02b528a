from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from partners.components import (
    WORK_HOOK,
    CityWorkPanel,
    DraftPages,
    NetworkWorkPanel,
    PagesInModeration,
)
from partners.scope import partners_of
from partners.views import CoordinatorMenuItem, PartnerViewSet, partner_policy


@hooks.register("register_admin_viewset")
def register_partner_viewset():
    return PartnerViewSet()


@hooks.register("register_reports_menu_item")
def register_history_by_partner_report():
    return CoordinatorMenuItem(
        _("History by partner"),
        reverse("partners:history"),
        name="history-by-partner",
        icon_name="history",
        order=1050,
    )


@hooks.register("construct_homepage_panels")
def add_partner_work_panel(request, panels):
    if partner_policy.user_has_permission(request.user, "add"):
        panels.append(NetworkWorkPanel())
    elif partners := list(partners_of(request.user)):
        panels.append(CityWorkPanel(partners))


@hooks.register(WORK_HOOK, order=10)
def drafts():
    return DraftPages()


@hooks.register(WORK_HOOK, order=20)
def pages_in_moderation():
    return PagesInModeration()
