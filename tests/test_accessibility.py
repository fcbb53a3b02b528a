"""WCAG 2.1 AA in a real browser: axe-core (from npm, injected into the page) on every public
page type of the demo site, in English and Arabic, at desktop and phone widths; reflow at 320 px
and at 200 % zoom without sideways scrolling; no motion for readers who ask for none; and the
same pages, with the two public forms sent back with errors, through the Nu Html Checker
(vnu-jar from npm, run with the machine's Java) with no errors.

One test, so that the demo is seeded once (a transactional test empties the database after
it). The checker will not fetch localhost, so the pages are rendered with the test client and
saved in ``test-artifacts/html/``; a page with an axe or layout problem is kept as a screenshot
in ``test-artifacts/a11y/``. Keyboard use is tested in ``test_keyboard.py``. Run with
``pytest -m browser`` after ``make browser-tools``.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command

from events.models import EventPage, EventReportPage
from handbook.models import HandbookChapterPage, PracticePage
from home.models import CityPage, StandardPage
from stories.models import StoryPage
from tests import test_browser
from tests.budget import uncached

browser = test_browser.browser  # the module-scoped Chromium, shared with test_browser.py

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
ARTIFACTS = Path(settings.BASE_DIR, "test-artifacts", "a11y")
VNU = Path(settings.BASE_DIR, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
SAVED = Path(settings.BASE_DIR, "test-artifacts", "html")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "ar"]
WIDTHS = {"desktop": 1280, "phone": 375}
# Reflow (WCAG 1.4.10): content fits 320 CSS pixels; 1280 px at 200 % zoom is 640 px wide.
REFLOW_WIDTHS = {"320 px": 320, "200 % zoom": 640}
# A word the demo content has in each language ("kitchen"), for a search with results.
SEARCH_WORDS = {"en": "kitchen", "ar": quote("مطبخ")}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + "\\n      " + n.failureSummary.replace(/\\n/g, " ")),
  }));
}"""

SIDEWAYS = """() => ({scrollWidth: document.documentElement.scrollWidth,
                  clientWidth: document.documentElement.clientWidth})"""

# Elements still moving when the reader asked for reduced motion.
MOVING = """() => [...document.querySelectorAll("*")]
  .filter((el) => {
    const style = getComputedStyle(el);
    const seconds = (value) => Math.max(...value.split(",").map((v) => parseFloat(v) || 0));
    return (style.animationName !== "none" && seconds(style.animationDuration) > 0.01)
        || seconds(style.transitionDuration) > 0.01;
  })
  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))
  .concat(getComputedStyle(document.documentElement).scrollBehavior === "smooth" ? ["html: smooth scrolling"] : [])"""


@pytest.fixture
def demo_urls():
    """The demo network, and one address of every public page type in English."""
    if not AXE.exists():
        message = "axe-core is missing: run `make browser-tools` (npm ci)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    test_browser.rebuild_roots()
    call_command("seed_demo", verbosity=0)
    return pages_by_type()


def pages_by_type() -> dict:
    """One address of every public page type of the demo site, in English."""

    def first(model):
        pages = model.objects.live().filter(locale__language_code="en").order_by("path")
        return pages.first().url

    return {
        "home": "/en/",
        "city": first(CityPage),
        "stories": "/en/stories/",
        "story": first(StoryPage),
        "share your story": "/en/participate/share-your-story/",
        "events": "/en/events/",
        "programme": "/en/events/programme/",
        "event": first(EventPage),
        "report": first(EventReportPage),
        "handbook": "/en/handbook/",
        "chapter": first(HandbookChapterPage),
        "practice": first(PracticePage),
        "comparison": "/en/handbook/comparison/",
        "search with results": f"/en/search/?q={SEARCH_WORDS['en']}",
        "search without results": "/en/search/?q=xylophonequartz",
        "standard page": first(StandardPage),
        "open data": "/en/open-data/",
        "404": "/en/no-such-page/",
    }


def in_language(url, code):
    url = url.replace("/en/", f"/{code}/", 1)
    return url.replace(f"q={SEARCH_WORDS['en']}", f"q={SEARCH_WORDS[code]}")


def visit(tab, live_server, name, url):
    """Open ``url``, which must answer 200 (404 for the page that is not found)."""
    response = tab.goto(live_server.url + url)
    assert response is not None
    if name == "404":
        assert response.status == 404
    else:
        assert response.status == 200, f"{url}: {response.status}"


