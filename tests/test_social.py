"""Link previews and structured data: a story is an Article to search engines and an article
to social sites, in the reader's language."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import StoryPageFactory, city_tree, translate_page, translate_tree

pytestmark = pytest.mark.django_db


def structured(response) -> dict:
    page = BeautifulSoup(response.content, "html.parser")
    [script] = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_a_story_is_an_article_with_its_teller_date_and_language(client):
    tree = city_tree()
    story = StoryPageFactory(
        parent=tree["stories"], title="Min första vinter", teller_name="Åsa", lead="Det var mörkt."
    )
    translate_tree(tree, "sv")
    swedish = translate_page(story, "sv")

    response = client.get(swedish.url)
    data = structured(response)
    assert data["@type"] == "Article"
    assert data["headline"] == "Min första vinter"
    assert data["author"] == {"@type": "Person", "name": "Åsa"}
    assert data["datePublished"] == story.date.isoformat()
    assert data["inLanguage"] == "sv"
    assert data["url"] == data["mainEntityOfPage"] == f"http://testserver{swedish.url}"
    assert data["contentLocation"]["address"]["addressCountry"] == "SE"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def test_an_anonymous_story_names_no_author_and_text_cannot_close_the_script(client):
    tree = city_tree()
    story = StoryPageFactory(
        parent=tree["stories"], title="</script><b>x</b>", slug="script", teller_name=""
    )
    response = client.get(story.url)
    assert "</script><b>" not in response.content.decode()
    data = structured(response)
    assert "author" not in data
    assert data["headline"] == "</script><b>x</b>"
