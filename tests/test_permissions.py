"""The permission matrix, over HTTP: what each role can do in the admin, and what it cannot.

``MATRIX`` is the single source of the table in ``docs/permissions.md``: each row is one request,
each cell the status the role gets and whether the database changes. ``markdown_table()``
renders it; ``test_the_documented_matrix_is_the_tested_one`` keeps the doc in step.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from events.models import EventIndexPage, Person
from handbook.editions import publish_edition
from handbook.models import HandbookEdition, PracticeIndexPage
from home.translation import translate
from participation.models import Comment
from partners import roles
from partners.onboarding import add_partner
from stories.models import StoryIndexPage
from tests.factories import (
    EventPageFactory,
    HandbookChapterPageFactory,
    HandbookPageFactory,
    StoryPageFactory,
    home_page,
)

ROLES = ["coordinator", "editor", "organiser", "translator"]
ROLE_HEADINGS = {
    "coordinator": "coordinator",
    "editor": "city editor (Alpha)",
    "organiser": "event organiser (Alpha)",
    "translator": "translator (ar)",
}
NEW_TITLE = "Retitled by the test"
FEEDBACK_TEXT = "Feedback on the meeting places chapter."
DRAFT_TITLE = "Zephyr draft of Beta"

pytestmark = pytest.mark.django_db


# The world: two partners, built once for the module and rolled back afterwards --------------------


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def section(partner, model, code="en"):
    city = partner.city_pages.get(locale__language_code=code)
    return model.objects.child_of(city).get()


def build_world():
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    coordinators = roles.ensure_coordinators()
    translators = roles.ensure_translators(locales["ar"])
    alpha, _created = add_partner(
        "Alpha", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm"
    )
    beta, _created = add_partner("Beta", country="DE", languages=["de"], time_zone="Europe/Berlin")

    alpha_story = publish(
        StoryPageFactory(parent=section(alpha, StoryIndexPage), title="Alpha harbour story")
    )
    beta_story = publish(
        StoryPageFactory(parent=section(beta, StoryIndexPage), title="Beta square story")
    )
    alpha_event = publish(
        EventPageFactory(parent=section(alpha, EventIndexPage), title="Alpha language café")
    )
    handbook = publish(HandbookPageFactory(parent=home_page("en")))
    chapter = publish(HandbookChapterPageFactory(parent=handbook, title="Meeting places"))
    draft = StoryPageFactory(
        parent=section(beta, StoryIndexPage), title=DRAFT_TITLE, slug="zephyr", live=False
    )
    draft.save_revision()
    pages = {
        "alpha_story_en": alpha_story,
        "alpha_story_ar": translate(alpha_story, locales["ar"], {alpha_story.title: "قصة ألفا"}),
        "alpha_story_sv": translate(
            alpha_story, locales["sv"], {alpha_story.title: "Alfas berättelse"}
        ),
        "beta_story_en": beta_story,
        "beta_story_ar": translate(beta_story, locales["ar"], {beta_story.title: "قصة بيتا"}),
        "alpha_event_en": alpha_event,
        "chapter_en": chapter,
        "handbook_en": handbook,
        "draft": draft,
        "alpha_stories_en": section(alpha, StoryIndexPage),
        "alpha_stories_ar": section(alpha, StoryIndexPage, "ar"),
        "alpha_events_en": section(alpha, EventIndexPage),
        "beta_stories_en": section(beta, StoryIndexPage),
        "alpha_practices_en": section(alpha, PracticeIndexPage),
        "beta_practices_ar": section(beta, PracticeIndexPage, "ar"),
    }
    speaker = Person.objects.create(name="Speaker to remove", locale=locales["en"])
    edition = publish_edition(
        handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
    )
    Comment.objects.create(
        page=chapter, thread_key=chapter.translation_key, name="Reader", text=FEEDBACK_TEXT
    )
    comments = {
        key: Comment.objects.create(
            page=story,
            thread_key=story.translation_key,
            name="Reader",
            text="Thank you.",
            language="en",
        ).pk
        for key, story in (("alpha", alpha_story), ("beta", beta_story))
    }
    Image.objects.create(
        title="Alpha harbour image", file=get_test_image_file(), collection=alpha.collection
    )
    Image.objects.create(
        title="Beta square image", file=get_test_image_file(), collection=beta.collection
    )
    people = {
        "coordinator": coordinators,
        "editor": alpha.editors,
        "organiser": alpha.organisers,
        "translator": translators,
        "beta_editor": beta.editors,
    }
    users = {}
    for role, group in people.items():
        user = get_user_model().objects.create_user(role, f"{role}@example.org", "pw")
        user.groups.add(group)
        users[role] = user
    return SimpleNamespace(
        pages={key: page.pk for key, page in pages.items()},
        live_revisions={key: page.live_revision_id for key, page in pages.items()},
        collections={"alpha": alpha.collection_id, "beta": beta.collection_id},
        speaker=speaker.pk,
        edition=edition.pk,
        comments=comments,
        locales=locales,
        users=users,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def snapshot():
    """Everything a refused request could have changed."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "title", "draft_title", "live", "latest_revision_id", "live_revision_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "people": list(Person.objects.order_by("pk").values_list("pk", "name", "role")),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "status")),
        "images": list(Image.objects.order_by("pk").values_list("pk", "title", "collection_id")),
        "strings": list(StringTranslation.objects.order_by("pk").values_list("pk", "data")),
        "translations": list(Translation.objects.order_by("pk").values_list("pk", "enabled")),
        "sources": list(
            TranslationSource.objects.order_by("pk").values_list("pk", "last_updated_at")
        ),
    }


