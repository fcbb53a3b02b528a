"""Publishing an edition (pinning revisions) and reading one back in a language.

An edition holds every live chapter of the handbook, in the coordinator's order, and every
practice each chapter draws in, in the chapter's order, in every language they were published
in at the time. Reading it in a language takes each piece in that language where the edition
has it, otherwise in its original language, marked (the site's stand-in rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ManyToManyField
from django.http import Http404
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision

from handbook.models import (
    EditionEntry,
    HandbookChapterPage,
    HandbookEdition,
    HandbookPage,
    PracticePage,
)
from home.cache import new_content_version
from home.localization import localize_snippets
from home.models import Theme
from home.models.pages import attach_cities

# Child relations and links of a pinned page that an edition does not read back.
SKIPPED_RELATIONS = ("chapter_practices", "comments", "wagtail_admin_comments")


# Publishing ------------------------------------------------------------------------------------


def live_revision(page: Page) -> Revision:
    """The revision the live page was published from. A page published without one (created
    in code) gets a revision of its live content, without touching its drafts."""
    if page.live_revision_id:
        return page.live_revision
    specific = page.specific
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(specific),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=str(page.pk),
        object_str=str(specific)[:255],
        content=specific.serializable_data(),
        created_at=page.last_published_at or timezone.now(),
    )


def practice_order(chapter_keys) -> dict:
    """``{chapter_key: [practice_key, …]}``: the practices each chapter chose, in its order, as
    chosen in the chapter's original (the choice is synchronized to translations)."""
    originals: dict = {}
    for chapter in (
        HandbookChapterPage.objects.live()
        .filter(translation_key__in=chapter_keys)
        .order_by("pk")
        .prefetch_related("chapter_practices__practice")
    ):
        originals.setdefault(chapter.translation_key, chapter)
    return {
        key: list(
            dict.fromkeys(
                link.practice.translation_key
                for link in sorted(
                    chapter.chapter_practices.all(), key=lambda link: link.sort_order
                )
                if link.practice.live
            )
        )
        for key, chapter in originals.items()
    }


@transaction.atomic
def publish_edition(
    handbook: HandbookPage, *, kind: str, consultation_open: bool = False, user=None
) -> HandbookEdition:
    """Publish an edition of ``handbook`` from what is live now."""
    source = HandbookPage.objects.filter(translation_key=handbook.translation_key).order_by("pk")[0]
    number = HandbookEdition.objects.filter(handbook=source, kind=kind).count() + 1
    slug = {"consultation": "consultation-draft"}.get(kind, kind)
    edition = HandbookEdition.objects.create(
        handbook=source,
        kind=kind,
        number=number,
        slug=f"{slug}-{number}",
        published_by=user if getattr(user, "pk", None) else None,
        consultation_open=consultation_open,
    )
    pin(edition, source)
    # The entries are bulk-created, which sends no post_save: a new content version once they
    # are committed, so that no page cached in between goes on showing the handbook without them.
    transaction.on_commit(new_content_version)
    return edition


def pin(edition: HandbookEdition, handbook: HandbookPage) -> None:
    order = handbook.chapter_order()
    live_chapters = set(
        HandbookChapterPage.objects.live()
        .filter(translation_key__in=order)
        .values_list("translation_key", flat=True)
    )
    chapter_keys = [key for key in sorted(order, key=order.get) if key in live_chapters]
    practices = practice_order(chapter_keys)
    positions: dict = {}
    for chapter_number, chapter_key in enumerate(chapter_keys, start=1):
        positions[chapter_key] = [(chapter_number, 0)]
    for chapter_number, chapter_key in enumerate(chapter_keys, start=1):
        for practice_number, key in enumerate(practices.get(chapter_key, []), start=1):
            positions.setdefault(key, []).append((chapter_number, practice_number))
    pages = (
        Page.objects.live()
        .filter(translation_key__in=positions)
        .type(HandbookChapterPage, PracticePage)
        .select_related("live_revision", "content_type")
    )
    entries = []
    for page in pages:
        revision = live_revision(page)
        kind = (
            EditionEntry.Kind.CHAPTER
            if page.content_type.model_class() is HandbookChapterPage
            else EditionEntry.Kind.PRACTICE
        )
        for chapter_number, practice_number in positions[page.translation_key]:
            if (practice_number == 0) != (kind == EditionEntry.Kind.CHAPTER):
                continue
            entries.append(
                EditionEntry(
                    edition=edition,
                    kind=kind,
                    chapter_number=chapter_number,
                    practice_number=practice_number,
                    translation_key=page.translation_key,
                    locale_id=page.locale_id,
                    page=page,
                    revision=revision,
                    content_type_id=revision.content_type_id,
                    content=revision.content,
                    title=revision.content.get("title") or page.title,
                )
            )
    EditionEntry.objects.bulk_create(entries)


