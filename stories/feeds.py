"""Atom feeds of stories: the network's (``/xx/stories/feed/``) and a city's
(``/xx/<city>/stories/feed/``), served by routes of the listing pages.

A feed shows what its listing shows: each story once, in the reader's language where it is
translated and otherwise the original (whose entry then carries the original's ``xml:lang``),
linked at its URL under the reader's language, newest first. A fixed number of queries.
"""

from django.utils.html import linebreaks

from home.feeds import PageFeed
from home.localization import attach_listing_urls, attach_localized_themes, one_per_translation
from stories.models import StoryPage

FEED_SIZE = 20


def newest_stories(queryset, locale, request, count=FEED_SIZE) -> list[StoryPage]:
    """The ``count`` newest stories of ``queryset``, one per translation, with their URL under
    ``locale`` and their themes in it. Five queries, whatever the number."""
    stories = (
        one_per_translation(queryset, locale)
        .select_related("locale")
        .prefetch_related("themes")
        .order_by("-date", "-pk")[:count]
    )
    stories = attach_listing_urls(stories, locale, request)
    attach_localized_themes(stories, locale)
    return stories


class StoryFeed(PageFeed):
    """Called as ``StoryFeed()(request, title=…, pages=…)`` by a listing page's route."""

    def select(self, queryset, locale, request):
        return newest_stories(queryset, locale, request)

    def item_description(self, item):
        return linebreaks(item.lead, autoescape=True)

    def item_author_name(self, item):
        return item.teller_name or None
