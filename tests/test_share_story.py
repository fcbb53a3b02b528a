"""Share your story: a resident's form becomes a draft story in the city's review workflow."""

import contextlib
import html
import io
import json
import os
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from PIL import Image as PillowImage
from PIL import ImageCms
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Workflow,
    WorkflowState,
)
from wagtail.users.models import UserProfile

from participation.images import clean_photo
from participation.models import StorySubmission
from participation.protection import sign_start_time
from partners.onboarding import add_partner
from stories.models import StoryIndexPage, StoryPage
from tests.factories import (
    StoriesPageFactory,
    ThemeFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

FORM = "/{lang}/participate/share-your-story/"
ORIGIN = "http://testserver"
GPS_IFD = 0x8825
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
TEXT = (
    "When I came to the city I knew nobody.\n\n"
    "Then the library opened a language café.\nWe met every Tuesday.\n\n"
    "Now I teach Arabic there."
)


@pytest.fixture(scope="module")
def alpha(django_db_setup, django_db_blocker):
    """A partner (city in every locale, review workflow, collection, groups), rolled back
    after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        partner, _created = add_partner(
            "Alpha", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm"
        )
        yield partner
        transaction.set_rollback(True)


@pytest.fixture
def editors(alpha):
    """Two of Alpha's city editors: Erik reads the admin in Swedish, Eva set no language."""

    def editor(username, language=""):
        user = get_user_model().objects.create_user(
            username, email=f"{username}@example.org", password="pw"
        )
        user.groups.add(alpha.editors)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        return user

    return {"erik": editor("erik", "sv"), "eva": editor("eva")}


@pytest.fixture
def themes():
    """A theme in English and its Swedish translation."""
    english = ThemeFactory(name="Belonging", slug="belonging")
    swedish = english.copy_for_translation(Locale.objects.get(language_code="sv"))
    swedish.name = "Tillhörighet"
    swedish.save()
    return {"en": english, "sv": swedish}


def jpeg(size=(60, 30), exif=True) -> bytes:
    """A JPEG as a phone makes it: EXIF with the camera, a GPS position and an orientation,
    a colour profile and a comment."""
    image = PillowImage.new("RGB", size, "teal")
    output = io.BytesIO()
    options = {"comment": b"Taken at Storgatan 12"}
    if exif:
        data = PillowImage.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x0112] = 6  # Orientation: turn 90° clockwise to show
        data.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 36.0, 21.0), 3: "E", 4: (13.0, 0.0, 2.0)})
        options["exif"] = data
        options["icc_profile"] = SRGB_PROFILE
    image.save(output, "JPEG", **options)
    return output.getvalue()


