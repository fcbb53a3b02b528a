"""The translation workflow over HTTP, as a translator lives it: submit a page or snippet to
wagtail-localize, export a PO file for an outside translator and import it back, publish, sync
after the source changes; and what happens when an upload is wrong or the source is gone.

Translators ("Translators: sv") work on pages and on every snippet in their own language
(``partners.wagtail_localize_translator_snippets``)."""

import datetime as dt
import json
import shutil
import subprocess
import uuid

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from events.models import EventIndexPage
from home.models import MainMenu, SiteFooter
from home.translation import translate
from partners import roles
from stories.models import StoryIndexPage
from tests.factories import (
    EventPageFactory,
    PersonFactory,
    StoryPageFactory,
    ThemeFactory,
    home_page,
    person,
)

pytestmark = pytest.mark.django_db

PREFIX = "SV "  # what the "outside translator" puts before every string
PARAGRAPH = "Every <b>Thursday</b> the café opens its doors."
EDITED_PARAGRAPH = "Every <b>Friday</b> the café opens its doors."

STORY_STRINGS = {
    "The harbour café",
    "Neighbours meet over coffee.",
    PARAGRAPH,  # inline markup travels as markup
    "We learnt each other's songs.",
    "Amira",
    "A full café",  # the image block's alt text
    "Thursday evening at the harbour",  # its caption
}
SESSIONS = [
    ("Opening circle", "Introductions in every language.", "Hall A", "English, Swedish"),
    ("Story walk", "A walk along the harbour.", "Meeting point: the ferry", "Swedish"),
]
EVENT_STRINGS = {
    "Harbour forum",
    "A day of dialogue.",
    "Harbour hall",
    *(text for session in SESSIONS for text in session),
}


# Who, what, and the requests they make ----------------------------------------------------------


@pytest.fixture
def swedish():
    return Locale.objects.get(language_code="sv")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def translator(swedish):
    return logged_in(person("tove", roles.ensure_translators(swedish)))


@pytest.fixture
def coordinator(network):
    return logged_in(person("carla", network.coordinators))


def section(network, model):
    return model.objects.child_of(network.alpha.city_pages.get(locale__language_code="en")).get()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def story(network):
    image = Image.objects.create(
        title="Harbour", file=get_test_image_file(), collection=network.alpha.collection
    )
    image_block = {"image": image, "alt_text": "A full café", "decorative": False}
    return publish(
        StoryPageFactory(
            parent=section(network, StoryIndexPage),
            title="The harbour café",
            slug="harbour-cafe",
            lead="Neighbours meet over coffee.",
            body=[
                ("paragraph", f"<p>{PARAGRAPH}</p>"),
                ("quote", {"quote": "We learnt each other's songs.", "attribution": "Amira"}),
                ("image", {"image": image_block, "caption": "Thursday evening at the harbour"}),
            ],
        )
    )


@pytest.fixture
def event(network):
    start = dt.datetime(2027, 5, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    speaker = PersonFactory(name="Sara Lindqvist", role="Coordinator")

    def session(hour, title, description, room, languages):
        return {
            "date": start.date(),
            "start": dt.time(hour),
            "end": dt.time(hour, 45),
            "title": title,
            "description": description,
            "speakers": [speaker],
            "room": room,
            "languages": languages,
            "interpretation": "",
        }

    return publish(
        EventPageFactory(
            parent=section(network, EventIndexPage),
            title="Harbour forum",
            slug="harbour-forum",
            start=start,
            end=start + dt.timedelta(hours=8),
            venue="Harbour hall",
            agenda=[("session", session(9 + n, *s)) for n, s in enumerate(SESSIONS)],
        )
    )


def edit_url(instance) -> str:
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    opts = instance._meta
    return reverse(f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit", args=[instance.pk])


def submit(client, instance, locale) -> Translation:
    """Submit ``instance`` for translation into ``locale``, as "Translate this page" does."""
    if isinstance(instance, Page):
        url = reverse("wagtail_localize:submit_page_translation", args=[instance.pk])
    else:
        opts = instance._meta
        args = [opts.app_label, opts.model_name, instance.pk]
        url = reverse("wagtail_localize:submit_snippet_translation", args=args)
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    forget_messages(client)
    return Translation.objects.get(source__object_id=instance.translation_key, target_locale=locale)


def download(client, translation) -> str:
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    return response.content.decode()


def upload(client, translation, content: str | bytes | None):
    data = {}
    if content is not None:
        content = content.encode() if isinstance(content, str) else content
        data["file"] = SimpleUploadedFile("translation.po", content, "text/x-gettext-translation")
    return client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), data)


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m).strip()) for m in get_messages(response.wsgi_request)]


