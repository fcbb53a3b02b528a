"""Cross-site scripting: every payload of ``tests/xss_payloads.py`` is posted into every public
form, published the way moderators publish, and then looked for as markup wherever it can come
back: the public pages, the admin, the emails, the feeds, the calendars, the API, the search
and the handbook's PDF. Whatever is refused is refused with the form again (400), which echoes
what was sent: those pages are checked too.

The payloads go through each form in one batch, so a failure names every payload and every
place it came back from at once."""

import io
import json
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from lxml import etree
from PIL import Image as PillowImage
from pypdf import PdfReader
from wagtail.models import Page

from events.models import EventIndexPage
from handbook.editions import publish_edition
from handbook.models import HandbookEdition
from participation import story_forms
from participation.models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH, Comment, StorySubmission
from participation.protection import sign_start_time
from partners import roles
from stories.models import StoryIndexPage, StoryPage
from tests.factories import (
    EventPageFactory,
    EventReportPageFactory,
    EventsPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    build_handbook,
    person,
)
from tests.xss_payloads import PAYLOADS, REFUSED, batches, markup_from_payloads

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Origin": "http://testserver"}
FOREIGN_ORIGIN = {"Origin": "https://attacker.example"}
READER_EMAIL = "reader@example.org"


def one_line(text: str) -> str:
    return " ".join(text.split())


def jpeg() -> bytes:
    output = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "teal").save(output, "JPEG")
    return output.getvalue()


@pytest.fixture(scope="module")
def world(network, django_db_blocker):
    """The network's partner Alpha with a story and an event report, a handbook whose edition
    is open for consultation, Alpha's editor and a coordinator (both receive emails)."""
    with django_db_blocker.unblock():
        StoriesPageFactory()
        EventsPageFactory()
        city = network.alpha.city_pages.get(locale__language_code="en")
        story = StoryPageFactory(
            parent=StoryIndexPage.objects.child_of(city).get(), title="Harbour", slug="harbour"
        )
        event = EventPageFactory(
            parent=EventIndexPage.objects.child_of(city).get(), title="Dialogue day"
        )
        report = EventReportPageFactory(parent=event)
        handbook = build_handbook(chapters=1, practices_per_chapter=1, themes=0)
        edition = publish_edition(
            handbook.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
        )
        return SimpleNamespace(
            alpha=network.alpha,
            story=story,
            event=event,
            report=report,
            handbook=handbook.handbook,
            chapter=handbook.chapters[0],
            edition=edition,
            editor=person("astrid", network.alpha.editors),
            coordinator=person("carla", roles.ensure_coordinators()),
        )


@pytest.fixture(autouse=True)
def _no_limits(settings):
    for name in ("COMMENT", "STORY", "REPORT"):
        setattr(settings, f"PARTICIPATION_{name}_RATE", "100000/m")


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.coordinator)
    return client


class Findings:
    """Where payload markup came back; the test fails once, listing all of it."""

    def __init__(self):
        self.found = []
        self.checked = 0

    def html(self, where: str, html: str | bytes):
        if isinstance(html, bytes):
            html = html.decode()
        self.checked += 1
        for problem in markup_from_payloads(html):
            self.found.append(f"{where}: {problem}")

    def response(self, where: str, response):
        assert response.status_code < 500, f"{where}: {response.status_code}"
        content_type = response.get("Content-Type", "")
        assert content_type.startswith("text/html"), f"{where}: {content_type}"
        self.html(where, response.content)

    def feed(self, where: str, response):
        """A feed must stay well-formed XML; what it carries as HTML is checked as HTML."""
        assert response.status_code == 200, where
        root = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False))
        self.checked += 1
        for element in root.iter():
            tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if tag in {"script", "iframe", "img", "svg"}:
                self.found.append(f"{where}: <{tag}> in the XML")
            if element.text and (element.get("type") == "html" or tag == "description"):
                self.html(f"{where} <{tag}>", element.text)
        return one_line(" ".join(root.itertext()))

    def emails(self, where: str, messages):
        for message in messages:
            assert "\n" not in message.subject and "\r" not in message.subject
            self.checked += 1
            content_type = getattr(message, "content_subtype", "plain")
            assert content_type == "plain", f"{where}: a {content_type} body"
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    self.html(f"{where}: HTML part of “{message.subject}”", content)

    def shown_as_text(self, where: str, sent: list[str], shown: str):
        """What was sent must be on the page as the words typed (so it was not dropped, nor
        read as markup or a template)."""
        for text in sent:
            if one_line(text) not in shown:
                self.found.append(f"{where}: not shown as typed: {text[:60]!r}")

    def assert_clean(self):
        assert self.checked, "nothing was checked"
        assert not self.found, "\n".join(dict.fromkeys(self.found))


