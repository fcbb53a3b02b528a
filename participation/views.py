"""Public comments: the form's own page, posting a comment and reporting one.

The pages that show comments are cacheable (no cookie, no token), so these views are
CSRF-exempt and protected instead by ``participation.protection`` (docs/decisions.md).
"""

import logging

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from home.cache import new_content_version
from home.localization import language_links
from participation.context import comment_html
from participation.forms import MAX_ID, CommentForm
from participation.models import Comment
from participation.protection import public_post
from participation.signals import comment_posted, comment_reported

logger = logging.getLogger(__name__)

# What reporting costs per client address, unless settings say otherwise.
DEFAULT_REPORT_RATE = "10/10m"


def as_id(value) -> int | None:
    """``value`` as a row id, or None when it cannot be one."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def commentable_page(page_id):
    """The live page ``page_id``, if it is open for comments; otherwise 404."""
    page_id = as_id(page_id)
    page = Page.objects.live().filter(pk=page_id).specific().first() if page_id else None
    if page is None or not getattr(page, "comments_open", False):
        raise Http404
    return page


def moderation_for(page) -> str:
    """The moderation of the page's city, "pre" or "post"; "pre" for a page outside any city."""
    city = getattr(page, "city", None)
    return getattr(city, "comment_moderation", None) or "pre"


def url_in_active_language(page, request) -> str:
    """The page's URL as the visitor saw it: under the active language, also when the page is
    shown there as a stand-in for an untranslated original."""
    language = get_language()
    if page.locale.language_code != language:
        for link in language_links(page, language, request):
            if link.is_current:
                return link.url
    return page.get_url(request)


def back_to_page(request, page, status):
    """303 to the page's comments, with a status the page shows (no cookie, no session)."""
    response = redirect(f"{url_in_active_language(page, request)}?comment={status}#comments")
    response.status_code = 303
    return response


def _send(signal, comment, request):
    for receiver, result in signal.send_robust(sender=Comment, comment=comment, request=request):
        if isinstance(result, Exception):
            logger.error("%s failed for comment %s", receiver, comment.pk, exc_info=result)


@public_post(group="participation.comment", rate_setting="PARTICIPATION_COMMENT_RATE")
@require_http_methods(["GET", "HEAD", "POST"])
def comment(request, page_id):
    """GET: the comment form on a page of its own (``?reply_to=<id>`` to answer a comment).
    POST: save the comment and go back to the page; with errors, the form again (400)."""
    page = commentable_page(page_id)
    if request.method != "POST":
        form = CommentForm(page=page, initial={"reply_to": as_id(request.GET.get("reply_to"))})
        return render_form(request, page, form)

    form = CommentForm(request.POST, page=page)
    if form.caught_in_honeypot:
        return back_to_page(request, page, "pending")
    if not form.is_valid():
        return render_form(request, page, form, status=400)

    data = form.cleaned_data
    published = moderation_for(page) == "post"
    new_comment = Comment.objects.create(
        page=page,
        thread_key=page.translation_key,
        parent=data.get("parent"),
        name=data["name"],
        email=data["email"],
        text=data["text"],
        language=get_language(),
        status=Comment.Status.APPROVED if published else Comment.Status.PENDING,
    )
    _send(comment_posted, new_comment, request)
    return back_to_page(request, page, "published" if published else "pending")


def render_form(request, page, form, status=200):
    """The comment form on its own page, with what it replies to, if anything."""
    reply_to = as_id(form["reply_to"].value())
    replying_to = form.thread_parent(reply_to) if reply_to else None
    if replying_to is not None:
        replying_to.html = comment_html(replying_to.text)
    context = {
        "target_page": page,
        "target_url": url_in_active_language(page, request),
        "form": form,
        "replying_to": replying_to,
    }
    return render(request, "participation/comment_form.html", context, status=status)


@public_post(
    group="participation.report",
    rate_setting="PARTICIPATION_REPORT_RATE",
    default_rate=DEFAULT_REPORT_RATE,
)
@require_POST
def report_comment(request, comment_id):
    """Send a published comment back to moderation. It is hidden until a moderator has looked
    at it again. Reporting one that is hidden already changes nothing, and says thank you."""
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=as_id(comment_id))
    page = reporting_from(request, comment)
    reported = Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
        status=Comment.Status.PENDING, reports=F("reports") + 1
    )
    if reported:
        new_content_version()  # the comment leaves the cached thread (an update sends no signal)
        comment.refresh_from_db()
        _send(comment_reported, comment, request)
    return back_to_page(request, page, "reported")


def reporting_from(request, comment):
    """The language copy the report was sent from (the form says which), or else the copy the
    comment was written on."""
    page_id = as_id(request.POST.get("page"))
    if page_id:
        page = (
            Page.objects.live()
            .filter(pk=page_id, translation_key=comment.thread_key)
            .select_related("locale")
            .first()
        )
        if page is not None:
            return page
    if not comment.page.live:
        raise Http404
    return comment.page
