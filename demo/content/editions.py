"""Two editions of the handbook, so the editions page, the difference between an edition and
the live handbook, and an open consultation have something to show.

Edition 1 was published months ago, with the consultation closed. Since then one practice has
reported newer figures (published live, so Edition 1 and the live handbook now differ), and the
coordinator has opened a consultation draft on what is live today.
"""

import datetime as dt

from django.utils import timezone

from demo.builders import publish, rich
from handbook.editions import publish_edition
from handbook.models import HandbookEdition, HandbookPage, PracticePage

EDITION_1_DAYS_AGO = 150
CONSULTATION_DAYS_AGO = 10

# The practice that changed after Edition 1, and its newer results (the text in
# ``demo.content.handbook`` is what Edition 1 holds).
CHANGED_PRACTICE = "anti-rumour-agents"
NEWER_RESULTS = (
    "More than 420 agents have been trained, 120 of them in the last year, among them the staff "
    "of two municipal markets. In the latest follow-up survey, 72 % said they had challenged a "
    "rumour in the previous month, and half of them had done so more than once.",
)


def ensure_editions(handbook: HandbookPage, practices: dict[str, PracticePage]) -> list:
    """The handbook's editions, newest first: published once, left alone after that."""
    existing = list(handbook.editions())
    if existing:
        return existing
    now = timezone.now()
    first = publish_edition(handbook, kind=HandbookEdition.Kind.EDITION, consultation_open=False)
    backdate(first, now - dt.timedelta(days=EDITION_1_DAYS_AGO))

    practice = PracticePage.objects.get(pk=practices[CHANGED_PRACTICE].pk)
    practice.results = rich(*NEWER_RESULTS)
    publish(practice)

    draft = publish_edition(
        handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
    )
    backdate(draft, now - dt.timedelta(days=CONSULTATION_DAYS_AGO))
    return [draft, first]


def backdate(edition: HandbookEdition, when) -> None:
    """Publication dates spread over the past, as a network's would be."""
    HandbookEdition.objects.filter(pk=edition.pk).update(published_at=when)
    edition.published_at = when