# Requests -----------------------------------------------------------------------------------------


def page(world, key):
    return Page.objects.get(pk=world.pages[key]).specific


def story_form(story, title):
    return nested_form_data(
        {
            "title": title,
            "slug": story.slug,
            "teller_name": "",
            "date": story.date.isoformat(),
            "original_language": "en",
            "lead": story.lead,
            "image": "",
            "image_alt": "",
            "body": streamfield([]),
            "listing_summary": "",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
        }
    )


def event_form(event, title):
    zone = event.zone  # the admin takes an event's times in its host city's zone
    return nested_form_data(
        {
            "title": title,
            "slug": event.slug,
            "start": event.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "end": event.end.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "kind": event.kind,
            "status": event.status,
            "attendance": event.attendance,
            "organiser": event.organiser,
            "venue": event.venue or "Town hall",
            "lead": event.lead,
            "body": streamfield([]),
            "agenda": streamfield([]),
            "comments": inline_formset([]),
        }
    )


def chapter_form(chapter, title):
    return nested_form_data(
        {
            "title": title,
            "slug": chapter.slug,
            "introduction": rich_text("<p>Why meeting places matter.</p>"),
            "body": streamfield([]),
            "chapter_practices": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


FORMS = {"storypage": story_form, "eventpage": event_form, "handbookchapterpage": chapter_form}


def form_for(target, title):
    return FORMS[target._meta.model_name](target, title)


def view_edit_form(key):
    def perform(client, world):
        return client.get(reverse("wagtailadmin_pages:edit", args=[world.pages[key]]))

    return perform


def save_draft(key):
    def perform(client, world):
        target = page(world, key)
        url = reverse("wagtailadmin_pages:edit", args=[target.pk])
        return client.post(url, form_for(target, NEW_TITLE))

    return perform


def publish_edit(key):
    def perform(client, world):
        target = page(world, key)
        url = reverse("wagtailadmin_pages:edit", args=[target.pk])
        return client.post(url, {**form_for(target, NEW_TITLE), "action-publish": "publish"})

    return perform


def delete(key):
    def perform(client, world):
        return client.post(reverse("wagtailadmin_pages:delete", args=[world.pages[key]]))

    return perform


def bulk_delete(key):
    def perform(client, world):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        return client.post(f"{url}?id={world.pages[key]}")

    return perform


def add_child(parent_key, model_name):
    app_label = {"storypage": "stories", "eventpage": "events"}.get(model_name, "handbook")

    def perform(client, world):
        parent = page(world, parent_key)
        template = {
            "storypage": StoryPageFactory.build,
            "eventpage": EventPageFactory.build,
            "handbookchapterpage": HandbookChapterPageFactory.build,
        }[model_name](slug="added-by-the-test")
        url = reverse("wagtailadmin_pages:add", args=[app_label, model_name, parent.pk])
        return client.post(url, form_for(template, NEW_TITLE))

    return perform


def title_segment(world, key):
    target = page(world, key)
    translation = Translation.objects.get(
        source__object_id=target.translation_key, target_locale_id=target.locale_id
    )
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    return translation, segment


def edit_title_string(key):
    def perform(client, world):
        translation, segment = title_segment(world, key)
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        return client.put(
            url, urlencode({"value": NEW_TITLE}), content_type="application/x-www-form-urlencoded"
        )

    return perform


def publish_translation(key):
    def perform(client, world):
        url = reverse("wagtailadmin_pages:edit", args=[world.pages[key]])
        return client.post(url, {"action": "publish"})

    return perform


def upload_image(collection):
    def perform(client, world):
        data = {
            "title": NEW_TITLE,
            "file": SimpleUploadedFile(
                "upload.png", get_test_image_file().file.getvalue(), content_type="image/png"
            ),
            "collection": world.collections[collection],
            "tags": "",
        }
        return client.post(reverse("wagtailimages:add"), data)

    return perform


def image_chooser(client, world):
    return client.get(reverse("wagtailimages_chooser:choose"))


def submit_translation(key, code):
    def perform(client, world):
        url = reverse("wagtail_localize:submit_page_translation", args=[world.pages[key]])
        return client.post(url, {"locales": [world.locales[code].pk]})

    return perform


def update_translations(key):
    def perform(client, world):
        source = TranslationSource.objects.get(object_id=page(world, key).translation_key)
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        return client.post(url, {"publish_translations": "on"})

    return perform


def explore(client, world):
    return client.get(reverse("wagtailadmin_explore", args=[world.pages["beta_stories_en"]]))


def admin_search(client, world):
    return client.get(reverse("wagtailadmin_pages:search"), {"q": "Zephyr"})


def view_draft(client, world):
    return client.get(reverse("wagtailadmin_pages:view_draft", args=[world.pages["draft"]]))


def choose_page_browse(client, world):
    url = reverse("wagtailadmin_choose_page_child", args=[world.pages["beta_stories_en"]])
    return client.get(url)


def choose_page_search(client, world):
    return client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Zephyr"})


# Effects: what an allowed request must have done --------------------------------------------------


def shows(text):
    return lambda world, response: text in response.content.decode()


def draft_retitled(key):
    return lambda world, response: page(world, key).draft_title == NEW_TITLE


def published_retitled(key):
    def effect(world, response):
        target = page(world, key)
        return target.title == NEW_TITLE and target.live

    return effect


def deleted(key):
    return lambda world, response: not Page.objects.filter(pk=world.pages[key]).exists()


def added(parent_key):
    return lambda world, response: (
        page(world, parent_key).get_children().filter(title=NEW_TITLE).exists()
    )


def string_saved(key):
    def effect(world, response):
        translation, segment = title_segment(world, key)
        return StringTranslation.objects.filter(
            translation_of_id=segment.string_id,
            locale_id=translation.target_locale_id,
            data=NEW_TITLE,
        ).exists()

    return effect


def republished(key):
    return lambda world, response: page(world, key).live_revision_id != world.live_revisions[key]


def image_uploaded(collection):
    return lambda world, response: Image.objects.filter(
        title=NEW_TITLE, collection_id=world.collections[collection]
    ).exists()


def translated(key, code):
    return lambda world, response: (
        page(world, key).get_translations().filter(locale=world.locales[code]).exists()
    )


# The matrix ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    allowed: bool
    status: int
    note: str = ""
    redirect: str | None = None  # where a refusal sends the user: a key of REDIRECTS

    def __str__(self):
        text = f"{'✅' if self.allowed else '❌'} {self.status}"
        if self.note:
            text += f" {self.note}" if self.note.startswith("→") else f", {self.note}"
        return text


def ok(status=200, note=""):
    return Cell(True, status, note)


def no(status, note, redirect=None):
    return Cell(False, status, note, redirect)


REDIRECTS = {
    "dashboard": lambda world: reverse("wagtailadmin_home"),
    "own tree": lambda world: reverse("wagtailadmin_explore", args=[home_page("ar").pk]),
    "bulk": lambda world: reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]),
}
DONE = ok(302)
DASHBOARD = no(302, "→ dashboard, unchanged", "dashboard")
OWN_TREE = no(302, "→ ar home page, not listed", "own tree")
FORBIDDEN = no(403, "unchanged")
LISTED = ok(200, "listed")
NOT_LISTED = no(200, "not listed")


