"""Atom feeds of events: the network's (``/xx/events/feed/``) and a city's
(``/xx/<city>/events/feed/``), served by routes of the listing pages.

A feed reader's question is "what is new?", not "what is next?" (the iCalendar feeds of
``events.calendar`` answer that one): the entries are the events not yet over, most recently
announced first, dated by their publication. Each says when (in the host city's time) and
where it takes place. Each event appears once, in the reader's language where it is translated
and otherwise the original (whose entry then carries the original's ``xml:lang``), linked at its
URL under the reader's language. A fixed number of queries.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from events.calendar import location, summary
from events.models import EventPage
from home.feeds import PageFeed
from home.localization import attach_listing_urls, attach_localized_themes, one_per_translation
from home.models.pages import attach_cities

FEED_SIZE = 20


def newly_announced(queryset, locale, request, count=FEED_SIZE) -> list[EventPage]:
    """The ``count`` most recently published events of ``queryset`` that are not over, one per
    translation, with their URL, host city and themes in ``locale``. Seven queries, whatever
    the number."""
    events = (
        one_per_translation(queryset.filter(end__gte=timezone.now()), locale)
        .select_related("locale")
        .prefetch_related("themes")
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:count]
    )
    events = attach_listing_urls(events, locale, request)
    attach_cities(events, locale)
    attach_localized_themes(events, locale)
    return events


def when(event: EventPage) -> str:
    """The time span in the host city's time, e.g. "14 May 2026, 10:00–16:00 CEST"."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        ends = time_format(end)
    else:
        ends = f"{date_format(end)}, {time_format(end)}"
    return f"{date_format(start)}, {time_format(start)}–{ends} {start.tzname()}"


def where(event: EventPage) -> str:
    place = location(event)
    city = event.city_page.title if event.city_page else ""
    if place and city and city not in place:
        return f"{place} ({city})"
    return place or city


def description(event: EventPage) -> str:
    """The time and place, then the lead: the event's text escaped, never its HTML."""
    facts = [(gettext("When"), when(event)), (gettext("Where"), where(event))]
    lines = [
        format_html("<p><strong>{}:</strong> {}</p>", label, value)
        for label, value in facts
        if value
    ]
    return mark_safe("".join([*lines, linebreaks(event.lead, autoescape=True)]))


class EventFeed(PageFeed):
    """Called as ``EventFeed()(request, title=…, pages=…)`` by a listing page's route."""

    def select(self, queryset, locale, request):
        return newly_announced(queryset, locale, request)

    def item_title(self, item):
        return summary(item)

    def item_description(self, item):
        return description(item)

    def item_author_name(self, item):
        return item.organiser or None
