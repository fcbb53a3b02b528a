from django.utils.translation import gettext_lazy as _

from home import sections
from home.cache import memoize
from home.listing import in_every_copy
from home.localization import attach_listing_urls, one_per_translation


@sections.register("handbook", order=30, template="handbook/includes/handbook_teaser.html")
def handbook_teaser(request, locale, city=None):
    parts = (locale.pk, city.pk if city else None, request.scheme, request.get_host())
    return memoize("handbook-teaser", parts, lambda: _handbook_teaser(request, locale, city))


def _handbook_teaser(request, locale, city):
    from handbook.models import HandbookPage, PracticePage

    if city is not None:
        practices = list(
            one_per_translation(PracticePage.objects.filter(in_every_copy(city)), locale)
            .select_related("locale")
            .order_by("title")[:6]
        )
        if not practices:
            return None
        return {
            "heading": _("Practices from this city"),
            "practices": attach_listing_urls(practices, locale, request),
        }
    handbook = (
        one_per_translation(HandbookPage.objects.all(), locale).select_related("locale").first()
    )
    if handbook is None:
        return None
    return {
        "heading": _("The handbook of good practice"),
        "handbook": attach_listing_urls([handbook], locale, request)[0],
    }
