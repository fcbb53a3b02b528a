"""What the site's Atom feeds share: one entry per page, in the reader's language or marked
with the original's, absolute links, themes as categories, first and last publication dates.
``stories.feeds`` and ``events.feeds`` choose the pages and say what each entry reads."""

from types import SimpleNamespace

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from wagtail.models import Locale


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
