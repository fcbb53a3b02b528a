from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from partners import wagtail_localize_translator_snippets  # noqa: F401
from partners.components import (
    WORK_HOOK,
    CityWorkPanel,
    DraftPages,
    NetworkWorkPanel,
    PagesInModeration,
)
from partners.scope import partners_of
from partners.translation_overview import (
    TranslationOverviewMenuItem,
    TranslationOverviewViewSet,
    translator_panel,
)
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


@hooks.register("register_admin_viewset")
def register_translation_overview():
    return TranslationOverviewViewSet()


@hooks.register("register_reports_menu_item")
def register_translation_overview_menu_item():
    return TranslationOverviewMenuItem(
        _("Translation overview"),
        reverse("translation_overview:index"),
        name="translation-overview",
        icon_name="site",
        order=1070,
    )


@hooks.register("construct_homepage_panels")
def add_translator_panel(request, panels):
    if panel := translator_panel(request.user):
        panels.append(panel)


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
