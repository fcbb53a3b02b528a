"""PDFs of an edition: the whole handbook, or one chapter, in each language the edition holds.

A PDF is rendered on its first download, not when the edition is published (most language ×
chapter combinations are never asked for), and served from storage after that: an edition
never changes, so neither do its PDFs. Rendering reads nothing over the network: images come
from the media storage, the EU emblem from the static files.

A language the edition holds nothing in has no PDF (404): the edition's pages link to the PDF
in the original language instead. The default language has one whenever the edition holds
anything written in it.

With a task worker (``TASKS_BACKEND=database``), publishing an edition queues its whole-handbook
PDF in every language it holds, so that readers find them rendered; a download that comes first
still renders its PDF itself.
"""

from __future__ import annotations

import logging
import mimetypes
import re
import time
from functools import partial
from urllib.parse import unquote, urljoin

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext
from django_tasks import task
from wagtail.models import Locale

from handbook.comparison import comparison_from_pieces
from handbook.editions import EditionReader, find_edition, pdf_languages
from handbook.models import EditionPDF, HandbookEdition, HandbookPage
from home.models import SiteFooter
from home.setup import FUNDING
from home.tasks import runs_in_background

logger = logging.getLogger(__name__)

EMBLEM = "img/eu-emblem.svg"
PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\A ", "<": "\\3C "}  # "<" could close the <style>


def offline_fetcher(base_url: str):
    """A WeasyPrint URL fetcher that reads the media and static files a document refers to
    from storage and refuses every other URL: a PDF never waits on the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    media_url = urljoin(base_url, settings.MEDIA_URL)
    static_url = urljoin(base_url, settings.STATIC_URL)

    def response(url: str, name: str, body) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    class OfflineFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(media_url):
                name = unquote(url.removeprefix(media_url).split("?")[0])
                return response(url, name, default_storage.open(name))
            if url.startswith(static_url):
                name = unquote(url.removeprefix(static_url).split("?")[0])
                path = finders.find(name)
                return response(
                    url, name, open(path, "rb") if path else staticfiles_storage.open(name)
                )
            raise ValueError(f"Not fetched for a PDF: {url}")

    return OfflineFetcher()


def css_content(template: str, **counters: str) -> str:
    """A translated text with ``%(page)s``/``%(pages)s`` placeholders as a CSS ``content``
    value: ``"Page " counter(page) " of " counter(pages)``."""
    parts = []
    for index, part in enumerate(PLACEHOLDER.split(template)):
        if index % 2:
            parts.append(counters[part])
        elif part:
            for character, escape in CSS_ESCAPES.items():
                part = part.replace(character, escape)
            parts.append(f'"{part}"')
    return mark_safe(" ".join(parts))


def funding(locale: Locale) -> dict:
    """The funding acknowledgement the site's footer shows in ``locale`` (or the default
    locale's), and the language it is in."""
    footer = SiteFooter.for_locale(locale)
    if footer is not None:
        return {
            "text": footer.funding_acknowledgement,
            "language_code": footer.locale.language_code,
            "show_emblem": footer.show_eu_emblem,
        }
    code = locale.language_code if locale.language_code in FUNDING else "en"
    return {"text": FUNDING[code], "language_code": code, "show_emblem": True}


def handbook_in(edition: HandbookEdition, locale: Locale) -> HandbookPage:
    """The edition's handbook in ``locale`` where it is translated and live, else the original."""
    translated = (
        HandbookPage.objects.live()
        .filter(translation_key=edition.handbook.translation_key, locale=locale)
        .first()
    )
    return translated or edition.handbook


def base_url_of(edition: HandbookEdition, locale: Locale) -> str:
    """Where the PDF's links lead: the handbook on the site, in ``locale`` where translated."""
    url = handbook_in(edition, locale).get_full_url()
    return url or urljoin(settings.WAGTAILADMIN_BASE_URL, "/")


def document_context(edition: HandbookEdition, locale: Locale, chapter_number: int) -> dict:
    handbook = handbook_in(edition, locale)
    base_url = base_url_of(edition, locale)
    reader = EditionReader(edition, locale, base_url)
    chapters = [reader.chapter(chapter_number)] if chapter_number else reader.chapters
    pieces = [piece for chapter in chapters for piece in (chapter, *chapter.practices)]
    reader.load(pieces)
    for piece in pieces:
        piece.url = f"#piece-{piece.label}"
    chapter = chapters[0] if chapter_number else None
    title = handbook.title if chapter is None else f"{chapter.title} · {handbook.title}"
    site = handbook.get_site()
    return {
        "edition": edition,
        "handbook": handbook,
        "handbook_is_stand_in": handbook.locale_id != locale.pk,
        "chapters": chapters,
        "chapter": chapter,
        "comparison": comparison_from_pieces([p for c in chapters for p in c.practices]),
        "document_title": f"{title} · {edition.label}",
        "published": date_format(timezone.localtime(edition.published_at), "DATE_FORMAT"),
        "edition_url": reader.url_of(chapter_number),
        "site_name": site.site_name if site else "",
        "funding": funding(locale),
        "emblem_url": urljoin(base_url, settings.STATIC_URL + EMBLEM),
        "page_footer": css_content(
            gettext("Page %(page)s of %(pages)s"), page="counter(page)", pages="counter(pages)"
        ),
    }


