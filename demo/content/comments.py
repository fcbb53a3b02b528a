"""A few comments from readers, in the languages they wrote in, and one waiting for moderation,
so the thread, the moderation queue and the dashboard count have something to show; and a few on
the handbook's consultation draft, on a chapter and on practices open for comments."""

import datetime as dt

from django.utils import timezone

from handbook.models import HandbookChapterPage, PracticePage
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


# On the open consultation: (page model, slug, name, language, text, replies, days ago). A
# comment goes on the copy of the page in its language where there is one.
CONSULTATION_COMMENTS = [
    (
        HandbookChapterPage,
        "meeting-places",
        "Anneli",
        "en",
        "Could the chapter say something about small towns without a library or a community "
        "centre? In our town the only free room is the sports hall, and a weekly evening there "
        "has worked surprisingly well.",
        [
            (
                "Handbook team",
                "en",
                "Thank you, that is a gap. We will ask the partners for examples from smaller "
                "towns before the next edition.",
            )
        ],
        8,
    ),
    (
        PracticePage,
        "language-cafes-in-libraries",
        "Birgitta",
        "sv",
        "Jag har varit volontär på språkcaféet i Rosengård i två år. En sak som saknas i texten: "
        "vi har ett eget bord för nybörjare, där man får prata långsamt utan att skämmas. Det är "
        "ofta där folk vågar säga sina första meningar.",
        [],
        6,
    ),
    (
        PracticePage,
        "community-kitchen",
        "Huda",
        "ar",
        "نقيم في حيّنا أمسيات طبخ مشابهة. أقترح أن يذكر الدليل كيف تتعاملون مع اختلاف عادات "
        "الطعام، مثل الطعام الحلال والنباتي، فهذا أول سؤال يطرحه الناس عندنا.",
        [],
        4,
    ),
    (
        PracticePage,
        "anti-rumour-agents",
        "Kemal",
        "en",
        "Good to see the new figures. Are the course and the fact sheets available in other "
        "languages than Spanish? Our neighbourhood association would like to try it.",
        [],
        2,
    ),
]


def ensure_comments() -> None:
    if not Comment.objects.exists():
        ensure_story_comments()
    ensure_consultation_comments()


def ensure_story_comments() -> None:
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


def ensure_consultation_comments() -> None:
    """Comments on the pages of the open consultation (none if no consultation is open)."""
    pages = []
    for model, slug, *comment in CONSULTATION_COMMENTS:
        original = model.objects.live().filter(slug=slug).order_by("pk").first()
        if original is None or not original.comments_open:
            continue
        pages.append((original, comment))
    keys = {original.translation_key for original, _comment in pages}
    if not pages or Comment.objects.filter(thread_key__in=keys).exists():
        return
    now = timezone.now()
    for original, (name, language, text, replies, days_ago) in pages:
        page = original.get_translations(inclusive=True).filter(locale__language_code=language)
        page = page.live().first() or original
        written = now - dt.timedelta(days=days_ago)
        comment = Comment.objects.create(
            page=page,
            thread_key=original.translation_key,
            name=name,
            text=text,
            language=language,
            status=Comment.Status.APPROVED,
            created_at=written,
            moderated_at=written + dt.timedelta(hours=2),
        )
        for reply_name, reply_language, reply_text in replies:
            Comment.objects.create(
                page=page,
                thread_key=original.translation_key,
                parent=comment,
                name=reply_name,
                text=reply_text,
                language=reply_language,
                status=Comment.Status.APPROVED,
                created_at=written + dt.timedelta(days=1),
                moderated_at=written + dt.timedelta(days=1, hours=1),
            )
