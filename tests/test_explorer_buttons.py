"""wagtail-localize's buttons in the page explorer, answered for the whole page of the explorer
at once (``home.explorer_buttons``): the same buttons, leading to the same places, and no more
queries for 50 pages than for 10."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Locale
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

from home.explorer_buttons import listing_buttons
from tests.factories import StoryPageFactory, city_tree, translate_page, translate_tree

pytestmark = pytest.mark.django_db


def explorer(client, page) -> BeautifulSoup:
    response = client.get(reverse("wagtailadmin_explore", args=[page.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def links(html, url) -> list:
    return html.select(f'a[href="{url}"]')


def translate_url(page) -> str:
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def test_the_explorer_uses_the_batched_hook_in_place_of_wagtail_localizes():
    listing = hooks.get_hooks("register_page_listing_more_buttons")
    assert listing_buttons in listing
    assert localize_hooks.page_listing_more_buttons not in listing
    header = hooks.get_hooks("register_page_header_buttons")
    assert localize_hooks.page_listing_more_buttons in header  # one page: theirs


def test_translate_this_page_is_offered_while_a_language_is_missing(admin_client):
    tree = city_tree()
    missing = StoryPageFactory(parent=tree["stories"], slug="missing")
    complete = StoryPageFactory(parent=tree["stories"], slug="complete")
    for locale in Locale.objects.exclude(pk=complete.locale_id):
        translate_tree(tree, locale.language_code)
        translate_page(complete, locale.language_code)
    html = explorer(admin_client, tree["stories"])
    assert len(links(html, translate_url(missing))) == 1
    assert links(html, translate_url(complete)) == []


def test_sync_translated_pages_is_offered_for_a_source_with_a_translation(admin_client):
    tree = city_tree()
    translate_tree(tree, "sv")
    story = StoryPageFactory(parent=tree["stories"], slug="source")
    plain = StoryPageFactory(parent=tree["stories"], slug="plain")
    response = admin_client.post(
        translate_url(story), {"locales": [Locale.objects.get(language_code="sv").pk]}
    )
    assert response.status_code == 302
    source = TranslationSource.objects.get(object_id=story.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    html = explorer(admin_client, tree["stories"])
    found = [a["href"] for a in html.select("a[href]") if a["href"].startswith(sync)]
    assert len(found) == 1
    assert "next=" in found[0]
    everything = " ".join(a["href"] for a in html.select("a[href]"))
    assert f"/update/{plain.pk}/" not in everything
    assert everything.count("/localize/update/") == 1


def queries_of_explorer(client, page) -> int:
    with CaptureQueriesContext(connection) as captured:
        explorer(client, page)
    return len(captured)


def test_the_explorer_costs_no_more_queries_for_50_pages_than_for_10(admin_client):
    tree = city_tree()
    for n in range(10):
        StoryPageFactory(parent=tree["stories"], slug=f"story-{n}")
    explorer(admin_client, tree["stories"])  # what the first view creates
    ten = queries_of_explorer(admin_client, tree["stories"])
    for n in range(10, 50):
        StoryPageFactory(parent=tree["stories"], slug=f"story-{n}")
    # wagtail-localize's own hook asked two more a row (80 more here). Wagtail itself may ask
    # for the site once more.
    assert ten <= queries_of_explorer(admin_client, tree["stories"]) <= ten + 1
