from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import sections
from home.listing import decorate, in_every_copy
from home.localization import attach_listing_urls, one_per_translation


@sections.register("events", order=20, template="events/includes/upcoming_events.html")
def upcoming_events(request, locale, city=None):
    from events.models import EventPage, EventsPage

    events = EventPage.objects.filter(end__gte=timezone.now())
    if city is not None:
        events = events.filter(in_every_copy(city))
    upcoming = one_per_translation(events, locale).select_related("image", "locale")
    upcoming = decorate(upcoming.order_by("start")[:3], locale, request, themes=False)
    if not upcoming:
        return None
    everything = one_per_translation(EventsPage.objects.all(), locale)[:1]
    return {
        "heading": _("Upcoming events"),
        "events": upcoming,
        "all_url": next(
            (p.listing_url for p in attach_listing_urls(everything, locale, request)), None
        ),
    }
