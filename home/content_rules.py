"""Accessibility rules the editor enforces on what editors write (WCAG 2.4.4, link purpose).

A link whose text is "click here" or "read more" tells a screen reader user, who often lists a
page's links out of context, nothing about where it goes. axe-core has no rule for it (it only
checks that a link has a name), so we refuse such link text when a page is saved, in every
language of the network.
"""

import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Link texts that say nothing about where a link goes, per language, lowercased.
VAGUE_LINK_TEXTS = frozenset(
    {
        # en
        "click here", "click", "here", "this link", "link", "read more", "more", "learn more",
        "more info", "go", "this", "this page",
        # sv
        "klicka här", "här", "läs mer", "mer", "länk", "denna länk", "mer info",
        # de
        "hier klicken", "klicken sie hier", "hier", "mehr", "weiterlesen", "mehr lesen",
        "mehr erfahren", "dieser link",
        # it
        "clicca qui", "qui", "leggi di più", "di più", "altro", "scopri di più", "questo link",
        # es
        "haga clic aquí", "haz clic aquí", "pulse aquí", "aquí", "leer más", "más",
        "más información", "este enlace",
        # el
        "κάντε κλικ εδώ", "πατήστε εδώ", "εδώ", "περισσότερα", "διαβάστε περισσότερα",
        # pl
        "kliknij tutaj", "kliknij tu", "tutaj", "tu", "więcej", "czytaj więcej", "ten link",
        # ar
        "انقر هنا", "اضغط هنا", "هنا", "المزيد", "اقرأ المزيد", "هذا الرابط",
    }
)  # fmt: skip

_PUNCTUATION = re.compile(r"[\s.,:;!?…«»“”\"'()\[\]>›→،؛؟-]+")


def normalise(text: str) -> str:
    return _PUNCTUATION.sub(" ", text).strip().casefold()


class _LinkTexts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([])

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.texts.append("".join(self._open.pop()))

    def handle_data(self, data):
        for parts in self._open:
            parts.append(data)


def vague_link_texts(html: str) -> list[str]:
    """The texts of the links in ``html`` that do not say where they go."""
    if not html or "<a" not in html:
        return []
    parser = _LinkTexts()
    parser.feed(html)
    return [text.strip() for text in parser.texts if normalise(text) in VAGUE_LINK_TEXTS]


def validate_link_text(html) -> None:
    """Refuse rich text with a link like "click here", naming the text to change."""
    vague = vague_link_texts(str(getattr(html, "source", html) or ""))
    if vague:
        raise ValidationError(
            _(
                "Link text must say where the link goes, also read on its own: change "
                "“%(text)s”, e.g. to the title of the page it leads to."
            ),
            params={"text": vague[0]},
            code="vague_link_text",
        )
