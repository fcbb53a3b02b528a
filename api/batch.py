"""What the API's items show beyond their own columns — themes, city, agenda, a chapter's
practices — fetched once for a whole page of results, each in the item's own language.

A listing mixes languages (without ``?locale=`` it holds every locale's pages), so each item is
given its themes, city and speakers in its own locale where translated, else in the language they
were written in. Every function here runs a fixed number of queries, whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Model, QuerySet
from django.utils import timezone
from wagtail.models import Page

from events.models import Person
from handbook.models import ChapterPractice, PracticePage
from home.models import CityPage, Theme
from home.models.base import CITY_DEPTH


def in_each_locale(queryset: QuerySet, originals: Iterable[Model], locale_ids: set) -> dict:
    """``{(translation_key, locale_id): object}`` for the translations of ``originals`` into
    ``locale_ids``. One query."""
    keys = {obj.translation_key for obj in originals}
    if not keys:
        return {}
    return {
        (obj.translation_key, obj.locale_id): obj
        for obj in queryset.filter(translation_key__in=keys, locale_id__in=locale_ids)
    }


def localized(obj, locale_id, translations: dict):
    return translations.get((obj.translation_key, locale_id), obj)


def attach_themes(pages: Sequence[Page]) -> None:
    """``api_themes``: each page's themes (prefetched) in its own locale, by name. One query."""
    chosen = {theme for page in pages for theme in page.themes.all()}
    translations = in_each_locale(Theme.objects.all(), chosen, {p.locale_id for p in pages})
    for page in pages:
        themes = [localized(theme, page.locale_id, translations) for theme in page.themes.all()]
        page.api_themes = sorted(themes, key=lambda theme: theme.name)


def attach_city(pages: Sequence[Page]) -> None:
    """``api_city``: the partner city each page belongs to, in the page's locale. Two queries."""
    prefix = CITY_DEPTH * Page.steplen
    own = {
        city.path: city
        for city in CityPage.objects.filter(path__in={p.path[:prefix] for p in pages})
    }
    translations = in_each_locale(
        CityPage.objects.live(), own.values(), {p.locale_id for p in pages}
    )
    for page in pages:
        city = own.get(page.path[:prefix])
        page.api_city = localized(city, page.locale_id, translations) if city else None


# Agendas -------------------------------------------------------------------------------------


def _items(raw_list) -> list:
    """The values of a ListBlock's stored data, in either of the forms Wagtail has stored."""
    return [item["value"] if isinstance(item, dict) else item for item in raw_list or []]


def attach_agenda(events: Sequence[Page]) -> None:
    """``api_agenda``: each event's sessions as plain data, read from the stored JSON so that
    the speakers of every event come in two queries, in each event's locale."""
    sessions = {
        event: [block["value"] for block in event.agenda.raw_data if block.get("type") == "session"]
        for event in events
    }
    speaker_ids = {
        pk for values in sessions.values() for v in values for pk in _items(v.get("speakers"))
    }
    chosen = Person.objects.in_bulk(speaker_ids)
    translations = in_each_locale(
        Person.objects.all(), chosen.values(), {e.locale_id for e in events}
    )
    for event, values in sessions.items():
        city = getattr(event, "api_city", None)
        zone = city.zone if city else timezone.get_default_timezone()
        event.api_agenda = [
            _session(value, zone, chosen, event.locale_id, translations) for value in values
        ]


def _session(value: dict, zone, chosen: dict, locale_id, translations: dict) -> dict:
    speakers = [chosen[pk] for pk in _items(value.get("speakers")) if pk in chosen]
    return {
        "title": value.get("title", ""),
        "start": _moment(value.get("date"), value.get("start"), zone),
        "end": _moment(value.get("date"), value.get("end"), zone),
        "description": value.get("description") or "",
        "room": value.get("room") or "",
        "languages": value.get("languages") or "",
        "interpretation": value.get("interpretation") or "",
        "speakers": [
            {"name": person.name, "role": person.role, "organisation": person.organisation}
            for person in (localized(p, locale_id, translations) for p in speakers)
        ],
    }


def _moment(date: str | None, time: str | None, zone) -> str | None:
    """A session's wall-clock date and time in the host city, as ISO 8601 with its offset."""
    if not date or not time:
        return None
    try:
        naive = dt.datetime.combine(dt.date.fromisoformat(date), dt.time.fromisoformat(time))
    except ValueError:
        return None
    return timezone.make_aware(naive, zone).isoformat()


# Chapters ------------------------------------------------------------------------------------


def attach_chapter_practices(chapters: Sequence[Page]) -> None:
    """``api_practices``: each chapter's practices in the chapter's order, each the live
    translation in the chapter's locale or else the original, if live. Two queries."""
    links = (
        ChapterPractice.objects.filter(chapter__in=chapters)
        .select_related("practice", "practice__locale")
        .order_by("chapter_id", "sort_order")
    )
    chosen: dict = {}
    for link in links:
        chosen.setdefault(link.chapter_id, []).append(link.practice)
    keys = {practice.translation_key for practices in chosen.values() for practice in practices}
    candidates = PracticePage.objects.live().public().filter(translation_key__in=keys)
    live = {
        (practice.translation_key, practice.locale_id): practice
        for practice in candidates.select_related("locale")
    }
    for chapter in chapters:
        shown = []
        for practice in chosen.get(chapter.pk, []):
            own = live.get((practice.translation_key, chapter.locale_id))
            original = live.get((practice.translation_key, practice.locale_id))
            if own or original:
                shown.append(own or original)
        chapter.api_practices = shown
