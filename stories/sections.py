from django.utils.translation import gettext_lazy as _

from home import sections
from home.listing import under_any
from home.localization import attach_listing_urls, one_per_translation
from home.models.pages import CityPage, attach_cities


@sections.register("stories", order=10, template="stories/includes/latest_stories.html")
def latest_stories(request, locale, city=None):
    from stories.models import StoriesPage, StoryPage

    stories = StoryPage.objects.all()
    if city is not None:
        copies = CityPage.objects.filter(translation_key=city.translation_key)
        stories = stories.filter(under_any(copies.values_list("path", flat=True)))
    latest = list(
        one_per_translation(stories, locale)
        .select_related("image", "locale")
        .order_by("-date", "-pk")[:3]
    )
    if not latest:
        return None
    attach_listing_urls(latest, locale, request)
    attach_cities(latest, locale)
    listing = one_per_translation(StoriesPage.objects.all(), locale).first()
    return {
        "heading": _("Latest stories"),
        "stories": latest,
        "all_url": attach_listing_urls([listing], locale, request)[0].listing_url
        if listing
        else None,
    }
