import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, terms):
    """``text``, escaped, with whole-word, case-insensitive matches of ``terms`` in ``<mark>``."""
    text = str(text or "")
    if not terms:
        return escape(text)
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    parts = re.split(rf"(?<!\w)({alternatives})(?!\w)", text, flags=re.IGNORECASE)
    return mark_safe(
        "".join(
            format_html("<mark>{}</mark>", part) if index % 2 else escape(part)
            for index, part in enumerate(parts)
        )
    )
