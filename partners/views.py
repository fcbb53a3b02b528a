"""The coordinators' admin for partners: list, onboard, archive, and the history of each city."""

import django_filters
from django.db.models import F, OuterRef, Subquery
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_countries import countries
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import (
    ButtonsColumnMixin,
    Column,
    DateColumn,
    LocaleColumn,
    TitleColumn,
    UserColumn,
)
from wagtail.admin.views.generic import (
    IndexView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.permission_policies import ModelPermissionPolicy

from home.listing import under_any
from home.models import CityPage
from partners.forms import PartnerForm
from partners.models import Partner
from partners.onboarding import PartnerError, add_partner, archive_partner
from partners.scope import CITY_PATH_LENGTH, city_path, city_paths

# Coordinators are those who may add partners; every view here asks for that permission.
partner_policy = ModelPermissionPolicy(Partner)


class CoordinatorsOnly(PermissionCheckedMixin):
    permission_policy = partner_policy
    permission_required = "add"


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return partner_policy.user_has_permission(request.user, "add")


def explore_url(page_id) -> str:
    return reverse("wagtailadmin_explore", args=[page_id])


def partners_breadcrumb():
    return {"url": reverse("partners:index"), "label": _("Partners")}


class TitleWithButtonsColumn(ButtonsColumnMixin, TitleColumn):
    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


class PartnerIndexView(CoordinatorsOnly, IndexView):
    model = Partner
    any_permission_required = None
    header_icon = "site"
    page_title = _("Partners")
    index_url_name = "partners:index"
    index_results_url_name = "partners:index_results"
    add_url_name = "partners:add"
    default_ordering = "name"

    def get_base_queryset(self):
        default_copy = CityPage.objects.filter(
            translation_key=OuterRef("translation_key"), locale=Locale.get_default()
        )
        return Partner.objects.annotate(
            city_page_id=Subquery(default_copy.values("pk")[:1]),
            country=Subquery(default_copy.values("country")[:1]),
        )

    @cached_property
    def columns(self):
        return [
            TitleWithButtonsColumn(
                "name",
                label=_("Name"),
                sort_key="name",
                get_url=lambda partner: partner.city_page_id and explore_url(partner.city_page_id),
                get_buttons=self.get_list_buttons,
            ),
            Column(
                "country",
                label=_("Country"),
                accessor=lambda partner: partner.country and countries.name(partner.country),
            ),
            DateColumn("created_at", label=_("Added"), sort_key="created_at"),
            DateColumn("archived_at", label=_("Archived"), sort_key="archived_at"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            ListingMenuItem(
                _("History"),
                url=f"{reverse('partners:history')}?partner={instance.pk}",
                icon_name="history",
                priority=20,
            )
        ]
        if instance.city_page_id:
            buttons.append(
                ListingMenuItem(
                    _("City pages"),
                    url=explore_url(instance.city_page_id),
                    icon_name="folder-open-inverse",
                    priority=10,
                )
            )
        if instance.archived_at is None:
            buttons.append(
                ListingMenuItem(
                    _("Archive"),
                    url=reverse("partners:archive", args=[instance.pk]),
                    icon_name="folder-inverse",
                    priority=30,
                )
            )
        return buttons


class AddPartnerView(CoordinatorsOnly, WagtailAdminTemplateMixin, FormView):
    form_class = PartnerForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = _("Add partner")
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            partners_breadcrumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("partners:add"),
            submit_button_label=_("Add partner"),
            submit_button_active_label=_("Adding… (this takes a few seconds)"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            partner, _created = add_partner(**form.cleaned_data)
        except PartnerError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        city = partner.city_pages.filter(locale=Locale.get_default()).first()
        messages.success(
            self.request,
            gettext(
                "“%(name)s” is a partner now: its city in every language, its groups "
                "“%(editors)s” and “%(organisers)s”, its collection and review workflow."
            )
            % {"name": partner, "editors": partner.editors, "organisers": partner.organisers},
            buttons=[messages.button(explore_url(city.pk), gettext("City pages"))]
            if city
            else None,
        )
        return redirect("partners:index")

    def form_invalid(self, form):
        messages.validation_error(
            self.request, gettext("The partner could not be added; nothing was created."), form
        )
        return super().form_invalid(form)


class ArchivePartnerView(
    CoordinatorsOnly, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    model = Partner
    template_name = "partners/admin/confirm_archive.html"
    page_title = _("Archive partner")
    header_icon = "folder-inverse"

    def get_page_subtitle(self):
        return self.object.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            partners_breadcrumb(),
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        paths = city_paths([self.object])[self.object.pk]
        members = {
            *self.object.editors.user_set.values_list("pk", flat=True),
            *self.object.organisers.user_set.values_list("pk", flat=True),
        }
        return super().get_context_data(
            partner=self.object,
            live_pages=Page.objects.filter(under_any(paths)).live().count(),
            people=len(members),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        partner = archive_partner(self.object.name, user=request.user)
        messages.success(
            request,
            gettext("“%(name)s” is archived: its pages are unpublished and its groups are empty.")
            % {"name": partner},
        )
        return redirect("partners:index")


class PartnerHistoryFilterSet(WagtailFilterSet):
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Partner.objects.all(),
        empty_label=_("All partners"),
        method="filter_partner",
    )
    action = django_filters.MultipleChoiceFilter(
        label=_("Action"),
        widget=CheckboxSelectMultiple,
        choices=log_action_registry.get_choices,
    )
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = PageLogEntry
        fields = []

    def filter_partner(self, queryset, name, value):
        paths = city_paths([value])[value.pk]
        return queryset.filter(page__in=Page.objects.filter(under_any(paths)).values("pk"))


class PartnerHistoryView(CoordinatorsOnly, ReportView):
    """Wagtail's page history (who did what, when), for the pages of one partner or of all,
    in every language."""

    page_title = _("History by partner")
    header_icon = "history"
    filterset_class = PartnerHistoryFilterSet
    index_url_name = "partners:history"
    index_results_url_name = "partners:history_results"
    default_ordering = "-timestamp"
    list_export = ["timestamp", "partner", "label", "language", "message", "user_display_name"]
    export_headings = {
        "timestamp": _("Date"),
        "partner": _("Partner"),
        "label": _("Page"),
        "language": _("Language"),
        "message": _("Action"),
        "user_display_name": _("User"),
    }

    def get_filename(self):
        return "history-by-partner"

    @cached_property
    def partner_by_city_path(self) -> dict[str, str]:
        partners = list(Partner.objects.all())
        names = {partner.pk: partner.name for partner in partners}
        return {
            path: names[partner_id]
            for partner_id, paths in city_paths(partners).items()
            for path in paths
        }

    def get_base_queryset(self):
        city_pages = (
            Page.objects.annotate(city_path=city_path())
            .filter(city_path__in=list(self.partner_by_city_path))
            .values("pk")
        )
        return (
            PageLogEntry.objects.filter(page__in=city_pages)
            .select_related("page", "user", "user__wagtail_userprofile")
            .annotate(language=F("page__locale__language_code"))
        )

    def decorate_paginated_queryset(self, object_list):
        for entry in object_list:
            entry.partner = self.partner_of(entry)
        return object_list

    def partner_of(self, entry) -> str:
        return self.partner_by_city_path.get(entry.page.path[:CITY_PATH_LENGTH], "")

    @cached_property
    def columns(self):
        return [
            DateColumn("timestamp", label=_("Date"), sort_key="timestamp"),
            Column("partner", label=_("Partner"), accessor=self.partner_of),
            TitleColumn(
                "label",
                label=_("Page"),
                get_url=lambda entry: reverse("wagtailadmin_pages:edit", args=[entry.page_id]),
            ),
            LocaleColumn(accessor="page.locale_id", sort_key=None),
            Column("message", label=_("Action")),
            UserColumn("user", label=_("User"), blank_display_name=_("System")),
        ]


class PartnerViewSet(ViewSet):
    name = "partners"
    icon = "site"
    menu_label = _("Partners")
    menu_order = 150
    add_to_settings_menu = True
    menu_item_class = CoordinatorMenuItem

    def get_urlpatterns(self):
        return [
            path("", PartnerIndexView.as_view(), name="index"),
            path("results/", PartnerIndexView.as_view(results_only=True), name="index_results"),
            path("add/", AddPartnerView.as_view(), name="add"),
            path("<int:pk>/archive/", ArchivePartnerView.as_view(), name="archive"),
            path("history/", PartnerHistoryView.as_view(), name="history"),
            path(
                "history/results/",
                PartnerHistoryView.as_view(results_only=True),
                name="history_results",
            ),
        ]
