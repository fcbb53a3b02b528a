"""With a keyboard alone, in Chromium: the skip link comes first and works, every stop on the
home page shows where focus is and follows the reading order, and a comment can be written
and sent; sent wrong, focus lands on the error summary and each field names its error.

Run with ``pytest -m browser`` (see ``test_browser.py``).
"""

import pytest

from participation.models import Comment
from tests import test_browser
from tests.factories import StoryPageFactory

browser = test_browser.browser  # the module-scoped Chromium, shared with test_browser.py
page = test_browser.page
malmo = test_browser.malmo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What has focus: its description, whether a focus ring shows on it (or on the card around it,
# for a card's link), whether it is on screen, and whether it comes after ``previous`` in the
# document (the reading order).
FOCUSED = """() => {
  const el = document.activeElement;
  const ring = (e) => {
    const style = getComputedStyle(e);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
  };
  let shown = false;
  for (let e = el, depth = 0; e && depth < 4 && !shown; e = e.parentElement, depth++) shown = ring(e);
  const box = el.getBoundingClientRect();
  const after = window.__previous
    ? !!(window.__previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
    : true;
  window.__previous = el;
  return {
    name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + " " + (el.textContent || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40),
    tag: el.tagName.toLowerCase(), id: el.id, className: el.className,
    ring: shown, visible: box.width > 0 && box.height > 0 && box.bottom > 0
        && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
    after,
  };
}"""


def focused(tab):
    return tab.evaluate(FOCUSED)


@pytest.fixture
def story(malmo):
    partner, _editor = malmo
    stories = partner.city_pages.get(locale__language_code="en").get_children().get(slug="stories")
    return StoryPageFactory(parent=stories, title="The language café", slug="language-cafe")


def test_the_skip_link_comes_first_shows_and_moves_focus_to_the_content(page, live_server, story):
    page.goto(f"{live_server.url}/en/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["className"], first
    assert first["ring"] and first["visible"], first

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside, focused(page)


def test_every_stop_on_the_home_page_shows_focus_in_reading_order(page, live_server, story):
    page.emulate_media(reduced_motion="reduce")  # scroll to each stop at once, not smoothly
    page.goto(f"{live_server.url}/en/")
    stops, problems = [], []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["tag"] == "body" or (stops and stop["name"] == stops[0]["name"]):
            break  # focus has left the page, or come round again
        stops.append(stop)
        if not stop["ring"]:
            problems.append(f"no visible focus: {stop['name']}")
        if not stop["visible"]:
            problems.append(f"focused off screen: {stop['name']}")
        if not stop["after"]:
            problems.append(f"out of reading order: {stop['name']}")

    assert len(stops) >= 10, [s["name"] for s in stops]  # header, menu, languages, content
    assert not problems, problems


def tab_to(tab, locator, limit=120):
    """Press Tab until ``locator`` has focus, as a keyboard user would."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_a_comment_is_written_and_sent_with_the_keyboard_alone(page, live_server, story):
    page.goto(f"{live_server.url}{story.url}")

    tab_to(page, page.get_by_label("Your name"))
    page.keyboard.type("Samira")
    tab_to(page, page.get_by_label("Your comment"))
    page.keyboard.type("We met every Thursday.")
    tab_to(page, page.get_by_label("privacy notice"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Send comment"))
    page.keyboard.press("Enter")

    page.wait_for_url("**#comments")
    assert "moderator" in page.locator("#comments").inner_text()
    assert Comment.objects.get().name == "Samira"


def test_a_comment_sent_wrong_puts_focus_on_the_errors_each_tied_to_its_field(
    page, live_server, story
):
    page.goto(f"{live_server.url}{story.url}")
    tab_to(page, page.get_by_role("button", name="Send comment"))
    page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.get_attribute("role") == "alert"
    for name, message in (
        ("name", "Enter your name, or a nickname."),
        ("text", "Write your comment."),
        ("consent", "Tick the box to agree"),
    ):
        field = page.locator(f"#comment-form [name={name}]")
        assert field.get_attribute("aria-invalid") == "true", name
        described = field.get_attribute("aria-describedby").split()
        texts = [page.locator(f"#{id_}").inner_text() for id_ in described]
        assert any(message in text for text in texts), (name, texts)
        assert message in summary.inner_text()
    assert not Comment.objects.exists()

    # From the summary, a link leads to the field it is about.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.error-summary') !== null")