# Reading ---------------------------------------------------------------------------------------


@dataclass
class Piece:
    """A chapter or practice of an edition as read in one language."""

    entry: EditionEntry
    is_stand_in: bool
    url: str = ""
    page: Page | None = None  # the pinned page, once loaded
    practices: list[Piece] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def language_code(self) -> str:
        return self.entry.locale.language_code

    @property
    def number(self) -> int:
        return self.entry.practice_number or self.entry.chapter_number

    @property
    def label(self) -> str:
        """ "2" for a chapter, "2.3" for the third practice of chapter 2."""
        if self.entry.practice_number:
            return f"{self.entry.chapter_number}.{self.entry.practice_number}"
        return str(self.entry.chapter_number)


class EditionReader:
    """An edition in one language: its table of contents from one query, and the pinned
    pages, loaded on demand in a fixed number of queries."""

    def __init__(self, edition: HandbookEdition, locale: Locale, base_url: str = ""):
        self.edition = edition
        self.locale = locale
        self.base_url = base_url
        default_code = settings.LANGUAGE_CODE
        best: dict = {}
        rank = {}
        for entry in (
            edition.entries.select_related("locale", "content_type")
            .defer("content")
            .order_by("chapter_number", "practice_number", "pk")
        ):
            code = entry.locale.language_code
            score = 0 if entry.locale_id == locale.pk else 1 if code == default_code else 2
            if entry.position not in best or score < rank[entry.position]:
                best[entry.position], rank[entry.position] = entry, score
        self.languages = set()
        self.chapters: list[Piece] = []
        by_chapter: dict[int, Piece] = {}
        for position, entry in sorted(best.items()):
            piece = Piece(entry, is_stand_in=entry.locale_id != locale.pk)
            piece.url = self.url_of(*position)
            if entry.practice_number == 0:
                by_chapter[entry.chapter_number] = piece
                self.chapters.append(piece)
            elif entry.chapter_number in by_chapter:
                by_chapter[entry.chapter_number].practices.append(piece)
        self.by_chapter = by_chapter

    @property
    def is_empty(self) -> bool:
        return not self.chapters

    @property
    def in_own_language(self) -> bool:
        """Whether anything of the edition was published in the reader's language."""
        return any(
            not piece.is_stand_in
            for chapter in self.chapters
            for piece in (chapter, *chapter.practices)
        )

    def url_of(self, chapter_number: int = 0, practice_number: int = 0) -> str:
        url = f"{self.base_url}editions/{self.edition.slug}/"
        if chapter_number:
            url += f"{chapter_number}/"
        if practice_number:
            url += f"{practice_number}/"
        return url

    def chapter(self, number: int) -> Piece:
        try:
            return self.by_chapter[number]
        except KeyError:
            raise Http404 from None

    def load(self, pieces: list[Piece]) -> list[Piece]:
        """Deserialize the pinned pages of ``pieces``, with their images (and renditions),
        cities and themes in the reader's language: six queries, whatever the number."""
        pieces = [piece for piece in pieces if piece.page is None]
        if not pieces:
            return pieces
        contents = dict(
            EditionEntry.objects.filter(pk__in=[p.entry.pk for p in pieces]).values_list(
                "pk", "content"
            )
        )
        theme_ids: dict = {}
        for piece in pieces:
            piece.page, theme_ids[piece.entry.pk] = pinned_page(
                piece.entry, contents[piece.entry.pk]
            )
        image_ids = {piece.page.image_id for piece in pieces if piece.page.image_id}
        images = (
            get_image_model()
            .objects.filter(pk__in=image_ids)
            .prefetch_related("renditions")
            .in_bulk()
            if image_ids
            else {}
        )
        all_theme_ids = {pk for ids in theme_ids.values() for pk in ids}
        themes = Theme.objects.filter(pk__in=all_theme_ids) if all_theme_ids else []
        localized = dict(
            zip(
                (t.pk for t in themes),
                localize_snippets(themes, self.locale),
                strict=True,
            )
        )
        for piece in pieces:
            page = piece.page
            page.image = images.get(page.image_id) if page.image_id else None
            page.localized_themes = sorted(
                (localized[pk] for pk in theme_ids[piece.entry.pk] if pk in localized),
                key=lambda theme: theme.name,
            )
        practices = [piece.page for piece in pieces if isinstance(piece.page, PracticePage)]
        if practices:
            attach_cities(practices, self.locale)
        return pieces

    def everything(self) -> list[Piece]:
        """Every chapter and practice, loaded (for the PDF)."""
        pieces = [p for chapter in self.chapters for p in (chapter, *chapter.practices)]
        self.load(pieces)
        return self.chapters


