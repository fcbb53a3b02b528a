"""Moderating comments in the Wagtail admin: the queue, one comment's moderation form, quick
actions and bulk actions, the menu item and the dashboard panel.

Moderating is no Django permission: whoever may change a city's page moderates the comments on
its pages in every locale, and coordinators moderate all of them (``participation.scope``).
``ModerationPolicy`` says so to Wagtail's generic views, and every view that acts on a comment
checks that comment's page.

Nothing here writes Wagtail's log entries: their label would copy the author's name and words
into a table that outlives the comment, and the comment itself records who moderated it, when.
"""

from django import forms
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.shortcuts import get_list_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import (
    BaseColumn,
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies import BasePermissionPolicy

from home.models.pages import attach_cities
from home.tasks import sent_or_queued
from participation.filters import CommentFilterSet, on_pages_under
from participation.models import Comment
from participation.notifications import notify_author_published
from participation.scope import moderated_paths

Status = Comment.Status
EXCERPT_LENGTH = 140
SEARCH_FIELDS = ["text", "name"]

# Who moderates what ------------------------------------------------------------------------------


def paths_moderated_by(user) -> list[str] | None:
    """``moderated_paths``, worked out once per user object (that is, once per request)."""
    if not hasattr(user, "_moderated_paths"):
        user._moderated_paths = moderated_paths(user)
    return user._moderated_paths


def is_moderator(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and paths_moderated_by(user) != []
    )


def visible_comments(user):
    """The comments ``user`` moderates: on their cities' pages, or all for a coordinator."""
    if not is_moderator(user):
        return Comment.objects.none()
    paths = paths_moderated_by(user)
    return Comment.objects.all() if paths is None else Comment.objects.filter(on_pages_under(paths))


def may_moderate(user, comment) -> bool:
    if not is_moderator(user):
        return False
    paths = paths_moderated_by(user)
    return paths is None or comment.page.path.startswith(tuple(paths))


def waiting_count(user) -> int:
    return visible_comments(user).pending().count()


class ModerationPolicy(BasePermissionPolicy):
    """Moderators may change (moderate) and delete the comments on their cities' pages. Nobody
    adds a comment in the admin: they come from the public."""

    actions = {"change", "delete"}

    def user_has_permission(self, user, action):
        return action in self.actions and is_moderator(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in self.actions and may_moderate(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.actions.isdisjoint(actions):
            return Comment.objects.none()
        return visible_comments(user)


moderation_policy = ModerationPolicy(Comment)


def moderate(comments, status: str, user) -> int:
    """Record ``user``'s decision on ``comments``. The authors of those published who left an
    address are told so by email (a task, which then forgets the address). Returns how many
    authors were emailed, or will be by the task worker.

    Saved one by one rather than with ``update()``, so that receivers of ``post_save`` (the
    public pages' caches) hear of each change."""
    now = timezone.now()
    emailed = 0
    for comment in comments:
        comment.status, comment.moderated_at, comment.moderated_by = status, now, user
        comment.save(update_fields=["status", "moderated_at", "moderated_by"])
        if status == Status.APPROVED and comment.email:
            emailed += sent_or_queued(notify_author_published.enqueue(comment.pk))
    return emailed


# The queue ---------------------------------------------------------------------------------------


def excerpt(comment) -> str:
    return Truncator(comment.text).chars(EXCERPT_LENGTH)


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def title_id(comment) -> str:
    return f"comment_{comment.pk}_title"


def listing_url(request) -> str:
    """The queue as the moderator sees it now, also when asked from its results-only view."""
    query = request.GET.copy()
    query.pop("_w_filter_fragment", None)
    url = reverse("comments:index")
    return f"{url}?{query.urlencode()}" if query else url


def search(queryset, query: str):
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition) if query else queryset


class CommentTextColumn(Column):
    cell_template_name = "participation/admin/cells/comment_text.html"


class PageColumn(Column):
    """The page it was written on: its edit view, its language, and the live page."""

    cell_template_name = "participation/admin/cells/page.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        page = instance.page
        context["page"] = page
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
        context["live_url"] = page.get_url(parent_context.get("request")) if page.live else None
        return context


class ModerationButtonsColumn(BaseColumn):
    """One small form per decision, so each is a plain POST that works without scripts."""

    cell_template_name = "participation/admin/cells/moderation_buttons.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request)
        context["next"] = listing_url(request)
        context["title_id"] = title_id(instance)
        context["decisions"] = [
            {"url": reverse(f"comments:{name}", args=[instance.pk]), "label": label}
            for name, status, label in DECISIONS
            if instance.status != status
        ]
        return context


DECISIONS = [
    ("approve", Status.APPROVED, _("Approve")),
    ("reject", Status.REJECTED, _("Reject")),
    ("spam", Status.SPAM, _("Spam")),
]


class CommentIndexView(generic.IndexView):
    page_title = _("Comments")
    default_ordering = "-created_at"
    template_name = "participation/admin/index.html"
    paginate_by = 20

    def get_base_queryset(self):
        # The author's address stays in the database: the queue neither shows nor loads it.
        return visible_comments(self.request.user).select_related("page").defer("email")

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        newest_first = self.ordering in (None, "-created_at")
        return queryset.order_by(*queryset.query.order_by, "-pk" if newest_first else "pk")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "visible": visible_comments(self.request.user)}

    def paginate_queryset(self, queryset, page_size):
        paginator, page, comments, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = comments = list(comments)
        attach_cities([comment.page for comment in comments], Locale.get_active())
        return paginator, page, comments, is_paginated

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "caption": _("Comments, newest first")}

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            TitleColumn(
                "name",
                label=_("Author"),
                sort_key="name",
                get_url=self.get_edit_url,
                get_title_id=title_id,
            ),
            CommentTextColumn("text", label=_("Comment"), accessor=excerpt),
            PageColumn("page", label=_("Page")),
            Column(
                "city",
                label=_("City"),
                accessor=lambda comment: getattr(comment.page.city_page, "title", ""),
            ),
            Column(
                "language",
                label=_("Language"),
                accessor=lambda comment: language_name(comment.language),
                sort_key="language",
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda comment: comment.status == Status.PENDING,
                sort_key="status",
            ),
            Column("reports", label=_("Times reported"), sort_key="reports"),
            DateColumn("created_at", label=_("Written"), sort_key="created_at"),
            ModerationButtonsColumn("moderate", label=_("Moderate")),
        ]


