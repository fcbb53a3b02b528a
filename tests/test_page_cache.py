"""The shared page-data cache (``home.cache``): what it keeps is never stale, never a draft,
never another site's links, and never needed: with the cache down, pages still render."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from wagtail.models import Locale, PageViewRestriction

from config.settings.base import redis_caches
from home.cache import VERSION_KEY
from home.models import MainMenu
from tests.budget import BUDGET, cold_and_warm, queries_for
from tests.factories import (
    StandardPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    ThemeFactory,
    city_tree,
    home_page,
    person,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    tree = city_tree()
    translate_tree(tree, "de")
    translate_page(StoriesPageFactory(), "de")
    return tree


def story(tree, n, **fields):
    return StoryPageFactory(parent=tree["stories"], title=f"Story {n}", slug=f"story-{n}", **fields)


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def warm(client, *urls):
    for url in urls:
        html(client, url)
        html(client, url)


def test_a_publication_shows_at_once_on_every_cached_page(client, tree):
    first = story(tree, 1)
    urls = ["/en/", "/en/stories/", "/en/malmo/", "/en/malmo/stories/", first.url]
    warm(client, *urls)
    first.title = "A changed title"
    first.save_revision().publish()
    for url in urls:
        assert "A changed title" in html(client, url), url
        assert "Story 1<" not in html(client, url), url


def test_an_unpublished_page_leaves_every_listing(client, tree):
    first, second = story(tree, 1), story(tree, 2)
    warm(client, "/en/stories/", "/de/stories/")
    second.unpublish()
    for url in ("/en/stories/", "/de/stories/"):
        page = html(client, url)
        assert "Story 1" in page and "Story 2" not in page
    assert client.get("/en/malmo/stories/story-2/").status_code == 404
    assert first.live


def test_a_deleted_page_leaves_the_cached_listings(client, tree):
    story(tree, 1)
    gone = story(tree, 2)
    warm(client, "/en/stories/")
    gone.delete()
    assert "Story 2" not in html(client, "/en/stories/")


def test_a_changed_menu_or_theme_shows_at_once(client, tree):
    theme = ThemeFactory(name="Belonging", slug="belonging")
    first = story(tree, 1)
    first.themes.add(theme)
    first.save_revision().publish()
    warm(client, first.url, "/en/stories/")
    theme.name = "Belonging together"
    theme.save()
    assert "Belonging together" in html(client, first.url)
    assert "Belonging together" in html(client, "/en/stories/")  # the filter's choices
    menu, _created = MainMenu.objects.get_or_create(locale=Locale.objects.get(language_code="en"))
    menu.items = [("link", {"page": first, "label": "Our newest story"})]
    menu.save()
    assert "Our newest story" in html(client, "/en/")


def test_a_draft_is_never_shown_and_a_preview_is_never_cached(client, tree):
    first = story(tree, 1)
    warm(client, first.url)
    first.title = "Draft title"
    first.save_revision()  # not published
    assert "Draft title" not in html(client, first.url)
    draft = first.get_latest_revision_as_object()
    preview = draft.make_preview_request()
    assert preview.status_code == 200
    if hasattr(preview, "render"):
        preview.render()
    assert "Draft title" in preview.content.decode()
    assert "Draft title" not in html(client, first.url)


def test_links_are_made_for_the_host_that_asked(client, settings, tree):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    first = story(tree, 1)
    assert 'href="http://testserver/en/malmo/stories/story-1/"' in html(client, first.url)
    other = client.get(first.url, HTTP_HOST="other.example").content.decode()
    assert "http://other.example/en/malmo/stories/story-1/" in other
    assert "http://testserver/" not in other


def test_unknown_query_parameters_share_the_entry_and_known_ones_do_not(client, tree):
    for n in range(15):
        story(tree, n)
    warm(client, "/en/stories/")
    assert queries_for(client, "/en/stories/?utm_source=newsletter&x=1") <= BUDGET
    first, second = html(client, "/en/stories/"), html(client, "/en/stories/?page=2")
    assert first != second
    assert "Story 14" in first and "Story 14" not in second


def test_a_private_page_is_still_refused_once_its_context_is_cached(client, tree):
    first = story(tree, 1)
    warm(client, first.url)
    PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(first.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_pages_render_when_the_cache_is_down(client, settings, tree):
    story(tree, 1)
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there
    for url in ("/en/", "/en/stories/", "/en/malmo/stories/story-1/", "/de/stories/"):
        assert client.get(url).status_code == 200, url


def test_pages_that_list_nothing_are_within_budget(client, tree):
    about = StandardPageFactory(parent=home_page("en"), title="About", slug="about")
    translate_page(about, "de")
    story(tree, 1)
    urls = [
        "/en/about/",
        "/de/about/",
        "/en/participate/share-your-story/",
        "/ar/participate/share-your-story/",
        "/en/open-data/",
        "/ar/open-data/",
        "/en/search/",
        "/de/search/?q=story",
    ]
    for url in urls:
        cold, warm_count = cold_and_warm(client, url)
        assert warm_count <= BUDGET, (url, cold, warm_count)


def test_the_version_changes_with_content_and_not_with_reading(client, tree):
    first = story(tree, 1)
    warm(client, "/en/stories/", first.url)
    version = cache.get(VERSION_KEY)
    warm(client, "/en/stories/", first.url, "/en/search/?q=story")
    assert cache.get(VERSION_KEY) == version
    first.save_revision().publish()
    assert cache.get(VERSION_KEY) != version


def test_an_editor_with_a_session_gets_the_same_pages(client, tree):
    first = story(tree, 1)
    editor = person("writer")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "Story 1" in html(client, first.url)
