"""What the site's Atom feeds share: one entry per page, in the reader's language or marked
with the original's, absolute links, themes as categories, first and last publication dates.
``stories.feeds`` and ``events.feeds`` choose the pages and say what each entry reads."""

from types import SimpleNamespace

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from wagtail.models import Locale

from home.cache import memoize
from home.listing import in_every_copy
from home.localization import attach_listing_urls, one_per_translation
from home.models import CityPage, HomePage
from home.models.pages import attach_cities


class AtomFeed(Atom1Feed):
    """Atom whose entries say their own language: a stand-in's differs from the feed's."""

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["language"]}


class PageFeed(Feed):
    """Called as ``SomeFeed()(request, title=…, pages=…)`` by a listing page's route;
    subclasses pick the entries in ``select`` and may say more about each."""

    feed_type = AtomFeed

    def select(self, queryset, locale, request) -> list:
        raise NotImplementedError

    def get_object(self, request, *, title, pages):
        entries = self.select(pages, Locale.get_active(), request)
        for entry in entries:
            entry.absolute_url = request.build_absolute_uri(entry.listing_url)
        return SimpleNamespace(
            title=title,
            link=request.build_absolute_uri(request.path.removesuffix("feed/")),
            feed_url=request.build_absolute_uri(request.path),
            entries=entries,
        )

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return obj.feed_url

    def author_name(self):
        return gettext("Cities in Dialogue")

    def items(self, obj):
        return obj.entries

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.absolute_url

    def item_categories(self, item):
        return [theme.name for theme in item.localized_themes]

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_extra_kwargs(self, item):
        return {"language": item.locale.language_code}


def feed_title(listing_page, city=None) -> str:
    if city is None:
        return listing_page.title
    # Translators: the title of a city's feed, e.g. "Malmö: Stories".
    return gettext("%(city)s: %(section)s") % {"city": city.title, "section": listing_page.title}


def advertised_feed(page, request, network_listing, city_section) -> dict | None:
    """The feed ``page`` advertises with ``<link rel="alternate">``: the network's (from the
    home page and the ``network_listing``) or a city's (from a city page and its
    ``city_section``), at its URL under the reader's language; None on other pages. Up to five
    queries on those pages, then none until content changes."""
    if not isinstance(page, HomePage | CityPage | network_listing | city_section):
        return None
    parts = (
        page.pk,
        network_listing._meta.label,
        get_language(),
        request.scheme,
        request.get_host(),
    )
    return memoize(
        "advertised-feed",
        parts,
        lambda: _advertised_feed(page, request, network_listing, city_section),
    )


def _advertised_feed(page, request, network_listing, city_section) -> dict | None:
    locale = Locale.get_active()
    city = None
    if isinstance(page, HomePage):
        listing_page = one_per_translation(network_listing.objects.all(), locale).first()
    elif isinstance(page, CityPage):
        sections = city_section.objects.filter(in_every_copy(page))
        listing_page, city = one_per_translation(sections, locale).first(), page
    else:
        listing_page = page
        if isinstance(page, city_section):
            attach_cities([page], locale)
            city = page.city_page
    if listing_page is None:
        return None
    [listing_page] = attach_listing_urls([listing_page], locale, request)
    url = request.build_absolute_uri(f"{listing_page.listing_url}feed/")
    return {"title": feed_title(listing_page, city), "url": url}