def render_html(
    edition: HandbookEdition, locale: Locale, chapter_number: int = EditionPDF.WHOLE
) -> str:
    """The document a PDF is rendered from. Raises Http404 for a chapter not in the edition."""
    with translation.override(locale.language_code):
        context = document_context(edition, locale, chapter_number)
        return render_to_string("handbook/pdf/document.html", context)


def render_pdf(
    edition: HandbookEdition, locale: Locale, chapter_number: int = EditionPDF.WHOLE
) -> bytes:
    """The PDF of ``edition`` in ``locale``: the whole handbook, or chapter ``chapter_number``
    with its practices."""
    from PIL import ImageFile
    from weasyprint import HTML  # loads Pango: only in the processes that render

    # Importing WeasyPrint makes Pillow accept truncated images in the whole process; the
    # images here are our own renditions, and uploads elsewhere must still be checked whole.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    base_url = base_url_of(edition, locale)
    html = render_html(edition, locale, chapter_number)
    document = HTML(string=html, base_url=base_url, url_fetcher=offline_fetcher(base_url))
    return document.write_pdf(pdf_tags=True)


def download_name(edition: HandbookEdition, language_code: str, chapter_number: int) -> str:
    """``handbook-edition-2-chapter-3-ar.pdf``: ASCII only, whatever the slugs."""
    parts = [slugify(edition.handbook.slug) or "handbook", slugify(edition.slug)]
    if chapter_number:
        parts.append(f"chapter-{chapter_number}")
    return "-".join([*parts, slugify(language_code)]) + ".pdf"


def stored_pdf(edition: HandbookEdition, locale: Locale, chapter_number: int) -> EditionPDF:
    """The stored PDF, rendered and stored first if there is none yet (or its file is gone).
    Of two first downloads at once, the one that stores its row first wins; the other serves
    that and drops its own file."""
    language_code = locale.language_code
    lookup = {"edition": edition, "language_code": language_code, "chapter_number": chapter_number}
    stored = EditionPDF.objects.filter(**lookup).first()
    if stored is not None and stored.file and stored.file.storage.exists(stored.file.name):
        return stored
    started = time.perf_counter()
    data = render_pdf(edition, locale, chapter_number)
    seconds = time.perf_counter() - started
    fresh = stored or EditionPDF(**lookup)
    fresh.size, fresh.render_seconds = len(data), seconds
    fresh.file.save(download_name(edition, language_code, chapter_number), ContentFile(data), False)
    logger.info("Rendered %s (%d bytes) in %.2f s", fresh.file.name, len(data), seconds)
    try:
        with transaction.atomic():
            fresh.save()
    except IntegrityError:
        fresh.file.delete(save=False)
        return EditionPDF.objects.get(**lookup)
    return fresh


def pdf_response(handbook: HandbookPage, request, slug: str, chapter: int | None = None):
    """The PDF of edition ``slug`` in the active language: the whole handbook, or ``chapter``."""
    edition = find_edition(handbook, slug)
    locale = Locale.get_active()
    if locale.language_code not in pdf_languages(edition):
        raise Http404
    chapter_number = EditionPDF.WHOLE if chapter is None else chapter
    if (
        chapter is not None
        and not edition.entries.filter(chapter_number=chapter, practice_number=0).exists()
    ):
        raise Http404
    stored = stored_pdf(edition, locale, chapter_number)
    response = FileResponse(
        stored.file.open("rb"),
        content_type="application/pdf",
        filename=download_name(edition, locale.language_code, chapter_number),
    )
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Language"] = locale.language_code
    return response


@task()
def render_edition_pdf(edition_id: int, language_code: str) -> int:
    """Render and store the whole handbook's PDF of an edition in one language, unless it is
    stored already; returns its size. Nothing if the edition is gone or has no such language."""
    edition = HandbookEdition.objects.select_related("handbook").filter(pk=edition_id).first()
    locale = Locale.objects.filter(language_code=language_code).first()
    if edition is None or locale is None or language_code not in pdf_languages(edition):
        return 0
    return stored_pdf(edition, locale, EditionPDF.WHOLE).size


def queue_pdfs(edition_id: int) -> None:
    edition = HandbookEdition.objects.filter(pk=edition_id).first()
    for language_code in sorted(pdf_languages(edition)) if edition else ():
        render_edition_pdf.enqueue(edition_id, language_code)


@receiver(post_save, sender=HandbookEdition, dispatch_uid="handbook_pdf_render")
def render_pdfs_in_background(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A new edition's PDFs, queued for the worker once it is committed with its pieces. Not
    with the immediate backend: the coordinator publishing would wait for every one of them
    (seconds each), so they are rendered on first download instead."""
    if created and not raw and runs_in_background(render_edition_pdf):
        transaction.on_commit(partial(queue_pdfs, instance.pk), robust=True)


@receiver(post_delete, sender=EditionPDF, dispatch_uid="handbook_pdf_file")
def delete_pdf_file(sender, instance: EditionPDF, **kwargs) -> None:
    """A PDF's file goes with its row (an edition deleted takes its PDFs with it)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
