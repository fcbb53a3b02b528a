"""How content that is not translated behaves: a runtime stand-in for the original.

Every locale has its own tree of structural pages (home, cities, sections, listings). Content
pages (stories, events, practices, chapters …) exist in the locale they were written in, plus
whichever translations have been made. A visitor to /de/ who asks for a page that has no German
version is shown the original under the German URL, marked with its language; listings show each
item once, preferring the visitor's language. See docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Locale, Page

from home.cache import memoize


def one_per_translation(queryset: QuerySet, locale: Locale) -> QuerySet:
    """Keep one live row per translation_key: the one in ``locale`` or else the original.

    The original is the earliest live page of the set (translations are always created after
    their source). Works as a single SQL query, so it paginates and counts like any queryset.
    The two subqueries read ``wagtailcore_page`` alone, through its unique index on
    (translation_key, locale): the pages of one ``translation_key`` are all of one type, so the
    type's own table need not be joined. A page is the original when no live page of its
    ``translation_key`` is older (``NOT EXISTS``, which stops at the first, rather than sorting
    them for the first).
    """
    live = Page.objects.filter(translation_key=OuterRef("translation_key"), live=True)
    in_locale = live.filter(locale=locale)
    earlier = live.filter(pk__lt=OuterRef("pk"))
    return queryset.live().filter(Q(locale=locale) | (~Exists(in_locale) & ~Exists(earlier)))


def count_per_translation(queryset: QuerySet, locale: Locale) -> int:
    """``one_per_translation(queryset, locale).count()``.

    When ``queryset`` is every page of its type, that is the number of translation keys with a
    live page, whatever the language: counted from ``wagtailcore_page`` alone (by content
    type, no subqueries) and shared by every language until content changes. A filtered
    ``queryset`` is counted as it is: its filter may keep one translation of a key and not
    another. (Every story at 100,000 pages: 4 ms through the partial index of migration
    ``home.0006``, against 200 ms for the general count.)"""
    if queryset.query.where:
        return one_per_translation(queryset, locale).count()
    model = queryset.model

    def keys():
        return Page.objects.live().type(model).values("translation_key").distinct().count()

    return memoize("translation-keys", (model._meta.label,), keys)


def _parent_path(page: Page) -> str:
    return page.path[: -page.steplen]


def attach_listing_urls(pages: Iterable[Page], locale: Locale, request=None) -> list[Page]:
    """Give each page ``listing_url`` and ``is_stand_in`` for a listing in ``locale``.

    A page in another locale is linked under its parent's translation in ``locale``, where the
    router serves it as a stand-in. Two queries, whatever the number of pages.
    """
    pages = list(pages)
    foreign = [page for page in pages if page.locale_id != locale.pk]
    localized_parents: dict[str, Page] = {}
    if foreign:
        parent_keys = dict(
            Page.objects.filter(path__in={_parent_path(p) for p in foreign}).values_list(
                "path", "translation_key"
            )
        )
        by_key = {
            parent.translation_key: parent
            for parent in Page.objects.live().filter(
                translation_key__in=set(parent_keys.values()), locale=locale
            )
        }
        localized_parents = {
            path: by_key[key] for path, key in parent_keys.items() if key in by_key
        }
    for page in pages:
        page.is_stand_in = page.locale_id != locale.pk
        parent = localized_parents.get(_parent_path(page)) if page.is_stand_in else None
        if parent is not None:
            page.listing_url = f"{parent.get_url(request)}{page.slug}/"
        else:
            page.listing_url = page.get_url(request)
    return pages


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    full_url: str
    is_current: bool
    is_translation: bool


def language_links(page: Page, active_code: str, request=None) -> list[LanguageLink]:
    """A link for every configured language that leads to a live page, never to a 404.

    Where the page is translated, the link goes to the translation; where it is not, to the
    same page served as a stand-in under that language's nearest translated ancestor. One query.
    """
    chain = [*page.get_ancestors().filter(depth__gt=1), page] if page.depth > 1 else [page]
    keys = [p.translation_key for p in chain]
    translations: dict[tuple, Page] = {
        (p.translation_key, p.locale.language_code): p
        for p in Page.objects.live().filter(translation_key__in=keys).select_related("locale")
    }
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        own = translations.get((page.translation_key, code))
        if own is not None:
            url = own.get_url(request)
        else:
            for depth in range(len(chain) - 2, -1, -1):
                ancestor = translations.get((chain[depth].translation_key, code))
                if ancestor is not None:
                    tail = "".join(f"{p.slug}/" for p in chain[depth + 1 :])
                    url = f"{ancestor.get_url(request)}{tail}"
                    break
        if url:
            full_url = request.build_absolute_uri(url) if request is not None else url
            links.append(
                LanguageLink(code, name, url, full_url, code == active_code, own is not None)
            )
    return links


def localize_snippets(items: Iterable, locale: Locale) -> list:
    """Translatable snippets (e.g. themes) linked from a page do not follow its locale
    (wagtail-localize #534, #648): swap each for its translation in ``locale`` where one exists.
    """
    items = list(items)
    if not items:
        return items
    model = type(items[0])
    translated = {
        item.translation_key: item
        for item in model.objects.filter(
            translation_key__in={i.translation_key for i in items}, locale=locale
        ).select_related("locale")
    }
    return [translated.get(item.translation_key, item) for item in items]


def attach_localized_themes(pages: Iterable[Page], locale: Locale) -> None:
    """Set ``localized_themes`` on each page from its prefetched ``themes``. One query."""
    own = {page: list(page.themes.all()) for page in pages}
    themes = list({theme.pk: theme for chosen in own.values() for theme in chosen}.values())
    localized = dict(zip((t.pk for t in themes), localize_snippets(themes, locale), strict=True))
    for page, chosen in own.items():
        page.localized_themes = sorted((localized[t.pk] for t in chosen), key=lambda t: t.name)


def snippets_in_locale(queryset: QuerySet, locale: Locale) -> list:
    """One instance per translation_key of a (small) translatable snippet set: the one in
    ``locale``, or the original."""
    chosen: dict = {}
    for obj in queryset.order_by("pk"):
        if obj.translation_key not in chosen or obj.locale_id == locale.pk:
            chosen[obj.translation_key] = obj
    return list(chosen.values())
