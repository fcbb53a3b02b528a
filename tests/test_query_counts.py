"""Listings cost the same number of queries whatever the number of items they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    StoriesPageFactory,
    StoryPageFactory,
    ThemeFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make_stories(tree, count, theme, start=0):
    """Stories of which every third is translated into German, so any page of the listing
    mixes translations and stand-ins."""
    for n in range(start, start + count):
        story = StoryPageFactory(parent=tree["stories"], title=f"Story {n}", slug=f"story-{n}")
        story.themes.add(theme)
        if n % 3 == 0:
            translate_page(story, "de", title=f"Geschichte {n}")


@pytest.mark.parametrize("url", ["/de/stories/", "/de/malmo/stories/", "/de/", "/de/malmo/"])
def test_story_listings_do_not_grow_with_the_number_of_stories(client, url):
    tree = city_tree()
    translate_tree(tree, "de")
    translate_page(StoriesPageFactory(), "de")
    theme = ThemeFactory()
    make_stories(tree, 10, theme)
    queries_for(client, url)  # warm caches (site root paths, content types)
    ten = queries_for(client, url)
    make_stories(tree, 40, theme, start=10)
    fifty = queries_for(client, url)
    assert fifty == ten
