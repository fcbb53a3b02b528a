"""In a real browser (Debian's Chromium driven by Playwright): one comment and one story, from the
public form to the city editor's approval in the admin to the published page.

Run with ``pytest -m browser``; ``.ci/run`` runs them once, on PostgreSQL, with
``REQUIRE_BROWSER=1`` so that a missing Chromium fails instead of skipping.
"""

import io
import os
import re

import pytest
from django.contrib.auth import get_user_model
from PIL import Image as PillowImage

from home.setup import setup_site
from participation.models import Comment
from partners.onboarding import add_partner
from stories.models import StoryPage
from tests.factories import StoryPageFactory, rebuild_roots

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a long browser test password"

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; each test's flush also empties what the migrations
    # made (root page, root collection, locales), so ``rebuild_roots`` makes them again.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("Debian's chromium is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def malmo():
    rebuild_roots()
    setup_site()
    partner, _created = add_partner(
        "Malmö", country="SE", languages=["sv", "en"], time_zone="Europe/Stockholm", slug="malmo"
    )
    editor = get_user_model().objects.create_user(
        "malmo-editor", "editor@example.org", PASSWORD, first_name="Maja"
    )
    editor.groups.add(partner.editors)
    return partner, editor


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_a_comment_is_written_moderated_and_published(page, live_server, malmo):
    partner, _editor = malmo
    stories = partner.city_pages.get(locale__language_code="en").get_children().get(slug="stories")
    story = StoryPageFactory(parent=stories, title="The language café", slug="language-cafe")
    url = f"{live_server.url}/en/malmo/stories/language-cafe/"

    page.goto(url)
    page.get_by_role("textbox", name="Your name (required)", exact=True).fill("Samira")
    page.get_by_role("textbox", name="Your comment (required)", exact=True).fill(
        "We met every Thursday.\nThank you!"
    )
    page.get_by_label("privacy notice").check()
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_url("**#comments")
    assert "moderator" in page.locator("#comments").inner_text()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.page_id == story.pk
    assert "We met every Thursday." not in page.locator("#comments").inner_text()

    log_in(page, live_server, "malmo-editor")
    page.get_by_role("link", name=re.compile(r"^Comments \(1\)")).click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_role("status").or_(page.locator(".messages")).first.wait_for()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    page.goto(url)
    published = page.locator("#comments").inner_text()
    assert "We met every Thursday." in published and "Samira" in published


def jpeg_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 480), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_story_is_sent_reviewed_and_published(page, live_server, malmo):
    page.goto(f"{live_server.url}/en/")  # the English form, a story written in Swedish
    page.get_by_role("link", name="Share your story").first.click()
    page.get_by_label("Language of your story").select_option("sv")
    page.get_by_label("Title of your story").fill("Min första vinter")
    page.get_by_role("textbox", name="Your story (required)", exact=True).fill(
        "Det var mörkt.\n\nMen biblioteket var varmt."
    )
    page.get_by_role("combobox", name="City (required)", exact=True).select_option(label="Malmö")
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "winter.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_label("What the photo shows").fill("Snow on the library steps")
    page.get_by_label("Your name as it should appear").fill("Amal")
    page.get_by_label("may be published").check()
    page.get_by_label("privacy notice").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/share-your-story/thanks/")

    story = StoryPage.objects.get(title="Min första vinter")
    assert not story.live
    assert story.locale.language_code == "sv"

    log_in(page, live_server, "malmo-editor")
    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))  # back in the explorer
    story.refresh_from_db()
    assert story.live

    page.goto(f"{live_server.url}/sv/malmo/{story.get_parent().slug}/{story.slug}/")
    assert "Men biblioteket var varmt." in page.locator("main").inner_text()
    assert page.locator("main img").first.get_attribute("alt") == "Snow on the library steps"