def forget_messages(client):
    """What the admin page a redirect leads to does: show the messages and clear them."""
    client.cookies.pop("messages", None)


def plain(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


def editor(client, instance) -> dict[str, str | None]:
    """What wagtail-localize's translation editor shows for ``instance``: each source string with
    its translation, None where it has none."""
    response = client.get(edit_url(instance))
    assert response.status_code == 200
    props = json.loads(
        BeautifulSoup(response.content, "html.parser").select_one(".js-translation-editor")[
            "data-props"
        ]
    )
    done = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
    return {s["source"]: done.get(s["id"]) for s in props["segments"] if s["type"] == "string"}


def assert_msgfmt_accepts(content: str, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    path = tmp_path / "download.po"
    path.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def strings_of(translation) -> list[tuple[int, str]]:
    return list(
        StringTranslation.objects.filter(
            context__object_id=translation.source.object_id, locale=translation.target_locale
        )
        .order_by("pk")
        .values_list("pk", "data")
    )


# 1. PO round trip -------------------------------------------------------------------------------


def round_trip(client, page, locale, expected, tmp_path, capture_on_commit):
    """Submit, download, translate every entry, upload, publish in the editor; the live
    translation."""
    translation = submit(client, page, locale)
    content = download(client, translation)
    assert_msgfmt_accepts(content, tmp_path)
    po = polib.pofile(content)
    assert {entry.msgid for entry in po} == expected
    assert not po.translated_entries()

    for entry in po:
        entry.msgstr = PREFIX + entry.msgid
    response = upload(client, translation, str(po))
    assert response.status_code == 302
    assert messages_of(response) == [
        ("success", "Successfully imported translations from PO File.")
    ]
    assert {data for _pk, data in strings_of(translation)} == {PREFIX + s for s in expected}
    again = polib.pofile(download(client, translation))
    assert {e.msgid: e.msgstr for e in again} == {e.msgid: e.msgstr for e in po}

    target = translation.get_target_instance()
    assert editor(client, target) == {text: PREFIX + text for text in expected}
    with capture_on_commit(execute=True):  # wagtail-localize publishes on commit
        response = client.post(edit_url(target), {"action": "publish"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.live
    response = client.get(target.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_story_round_trips_through_a_po_file_with_its_alt_text_and_caption(
    translator, story, swedish, tmp_path, django_capture_on_commit_callbacks
):
    html = round_trip(
        translator, story, swedish, STORY_STRINGS, tmp_path, django_capture_on_commit_callbacks
    )
    main = html.main.get_text()
    for text in STORY_STRINGS - {"A full café"}:
        assert PREFIX + plain(text) in main
    assert html.main.select_one(".prose b").get_text() == "Thursday"
    assert html.main.select_one("figure img")["alt"] == "SV A full café"


def test_an_event_round_trips_through_a_po_file_with_its_agenda(
    translator, event, swedish, tmp_path, django_capture_on_commit_callbacks
):
    html = round_trip(
        translator, event, swedish, EVENT_STRINGS, tmp_path, django_capture_on_commit_callbacks
    )
    sessions = html.select(".session")
    assert [s.select_one(".session__title").get_text() for s in sessions] == [
        PREFIX + title for title, *_rest in SESSIONS
    ]
    for session, texts in zip(sessions, SESSIONS, strict=True):
        for text in texts[1:]:
            assert PREFIX + text in session.get_text()
    # The speaker came along as a Swedish translation of the snippet, for the translator to do.
    assert event.agenda[0].value["speakers"][0].has_translation(swedish)


# 2. Snippets ------------------------------------------------------------------------------------


def citizenship():
    return ThemeFactory(name="Citizenship", description="Taking part in the city's life.")


def speaker():
    return PersonFactory(name="Sara", role="Coordinator", organisation="Malmö stad")


@pytest.mark.parametrize(
    "make, role, strings",
    [
        (citizenship, "coordinator", {"Citizenship", "Taking part in the city's life."}),
        (speaker, "translator", {"Sara", "Coordinator", "Malmö stad"}),
    ],
    ids=["theme", "person"],
)
def test_themes_and_people_are_translated_in_the_translation_editor(
    request, swedish, make, role, strings
):
    client = request.getfixturevalue(role)
    translation = submit(client, make(), swedish)
    assert editor(client, translation.get_target_instance()) == dict.fromkeys(strings)


def test_the_menu_and_footer_are_wagtail_localize_translations_in_every_locale(
    coordinator, swedish
):
    """setup_site translates them with wagtail-localize; a link added to the English menu
    reaches the Swedish one's editor after "Sync translated snippets"."""
    menu = MainMenu.objects.get(locale__language_code="en")
    menu.items = [("link", {"page": home_page(), "label": "Our cities"})]
    menu.save()
    source = TranslationSource.objects.get_for_instance(menu)
    response = coordinator.post(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert response.status_code == 302
    assert editor(coordinator, menu.get_translation(swedish)) == {"Our cities": None}

    footer = SiteFooter.objects.get(locale__language_code="en")
    swedish_footer = footer.get_translation(swedish)
    assert editor(coordinator, swedish_footer) == {
        footer.funding_acknowledgement: swedish_footer.funding_acknowledgement
    }


def test_a_translator_opens_the_swedish_theme_menu_and_footer(translator, swedish):
    snippets = [
        translate(citizenship(), swedish),
        MainMenu.for_locale(swedish),
        SiteFooter.for_locale(swedish),
    ]
    assert [translator.get(edit_url(s)).status_code for s in snippets] == [200, 200, 200]


def test_a_translator_may_not_change_snippets_in_other_languages(translator, swedish):
    theme = citizenship()
    arabic = translate(theme, Locale.objects.get(language_code="ar"))
    person_en = speaker()
    for other in (theme, arabic, person_en, MainMenu.objects.get(locale__language_code="en")):
        response = translator.get(edit_url(other))
        assert response.status_code == 302, other
        assert response["Location"] == reverse("wagtailadmin_home")
    before = theme.name
    translator.post(edit_url(theme), {"name": "Renamed by a translator", "slug": theme.slug})
    theme.refresh_from_db()
    assert theme.name == before


def test_a_translator_submits_snippet_translations_into_their_own_language_only(
    translator, swedish
):
    theme = citizenship()
    url = reverse("wagtail_localize:submit_snippet_translation", args=["home", "theme", theme.pk])
    offered = BeautifulSoup(translator.get(url).content, "html.parser").select(
        "input[name=locales]"
    )
    assert [int(box["value"]) for box in offered] == [swedish.pk]
    arabic = Locale.objects.get(language_code="ar")
    translator.post(url, {"locales": [arabic.pk]})
    assert not theme.has_translation(arabic)


def test_a_translator_cannot_edit_another_languages_strings_in_the_editor(translator, swedish):
    arabic = translate(citizenship(), Locale.objects.get(language_code="ar"))
    translation = Translation.objects.get(
        source__object_id=arabic.translation_key, target_locale=arabic.locale
    )
    segment = translation.source.stringsegment_set.first()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = translator.put(url, "value=Hacked", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 403
    assert not StringTranslation.objects.filter(data="Hacked").exists()


# 3. Bad uploads ---------------------------------------------------------------------------------


def other_translation(po):
    po.metadata["X-WagtailLocalize-TranslationID"] = str(uuid.uuid4())
    return str(po)


def without_header(po):
    del po.metadata["X-WagtailLocalize-TranslationID"]
    return str(po)


def wrong_msgid(po):
    po[0].msgid = "A sentence the source never had"
    return str(po)


BAD_UPLOADS = {
    "not a PO file": (lambda po: "Dear translator,\nhere are my notes.\n", "valid PO file"),
    "binary": (lambda po: bytes(range(256)), "valid PO file"),
    "no file": (lambda po: None, "valid PO file"),
    "other translation": (other_translation, "created for a different translation"),
    "no header": (without_header, "has no X-WagtailLocalize-TranslationID header"),
    "wrong msgid": (
        wrong_msgid,
        "Nothing was imported: 1 entry is not in the source of this translation "
        "(“A sentence the source never had”).",
    ),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_po_upload_is_refused_with_a_message_and_changes_nothing(
    translator, story, swedish, case
):
    translation = submit(translator, story, swedish)
    po = polib.pofile(download(translator, translation))
    for entry in po:
        entry.msgstr = PREFIX + entry.msgid
    po[1].msgstr = ""  # one string already translated, to see that it stays as it was
    good = str(po)
    assert upload(translator, translation, good).status_code == 302
    forget_messages(translator)
    before = strings_of(translation)
    assert len(before) == len(STORY_STRINGS) - 1

    po = polib.pofile(good)
    po[2].msgstr = "Changed in the bad file"
    make, expected = BAD_UPLOADS[case]
    response = upload(translator, translation, make(po))

    assert response.status_code == 302
    [(level, message)] = messages_of(response)
    assert level == "error"
    assert expected in message
    assert strings_of(translation) == before


# 4. Sync after a source edit --------------------------------------------------------------------


def test_after_a_source_edit_and_sync_only_the_changed_paragraph_is_untranslated(
    translator, story, swedish, tmp_path
):
    translate(story, swedish, {text: PREFIX + text for text in STORY_STRINGS})
    target = story.get_translation(swedish)
    body = story.body.get_prep_value()
    body[0]["value"] = f"<p>{EDITED_PARAGRAPH}</p>"  # the same block, as the page editor keeps it
    story.body = body
    publish(story)

    source = TranslationSource.objects.get_for_instance(story)
    response = translator.post(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert response.status_code == 302
    forget_messages(translator)

    unchanged = STORY_STRINGS - {PARAGRAPH}
    assert editor(translator, target) == {
        EDITED_PARAGRAPH: None,
        **{text: PREFIX + text for text in unchanged},
    }
    translation = Translation.objects.get(source=source)
    content = download(translator, translation)
    assert_msgfmt_accepts(content, tmp_path)
    po = polib.pofile(content)
    assert [e.msgid for e in po.untranslated_entries()] == [EDITED_PARAGRAPH]
    assert {e.msgid: e.msgstr for e in po.translated_entries()} == {
        text: PREFIX + text for text in unchanged
    }
    # The old paragraph comes along as an obsolete entry, with its translation for reference.
    assert [(e.msgid, e.msgstr) for e in po.obsolete_entries()] == [(PARAGRAPH, PREFIX + PARAGRAPH)]

    po.untranslated_entries()[0].msgstr = PREFIX + EDITED_PARAGRAPH
    response = upload(translator, translation, str(po))
    assert messages_of(response) == [
        ("success", "Successfully imported translations from PO File.")
    ]
    assert editor(translator, target)[EDITED_PARAGRAPH] == PREFIX + EDITED_PARAGRAPH


# 5. Source deleted ------------------------------------------------------------------------------


def test_a_translation_whose_source_was_deleted_stays_an_ordinary_page(
    translator, coordinator, story, swedish, client
):
    """wagtail-localize removes the translation records with the source (its post_delete
    handler), so the Swedish page is left as an ordinary page: editable, still live."""
    target = translate(story, swedish, {"The harbour café": "Hamncaféet"})
    translation = Translation.objects.get(source__object_id=story.translation_key)
    source_id = translation.source_id

    response = coordinator.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=story.pk).exists()

    response = translator.get(edit_url(target))
    assert response.status_code == 200
    assert b"js-translation-editor" not in response.content  # Wagtail's own editor
    response = client.get(target.url)
    assert response.status_code == 200
    assert "Hamncaféet" in response.content.decode()
    # Links to the old translation (a stale tab, a bookmarked PO download) are not found.
    for url in (
        reverse("wagtail_localize:download_pofile", args=[translation.pk]),
        reverse("wagtail_localize:update_translations", args=[source_id]),
    ):
        assert translator.get(url).status_code == 404
    assert upload(translator, translation, "").status_code == 404
