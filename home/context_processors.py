from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.cache import memoize
from home.localization import attach_listing_urls
from home.models import MainMenu, NetworkSettings, SiteFooter


def _resolve_links(stream, locale, request):
    """The menu's links as label, url and lang, each page swapped for its live translation in
    ``locale`` where there is one; ``lang`` is set where the page is shown in another language.
    One query for all links."""
    chosen = [block.value for block in stream if block.value["page"] is not None]
    copies: dict = {}
    for page in (
        Page.objects.live()
        .filter(translation_key__in={value["page"].translation_key for value in chosen})
        .select_related("locale")
    ):
        copies[(page.translation_key, page.locale_id)] = page
    resolved = []
    for value in chosen:
        chosen_page = value["page"]
        page = copies.get((chosen_page.translation_key, locale.pk)) or copies.get(
            (chosen_page.translation_key, chosen_page.locale_id)
        )
        if page is not None:
            resolved.append((value["label"], page))
    attach_listing_urls([page for _label, page in resolved], locale, request)
    return [
        {
            "label": (label if not page.is_stand_in else "") or page.title,
            "url": page.listing_url,
            "lang": page.locale.language_code if page.is_stand_in else "",
        }
        for label, page in resolved
    ]


def site_chrome(request):
    """The menu, footer and network settings of the active locale, fetched only if a template
    uses them, and shared between requests until content changes (``home.cache``)."""

    def parts(name):
        site = Site.find_for_request(request)
        return (name, site.pk if site else None, get_language())

    def menu():
        locale = Locale.get_active()
        obj = MainMenu.for_locale(locale)
        return _resolve_links(obj.items, locale, request) if obj else []

    def footer():
        locale = Locale.get_active()
        obj = SiteFooter.for_locale(locale)
        if obj is None:
            return None
        return {
            "funding_acknowledgement": obj.funding_acknowledgement,
            "show_eu_emblem": obj.show_eu_emblem,
            "links": _resolve_links(obj.links, locale, request),
            "lang": obj.locale.language_code,
        }

    def network():
        return {"demo_content": NetworkSettings.load().demo_content}

    return {
        "main_menu": SimpleLazyObject(lambda: memoize("menu", parts("menu"), menu)),
        "site_footer": SimpleLazyObject(lambda: memoize("footer", parts("footer"), footer)),
        "network": SimpleLazyObject(lambda: memoize("network", ("network",), network)),
    }
