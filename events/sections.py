from django.utils.translation import gettext_lazy as _

from home import sections
from home.cache import memoize
from home.listing import decorate, in_every_copy
from home.localization import attach_listing_urls, one_per_translation


@sections.register("events", order=20, template="events/includes/upcoming_events.html")
def upcoming_events(request, locale, city=None):
    """The next three events of ``city`` (or of the network), shared between requests until
    content changes or another event ends."""
    from events.models.events import last_ended

    cutoff = last_ended()
    parts = (locale.pk, city.pk if city else None, cutoff, request.scheme, request.get_host())
    return memoize("upcoming-events", parts, lambda: _next_events(request, locale, city, cutoff))


def _next_events(request, locale, city, cutoff):
    from events.models import EventPage, EventsPage
    from events.models.events import NOT_ON_CARDS, upcoming

    events = upcoming(EventPage.objects.defer(*NOT_ON_CARDS), cutoff)
    if city is not None:
        events = events.filter(in_every_copy(city))
    soonest = one_per_translation(events, locale).select_related("image", "locale")
    soonest = decorate(soonest.order_by("start")[:3], locale, request, themes=False)
    if not soonest:
        return None
    everything = one_per_translation(EventsPage.objects.all(), locale)[:1]
    return {
        "heading": _("Upcoming events"),
        "vary": cutoff,  # what a cached rendering of the section depends on besides the page
        "events": soonest,
        "all_url": next(
            (p.listing_url for p in attach_listing_urls(everything, locale, request)), None
        ),
    }
