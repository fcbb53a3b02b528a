from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import explorer_buttons
from home.models import MainMenu, SiteFooter, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class MainMenuViewSet(SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    menu_label = _("Main menu")
    add_to_settings_menu = True
    list_display = ["__str__", "locale"]


class SiteFooterViewSet(SnippetViewSet):
    model = SiteFooter
    icon = "list-ul"
    menu_label = _("Footer and funding")
    add_to_settings_menu = True
    list_display = ["__str__", "locale"]


register_snippet(ThemeViewSet)
register_snippet(MainMenuViewSet)
register_snippet(SiteFooterViewSet)


class NetworkAccessibilityChecker(ContentCheckerItem):
    """Wagtail's accessibility checker (the editor's Checks panel and the userbar), with the
    axe rules for what editors write added to Wagtail's selection: text alternatives for
    images, video captions, link text distinguishable in a paragraph, lists and tables. Vague
    link text ("click here") is refused on save by ``home.content_rules``, which axe cannot
    judge."""

    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "image-redundant-alt",
        "role-img-alt",
        "video-caption",
        "link-in-text-block",
        "list",
        "listitem",
        "th-has-data-cells",
        "color-contrast",
    ]


@hooks.register("construct_wagtail_userbar")
def use_the_network_accessibility_checker(request, items, page=None):
    for position, item in enumerate(items):
        if type(item) in (AccessibilityItem, ContentCheckerItem):  # Wagtail's own
            items[position] = NetworkAccessibilityChecker(in_editor=item.in_editor)


# wagtail-localize's buttons in the page explorer, for a whole page of it at once.
explorer_buttons.install()