# One comment -------------------------------------------------------------------------------------


class InScopeMixin:
    """Refuses (as Wagtail refuses any other permission) a comment on another city's page."""

    def get_object(self, *args, **kwargs):
        comment = super().get_object(*args, **kwargs)
        if not may_moderate(self.request.user, comment):
            raise PermissionDenied
        return comment


class ModerateCommentView(InScopeMixin, generic.EditView):
    """The whole comment and where it was written, with its status as the only field: the
    author's words are theirs."""

    page_title = _("Moderate comment")
    template_name = "participation/admin/moderate.html"

    def get_queryset(self):
        return Comment.objects.select_related("page", "parent", "moderated_by")

    def get_page_subtitle(self):
        return self.object.name

    def save_instance(self):
        self.emailed = moderate([self.object], self.form.cleaned_data["status"], self.request.user)
        return self.object

    def get_success_message(self):
        return decision_message(self.object, self.emailed)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        context.update(
            comment=comment,
            language_name=language_name(comment.language),
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[comment.page_id]),
            live_url=comment.page.get_url(self.request) if comment.page.live else None,
            city=city_of(comment.page),
            replies=comment.replies.count(),
        )
        return context


def city_of(page):
    attach_cities([page], Locale.get_active())
    return page.city_page


class DeleteCommentView(InScopeMixin, generic.DeleteView):
    def get_queryset(self):
        return Comment.objects.select_related("page")

    @property
    def confirmation_message(self):
        replies = self.object.replies.count()
        if not replies:
            return gettext("Are you sure you want to delete this comment?")
        return ngettext(
            "Are you sure you want to delete this comment and the reply to it?",
            "Are you sure you want to delete this comment and the %(count)s replies to it?",
            replies,
        ) % {"count": replies}

    def get_success_message(self):
        return gettext("Comment by “%(name)s” deleted.") % {"name": self.object.name}

    def delete_action(self):
        self.object.delete()


def decision_message(comment, emailed: int) -> str:
    messages = {
        Status.APPROVED: gettext("Comment by “%(name)s” published."),
        Status.REJECTED: gettext("Comment by “%(name)s” rejected."),
        Status.SPAM: gettext("Comment by “%(name)s” marked as spam."),
        Status.PENDING: gettext("Comment by “%(name)s” is waiting for moderation again."),
    }
    message = messages[comment.status] % {"name": comment.name}
    if emailed:
        message += " " + gettext("Its author was told by email.")
    return message


class DecideView(InScopeMixin, generic.PermissionCheckedMixin, BaseOperationView):
    """Approve, reject or mark as spam in one click from the queue (POST only)."""

    model = Comment
    permission_required = "change"
    status = None

    def get_base_object_queryset(self):
        return Comment.objects.select_related("page")

    def perform_operation(self):
        self.emailed = moderate([self.object], self.status, self.request.user)

    def get_success_message(self):
        return decision_message(self.object, self.emailed)

    def get_success_url(self):
        return self.next_url or reverse("comments:index")


# Bulk actions ------------------------------------------------------------------------------------


