"""Public comment views (being written)."""

from django.http import Http404, HttpResponse


def comment(request, page_id):
    raise Http404


def report_comment(request, comment_id):
    raise Http404


def rate_limited(request, exception):
    return HttpResponse(status=429)
