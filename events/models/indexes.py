from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale

from events.forms import EventFilterForm
from events.models.events import EventPage, ended, last_ended, upcoming
from home import page_context
from home.cache import memoize
from home.feeds import advertised_feed, feed_title
from home.listing import (
    cached_page,
    decorate,
    for_cards,
    in_every_copy,
    page_of,
    requested_page,
    years_with,
)
from home.localization import count_per_translation, one_per_translation
from home.models import IndexPage
from home.models.pages import attach_cities


def event_listing(request, locale, events, *, key, past=False, param="page"):
    """A page of upcoming (soonest first) or past (latest first) events, ready for cards, and
    shared between requests until content changes or another event ends (``home.cache``).
    ``events()`` gives the events to choose from, and is called only when the page is not
    cached; ``key`` names what they depend on."""
    cutoff = last_ended()
    number = requested_page(request, param)

    def compute():
        chosen = one_per_translation((ended if past else upcoming)(events(), cutoff), locale)
        ordered = chosen.order_by(*(("-start", "-pk") if past else ("start", "pk")))
        count = (lambda: past_count(events(), cutoff, locale)) if past else None
        rows, found, count = page_of(ordered, number, prepare=for_cards, count=count)
        return decorate(rows, locale, request), found, count

    parts = (key, past, cutoff, locale.pk, number, request.scheme, request.get_host())
    items, number, count = memoize("events", parts, compute)
    return cached_page(items, number, count, param=param)


def past_count(events, cutoff, locale) -> int:
    """``one_per_translation(ended(events, cutoff), locale).count()``, counted cheaply.

    The events shown in ``locale`` (one per translation) are each upcoming or past, so when
    ``events`` is every event, the past ones are all of them (the number of translation keys,
    shared by every language: ``count_per_translation``) less the upcoming ones. Past events
    outnumber upcoming ones more every year, and each costs the choice of its translation;
    upcoming ones are few. A filtered ``events`` is counted directly."""
    if events.query.where:
        return one_per_translation(ended(events, cutoff), locale).count()
    every = count_per_translation(events, locale)
    return every - one_per_translation(upcoming(events, cutoff), locale).count()


def event_years() -> list[int]:
    """The years live events start in, oldest first."""

    def years():
        return years_with(EventPage.objects.live(), "start")

    return memoize("event-years", (), years)


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
        form = EventFilterForm(request.GET, locale=locale, years=event_years())
        show_past = request.GET.get("when") == "past"
        events = event_listing(
            request,
            locale,
            lambda: form.apply(EventPage.objects.all(), "start"),
            key=("network", *form.chosen()),
            past=show_past,
        )
        return self.render(
            request,
            context_overrides={"filter_form": form, "show_past": show_past, "events": events},
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

        def events():
            return EventPage.objects.filter(in_every_copy(self))

        key = ("section", self.translation_key)
        context["upcoming"] = event_listing(request, locale, events, key=key)
        context["past"] = event_listing(
            request, locale, events, key=key, past=True, param="past_page"
        )
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