def photo(content=None, name="holiday.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg() if content is None else content, content_type)


def form_data(**changes):
    data = {
        "title": "A café for every language",
        "text": TEXT,
        "language": "sv",
        "city": "alpha",
        "themes": [],
        "name": "Amira",
        "email": "amira@example.org",
        "consent_publication": "on",
        "consent_privacy": "on",
        "started": sign_start_time(),
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, data, lang="sv", origin=ORIGIN, **kwargs):
    headers = {"Origin": origin} if origin else {}
    return client.post(FORM.format(lang=lang), data, headers=headers, **kwargs)


def stored():
    """Everything a submission could leave behind."""
    originals = os.path.join(settings.MEDIA_ROOT, "original_images")
    return {
        "pages": StoryPage.objects.count(),
        "images": get_image_model().objects.count(),
        "submissions": StorySubmission.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "files": sorted(os.listdir(originals)) if os.path.isdir(originals) else [],
    }


def section(partner, code):
    return StoryIndexPage.objects.child_of(partner.city_pages.get(locale__language_code=code)).get()


# A valid submission ----------------------------------------------------------------------------


def test_a_story_sent_in_swedish_becomes_a_draft_in_the_swedish_stories_section_under_review(
    alpha, editors, themes, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            form_data(
                themes=[themes["sv"].pk], photo=photo(), photo_description="Cups on a library table"
            ),
        )

    assert response.status_code == 303
    assert response["Location"] == "/sv/participate/share-your-story/thanks/"
    page = StoryPage.objects.get()
    assert page.get_parent().specific == section(alpha, "sv")
    assert page.locale.language_code == "sv"
    assert not page.live and page.has_unpublished_changes
    assert page.title == "A café for every language"
    assert page.slug == "a-café-for-every-language"
    assert page.lead == "When I came to the city I knew nobody."
    assert [block.block_type for block in page.body] == ["paragraph", "paragraph"]
    assert page.body[0].value.source == (
        "<p>Then the library opened a language café.<br/>We met every Tuesday.</p>"
    )
    assert page.teller_name == "Amira"
    assert page.original_language == "sv"
    assert page.date == timezone.localdate()
    assert list(page.themes.all()) == [themes["sv"]]
    assert page.image_alt == "Cups on a library table"

    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == "in_progress" and state.workflow == alpha.workflow
    assert state.requested_by is None  # the public, not a user
    assert state.current_task_state.task.specific.groups.get() == alpha.editors

    submission = StorySubmission.objects.get(page=page)
    assert submission.email == "amira@example.org"
    assert submission.language == "sv"
    assert submission.consented_at is not None
    for revision in page.revisions.all():
        assert "amira@example.org" not in json.dumps(revision.content)


def test_the_photo_is_kept_in_the_partners_collection_without_its_metadata(alpha, themes, client):
    original = PillowImage.open(io.BytesIO(jpeg()))
    assert original.getexif().get_ifd(GPS_IFD)  # the upload does carry a position

    post(
        client,
        form_data(themes=[themes["sv"].pk], photo=photo(), photo_description="Cups on a table"),
    )

    image = StoryPage.objects.get().image
    assert image.collection == alpha.collection
    assert image.file.name.startswith("original_images/story-")  # not the sender's file name
    assert "holiday" not in image.file.name
    assert (image.width, image.height) == (30, 60)  # turned upright
    renditions = [image.file, image.get_rendition("fill-20x20").file]
    for file in renditions:
        with file.open("rb") as stream:
            stored_image = PillowImage.open(io.BytesIO(stream.read()))
        assert not stored_image.getexif()
        assert not stored_image.getexif().get_ifd(GPS_IFD)
        for key in ("exif", "icc_profile", "comment", "xmp"):
            assert key not in stored_image.info


def test_editors_are_emailed_by_the_workflow_and_the_sender_gets_a_receipt_in_swedish(
    alpha, editors, themes, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data(themes=[themes["sv"].pk]))

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    erik, eva = by_recipient[("erik@example.org",)], by_recipient[("eva@example.org",)]
    # Wagtail's own notification, each in the editor's language; Eva set none and gets the
    # site's default language, not the language of the visitor who sent the story.
    assert erik.subject.startswith("Sidan")
    assert eva.subject.startswith("The page")
    assert "A café for every language" in erik.subject

    receipt = by_recipient[("amira@example.org",)]
    assert receipt.extra_headers["Content-Language"] == "sv"
    assert "A café for every language" in receipt.subject
    with translation.override("sv"):
        swedish_date = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert swedish_date in receipt.body
    assert "Alpha" in receipt.body
    assert len(mail.outbox) == 3


def test_no_receipt_without_an_email_address_and_the_name_can_be_left_out(
    alpha, themes, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data(themes=[themes["sv"].pk], email="", anonymous="on"))

    page = StoryPage.objects.get()
    assert page.teller_name == ""
    assert StorySubmission.objects.get(page=page).email == ""
    assert not [message for message in mail.outbox if message.to == ["amira@example.org"]]


def test_a_story_told_in_arabic_from_the_english_form_goes_to_the_arabic_section(
    alpha, themes, client
):
    response = post(client, form_data(language="ar", themes=[themes["en"].pk]), lang="en")

    assert response.status_code == 303
    assert response["Location"] == "/en/participate/share-your-story/thanks/"
    page = StoryPage.objects.get()
    assert page.get_parent().specific == section(alpha, "ar")
    assert page.original_language == "ar"
    # No Arabic translation of the theme: it keeps the English one (read localized, §3).
    assert list(page.themes.all()) == [themes["en"]]
    assert StorySubmission.objects.get(page=page).language == "en"  # we write in the form's


def test_a_long_first_paragraph_is_shortened_for_the_lead_and_kept_whole_in_the_body(alpha, client):
    first = "word " * 200  # 1,000 characters
    post(client, form_data(text=f"{first}\n\nThe end."))

    page = StoryPage.objects.get()
    assert len(page.lead) <= 600 and page.lead.endswith("…")
    assert [block.value.source for block in page.body] == [
        f"<p>{first.strip()}</p>",
        "<p>The end.</p>",
    ]


def test_a_second_story_with_the_same_title_gets_its_own_slug(alpha, client):
    post(client, form_data())
    post(client, form_data(language="en"))  # another language's copy of the section

    assert sorted(StoryPage.objects.values_list("slug", flat=True)) == [
        "a-café-for-every-language",
        "a-café-for-every-language-2",
    ]


def test_script_and_sql_are_stored_as_text_and_shown_escaped(alpha, client):
    title = "<script>alert(1)</script> Robert'); DROP TABLE wagtailcore_page;--"
    text = "Intro <b>bold</b>\n\n<img src=x onerror=alert(2)> and 1' OR '1'='1"

    assert post(client, form_data(title=title, text=text)).status_code == 303

    page = StoryPage.objects.get()
    assert page.title == title
    assert page.lead == "Intro <b>bold</b>"
    assert page.body[0].value.source == (
        "<p>&lt;img src=x onerror=alert(2)&gt; and 1&#x27; OR &#x27;1&#x27;=&#x27;1</p>"
    )
    page.get_latest_revision().publish()
    html = client.get(page.get_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>bold</b>" not in html and "<img src=x" not in html


# The city's editors take it from there ----------------------------------------------------------


def test_the_city_editor_finds_the_draft_in_their_tasks_edits_and_publishes_it(
    alpha, editors, client, django_capture_on_commit_callbacks
):
    post(client, form_data())
    page = StoryPage.objects.get()
    client.force_login(editors["eva"])

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard and page.title in dashboard
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200

    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(approve, {"comment": ""}).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_a_city_without_a_review_workflow_gets_the_draft_and_an_email_of_our_own(
    client, django_capture_on_commit_callbacks
):
    tree = city_tree(title="Beta", slug="beta")
    translate_tree(tree, "sv")
    editors = Group.objects.create(name="Beta editors")
    GroupPagePermission.objects.create(
        group=editors, page=tree["city"], permission=Permission.objects.get(codename="change_page")
    )
    editor = get_user_model().objects.create_user("bo", email="bo@example.org", password="pw")
    editor.groups.add(editors)
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "sv"})

    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, form_data(city="beta", email="", photo=photo(), photo_description="Cups")
        )

    assert response.status_code == 303
    page = StoryPage.objects.get()
    assert not WorkflowState.objects.exists()
    assert page.image.collection == Collection.get_first_root_node()
    assert [message.to for message in mail.outbox] == [["bo@example.org"]]
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body


