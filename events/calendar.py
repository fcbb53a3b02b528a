"""iCalendar files: one event's download and the subscription feeds (being written)."""

from django.http import Http404


def event_calendar_response(request, page):
    raise Http404


def feed_response(request, queryset, *, title):
    raise Http404