class CommentBulkAction(BulkAction):
    """Acts on the selected comments the user moderates; the others are listed as out of
    reach and left as they are."""

    models = [Comment]
    template_name = "participation/admin/bulk_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [value for value in object_ids if str(value).isdecimal()]
        return get_list_or_404(model.objects.select_related("page"), pk__in=ids)

    def get_all_objects_in_listing_query(self, parent_id):
        """For "select all in listing": the queue with the filters and search it showed."""
        comments = visible_comments(self.request.user)
        filters = CommentFilterSet(
            self.request.GET, comments, request=self.request, visible=comments
        )
        if filters.is_valid():
            comments = filters.qs
        return search(comments, self.request.GET.get("q", "")).values_list("pk", flat=True)

    def check_perm(self, comment):
        return may_moderate(self.request.user, comment)

    def object_context(self, comment):
        return {
            "item": comment,
            "excerpt": excerpt(comment),
            "edit_url": reverse("comments:edit", args=[comment.pk]),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = len(context["items"])
        context.update(
            header_icon="comment",
            action_title=self.display_name,
            question=self.get_question(count) % {"count": count},
            action_button_text=self.display_name,
            action_button_class=" ".join(self.classes),
        )
        return context

    def get_question(self, count):
        raise NotImplementedError

    def get_execution_context(self):
        return {"user": self.request.user}


class StatusBulkAction(CommentBulkAction):
    status = None

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        emailed = moderate(objects, cls.status, user)
        return len(objects), emailed


class ApproveBulkAction(StatusBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    status = Status.APPROVED

    def get_question(self, count):
        return ngettext(
            "Publish this comment? Its author is told by email if they left an address.",
            "Publish these %(count)s comments? Their authors are told by email if they left "
            "an address.",
            count,
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d comment published.", "%(count)d comments published.", num_parent_objects
        ) % {"count": num_parent_objects}
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d author was told by email.",
                "%(count)d authors were told by email.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


class RejectBulkAction(StatusBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    action_priority = 20
    status = Status.REJECTED

    def get_question(self, count):
        return ngettext("Reject this comment?", "Reject these %(count)s comments?", count)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment rejected.", "%(count)d comments rejected.", num_parent_objects
        ) % {"count": num_parent_objects}


class SpamBulkAction(StatusBulkAction):
    display_name = _("Spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    action_priority = 30
    status = Status.SPAM

    def get_question(self, count):
        return ngettext(
            "Mark this comment as spam?", "Mark these %(count)s comments as spam?", count
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class DeleteBulkAction(CommentBulkAction):
    display_name = _("Delete")
    action_type = "delete"
    aria_label = _("Delete the selected comments")
    action_priority = 40
    classes = {"serious"}

    def get_question(self, count):
        return ngettext(
            "Delete this comment, and any replies to it? This cannot be undone.",
            "Delete these %(count)s comments, and any replies to them? This cannot be undone.",
            count,
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        selected = {comment.pk for comment in objects}
        _total, by_model = Comment.objects.filter(pk__in=selected).delete()
        deleted = by_model.get(Comment._meta.label, 0)
        return len(selected), deleted - len(selected)

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d comment deleted.", "%(count)d comments deleted.", num_parent_objects
        ) % {"count": num_parent_objects}
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d reply to them was deleted too.",
                "%(count)d replies to them were deleted too.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, SpamBulkAction, DeleteBulkAction]


# Menu, dashboard and the viewset -----------------------------------------------------------------


class CommentsMenuItem(MenuItem):
    """Shown to moderators only, with the number of comments waiting for them."""

    def is_shown(self, request):
        return is_moderator(request.user)

    def render_component(self, request):
        count = waiting_count(request.user)
        label = self.label
        if count:
            label = gettext("%(label)s (%(count)s)") % {"label": label, "count": count}
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class CommentsWaitingPanel(Component):
    name = "comments_waiting"
    template_name = "participation/admin/dashboard_panel.html"
    order = 130

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        counts = (
            visible_comments(self.user)
            .pending()
            .aggregate(waiting=Count("pk"), reported=Count("pk", filter=Q(reports__gt=0)))
        )
        url = reverse("comments:index")
        return {
            **counts,
            "queue_url": f"{url}?status={Status.PENDING.value}",
            "reported_url": f"{url}?status={Status.PENDING.value}&ordering=-reports",
        }


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "comments"
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 205
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = CommentIndexView
    edit_view_class = ModerateCommentView
    delete_view_class = DeleteCommentView
    filterset_class = CommentFilterSet
    search_fields = SEARCH_FIELDS
    panels = [FieldPanel("status", widget=forms.RadioSelect, disable_comments=True)]

    @property
    def menu_item_class(self):
        return CommentsMenuItem

    def get_common_view_kwargs(self, **kwargs):
        # Comments are not added, copied, listed as usage or logged in the admin.
        return super().get_common_view_kwargs(
            add_url_name=None, history_url_name=None, usage_url_name=None, **kwargs
        )

    def get_permissions_to_register(self):
        # Moderating follows the page permissions; Comment's model permissions mean nothing.
        return Permission.objects.none()

    def get_urlpatterns(self):
        decisions = [
            path(
                f"{name}/<int:pk>/",
                DecideView.as_view(status=status),
                name=name,
            )
            for name, status, _label in DECISIONS
        ]
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.edit_view, name="edit"),
            path("<int:pk>/delete/", self.delete_view, name="delete"),
            *decisions,
        ]