@dataclass(frozen=True)
class Row:
    key: str
    action: str
    perform: Callable
    effect: Callable  # what the request did, checked where allowed and absent where refused
    cells: dict
    guard: Callable = lambda world: snapshot()  # must be the same after a refusal

    def cell(self, role):
        return self.cells[role]


def cells(coordinator, editor, organiser, translator):
    return dict(zip(ROLES, (coordinator, editor, organiser, translator), strict=True))


def page_rows(key, label, who):
    """Open, save a draft of, publish and delete a page. ``who`` lists, in the order of ROLES,
    None where the role may, or the refusal it meets."""

    def when(cell):
        return cells(*(cell if refusal is None else refusal for refusal in who))

    return [
        Row(f"{key}-view", f"{label}: open the edit form", view_edit_form(key),
            shows('id="page-edit-form"'), when(ok(200))),
        Row(f"{key}-draft", f"{label}: save a draft with a new title", save_draft(key),
            draft_retitled(key), when(DONE)),
        Row(f"{key}-publish", f"{label}: publish with a new title", publish_edit(key),
            published_retitled(key), when(DONE)),
        Row(f"{key}-delete", f"{label}: delete", delete(key), deleted(key), when(DONE)),
    ]  # fmt: skip


def translation_rows(key, label, who):
    """The same for a wagtail-localize translation, whose edit view is the translation editor
    and whose strings are saved through its API (which answers a refusal with 403)."""

    def when(cell, api_refusal=None):
        return cells(*(cell if refusal is None else api_refusal or refusal for refusal in who))

    return [
        Row(f"{key}-view", f"{label}: open the translation editor", view_edit_form(key),
            shows('class="js-translation-editor"'), when(ok(200))),
        Row(f"{key}-string", f"{label}: translate the title in the translation editor",
            edit_title_string(key), string_saved(key), when(ok(200), FORBIDDEN)),
        Row(f"{key}-publish", f"{label}: publish from the translation editor",
            publish_translation(key), republished(key), when(DONE)),
        # ⁴ a translator translates: deleting is for the city's own people
        Row(f"{key}-delete", f"{label}: delete ⁴", delete(key), deleted(key),
            {**when(DONE), "translator": DASHBOARD}),
    ]  # fmt: skip