# Refused: a clear error, and nothing stored ----------------------------------------------------


def png_bomb() -> bytes:
    """20,000 × 20,000 pixels (400 megapixels) in a few dozen kilobytes."""
    output = io.BytesIO()
    PillowImage.new("1", (20_000, 20_000)).save(output, "PNG")
    return output.getvalue()


BAD_INPUT = {
    "empty form": ({"title": "", "text": "", "city": "", "language": ""}, None, "id_title"),
    "blank text": ({"text": " \n\n \n"}, None, "id_text"),
    "title too long": ({"title": "x" * 121}, None, "id_title"),
    "text too long": ({"text": "x" * 10_001}, None, "id_text"),
    "null byte": ({"text": "Hello\x00world"}, None, "id_text"),
    "control character": ({"title": "Bell\x07"}, None, "id_title"),
    "unknown city": ({"city": "atlantis"}, None, "id_city"),
    "unknown language": ({"language": "xx"}, None, "id_language"),
    "theme of another locale": ({"themes": "en-theme"}, None, "id_themes_0"),
    "theme that is not a number": ({"themes": ["1; DROP TABLE home_theme"]}, None, "id_themes_0"),
    "no consent to publication": ({"consent_publication": None}, None, "id_consent_publication"),
    "no consent to the privacy notice": ({"consent_privacy": None}, None, "id_consent_privacy"),
    "bad email": ({"email": "amira@"}, None, "id_email"),
    "photo without a description": ({}, "jpeg", "id_photo_description"),
    "text file named .jpg": ({}, "text", "id_photo"),
    "truncated JPEG": ({}, "truncated", "id_photo"),
    "decompression bomb": ({}, "bomb", "id_photo"),
    "GIF": ({}, "gif", "id_photo"),
    "no start time": ({"started": ""}, None, "share-story-form"),
    "forged start time": ({"started": "1700000000:forged"}, None, "share-story-form"),
}


