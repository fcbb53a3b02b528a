"""A few comments from readers, in the languages they wrote in, and one waiting for moderation,
so the thread, the moderation queue and the dashboard count have something to show."""

import datetime as dt

from django.utils import timezone

from participation.models import Comment
from stories.models import StoryPage

# (story slug, name, language, text, replies as (name, language, text), approved)
COMMENTS = [
    (
        "saturday-football-in-rosengard",
        "Lina",
        "sv",
        "Min son spelar där varje lördag. Tack till alla tränare som ställer upp!",
        [("Omar", "en", "Thank you for coming every week. See you on Saturday.")],
        True,
    ),
    (
        "saturday-football-in-rosengard",
        "Yusuf",
        "ar",
        "فكرة رائعة. هل يمكن للفتيات أيضًا الانضمام إلى الفريق؟",
        [],
        True,
    ),
    (
        "a-lawyer-on-tuesday-evenings",
        "Maria",
        "el",
        "Η Τρίτη το βράδυ μου έλυσε ένα πρόβλημα που με απασχολούσε μήνες. Ευχαριστώ.",
        [],
        True,
    ),
    (
        "the-house-rules-we-wrote-together",
        "Kasia",
        "pl",
        "Czy ten regulamin jest dostępny także po ukraińsku? Chętnie pokażę go sąsiadom.",
        [],
        False,
    ),
]


def ensure_comments() -> None:
    if Comment.objects.exists():
        return
    written = timezone.now() - dt.timedelta(days=3)
    for slug, name, language, text, replies, approved in COMMENTS:
        story = StoryPage.objects.live().filter(slug=slug).order_by("pk").first()
        if story is None:
            continue
        status = Comment.Status.APPROVED if approved else Comment.Status.PENDING
        comment = Comment.objects.create(
            page=story,
            thread_key=story.translation_key,
            name=name,
            text=text,
            language=language,
            status=status,
            created_at=written,
            moderated_at=written if approved else None,
        )
        for reply_name, reply_language, reply_text in replies:
            Comment.objects.create(
                page=story,
                thread_key=story.translation_key,
                parent=comment,
                name=reply_name,
                text=reply_text,
                language=reply_language,
                status=Comment.Status.APPROVED,
                created_at=written + dt.timedelta(hours=5),
                moderated_at=written + dt.timedelta(hours=6),
            )
