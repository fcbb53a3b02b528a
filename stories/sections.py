from django.utils.translation import gettext_lazy as _

from home import sections
from home.cache import memoize
from home.listing import decorate, in_every_copy
from home.localization import attach_listing_urls, one_per_translation


@sections.register("stories", order=10, template="stories/includes/latest_stories.html")
def latest_stories(request, locale, city=None):
    parts = (locale.pk, city.pk if city else None, request.scheme, request.get_host())
    return memoize("latest-stories", parts, lambda: _latest_stories(request, locale, city))


def _latest_stories(request, locale, city):
    from stories.models import StoriesPage, StoryPage

    stories = StoryPage.objects.filter(in_every_copy(city)) if city else StoryPage.objects.all()
    latest = one_per_translation(stories, locale).select_related("image", "locale")
    latest = decorate(latest.order_by("-date", "-pk")[:3], locale, request, themes=False)
    if not latest:
        return None
    everything = one_per_translation(StoriesPage.objects.all(), locale)[:1]
    return {
        "heading": _("Latest stories"),
        "stories": latest,
        "all_url": next(
            (p.listing_url for p in attach_listing_urls(everything, locale, request)), None
        ),
    }
