"""Accessibility rules enforced in the editor: link text that says where it goes (in every
language of the network), a transcript or captions for every video, and Wagtail's
accessibility checker run with the rules for what editors write."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.blocks import BodyBlock, VideoBlock
from home.content_rules import vague_link_texts
from tests.factories import PracticePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def link(text):
    return f'<p>See <a href="https://example.org/programme">{text}</a> for the times.</p>'


@pytest.mark.parametrize(
    "text",
    [
        "Click here",
        "click here!",
        "Read more…",
        "HERE",
        "Klicka här",  # sv
        "Läs mer",
        "hier klicken",  # de
        "clicca qui",  # it
        "Leer más",  # es
        "Κάντε κλικ εδώ",  # el
        "Czytaj więcej",  # pl
        "انقر هنا",  # ar
        "اقرأ المزيد",
    ],
)
def test_vague_link_texts_are_found_in_every_language(text):
    assert vague_link_texts(link(text)) == [text]


@pytest.mark.parametrize(
    "html",
    [
        link("the programme of the Malmö conference"),
        link("Here and there: a story from Gdańsk"),
        "<p>Click here is what we never write.</p>",  # not a link
        "",
    ],
)
def test_link_texts_that_say_where_they_go_pass(html):
    assert vague_link_texts(html) == []


def test_a_body_paragraph_with_click_here_is_refused():
    body = BodyBlock()
    value = body.to_python([{"type": "paragraph", "value": link("click here")}])
    with pytest.raises(ValidationError):
        body.clean(value)
    body.clean(body.to_python([{"type": "paragraph", "value": link("the programme")}]))


def test_a_rich_text_field_with_read_more_is_refused_and_named():
    practice = PracticePageFactory()
    practice.results = link("Read more")
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    message = " ".join(error.value.message_dict["results"])
    assert "“Read more”" in message


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def edit_standard_page(client, page, body_html):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "",
            "body": streamfield([("paragraph", rich_text(body_html))]),
        }
    )
    return client.post(url, data)


def test_the_editor_refuses_a_vague_link_and_saves_nothing(editor):
    page = StandardPageFactory(title="About", slug="about-us")
    revisions = page.revisions.count()

    response = edit_standard_page(editor, page, link("click here"))

    assert response.status_code == 200  # the form again, with the error
    assert "Link text must say where the link goes" in response.content.decode()
    assert page.revisions.count() == revisions

    response = edit_standard_page(editor, page, link("the conference programme"))
    assert response.status_code == 302
    assert page.revisions.count() == revisions + 1


def video(transcript="", has_captions=False):
    block = VideoBlock()
    return block, block.to_python(
        {
            "video": YOUTUBE,
            "title": "Opening",
            "transcript": transcript,
            "has_captions": has_captions,
        }
    )


def test_a_video_needs_a_transcript_or_captions():
    block, value = video()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "transcript" in error.value.block_errors

    block.clean(video(transcript="Welcome, everyone.")[1])
    block.clean(video(has_captions=True)[1])


def test_a_video_without_either_is_refused_in_a_page_body():
    body = BodyBlock()
    value = body.to_python(
        [
            {
                "type": "video",
                "value": {"video": YOUTUBE, "title": "Opening", "transcript": ""},
            }
        ]
    )
    with pytest.raises(ValidationError):
        body.clean(value)


def test_the_editors_accessibility_checker_runs_the_rules_for_content(editor):
    page = StandardPageFactory(title="About", slug="about-us")

    response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    content = response.content.decode()
    for rule in ("image-alt", "video-caption", "link-in-text-block", "heading-order"):
        assert f'"{rule}"' in content, rule
    assert Page.objects.filter(pk=page.pk).exists()
