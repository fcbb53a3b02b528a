"""What a page open for comments adds to its template context (registered with
``home.page_context`` in ``ParticipationConfig.ready``)."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

from home.cache import memoize
from home.listing import cached_page, requested_page
from participation.forms import CommentForm
from participation.models import Comment

COMMENTS_PER_PAGE = 20
PAGE_PARAM = "comments"  # ?comments=2 is the second page of a thread
STATUS_PARAM = "comment"  # ?comment=pending, set by the redirect after posting
STATUSES = {"pending", "published", "reported"}


def comment_html(text: str) -> SafeString:
    """A comment's plain text as HTML: everything escaped, paragraphs and line breaks kept,
    web addresses as links that pass no reputation (``rel="nofollow ugc"``)."""
    linked = urlize(text, nofollow=True, autoescape=True)
    # The text itself is escaped, so the only `rel="nofollow"` left are urlize's own.
    linked = linked.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(linebreaks(linked))


def approved_thread(page):
    """The published comments on every language's copy of ``page``, without the private email
    (never shown, so never read)."""
    return Comment.objects.approved().on_thread(page).defer("email")


def comments_context(page, request) -> dict:
    """For a page open for comments: one page of its published thread (top-level comments,
    newest first, with their published replies, oldest first), the number shown, an empty form
    and the status flag from the query string; nothing at all for other pages. The thread is
    shared between requests until a comment or page changes (``home.cache``): three queries
    (one when there are none) on a cold cache, however many comments, none on a warm one."""
    if not getattr(page, "comments_open", False):
        return {}
    number = requested_page(request, PAGE_PARAM)
    count, items, number, top_level = memoize(
        "comments", (page.pk, number), lambda: published_thread(page, number)
    )
    comments = None
    if top_level:
        comments = cached_page(items, number, top_level, COMMENTS_PER_PAGE, PAGE_PARAM)
    status = request.GET.get(STATUS_PARAM)
    return {
        "comments": comments,
        "comment_count": count,
        "comment_form": CommentForm(page=page),
        "comment_status": status if status in STATUSES else None,
    }


def published_thread(page, number: int) -> tuple[int, list, int, int]:
    """Page ``number`` of the thread: (comments shown, the top-level comments of the page with
    their replies, the page number after clamping, the number of top-level comments)."""
    counts = approved_thread(page).aggregate(
        top_level=Count("pk", filter=Q(parent=None)),
        shown=Count("pk", filter=Q(parent=None) | Q(parent__status=Comment.Status.APPROVED)),
    )
    if not counts["top_level"]:
        return counts["shown"], [], 1, 0
    replies = Prefetch(
        "replies",
        queryset=Comment.objects.approved().defer("email").order_by("created_at", "pk"),
    )
    top_level = (
        approved_thread(page)
        .filter(parent=None)
        .order_by("-created_at", "-pk")
        .prefetch_related(replies)
    )
    paginator = Paginator(top_level, COMMENTS_PER_PAGE)
    paginator.count = counts["top_level"]  # known already: saves the paginator's query
    shown = paginator.get_page(number)
    items = list(shown)
    for comment in items:
        comment.html = comment_html(comment.text)
        for reply in comment.replies.all():
            reply.html = comment_html(reply.text)
    return counts["shown"], items, shown.number, counts["top_level"]
