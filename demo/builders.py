"""What the content modules share: plain-data helpers for rich text and StreamField bodies,
get-or-create for pages, and translations that must be complete before they are published."""

import html
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from wagtail.models import Locale, Page

from home.translation import translate, untranslated_strings


class Quote(NamedTuple):
    text: str
    attribution: str = ""


class Figure(NamedTuple):
    """An image in a body or gallery: the image's key in ``demo.content.images``, alt text and
    caption. In a translation only ``alt`` and ``caption`` matter."""

    image: str
    alt: str
    caption: str = ""


class Heading(NamedTuple):
    text: str


# Rich text and StreamField --------------------------------------------------------------------


def rich(*paragraphs: str | Heading | list[str]) -> str:
    """HTML for a RichTextField: a string is a paragraph, a ``Heading`` an h2, a list a bulleted
    list. Text is plain; a paragraph may contain the inline tags <b>, <i> and <a href>."""
    parts = []
    for item in paragraphs:
        if isinstance(item, Heading):
            parts.append(f"<h2>{html.escape(item.text, quote=False)}</h2>")
        elif isinstance(item, list):
            parts.append("<ul>" + "".join(f"<li>{li}</li>" for li in item) + "</ul>")
        else:
            parts.append(f"<p>{item}</p>")
    return "".join(parts)


def image_value(image, alt: str) -> dict:
    return {"image": image, "alt_text": alt, "decorative": not alt}


def figure_value(figure: Figure, images: dict) -> dict:
    return {"image": image_value(images[figure.image], figure.alt), "caption": figure.caption}


def body(items: Iterable, images: dict) -> list[tuple[str, object]]:
    """A BodyBlock value from plain data: a string, ``Heading`` or list becomes a paragraph
    block (see ``rich``), a ``Quote`` a quote block and a ``Figure`` an image block."""
    blocks = []
    for item in items:
        if isinstance(item, Quote):
            blocks.append(("quote", {"quote": item.text, "attribution": item.attribution}))
        elif isinstance(item, Figure):
            blocks.append(("image", figure_value(item, images)))
        else:
            blocks.append(("paragraph", rich(item)))
    return blocks


def gallery(figures: Iterable[Figure], images: dict) -> list[tuple[str, object]]:
    return [("photo", figure_value(figure, images)) for figure in figures]


# Pairing source and translated text ---------------------------------------------------------


def pair_strings(source, target, strings: dict[str, str] | None = None) -> dict[str, str]:
    """Walk two data structures of the same shape and map each source string to the string in
    the same place of the translation: the ``strings`` that ``home.translation.translate``
    takes. Rich-text paragraphs are kept whole, as wagtail-localize segments them."""
    strings = {} if strings is None else strings
    if isinstance(source, str):
        if source and isinstance(target, str) and target:
            strings[source] = target
            # wagtail-localize segments a multi-line text field with <br/> for its line breaks
            strings[source.replace("\n", "<br/>")] = target.replace("\n", "<br/>")
    elif isinstance(source, dict):
        for key, value in source.items():
            if key in target:
                pair_strings(value, target[key], strings)
    elif isinstance(source, list | tuple):
        if len(source) != len(target):
            raise CommandError(
                f"Translation has another shape than its source: {source!r} vs {target!r}"
            )
        for value, translated in zip(source, target, strict=True):
            pair_strings(value, translated, strings)
    return strings


# Pages ----------------------------------------------------------------------------------------


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def get_or_create_child(parent: Page, model, slug: str, **fields) -> tuple[Page, bool]:
    """The child of ``parent`` with ``slug``, or a new, published ``model`` page."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing, False
    page = parent.add_child(instance=model(slug=slug, locale_id=parent.locale_id, **fields))
    return publish(page), True


# Translations ----------------------------------------------------------------------------------


def translate_fully(source, locale: Locale, strings: dict[str, str]):
    """Translate ``source`` into ``locale`` and publish it, refusing if any string is left in
    the source language. Runs inside the seed's transaction, so a refusal publishes nothing."""
    translated = translate(source, locale, strings)
    missing = untranslated_strings(source, locale)
    if missing:
        raise CommandError(
            f"The {locale.language_code} translation of “{source}” would keep these strings "
            f"in {source.locale.language_code}: " + "; ".join(repr(s) for s in missing)
        )
    return translated


def is_fully_translated(source, locale: Locale) -> bool:
    """Whether ``source`` has a wagtail-localize translation into ``locale`` with every string
    of its current version translated."""
    try:
        return source.has_translation(locale) and not untranslated_strings(source, locale)
    except ObjectDoesNotExist:
        return False


def ensure_translation(source, locale: Locale, strings: dict[str, str]):
    """``source``'s translation into ``locale``, made with ``strings`` if it does not exist."""
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing
    return translate_fully(source, locale, strings)


def locales() -> dict[str, Locale]:
    """Every locale, by language code."""
    return {locale.language_code: locale for locale in Locale.objects.all()}
