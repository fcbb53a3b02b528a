from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import Person
from events.views import CoordinatorReportMenuItem, ParticipationReportViewSet


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Speakers")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "organisation"]


register_snippet(PersonViewSet)


@hooks.register("register_admin_viewset")
def register_participation_report():
    return ParticipationReportViewSet()


@hooks.register("register_reports_menu_item")
def register_participation_report_menu_item():
    return CoordinatorReportMenuItem(
        _("Participation"),
        reverse("participation_report:index"),
        name="participation",
        icon_name="group",
        order=1060,
    )