def axe_problems(tab, where):
    tab.add_script_tag(path=str(AXE))
    problems = []
    for violation in tab.evaluate(RUN_AXE, WCAG_AA):
        nodes = "\n    ".join(violation["nodes"][:5])
        problems.append(
            f"{where}: {violation['rule']} ({violation['impact']}): {violation['help']}\n"
            f"    {nodes}"
        )
    return problems


def keep_screenshot(tab, where):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() else "-" for c in where)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sideways(tab, where):
    size = tab.evaluate(SIDEWAYS)
    if size["scrollWidth"] > size["clientWidth"]:
        return [f"{where}: scrolls sideways, {size['scrollWidth']} px in {size['clientWidth']}"]
    return []


def moving(tab, where):
    found = tab.evaluate(MOVING)
    return [f"{where}: moves although reduced motion is asked for: {found[:5]}"] if found else []


def check_page(tab, where, width):
    """axe at ``width``; then, on the same page, reflow at the narrower width that goes with
    it (200 % zoom for the desktop, 320 px for the phone) and, on the desktop, reduced motion."""
    problems = axe_problems(tab, where)
    narrow = REFLOW_WIDTHS["200 % zoom"] if width > 640 else REFLOW_WIDTHS["320 px"]
    tab.set_viewport_size({"width": narrow, "height": 640})
    problems += sideways(tab, f"{where}, reflowed to {narrow} px")
    if width > 640:
        tab.emulate_media(reduced_motion="reduce")
        problems += moving(tab, f"{where}, reduced motion")
        tab.emulate_media(reduced_motion="no-preference")
    tab.set_viewport_size({"width": width, "height": 900})
    return problems


def pages_to_check(tab, live_server, urls, code):
    """Every page type in ``code``, opened in ``tab`` one after the other, then the two public
    forms sent back with errors: yields a name for each."""
    for name, url in urls.items():
        visit(tab, live_server, name, in_language(url, code))
        yield name
    for name, target, form in (
        ("share your story, with errors", urls["share your story"], "#share-story-form"),
        ("comment form, with errors", urls["story"], "#comment-form"),
    ):
        visit(tab, live_server, name, in_language(target, code))
        tab.locator(f"{form} button[type=submit]").click()
        tab.wait_for_selector(".error-summary")
        yield name


def checker():
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-jar", str(VNU)]
    message = "The Nu Html Checker needs Java and `make browser-tools` (npm ci)"
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def save_pages(client, urls):
    """Every page type in en and ar, and the forms with errors, saved as files."""
    shutil.rmtree(SAVED, ignore_errors=True)
    SAVED.mkdir(parents=True)
    origin = {"Origin": "http://testserver"}
    for code in ("en", "ar"):
        responses = {name: client.get(in_language(url, code)) for name, url in urls.items()}
        responses["share your story, with errors"] = client.post(
            in_language(urls["share your story"], code), {}, headers=origin
        )
        story = uncached(client).get(in_language(urls["story"], code)).context["page"]
        responses["comment form, with errors"] = client.post(
            f"/{code}/participate/comments/{story.pk}/", {}, headers=origin
        )
        for name, response in responses.items():
            expected = {"404": 404}.get(name, 400 if "errors" in name else 200)
            assert response.status_code == expected, (code, name, response.status_code)
            slug = "".join(c if c.isalnum() else "-" for c in name)
            (SAVED / f"{code}-{slug}.html").write_bytes(response.content)


def html_errors(client, urls):
    """What the Nu Html Checker finds in every page type, in en and ar, and in the two public
    forms sent back with errors, rendered with the test client and saved as files."""
    command = checker()
    save_pages(client, urls)
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", str(SAVED)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    assert len(list(SAVED.glob("*.html"))) == 2 * (len(urls) + 2)
    for code in LANGUAGES:
        found = (SAVED / f"{code}-search-with-results.html").read_text()
        assert 'class="card"' in found, f"{code}: the search found nothing"
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '')}"
        for m in report["messages"]
        if m["type"] == "error"
    ]


def test_every_page_type_in_english_and_arabic_passes_axe_reflows_keeps_still_and_is_valid(
    browser, live_server, demo_urls, client
):
    problems = []
    for label, width in WIDTHS.items():
        # axe is injected as an inline script, which the site's CSP refuses (as it should):
        # tests/test_security_headers.py checks the policy itself.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        tab = context.new_page()
        for code in LANGUAGES:
            for name in pages_to_check(tab, live_server, demo_urls, code):
                where = f"{code} {name} ({label}, {width} px)"
                found = check_page(tab, where, width)
                if found:
                    keep_screenshot(tab, where)
                problems += found
        context.close()

    problems += html_errors(client, demo_urls)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