def add_speaker(client, world):
    url = reverse("wagtailsnippets_events_person:add")
    return client.post(url, {"name": NEW_TITLE, "role": "Interpreter", "organisation": ""})


def speaker_added(world, response):
    return Person.objects.filter(name=NEW_TITLE).exists()


def delete_speaker(client, world):
    url = reverse("wagtailsnippets_events_person:delete", args=[world.speaker])
    return client.post(url)


def speaker_deleted(world, response):
    return not Person.objects.filter(pk=world.speaker).exists()


def approve_comment(city):
    def perform(client, world):
        return client.post(reverse("comments:approve", args=[world.comments[city]]))

    return perform


def comment_approved(city):
    return lambda world, response: Comment.objects.filter(
        pk=world.comments[city], status=Comment.Status.APPROVED
    ).exists()


def participation_report(client, world):
    return client.get(reverse("participation_report:index"))


def translation_overview(code):
    def perform(client, world):
        url = reverse("translation_overview:index")
        return client.get(url, {"locale": code, "state": "missing"})

    return perform


def publish_an_edition(client, world):
    return client.post(reverse("handbook_editions:add"), {"kind": HandbookEdition.Kind.EDITION})


def edition_published(world, response):
    return HandbookEdition.objects.filter(kind=HandbookEdition.Kind.EDITION).exists()


def editions(world):
    return {
        **snapshot(),
        "editions": list(HandbookEdition.objects.order_by("pk").values()),
    }


def consultation_feedback(client, world):
    return client.get(reverse("handbook_editions:feedback", args=[world.edition]))


def images_in(collection):
    return lambda world: list(
        Image.objects.filter(collection_id=world.collections[collection]).values_list("pk")
    )


OWN_CITY = [None, None, DASHBOARD, DASHBOARD]
OWN_EVENTS = [None, None, None, DASHBOARD]
OWN_CITY_IN_AR = [None, None, DASHBOARD, None]
OTHER_CITY_IN_AR = [None, DASHBOARD, DASHBOARD, None]
COORDINATOR_ONLY = [None, DASHBOARD, DASHBOARD, DASHBOARD]

