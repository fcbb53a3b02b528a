from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale

from events.forms import EventFilterForm
from events.models.events import EventPage
from home import page_context
from home.feeds import advertised_feed, feed_title
from home.listing import in_every_copy, listing
from home.localization import one_per_translation
from home.models import IndexPage
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


@page_context.register
def event_feeds(page, request) -> dict:
    feed = advertised_feed(page, request, EventsPage, EventIndexPage)
    return {"event_feeds": [feed]} if feed else {}
