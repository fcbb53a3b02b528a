"""Listings cost the same number of queries whatever the number of items they show, and no more
than the budget on a warm process."""

import pytest

from tests.budget import assert_within_budget
from tests.factories import (
    StoriesPageFactory,
    StoryPageFactory,
    ThemeFactory,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db


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
    assert_within_budget(client, url, lambda: make_stories(tree, 40, theme, start=10))
