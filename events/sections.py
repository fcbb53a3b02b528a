from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import sections
from home.listing import under_any
from home.localization import attach_listing_urls, one_per_translation
from home.models.pages import CityPage, attach_cities


@sections.register("events", order=20, template="events/includes/upcoming_events.html")
def upcoming_events(request, locale, city=None):
    from events.models import EventPage, EventsPage

    events = EventPage.objects.filter(end__gte=timezone.now())
    if city is not None:
        copies = CityPage.objects.filter(translation_key=city.translation_key)
        events = events.filter(under_any(copies.values_list("path", flat=True)))
    upcoming = list(
        one_per_translation(events, locale).select_related("image", "locale").order_by("start")[:3]
    )
    if not upcoming:
        return None
    attach_listing_urls(upcoming, locale, request)
    attach_cities(upcoming, locale)
    listing = one_per_translation(EventsPage.objects.all(), locale).first()
    return {
        "heading": _("Upcoming events"),
        "events": upcoming,
        "all_url": attach_listing_urls([listing], locale, request)[0].listing_url
        if listing
        else None,
    }
