"""The comparison across countries: a matrix of themes × countries whose cells link to the
practices behind them. Built from the live handbook, or from an edition's pinned practices."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Locale

from home.listing import decorate
from home.localization import one_per_translation


@dataclass(frozen=True)
class Entry:
    """A practice in a cell."""

    title: str
    url: str
    is_stand_in: bool
    language_code: str


@dataclass
class Cell:
    country: object  # django_countries Country
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Row:
    theme: object  # home.Theme, in the reader's language where translated
    cells: list[Cell]

    @property
    def total(self) -> int:
        return sum(len(cell.entries) for cell in self.cells)


@dataclass
class Comparison:
    countries: list  # the columns: every country with at least one practice
    rows: list[Row]  # one per theme with at least one practice
    practice_count: int

    def __bool__(self) -> bool:
        return bool(self.rows)


def build(items) -> Comparison:
    """``items``: (practice page with ``localized_themes`` and ``city_page``, Entry) pairs."""
    items = list(items)
    countries: dict = {}
    themes: dict = {}
    cells: dict = {}
    for page, entry in items:
        city = getattr(page, "city_page", None)
        if city is None or not city.country:
            continue
        country = city.country
        countries[country.code] = country
        for theme in page.localized_themes:
            themes[theme.translation_key] = theme
            cells.setdefault((theme.translation_key, country.code), []).append(entry)
    columns = sorted(countries.values(), key=lambda country: str(country.name))
    rows = [
        Row(
            theme,
            [
                Cell(country, sorted(cells.get((key, country.code), []), key=lambda e: e.title))
                for country in columns
            ],
        )
        for key, theme in sorted(themes.items(), key=lambda item: item[1].name)
    ]
    return Comparison(columns, rows, len(items))


def comparison_context(request, locale: Locale) -> dict:
    """The live handbook's comparison: every live practice, once, in ``locale`` where
    translated. A fixed number of queries, whatever the number of practices."""
    from handbook.models import PracticePage

    practices = (
        one_per_translation(PracticePage.objects.all(), locale)
        .select_related("locale")
        .prefetch_related("themes")
        .order_by("title")
    )
    practices = decorate(list(practices), locale, request)
    return {
        "comparison": build(
            (
                page,
                Entry(page.title, page.listing_url, page.is_stand_in, page.locale.language_code),
            )
            for page in practices
        )
    }


def comparison_from_pieces(pieces) -> Comparison:
    """An edition's comparison, from its practices (``handbook.editions.Piece``, loaded); a
    practice drawn into two chapters counts once, linked where it first appears."""
    first = {}
    for piece in pieces:
        first.setdefault(piece.entry.translation_key, piece)
    return build(
        (piece.page, Entry(piece.title, piece.url, piece.is_stand_in, piece.language_code))
        for piece in first.values()
    )
