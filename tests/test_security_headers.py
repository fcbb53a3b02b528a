"""Security headers (issue 12): production passes ``check --deploy`` with no warning; every public
page type, rendered or served from the page cache, carries a Content-Security-Policy without
``'unsafe-inline'`` or a nonce for scripts, a Permissions-Policy and the other headers; the
Wagtail admin works under a policy of its own; and, in Chromium, neither a public page nor the
page editor meets a violation."""

import json
import os
import secrets
import string
import subprocess
import sys

import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images import get_image_model

from home.setup import setup_site
from stories.models import StoryPage
from tests import test_browser, test_proxy_cache
from tests.factories import (
    EventPageFactory,
    EventReportPageFactory,
    EventsPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    build_handbook,
    city_tree,
    rebuild_roots,
)

browser = test_browser.browser  # the module-scoped Chromium of tests/test_browser.py
# The shipped nginx in front of a live server, with a story (tests/test_proxy_cache.py).
proxy, malmo, story = test_proxy_cache.proxy, test_proxy_cache.malmo, test_proxy_cache.story

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def directives(header: str) -> dict[str, list[str]]:
    """A policy header as {directive: [sources]}."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def story_body():
    """A page body with an image and a video, the two things a public page loads besides its
    own stylesheet and script."""
    image = wagtail_factories.ImageFactory(title="Harbour")
    return json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "The harbour", "decorative": False},
                    "caption": "",
                },
            },
            {
                "type": "video",
                "value": {"video": YOUTUBE, "title": "Opening", "transcript": "Welcome."},
            },
        ]
    )


def public_site() -> dict[str, str]:
    """One address of every public page type (and of each feed, calendar and data file), in
    English."""
    tree = city_tree()
    StoriesPageFactory()
    EventsPageFactory()
    story = StoryPageFactory(parent=tree["stories"], slug="harbour", body=story_body())
    event = EventPageFactory(parent=tree["events"], slug="forum")
    report = EventReportPageFactory(parent=event)
    book = build_handbook(chapters=1, practices_per_chapter=1)
    return {
        "home": "/en/",
        "city": "/en/malmo/",
        "stories": "/en/stories/",
        "story": story.url,
        "events": "/en/events/",
        "programme": "/en/events/programme/",
        "event": event.url,
        "report": report.url,
        "handbook": book.handbook.url,
        "chapter": book.chapters[0].url,
        "practice": book.practices[0].url,
        "comparison": f"{book.handbook.url}comparison/",
        "search": "/en/search/?q=harbour",
        "share your story": "/en/participate/share-your-story/",
        "open data": "/en/open-data/",
        "open data file": "/en/open-data/events.csv",
        "story feed": "/en/stories/feed/",
        "event feed": "/en/events/feed/",
        "calendar": "/en/events/calendar/",
        "event .ics": f"{event.url}{event.reverse_subpage('ics')}",
        "API": "/api/v2/stories/",
        "sitemap": "/sitemap.xml",
    }


# The sitemap and the API vary on Accept-Language, so the page cache never keeps them
# (docs/caching.md): they are only ever answered fresh.
NEVER_CACHED = {"API", "sitemap"}


@pytest.fixture
def urls(db):
    return public_site()


def assert_public_headers(response, where):
    assert response.status_code == 200, where
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"], where
    assert policy["style-src"] == ["'self'"], where
    assert policy["default-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert policy["form-action"] == ["'self'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["img-src"] == ["'self'", "data:"], where
    assert "nonce-" not in response["Content-Security-Policy"], where
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in permissions, (where, feature)
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


# Every public page type, rendered and from the page cache ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        *("home", "city", "stories", "story", "events", "programme", "event", "report"),
        *("handbook", "chapter", "practice", "comparison", "search", "share your story"),
        *("open data", "open data file", "story feed", "event feed", "calendar", "event .ics"),
        *("API", "sitemap"),
    ],
)
def test_each_public_page_type_carries_the_headers_rendered_and_cached(client, urls, name):
    first = client.get(urls[name])
    assert_public_headers(first, f"{name}, rendered")
    second = client.get(urls[name])
    if name not in NEVER_CACHED:
        assert first["X-Page-Cache"] == "miss", name
        assert second["X-Page-Cache"] == "hit", name
    assert_public_headers(second, f"{name}, second request")
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_cached_page_gets_the_policy_in_force_not_the_one_it_was_kept_with(
    client, urls, settings
):
    assert client.get(urls["story"])["X-Page-Cache"] == "miss"
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    again = client.get(urls["story"])
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.django_db
def test_the_public_policy_lets_only_the_video_players_be_framed(client, urls):
    response = client.get(urls["story"])
    html = response.content.decode()
    assert PLAYER in html  # waits in a <template> until the reader presses play
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-src"] == settings.VIDEO_PLAYER_ORIGINS
    assert all(origin.startswith("https://") for origin in policy["frame-src"])


def test_the_public_policy_allows_no_inline_or_evaluated_script():
    public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for directive in ("default-src", "script-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(public[directive])
    assert "script-src-attr" not in public and "script-src-elem" not in public


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client, urls):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


# The admin, under its own policy ------------------------------------------------------------------


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return user


def assert_admin_policy(response, where):
    assert response.status_code == 200, where
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"], where
    assert policy["frame-ancestors"] == ["'self'"], where  # the editor's preview panel
    assert policy["object-src"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert "camera=()" in response["Permissions-Policy"], where


@pytest.mark.django_db
def test_the_admin_login_page_works_under_the_admin_policy(client):
    assert_admin_policy(client.get(reverse("wagtailadmin_login")), "login")


@pytest.mark.django_db
def test_the_admin_works_under_its_own_policy(client, urls, superuser):
    story = StoryPage.objects.get(slug="harbour")
    image = get_image_model().objects.get(title="Harbour")
    for name, url in {
        "dashboard": reverse("wagtailadmin_home"),
        "page editor": reverse("wagtailadmin_pages:edit", args=[story.pk]),
        "page preview": reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk]),
        # rendered through the middleware a second time, as if for the page's public address
        "draft": reverse("wagtailadmin_pages:view_draft", args=[story.pk]),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "image editor": reverse("wagtailimages:edit", args=[image.pk]),
    }.items():
        assert_admin_policy(client.get(url), name)


@pytest.mark.django_db
def test_an_editor_reading_the_public_site_gets_the_public_policy(client, urls, superuser):
    response = client.get(urls["story"])
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


# check --deploy ------------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_checks_with_no_warning(tmp_path):
    """``manage.py check --deploy`` in a process of its own, with production's settings and
    nothing but what production requires set."""
    secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60))
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_", "REDIS_", "DEBUG"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secret,
        REDIS_URL="redis://127.0.0.1:6379/5",
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


# Through the shipped nginx --------------------------------------------------------------------


@pytest.fixture
def static_file(settings, tmp_path):
    """A stylesheet where nginx serves /static/ from (set before ``proxy`` renders its conf)."""
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    (root / "css" / "site.css").write_text("body { color: black; }\n")
    settings.STATIC_ROOT = str(root)
    return "/static/css/site.css"


@pytest.mark.proxy
@pytest.mark.django_db(transaction=True)
def test_pages_nginx_keeps_and_static_files_it_serves_carry_the_headers(static_file, proxy, story):
    kept = test_proxy_cache.cached(proxy, story.url)
    assert directives(kept.headers["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert "camera=()" in kept.headers["Permissions-Policy"]
    assert kept.headers["X-Content-Type-Options"] == "nosniff"
    stylesheet = proxy.get(static_file)
    assert stylesheet.status == 200
    assert stylesheet.headers["X-Content-Type-Options"] == "nosniff"


# In a browser: no violation on a public page or in the page editor ----------------------------

# Collects every violation the page meets, from the first script on (before the page's own).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || location.pathname}:${event.lineNumber})`);
});
"""