def upload(kind):
    if kind is None:
        return {}
    if kind == "jpeg":
        return {"photo": photo()}
    if kind == "text":
        return {"photo": photo(b"I am not a photo, only text.\n", content_type="image/jpeg")}
    if kind == "truncated":
        whole = jpeg(size=(400, 300))
        return {"photo": photo(whole[: len(whole) // 2]), "photo_description": "Half"}
    if kind == "bomb":
        return {"photo": photo(png_bomb(), "bomb.png", "image/png"), "photo_description": "B"}
    if kind == "gif":
        output = io.BytesIO()
        PillowImage.new("RGB", (10, 10)).save(output, "GIF")
        return {"photo": photo(output.getvalue(), "x.gif", "image/gif"), "photo_description": "G"}
    raise ValueError(kind)


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_refused_with_an_error_summary_and_nothing_is_stored(
    alpha, themes, client, case
):
    changes, kind, anchor = BAD_INPUT[case]
    if changes.get("themes") == "en-theme":
        changes = {"themes": [themes["en"].pk]}  # offered on /en/, not on /sv/
    before = stored()

    response = post(
        client, {**form_data(**{"themes": [themes["sv"].pk], **changes}), **upload(kind)}
    )

    assert response.status_code == 400
    assert stored() == before
    summary = BeautifulSoup(response.content, "html.parser").select_one(".error-summary")
    links = [link["href"] for link in summary.select("a")]
    assert f"#{anchor}" in links
    assert BeautifulSoup(response.content, "html.parser").find(id=anchor) is not None


def shown(response) -> str:
    return html.unescape(response.content.decode())


def in_swedish(msgid: str) -> str:
    """The longest literal part of ``msgid`` as the Swedish form says it."""
    with translation.override("sv"):
        text = translation.gettext(msgid)
    return max(re.split(r"%\(\w+\)[sd]", text), key=len).strip()


def test_the_decompression_bomb_is_named_as_such(alpha, client):
    response = post(client, form_data(**upload("bomb")))

    assert in_swedish(
        "The photo is too large in pixels: at most %(megapixels)s megapixels. "
        "Please send a smaller version."
    ) in shown(response)


def test_a_photo_over_the_size_limit_is_refused(alpha, client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    before = stored()

    response = post(client, form_data(photo=photo(jpeg(size=(300, 300))), photo_description="x"))

    assert response.status_code == 400
    assert in_swedish("The photo is %(size)s; it may be at most %(limit)s.") in shown(response)
    assert stored() == before


def test_text_that_was_not_utf8_is_refused(alpha, client):
    body = (
        "title=Caf%E9+au+lait&text=Ett+bra+st%E4lle&language=sv&city=alpha"
        f"&consent_publication=on&consent_privacy=on&started={sign_start_time()}"
    )
    before = stored()

    response = client.post(
        FORM.format(lang="sv"),
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"Origin": ORIGIN},
    )

    assert response.status_code == 400
    assert in_swedish("This contains characters that cannot be shown. Please remove them.") in (
        shown(response)
    )
    assert stored() == before


def test_a_form_sent_too_fast_is_refused(alpha, client, settings):
    settings.PARTICIPATION_MIN_FILL_SECONDS = 5
    before = stored()

    response = post(client, form_data())

    assert response.status_code == 400
    assert stored() == before


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(alpha, client):
    before = stored()

    response = post(client, form_data(website="http://spam.example"))

    assert response.status_code == 303
    assert stored() == before


@pytest.mark.parametrize("origin", [None, "https://evil.example", "null"])
def test_a_post_from_elsewhere_is_forbidden(alpha, client, origin):
    before = stored()

    response = post(client, form_data(), origin=origin)

    assert response.status_code == 403
    assert stored() == before


def test_past_the_rate_limit_the_visitor_gets_the_429_page(alpha, client, settings):
    settings.PARTICIPATION_STORY_RATE = "2/h"
    post(client, form_data(title=""))
    post(client, form_data(title=""))
    before = stored()

    response = post(client, form_data())

    assert response.status_code == 429
    assert "Retry-After" in response
    assert stored() == before


# The form page -------------------------------------------------------------------------------


def test_the_form_page_sets_no_cookie_and_carries_no_csrf_token(alpha, client):
    response = client.get(FORM.format(lang="en"))

    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_form_is_accessible_and_works_right_to_left(alpha, themes, client):
    response = client.get(FORM.format(lang="ar"))
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    form = soup.select_one("form#share-story-form")
    assert form["enctype"] == "multipart/form-data"
    for field in form.select("input:not([type=hidden]), textarea, select"):
        assert form.select_one(f"label[for={field['id']}]"), field["id"]
    assert [legend.get_text(strip=True) for legend in form.select("legend")]
    assert form.select_one("#id_name")["autocomplete"] == "name"
    assert form.select_one("#id_email")["autocomplete"] == "email"
    assert form.select_one("#id_photo")["accept"] == "image/jpeg,image/png,image/webp"
    assert "id_email_helptext" in form.select_one("#id_email")["aria-describedby"]
    assert form.select_one("#id_language option[selected]")["value"] == "ar"
    assert [option["value"] for option in form.select("#id_city option")] == ["", "alpha"]
    # No Arabic translation of the theme: its English original is offered, marked as English.
    theme = form.select_one("input[name=themes]")
    assert theme["value"] == str(themes["en"].pk)
    assert form.select_one(f"label[for={theme['id']}]")["lang"] == "en"
    languages = {link["hreflang"]: link["href"] for link in soup.select(".languages a")}
    assert languages["sv"] == "/sv/participate/share-your-story/"


def test_errors_are_tied_to_their_fields(alpha, client):
    response = post(client, form_data(title="", email="amira@"))
    soup = BeautifulSoup(response.content, "html.parser")

    title = soup.select_one("#id_title")
    assert title["aria-invalid"] == "true"
    assert "id_title_error" in title["aria-describedby"].split()
    assert soup.select_one("#id_title_error") is not None
    assert soup.select_one("#id_email")["value"] == "amira@"  # what was typed is kept


def test_a_link_from_a_city_section_preselects_the_city(alpha, client):
    response = client.get(FORM.format(lang="en") + "?city=alpha")
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.select_one("#id_city option[selected]")["value"] == "alpha"


def test_the_thanks_page_renders_in_every_language(client):
    for code, _name in settings.LANGUAGES:
        response = client.get(f"/{code}/participate/share-your-story/thanks/")
        assert response.status_code == 200
        assert not response.cookies


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_form_is_linked_from_story_listings_and_the_home_page(alpha, client, lang):
    listing = StoriesPageFactory()
    translate_page(listing, "ar")
    form_url = FORM.format(lang=lang)

    for url in [f"/{lang}/", f"/{lang}/stories/", f"/{lang}/alpha/stories/"]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        hrefs = [link["href"] for link in soup.select(".share-story a")]
        assert hrefs and hrefs[0].startswith(form_url), url
    section_link = BeautifulSoup(
        client.get(f"/{lang}/alpha/stories/").content, "html.parser"
    ).select_one(".share-story a")
    assert section_link["href"] == f"{form_url}?city=alpha"


def test_a_failure_half_way_leaves_nothing_behind_not_even_the_photo_file(
    alpha, client, monkeypatch
):
    def broken_start(workflow, page, user):
        raise RuntimeError("the workflow broke")

    monkeypatch.setattr(Workflow, "start", broken_start)
    before = stored()

    with pytest.raises(RuntimeError):
        post(client, form_data(photo=photo(), photo_description="Cups"))

    assert stored() == before


def test_an_email_address_too_long_for_the_database_is_refused(alpha, client):
    before = stored()

    response = post(client, form_data(email=f"{'a' * 250}@example.org"))

    assert response.status_code == 400
    assert stored() == before


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_photos_are_accepted_and_stripped_too(image_format):
    exif = PillowImage.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 36.0, 21.0)})
    output = io.BytesIO()
    PillowImage.new("RGBA", (8, 8), "teal").save(
        output, image_format, exif=exif, icc_profile=SRGB_PROFILE
    )

    cleaned = clean_photo(SimpleUploadedFile("photo", output.getvalue()))

    reopened = PillowImage.open(io.BytesIO(cleaned.content))
    assert reopened.format == image_format and cleaned.extension in ("png", "webp")
    assert not reopened.getexif() and not reopened.getexif().get_ifd(GPS_IFD)
    assert "icc_profile" not in reopened.info and "exif" not in reopened.info


