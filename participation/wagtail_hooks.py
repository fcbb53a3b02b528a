from wagtail import hooks
from wagtail.permissions import register_permission_policy

from participation import privacy_admin  # noqa: F401  (registers its own hooks)
from participation.admin_views import (
    BULK_ACTIONS,
    CommentsWaitingPanel,
    CommentViewSet,
    is_moderator,
    moderation_policy,
)
from participation.models import Comment

# At import, before any view asks Wagtail for Comment's policy (it would make a fallback one).
register_permission_policy(Comment, moderation_policy)


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return CommentViewSet()


@hooks.register("construct_homepage_panels")
def add_comments_waiting_panel(request, panels):
    if is_moderator(request.user):
        panels.append(CommentsWaitingPanel(request.user))


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)