@pytest.fixture
def browser_tab(browser):
    """A Chromium tab that records policy violations and console errors, and answers for the
    video host itself so that nothing leaves the machine."""
    context = browser.new_context(locale="en-GB")
    context.add_init_script(RECORD_VIOLATIONS)
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<!DOCTYPE html><p>Player"),
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.console_errors = []
    tab.on("console", lambda message: record_console(tab, message))
    tab.on("pageerror", lambda error: tab.console_errors.append(f"page error: {error}"))
    yield tab
    context.close()


def record_console(tab, message):
    """Errors, and the warnings browsers give about a policy header they cannot read."""
    text = message.text
    if message.type == "error" or (message.type == "warning" and "Policy" in text):
        tab.console_errors.append(f"{message.type}: {text}")


def problems(tab) -> list[str]:
    """Violations and console messages so far, in every frame of the tab."""
    found = list(tab.console_errors)
    for frame in tab.frames:
        try:
            found += frame.evaluate("() => window.__violations || []")
        except Exception:  # a frame from the stubbed video host, or one being replaced
            continue
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_public_page_and_the_page_editor_meet_no_violation(browser_tab, live_server):
    rebuild_roots()
    setup_site()
    story = StoryPageFactory(
        parent=city_tree()["stories"], slug="harbour", title="Harbour", body=story_body()
    )
    tab = browser_tab

    tab.goto(live_server.url + story.url)
    tab.get_by_role("button", name="Load and play the video").click()
    tab.locator("iframe").wait_for()
    tab.wait_for_load_state("networkidle")
    assert not (found := problems(tab)), f"public page: {found}"
    assert tab.locator("iframe").get_attribute("src").startswith(PLAYER)

    get_user_model().objects.create_superuser("root", "root@example.org", "a long password")
    tab.goto(f"{live_server.url}/admin/login/")
    tab.get_by_label("Username").fill("root")
    tab.get_by_label("Password").fill("a long password")
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live_server.url}/admin/")
    tab.wait_for_load_state("networkidle")
    assert not (found := problems(tab)), f"dashboard: {found}"

    tab.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=[story.pk])}")
    tab.wait_for_load_state("networkidle")
    tab.get_by_role("button", name="Toggle preview").click()
    tab.locator("iframe[title='Preview']").last.content_frame.locator("main").wait_for()
    tab.get_by_role("button", name="Choose an image").first.click()
    tab.get_by_role("dialog").get_by_role("link", name="Harbour").wait_for()
    assert not (found := problems(tab)), f"page editor: {found}"
