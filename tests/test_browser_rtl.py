"""Arabic in a real browser (Debian's Chromium driven by Playwright): the home page, a story and
an event laid out right to left, mirrored, without horizontal overflow at desktop and phone
widths, and a Swedish name isolated inside the Arabic text.

Full-page screenshots are kept in ``test-artifacts/rtl/<page>-<width>.png`` for a person to look
at. Run with ``pytest -m browser`` (see ``test_browser.py``).
"""

from pathlib import Path

import pytest
from django.conf import settings

from home.models import MainMenu
from home.setup import setup_site
from tests import test_browser
from tests.test_rtl import SWEDISH_NAME, arabic_network

browser = test_browser.browser  # the module-scoped Chromium, shared with test_browser.py

ARTIFACTS = Path(settings.BASE_DIR, "test-artifacts", "rtl")
WIDTHS = [1280, 375]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where a page's layout reaches outside the viewport: the document's scroll width, and every
# visible element beyond either edge (in right to left, overflow goes out on the left), except
# inside a container that scrolls or clips it, and what is off-screen on purpose: text for
# screen readers only, the skip link until focused, the honeypot field for robots.
LAYOUT = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const header = document.querySelector(".site-header");
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const outside = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest(".visually-hidden, .skip-link, .hp")) continue;
    if ((box.left < -1 || box.right > width + 1) && !contained(el)) {
      const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
      outside.push(`${name} ${Math.round(box.left)}…${Math.round(box.right)}`);
    }
  }
  return {
    dir: root.dir,
    lang: root.lang,
    headerDirection: getComputedStyle(header).direction,
    scrollWidth: root.scrollWidth,
    innerWidth: window.innerWidth,
    outside: outside.slice(0, 10),
  };
}"""

# The header's boxes, left to right as the screen shows them.
HEADER = """() => {
  const box = (selector) => document.querySelector(selector).getBoundingClientRect();
  const xs = (selector) => [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect().left);
  return {brand: box(".brand"), languages: box("nav.languages"),
          languageLinks: xs("nav.languages li"), menuLinks: xs("nav.menu li")};
}"""

# The isolation around the first element holding exactly ``name``, and the direction around it.
ISOLATION = """(name) => {
  const el = [...document.querySelectorAll("main *")].find(
    (node) => node.children.length === 0 && node.textContent.trim() === name);
  if (!el) return null;
  const isolate = el.closest("bdi, [dir='ltr'], [dir='auto']");
  return {
    tag: isolate && isolate.tagName.toLowerCase(),
    unicodeBidi: isolate && getComputedStyle(isolate).unicodeBidi,
    direction: isolate && getComputedStyle(isolate).direction,
    around: isolate && getComputedStyle(isolate.parentElement).direction,
  };
}"""
ISOLATED = {"tag": "bdi", "unicodeBidi": "isolate", "direction": "ltr", "around": "rtl"}


@pytest.fixture
def arabic_pages():
    """The Arabic home page, story and event, with the three listings in the Arabic main menu."""
    test_browser.rebuild_roots()
    setup_site()
    network = arabic_network()
    menu = MainMenu.objects.get(locale__language_code="ar")
    menu.items = [
        ("link", {"page": page, "label": ""})
        for page in (network.ar.stories, network.ar.events, network.ar.handbook)
    ]
    menu.save()
    return {"home": "/ar/", "story": network.ar.story.url, "event": network.ar.event.url}


def layout_problems(tab, where):
    layout = tab.evaluate(LAYOUT)
    problems = []
    if (layout["dir"], layout["lang"], layout["headerDirection"]) != ("rtl", "ar", "rtl"):
        problems.append(f"{where}: not right to left: {layout}")
    if layout["scrollWidth"] > layout["innerWidth"]:
        problems.append(
            f"{where}: scrolls sideways ({layout['scrollWidth']}px in {layout['innerWidth']}px)"
        )
    if layout["outside"]:
        problems.append(f"{where}: outside the viewport: {layout['outside']}")
    return problems


def mirroring_problems(tab, where):
    """The site name at the right with the languages to its left, and each list of links in
    the header running from right to left."""
    header = tab.evaluate(HEADER)
    problems = []
    if header["brand"]["left"] < header["languages"]["right"]:
        problems.append(f"{where}: the site name is not right of the languages")
    for links in ("languageLinks", "menuLinks"):
        xs = header[links]
        if len(xs) < 2 or xs != sorted(xs, reverse=True):
            problems.append(f"{where}: {links} do not run right to left: {xs}")
    return problems


def test_arabic_pages_are_mirrored_fit_the_screen_and_isolate_a_swedish_name(
    browser, live_server, arabic_pages
):
    """One test, so the network is built once: the story and the event show Åsa Lindström
    (teller, speaker) inside Arabic text."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ar")
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        try:
            for name, path in arabic_pages.items():
                where = f"{name} at {width}px"
                tab.goto(f"{live_server.url}{path}")
                tab.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
                problems += layout_problems(tab, where)
                if width == 1280:
                    problems += mirroring_problems(tab, where)
                if name != "home":
                    isolation = tab.evaluate(ISOLATION, SWEDISH_NAME)
                    if isolation != ISOLATED:
                        problems.append(f"{where}: {SWEDISH_NAME} is not isolated: {isolation}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)