def comment_data(payload, **changes):
    data = {
        "name": payload,
        "email": READER_EMAIL,
        "text": payload,
        "consent": "on",
        "website": "",
        "started": sign_start_time(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def comment_url(page):
    with translation.override("en"):
        return reverse("participation:comment", args=[page.pk])


def approve_in_admin(admin_client, comments):
    for comment in comments:
        response = admin_client.post(reverse("comments:approve", args=[comment.pk]))
        assert response.status_code == 302, response.content[:300]


# The check itself ------------------------------------------------------------------------------

UNESCAPED = {
    "<p>{}</p>": set(PAYLOADS)
    - {"javascript-url", "attribute-breakout", "unquoted-breakout", "url-with-quotes"}
    - {"comment", "pre-escaped", "template-django", "template-js", "full-width"},
    '<input value="{}">': {"attribute-breakout", "double-quote-breakout", "url-with-quotes"},
    "<input value='{}'>": {"single-quote-breakout"},
    "<input value={}>": {"unquoted-breakout"},
    '<a href="{}">': {"javascript-url"},
}


def test_the_check_finds_each_payload_left_unescaped():
    for template, keys in UNESCAPED.items():
        for key in keys:
            assert markup_from_payloads(template.format(PAYLOADS[key])), (template, key)


# Cross-site posts ------------------------------------------------------------------------------


def test_every_public_form_refuses_a_post_from_another_site(world, client):
    shown = Comment.objects.create(
        page=world.story,
        thread_key=world.story.translation_key,
        name="Reader",
        text="Hello",
        language="en",
        status=Comment.Status.APPROVED,
    )
    with translation.override("en"):
        story_form = reverse("participation:share_story")
        report = reverse("participation:report_comment", args=[shown.pk])
    posts = {
        "comment on a story": (comment_url(world.story), comment_data("Hi")),
        "comment on a chapter": (comment_url(world.chapter), comment_data("Hi")),
        "comment on a report": (comment_url(world.report), comment_data("Hi")),
        "reply": (comment_url(world.story), comment_data("Hi", reply_to=shown.pk)),
        "report": (report, {"page": world.story.pk}),
        "share your story": (story_form, {"title": "Hi", "text": "Hi", "city": "alpha"}),
    }
    for headers in (FOREIGN_ORIGIN, {"Origin": "null"}, {"Referer": "https://attacker.example/"}):
        for name, (url, data) in posts.items():
            response = client.post(url, data, headers=headers)
            assert response.status_code == 403, name
            assert "attacker" not in response.content.decode()
    shown.refresh_from_db()
    assert (Comment.objects.count(), shown.status, shown.reports) == (1, "approved", 0)
    assert not StorySubmission.objects.exists()


# Comments and replies ------------------------------------------------------------------------


def post_comments(client, page, parent, findings, where):
    """Every payload, as name and text: those refused one by one (the form comes back with
    them), the others packed into as few comments as they fit in. Returns the comments."""
    reply_to = parent.pk if parent else None
    url = comment_url(page)
    for key in sorted(REFUSED):
        data = comment_data(PAYLOADS[key], reply_to=reply_to)
        response = client.post(url, data, headers=SAME_ORIGIN)
        assert response.status_code == 400, key
        findings.response(f"{where} form refusing {key}", response)
    everything = " ".join(batches(COMMENT_MAX_LENGTH))
    data = comment_data(everything, consent=None, reply_to=reply_to)  # no consent: refused
    response = client.post(url, data, headers=SAME_ORIGIN)
    assert response.status_code == 400
    findings.response(f"{where} form without consent", response)
    assert everything in BeautifulSoup(response.content, "html.parser").get_text()

    for payload in batches(NAME_MAX_LENGTH):
        data = comment_data(payload, reply_to=reply_to)
        response = client.post(url, data, headers=SAME_ORIGIN)
        assert response.status_code == 303, (payload, response.status_code)
    exclude = [parent.pk] if parent else []
    return list(Comment.objects.filter(page=page).exclude(pk__in=exclude).order_by("pk"))


@pytest.mark.parametrize("kind", ["story", "chapter", "report"])
def test_comments_never_come_back_as_markup(world, client, admin_client, kind):
    page = getattr(world, kind)
    findings = Findings()
    parent = None
    if kind == "story":  # here every payload is a reply
        parent = Comment.objects.create(
            page=page,
            thread_key=page.translation_key,
            name="First",
            text="First!",
            language="en",
            status=Comment.Status.APPROVED,
        )
    sent = post_comments(client, page, parent, findings, kind)
    assert [c.text for c in sent] == [text.strip() for text in batches(NAME_MAX_LENGTH)]
    findings.emails(f"{kind}: emails to moderators", mail.outbox)
    assert bool(mail.outbox) == (kind != "chapter")  # coordinators are not emailed

    queue = reverse("comments:index")
    findings.response("queue", admin_client.get(queue))
    findings.response("queue, searched", admin_client.get(queue, {"q": "script"}))
    erase = reverse("privacy:erase")
    findings.response("erase, found", admin_client.post(erase, {"email": READER_EMAIL}))
    if kind == "chapter":
        feedback = reverse("handbook_editions:feedback", args=[world.edition.pk])
        findings.response("consultation feedback", admin_client.get(feedback))

    mail.outbox.clear()
    approve_in_admin(admin_client, sent)
    findings.emails(f"{kind}: emails to authors", mail.outbox)
    assert len(mail.outbox) == len(sent)
    for message, comment in zip(mail.outbox, sent, strict=True):  # plain text: as written
        assert comment.text in message.body

    findings.response("queue, published", admin_client.get(queue, {"status": "approved"}))
    for comment in sent:
        findings.response(
            f"moderation form of {comment.text[:30]!r}",
            admin_client.get(reverse("comments:edit", args=[comment.pk])),
        )
        findings.response(
            f"reply form to {comment.text[:30]!r}",
            client.get(comment_url(page), {"reply_to": comment.pk}),
        )
    response = client.get(page.get_url())
    findings.response(f"{kind} page", response)
    shown = one_line(BeautifulSoup(response.content, "html.parser").get_text(" "))
    for comment in sent:  # shown, as text
        findings.shown_as_text(f"{kind} page", [comment.text, comment.name], shown)

    mail.outbox.clear()
    for comment in sent:  # "report this comment", with a payload for the page it was sent from
        with translation.override("en"):
            report = reverse("participation:report_comment", args=[comment.pk])
        response = client.post(report, {"page": comment.text}, headers=SAME_ORIGIN)
        assert response.status_code == 303
    findings.response("after reporting", client.get(response["Location"]))
    assert Comment.objects.filter(pk__in=[c.pk for c in sent], reports=1).count() == len(sent)
    findings.emails(f"{kind}: reports to moderators", mail.outbox)
    assert bool(mail.outbox) == (kind != "chapter")
    findings.response("queue, reported", admin_client.get(queue, {"status": "pending"}))

    if kind == "report":  # nothing the public writes reaches a calendar
        for path in (f"{world.event.get_url()}ics/", "/en/alpha/events/calendar/"):
            calendar = client.get(path)
            assert calendar.status_code == 200, path
            assert b"alert(" not in calendar.content and b"xss" not in calendar.content
    if kind == "chapter":  # nor the handbook's PDF: editions copy no comments
        approve_in_admin(admin_client, sent)
        response = client.get(f"{world.handbook.url}editions/{world.edition.slug}/1/pdf/")
        assert response["Content-Type"] == "application/pdf"
        pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        text = "".join(page.extract_text() for page in pdf.pages)
        assert world.chapter.title in text
        assert "alert(" not in text and "xss" not in text
    findings.assert_clean()


# Share your story ------------------------------------------------------------------------------


def story_data(payload, **changes):
    data = {
        "title": payload,
        "text": f"{payload}\n\nMore: {payload}",
        "language": "en",
        "city": "alpha",
        "photo_description": payload,
        "name": payload,
        "email": READER_EMAIL,
        "consent_publication": "on",
        "consent_privacy": "on",
        "started": sign_start_time(),
        "website": "",
    }
    data.update(changes)
    return data


def test_the_story_form_echoes_every_field_as_text(world, client):
    """Every field wrong at once, choices included: the form comes back with all of it."""
    findings = Findings()
    with translation.override("en"):
        url = reverse("participation:share_story")
    for key, payload in PAYLOADS.items():
        data = story_data(payload, language=payload, city=payload, themes=[payload], email=payload)
        response = client.post(url, data, headers=SAME_ORIGIN)
        assert response.status_code == 400, key
        findings.response(f"story form refusing {key}", response)
    findings.response(
        "story form, ?city=", client.get(url, {"city": PAYLOADS["attribute-breakout"]})
    )
    assert not StorySubmission.objects.exists()
    findings.assert_clean()


def api_html_fields(item) -> list[str]:
    """The parts of an API item that are HTML: the story's rich-text paragraphs."""
    return [block["value"] for block in item.get("body", []) if block["type"] == "paragraph"]


def shared_stories():
    """Every payload in every field of the story form, packed into as few stories as fit."""
    titles = batches(story_forms.TITLE_MAX_LENGTH)
    names = batches(story_forms.NAME_MAX_LENGTH)
    descriptions = batches(story_forms.ALT_MAX_LENGTH)
    text = "\n\n".join(batches(story_forms.TEXT_MAX_LENGTH // 2))
    for number in range(max(len(titles), len(names), len(descriptions))):
        yield story_data(
            titles[number % len(titles)],
            text=f"{titles[number % len(titles)]}\n\n{text}",
            name=names[number % len(names)],
            photo_description=descriptions[number % len(descriptions)],
            photo=SimpleUploadedFile("photo.jpg", jpeg(), "image/jpeg"),
        )


def test_shared_stories_never_come_back_as_markup(
    world, client, admin_client, django_capture_on_commit_callbacks
):
    findings = Findings()
    editor = Client()
    editor.force_login(world.editor)
    with translation.override("en"):
        url = reverse("participation:share_story")
    for key in sorted(REFUSED):
        response = client.post(url, story_data(PAYLOADS[key]), headers=SAME_ORIGIN)
        assert response.status_code == 400, key
        findings.response(f"story form refusing {key}", response)
    for data in shared_stories():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data, headers=SAME_ORIGIN)
        assert response.status_code == 303, (data["title"], response.status_code)
    stories = list(StoryPage.objects.exclude(pk=world.story.pk).order_by("pk"))
    assert len(stories) == len(list(shared_stories()))
    findings.emails("workflow emails and receipts", mail.outbox)
    assert mail.outbox

    # The city's editor finds them, reads them and publishes them.
    section = stories[0].get_parent()
    for path in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[section.pk]),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailimages:index"),
    ):
        findings.response(f"admin {path}", editor.get(path))
    mail.outbox.clear()
    for story in stories:
        where = f"{story.title[:30]!r}"
        edit = editor.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
        findings.response(f"editing {where}", edit)
        withdraw = editor.get(reverse("privacy:withdraw", args=[story.pk]))
        findings.response(f"withdrawing {where}", withdraw)
        task = Page.objects.get(pk=story.pk).current_workflow_task_state
        approve = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert editor.post(approve, {"comment": ""}).status_code == 302
        history = editor.get(reverse("wagtailadmin_pages:history", args=[story.pk]))
        findings.response(f"history of {where}", history)
    findings.emails("publication emails", mail.outbox)

    # Published: the pages, listings, feeds, API and search.
    for story in stories:
        story.refresh_from_db()
        assert story.live
        response = client.get(story.get_url())
        findings.response(f"story {story.title[:30]!r}", response)
        page = BeautifulSoup(response.content, "html.parser")
        shown = one_line(page.get_text(" "))  # every field, shown as text
        findings.shown_as_text("story page", [story.title, story.teller_name], shown)
        assert story.image_alt in [image.get("alt") for image in page.find_all("img")]
    for path in ("/en/", "/en/stories/", "/en/alpha/", "/en/alpha/stories/", "/en/stories/?page=2"):
        findings.response(path, client.get(path))
    for path in ("/en/stories/feed/", "/en/alpha/stories/feed/"):
        feed = findings.feed(path, client.get(path))
        findings.shown_as_text(path, [story.title for story in stories], feed)
    for query in ("alert", "script", "xss"):  # the words found are marked in each result
        response = client.get("/en/search/", {"q": query})
        findings.response(f"search {query}", response)
        results = BeautifulSoup(response.content, "html.parser").select(".card__title")
        assert results, query

    listing = client.get("/api/v2/stories/", {"fields": "*", "limit": 50})
    assert listing["Content-Type"] == "application/json"
    items = listing.json()["items"]
    assert len(items) == len(stories) + 1
    for item in items:
        detail = client.get(f"/api/v2/stories/{item['id']}/")
        assert detail["Content-Type"] == "application/json"
        for html in api_html_fields(detail.json()):
            findings.html(f"API story {item['id']} body", html)
    as_html = client.get("/api/v2/stories/", HTTP_ACCEPT="text/html")  # no browsable API
    assert as_html["Content-Type"] == "application/json"
    images = client.get("/api/v2/images/", {"fields": "*"})
    assert images["Content-Type"] == "application/json"
    assert json.loads(images.content)["meta"]["total_count"] == len(stories)
    findings.assert_clean()


# The search box -------------------------------------------------------------------------------


def test_the_search_box_shows_what_was_asked_as_text(world, client):
    findings = Findings()
    for key, payload in PAYLOADS.items():
        for language in ("en", "ar"):
            response = client.get(
                f"/{language}/search/",
                {"q": payload, "type": payload, "city": payload, "theme": payload},
            )
            findings.response(f"search for {key} in {language}", response)
    findings.assert_clean()
