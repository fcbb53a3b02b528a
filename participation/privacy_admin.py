"""Admin side of privacy: *Settings → Erase personal data* for everyone who moderates a city, and
*Withdraw story* among a submitted story's actions, for its city's moderators.

Both ask before acting: a first step shows what would go, only a POST of the second acts. The
address looked up travels in POST bodies only, never in a URL, so that it stays out of access
logs and browser history.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from participation import privacy
from participation.models import StorySubmission
from participation.scope import may_moderate, moderated_paths


def moderates_anything(user) -> bool:
    """Whether ``user`` moderates at least one city (a coordinator moderates all). Kept on the
    user object for the request, as menus and page headers ask more than once."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_participation_moderates"):
        user._participation_moderates = moderated_paths(user) != []
    return user._participation_moderates


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return moderates_anything(request.user)


# Erase personal data ---------------------------------------------------------------------------


class EraseForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("As the person gave it; upper or lower case does not matter."),
    )


class EraseView(WagtailAdminTemplateMixin, TemplateView):
    """Step 1: the address (GET shows the empty form). Step 2 (POST): what is held under it
    within the editor's cities. Step 3 (POST with ``confirm``): erase it."""

    template_name = "participation/admin/privacy_erase.html"
    page_title = gettext_lazy("Erase personal data")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not moderates_anything(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=EraseForm()))

    def post(self, request, *args, **kwargs):
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        erasure = privacy.find_personal_data(form.cleaned_data["email"], user=request.user)
        if "confirm" not in request.POST:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    erasure=erasure,
                    everywhere=moderated_paths(request.user) is None,
                )
            )
        privacy.erase(erasure)
        messages.success(request, erased_message(erasure))
        return redirect("privacy:erase")


def erased_message(erasure) -> str:
    comments = ngettext(
        "%(count)d comment deleted", "%(count)d comments deleted", erasure.comments_deleted
    ) % {"count": erasure.comments_deleted}
    emails = ngettext(
        "the address cleared from %(count)d story submission",
        "the address cleared from %(count)d story submissions",
        erasure.emails_cleared,
    ) % {"count": erasure.emails_cleared}
    return _("Personal data erased: %(comments)s, %(emails)s.") % {
        "comments": comments,
        "emails": emails,
    }


# Withdraw a story ------------------------------------------------------------------------------


class WithdrawStoryView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what withdrawing the story removes. POST: remove it."""

    template_name = "participation/admin/privacy_withdraw.html"
    page_title = gettext_lazy("Withdraw story")
    header_icon = "bin"

    def dispatch(self, request, *args, page_id, **kwargs):
        page = get_object_or_404(Page, pk=page_id)
        if not request.user.is_authenticated or not may_moderate(request.user, page):
            return permission_denied(request)
        try:
            self.withdrawal = privacy.plan_withdrawal(page)
        except privacy.NotASubmittedStory as error:
            messages.error(request, str(error))
            return redirect("wagtailadmin_pages:edit", page.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.withdrawal.original.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            withdrawal=self.withdrawal,
            parent=self.withdrawal.page.get_parent(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        title = self.get_page_subtitle()
        parent = self.withdrawal.page.get_parent()
        privacy.withdraw(self.withdrawal, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is withdrawn: it is removed in every language, with its history.")
            % {"title": title},
        )
        return redirect("wagtailadmin_explore", parent.pk)


class WithdrawStoryMenuItem(PageMenuItem):
    label = gettext_lazy("Withdraw story (consent withdrawn)")
    icon_name = "bin"
    url_name = "privacy:withdraw"
    priority = 55

    def is_shown(self, user):
        return (
            moderates_anything(user)
            and may_moderate(user, self.page)
            and StorySubmission.objects.filter(
                page__translation_key=self.page.translation_key
            ).exists()
        )


@hooks.register("register_page_header_buttons")
def withdraw_story_button(page, user, view_name=None, next_url=None):
    yield WithdrawStoryMenuItem(page=page)


# Registration ----------------------------------------------------------------------------------


class PrivacyViewSet(ViewSet):
    name = "privacy"
    icon = "user"
    menu_label = gettext_lazy("Erase personal data")
    menu_order = 160
    add_to_settings_menu = True
    menu_item_class = ModeratorsMenuItem

    def get_urlpatterns(self):
        return [
            path("erase/", EraseView.as_view(), name="erase"),
            path("withdraw/<int:page_id>/", WithdrawStoryView.as_view(), name="withdraw"),
        ]


@hooks.register("register_admin_viewset")
def register_privacy_viewset():
    return PrivacyViewSet()


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    @actions.register_action(privacy.ERASE_ACTION)
    class EraseFormatter(LogFormatter):
        label = gettext_lazy("Erase personal data")

        def format_message(self, log_entry):
            comments = log_entry.data.get("comments", 0)
            emails = log_entry.data.get("contact_emails", 0)
            return _(
                "Personal data erased on request: %(comments)s deleted, %(emails)s cleared"
            ) % {
                "comments": ngettext("%(n)d comment", "%(n)d comments", comments) % {"n": comments},
                "emails": ngettext("%(n)d contact email", "%(n)d contact emails", emails)
                % {"n": emails},
            }

    actions.register_action(
        privacy.WITHDRAW_ACTION,
        gettext_lazy("Withdraw story"),
        gettext_lazy("Story withdrawn by its teller: removed in every language"),
    )