def pinned_page(entry: EditionEntry, content: dict) -> tuple[Page, list[int]]:
    """The page as ``content`` (its pinned revision) describes it, without a query, and the ids
    of the themes it chose."""
    model = entry.content_type.model_class()
    data = dict(content)
    many = [f.name for f in model._meta.get_fields() if isinstance(f, ManyToManyField)]
    theme_ids = list(data.get("themes") or [])
    for name in (*many, *SKIPPED_RELATIONS):
        data.pop(name, None)
    page = model.from_serializable_data(data, check_fks=False)
    page.locale = entry.locale
    page.is_stand_in = False
    return page, theme_ids


# Views (called from HandbookPage's routes) -----------------------------------------------------


def find_edition(handbook: HandbookPage, slug: str) -> HandbookEdition:
    edition = handbook.editions().filter(slug=slug).first()
    if edition is None:
        raise Http404
    return edition


def edition_context(
    handbook,
    request,
    locale: Locale,
    edition: str,
    chapter: int | None = None,
    practice: int | None = None,
) -> dict:
    """What a page of edition ``edition`` shows, read in ``locale``: its contents and comparison,
    one chapter and its practices, or one practice. Cached with the handbook's shared context:
    an edition's text never changes, and opening or closing its consultation saves it."""
    from handbook.comparison import comparison_from_pieces

    found = find_edition(handbook, edition)
    reader = EditionReader(found, locale, handbook.get_url(request))
    context = {"edition": found, "reader": reader, "edition_url": reader.url_of()}
    # The PDF exists in the languages the edition holds; otherwise offer the original's.
    pdf_base, pdf_language = reader.url_of(), ""
    if not reader.in_own_language:
        source = found.handbook
        pdf_base = f"{source.get_url(request)}editions/{found.slug}/"
        pdf_language = source.locale.language_code
    context.update(pdf_base=pdf_base, pdf_language=pdf_language)
    if chapter is None:
        practices = [p for piece in reader.chapters for p in piece.practices]
        reader.load(practices)
        context["comparison"] = comparison_from_pieces(practices)
        return context
    piece = reader.chapter(chapter)
    context["chapter"] = piece
    if practice is not None:
        context["practice"] = next((p for p in piece.practices if p.number == practice), None)
        if context["practice"] is None:
            raise Http404
        reader.load([context["practice"]])
        return context
    reader.load([piece, *piece.practices])
    position = reader.chapters.index(piece)
    context.update(
        previous_chapter=reader.chapters[position - 1] if position > 0 else None,
        next_chapter=reader.chapters[position + 1] if position + 1 < len(reader.chapters) else None,
    )
    return context


def pdf_languages(edition: HandbookEdition) -> set[str]:
    """The languages an edition's PDF exists in: those it holds any piece in."""
    return set(edition.entries.values_list("locale__language_code", flat=True).distinct())


def latest_pdf_links(handbook, editions, locale) -> dict:
    """For the handbook page: the newest edition, its URL, and its PDF in the reader's language
    (or the original's, when the edition holds nothing in it)."""
    if not editions:
        return {}
    edition = editions[0]
    own = locale.language_code in pdf_languages(edition)
    in_language = handbook
    if not own:
        in_language = (
            HandbookPage.objects.live()
            .filter(translation_key=handbook.translation_key, pk=edition.handbook_id)
            .first()
        )
    if in_language is None:
        return {}
    base = in_language.get_url()
    return {
        "edition": edition,
        "language_code": locale.language_code if own else in_language.locale.language_code,
        "is_own_language": own,
        "edition_url": f"{base}editions/{edition.slug}/",
        "pdf_url": f"{base}editions/{edition.slug}/pdf/",
    }
