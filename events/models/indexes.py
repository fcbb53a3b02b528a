from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale

from events.forms import EventFilterForm
from events.models.events import EventPage
from home import page_context
from home.listing import in_every_copy, listing
from home.localization import attach_listing_urls, one_per_translation
from home.models import CityPage, HomePage, IndexPage
from home.models.pages import attach_cities


def event_listing(request, queryset, locale, *, past=False, param="page"):
    """A page of upcoming (soonest first) or past (latest first) events, ready for cards."""
    now = timezone.now()
    if past:
        events = one_per_translation(queryset.filter(end__lt=now), locale).order_by("-start")
    else:
        events = one_per_translation(queryset.filter(end__gte=now), locale).order_by("start")
    return listing(request, events, locale, param=param)


class EventsPage(RoutablePageMixin, IndexPage):
    """The network's events: upcoming and past, the transnational programme, and a calendar
    to subscribe to."""

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("all events")

    @path("", name="index")
    def index_route(self, request):
        locale = Locale.get_active()
        years = EventPage.objects.live().dates("start", "year", order="ASC")
        form = EventFilterForm(request.GET, locale=locale, years=[d.year for d in years])
        events = form.apply(EventPage.objects.all(), "start")
        show_past = request.GET.get("when") == "past"
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "show_past": show_past,
                "events": event_listing(request, events, locale, past=show_past),
            },
        )

    @path("programme/", name="programme")
    def programme_view(self, request):
        from events.programme import programme

        context = self.get_context(request)
        context.update(self.subpage_links(context, "programme/"))
        context["programme"] = programme(request, Locale.get_active())
        return TemplateResponse(request, "events/programme_page.html", context)

    @path("calendar/", name="calendar")
    def calendar(self, request):
        from events.calendar import feed_response

        return feed_response(request, EventPage.objects.all(), title=self.title)

    @path("feed/", name="feed")
    def feed(self, request):
        from events.feeds import EventFeed

        return EventFeed()(request, title=self.title, pages=EventPage.objects.all())


class EventIndexPage(RoutablePageMixin, IndexPage):
    """A city's events section."""

    default_title = _("Events")  # what a new partner's section is called
    default_slug = "events"

    parent_page_types = ["home.CityPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city events section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = Locale.get_active()
        events = EventPage.objects.filter(in_every_copy(self))
        context["upcoming"] = event_listing(request, events, locale)
        context["past"] = event_listing(request, events, locale, past=True, param="past_page")
        context["calendar_url"] = self.reverse_subpage("calendar")
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        from events.calendar import feed_response

        city = self.city
        title = f"{city.title}: {self.title}" if city else self.title
        return feed_response(request, EventPage.objects.filter(in_every_copy(self)), title=title)

    @path("feed/", name="feed")
    def feed(self, request):
        from events.feeds import EventFeed

        attach_cities([self], Locale.get_active())
        title = feed_title(self, self.city_page)
        events = EventPage.objects.filter(in_every_copy(self))
        return EventFeed()(request, title=title, pages=events)


# Feeds advertised with <link rel="alternate"> ---------------------------------------------------


def feed_title(listing_page, city=None) -> str:
    if city is None:
        return listing_page.title
    # Translators: the title of a city's feed, e.g. "Malmö: Events".
    return gettext("%(city)s: %(section)s") % {"city": city.title, "section": listing_page.title}


@page_context.register
def event_feeds(page, request) -> dict:
    """The events feed that the home page and the events listing advertise (the network's),
    and the one a city page and its events section advertise (the city's), at its URL under
    the reader's language. Up to five queries on those pages; none on others."""
    if not isinstance(page, HomePage | CityPage | EventsPage | EventIndexPage):
        return {}
    locale = Locale.get_active()
    city = None
    if isinstance(page, HomePage):
        listing_page = one_per_translation(EventsPage.objects.all(), locale).first()
    elif isinstance(page, CityPage):
        sections = EventIndexPage.objects.filter(in_every_copy(page))
        listing_page, city = one_per_translation(sections, locale).first(), page
    else:
        listing_page = page
        if isinstance(page, EventIndexPage):
            attach_cities([page], locale)
            city = page.city_page
    if listing_page is None:
        return {}
    [listing_page] = attach_listing_urls([listing_page], locale, request)
    url = request.build_absolute_uri(f"{listing_page.listing_url}feed/")
    return {"event_feeds": [{"title": feed_title(listing_page, city), "url": url}]}
