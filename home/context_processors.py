from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale, Page

from home.models import MainMenu, SiteFooter


def _resolve_links(stream, locale, request):
    """The menu's links as (label, url), each page swapped for its live translation in
    ``locale`` where there is one. One query for all links."""
    chosen = [block.value for block in stream if block.value["page"] is not None]
    keys = {value["page"].translation_key for value in chosen}
    localized = {
        page.translation_key: page
        for page in Page.objects.live().filter(translation_key__in=keys, locale=locale)
    }
    links = []
    for value in chosen:
        page = localized.get(value["page"].translation_key, value["page"])
        if page.live:
            links.append({"label": value["label"] or page.title, "url": page.get_url(request)})
    return links


def site_chrome(request):
    """The menu and footer of the active locale, fetched only if a template uses them."""

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

    return {"main_menu": SimpleLazyObject(menu), "site_footer": SimpleLazyObject(footer)}