MATRIX = {
    "Their own city (Alpha)": [
        *page_rows("alpha_story_en", "Alpha's story (en)", OWN_CITY),
        *translation_rows("alpha_story_ar", "Alpha's story (ar copy)", OWN_CITY_IN_AR),
        *page_rows("alpha_event_en", "Alpha's event (en)", OWN_EVENTS),
        Row("alpha-section-delete", "Alpha's practices section (en, still empty): delete ⁴",
            delete("alpha_practices_en"), deleted("alpha_practices_en"),
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
        Row("alpha-section-bulk-delete",
            "Alpha's practices section (en, still empty): delete as a bulk action ⁴",
            bulk_delete("alpha_practices_en"), deleted("alpha_practices_en"),
            cells(DONE, DASHBOARD, *[no(302, "skipped (no access), unchanged", "bulk")] * 2)),
        Row("add-alpha-story-en", "add a story to Alpha's stories (en)",
            add_child("alpha_stories_en", "storypage"), added("alpha_stories_en"),
            cells(DONE, DONE, DASHBOARD, DASHBOARD)),
        Row("add-alpha-story-ar", "add a story to Alpha's stories (ar copy)",
            add_child("alpha_stories_ar", "storypage"), added("alpha_stories_ar"),
            cells(DONE, DONE, DASHBOARD, DONE)),
        Row("add-alpha-event-en", "add an event to Alpha's events (en)",
            add_child("alpha_events_en", "eventpage"), added("alpha_events_en"),
            cells(DONE, DONE, DONE, DASHBOARD)),
    ],
    "Another city (Beta)": [
        *page_rows("beta_story_en", "Beta's story (en)", COORDINATOR_ONLY),
        *translation_rows("beta_story_ar", "Beta's story (ar copy)", OTHER_CITY_IN_AR),
        Row("beta-section-delete", "Beta's practices section (ar copy, still empty): delete ⁴",
            delete("beta_practices_ar"), deleted("beta_practices_ar"),
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
        Row("add-beta-story-en", "add a story to Beta's stories (en)",
            add_child("beta_stories_en", "storypage"), added("beta_stories_en"),
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
    ],
    "The coordinator's handbook": [
        *page_rows("chapter_en", "a handbook chapter (en)", COORDINATOR_ONLY),
        Row("add-chapter-en", "add a chapter to the handbook (en)",
            add_child("handbook_en", "handbookchapterpage"), added("handbook_en"),
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
        Row("edition-publish", "publish an edition (pins every live chapter and practice)",
            publish_an_edition, edition_published,
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD), guard=editions),
        Row("edition-feedback", "see the public's feedback on an edition in consultation",
            consultation_feedback, shows(FEEDBACK_TEXT),
            cells(ok(200), DASHBOARD, DASHBOARD, DASHBOARD)),
    ],
    "Images": [
        Row("image-alpha", "upload an image to Alpha's collection", upload_image("alpha"),
            image_uploaded("alpha"), cells(DONE, DONE, DONE, DASHBOARD)),
        Row("image-beta", "upload an image to Beta's collection ¹", upload_image("beta"),
            image_uploaded("beta"),
            cells(DONE, *[no(302, "saved in Alpha's instead, Beta's unchanged")] * 2, DASHBOARD),
            guard=images_in("beta")),
        Row("image-chooser", "see Beta's images in the image chooser", image_chooser,
            shows("Beta square image"), cells(LISTED, NOT_LISTED, NOT_LISTED, LISTED)),
    ],
    "Speakers (shared by the network)": [
        Row("speaker-add", "add a speaker", add_speaker, speaker_added,
            cells(DONE, DONE, DONE, DASHBOARD)),
        Row("speaker-delete", "delete a speaker", delete_speaker, speaker_deleted,
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
    ],
    "Comments (moderation)": [
        Row("comment-alpha", "approve a comment on Alpha's story", approve_comment("alpha"),
            comment_approved("alpha"), cells(DONE, DONE, DASHBOARD, DASHBOARD)),
        Row("comment-beta", "approve a comment on Beta's story", approve_comment("beta"),
            comment_approved("beta"), cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
    ],
    "Reports": [
        Row("participation", "open the participation summary (events held, participants by "
            "country)", participation_report, shows("No event held with a published report"),
            cells(ok(200), DASHBOARD, DASHBOARD, DASHBOARD)),
        Row("translation-overview-ar", "list the pages not yet translated into ar in the "
            "translation overview", translation_overview("ar"), shows("Alpha language café"),
            cells(ok(200), DASHBOARD, DASHBOARD, ok(200))),
        Row("translation-overview-sv", "list the pages not yet translated into sv in the "
            "translation overview", translation_overview("sv"), shows("Beta square story"),
            cells(ok(200), DASHBOARD, DASHBOARD, DASHBOARD)),
    ],
    "Translation (wagtail-localize)": [
        Row("submit-ar", "submit Alpha's event for translation into ar",
            submit_translation("alpha_event_en", "ar"), translated("alpha_event_en", "ar"),
            cells(DONE, DASHBOARD, DASHBOARD, DONE)),
        Row("submit-sv", "submit Alpha's event for translation into sv ²",
            submit_translation("alpha_event_en", "sv"), translated("alpha_event_en", "sv"),
            cells(DONE, DASHBOARD, DASHBOARD, no(200, "sv not offered, unchanged"))),
        Row("sv-string", "Alpha's story (sv copy): translate the title in the translation editor",
            edit_title_string("alpha_story_sv"), string_saved("alpha_story_sv"),
            cells(ok(200), ok(200), FORBIDDEN, FORBIDDEN)),
        Row("update-publish", "update Alpha's story's translations, publishing every locale ²",
            update_translations("alpha_story_en"), republished("alpha_story_sv"),
            cells(DONE, DASHBOARD, DASHBOARD, DASHBOARD)),
    ],
    "Another city's draft (Beta, en)": [
        Row("draft-explorer", "see it in the page explorer (Beta's stories)", explore,
            shows(DRAFT_TITLE), cells(LISTED, NOT_LISTED, NOT_LISTED, OWN_TREE)),
        Row("draft-search", "find it in the admin search", admin_search,
            shows(DRAFT_TITLE), cells(LISTED, NOT_LISTED, NOT_LISTED, NOT_LISTED)),
        Row("draft-preview", "preview it", view_draft, shows(DRAFT_TITLE),
            cells(ok(200), DASHBOARD, DASHBOARD, DASHBOARD)),
        Row("draft-chooser", "see it in the page chooser (Beta's stories) ³", choose_page_browse,
            shows(DRAFT_TITLE), cells(LISTED, NOT_LISTED, NOT_LISTED, NOT_LISTED)),
        Row("draft-chooser-search", "find it in the page chooser's search ³",
            choose_page_search, shows(DRAFT_TITLE),
            cells(LISTED, NOT_LISTED, NOT_LISTED, NOT_LISTED)),
    ],
}  # fmt: skip
ROWS = [row for rows in MATRIX.values() for row in rows]


@pytest.mark.parametrize(
    ("row", "role"),
    [(row, role) for row in ROWS for role in ROLES],
    ids=[f"{row.key}-{role}" for row in ROWS for role in ROLES],
)
def test_matrix(world, client, django_capture_on_commit_callbacks, row, role):
    expected = row.cell(role)
    client.force_login(world.users[role])
    before = row.guard(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = row.perform(client, world)
    assert response.status_code == expected.status
    if expected.redirect:
        assert response["Location"] == REDIRECTS[expected.redirect](world)
    if expected.allowed:
        assert row.effect(world, response)
    else:
        assert not row.effect(world, response)
        assert row.guard(world) == before


def test_an_upload_to_another_collection_lands_in_the_editors_own(world, client):
    client.force_login(world.users["editor"])
    upload_image("beta")(client, world)
    assert image_uploaded("alpha")(world, None)


def test_a_city_editor_still_sees_their_own_citys_drafts_in_the_page_chooser(world, client):
    client.force_login(world.users["beta_editor"])
    assert shows(DRAFT_TITLE)(world, choose_page_browse(client, world))
    assert shows(DRAFT_TITLE)(world, choose_page_search(client, world))


# The documented table -----------------------------------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def markdown_table():
    """The matrix as Markdown: one table per group of rows."""
    header = [
        "| action | " + " | ".join(ROLE_HEADINGS[role] for role in ROLES) + " |",
        "|---" * (len(ROLES) + 1) + "|",
    ]
    parts = []
    for heading, rows in MATRIX.items():
        lines = [f"#### {heading}", "", *header]
        lines += [
            f"| {row.action} | " + " | ".join(str(row.cell(role)) for role in ROLES) + " |"
            for row in rows
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def update_doc():
    """Write the table into docs/permissions.md between its markers."""
    text = DOC.read_text(encoding="utf-8")
    block = f"{START}\n{markdown_table()}\n{END}"
    DOC.write_text(
        re.sub(f"{re.escape(START)}.*{re.escape(END)}", lambda _m: block, text, flags=re.S),
        encoding="utf-8",
    )


def test_the_documented_matrix_is_the_tested_one():
    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(START) + len(START) : text.index(END)].strip()
    assert documented == markdown_table(), "re-generate it: see docs/permissions.md"
