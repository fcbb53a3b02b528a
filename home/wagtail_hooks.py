from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