# The database failing half-way ------------------------------------------------------------------


@contextlib.contextmanager
def inserts_failing(model):
    """While open, the database itself refuses rows of ``model`` as if the server were going
    away: PostgreSQL raises ``admin_shutdown`` (57P01, what a restart sends) from a trigger;
    SQLite no longer finds the table."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION cid_going_away() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'terminating connection' USING ERRCODE = '57P01'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER cid_going_away BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION cid_going_away()"
            )
            undo = [f"DROP TRIGGER cid_going_away ON {table}", "DROP FUNCTION cid_going_away"]
        else:
            cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
            undo = [f"ALTER TABLE {table}_away RENAME TO {table}"]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in undo:
                cursor.execute(statement)


def everything_stored() -> dict:
    return stored() | {
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
    }


def test_a_database_failure_after_the_page_is_written_leaves_nothing_and_answers_503(
    alpha, themes, client
):
    """The page, its revision, its log entry and its photo are written before the sender's
    details; the database fails at those: everything goes, and the sender is told to send again."""
    before = everything_stored()
    client.raise_request_exception = False
    with inserts_failing(StorySubmission):
        response = post(client, form_data(photo=photo(), photo_description="Cups"))

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "har den inte sparats" in shown(response)  # Swedish: "it has not been saved"
    assert everything_stored() == before
    assert not mail.outbox

    # Sent again once the database is back: stored whole.
    assert post(client, form_data(photo=photo(), photo_description="Cups")).status_code == 303
    assert everything_stored()["submissions"] == before["submissions"] + 1
