"""The interface catalogues: every configured language has one, Swedish and Arabic are complete,
and the site picks a reader's language at ``/`` from Accept-Language."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import StoryPageFactory, city_tree, translate_page, translate_tree

LOCALE = Path(settings.BASE_DIR) / "locale"
COMPLETE = ["sv", "ar"]  # shipped complete; CI fails on a missing or fuzzy string


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES[1:]])
def test_every_configured_language_has_a_catalogue(code):
    assert catalogue(code).metadata["Language"] == code


@pytest.mark.parametrize("code", COMPLETE)
def test_swedish_and_arabic_are_complete_and_not_fuzzy(code):
    po = catalogue(code)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("code", COMPLETE)
def test_placeholders_survive_translation(code):
    """msgfmt's own check where gettext is installed; polib's reading of it always."""
    path = LOCALE / code / "LC_MESSAGES" / "django.po"
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    for entry in catalogue(code).translated_entries():
        if "python-format" in entry.flags:
            names = set(polib_placeholders(entry.msgid_plural or entry.msgid))
            for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
                assert set(polib_placeholders(text)) <= names | {"%"}, (entry.msgid, text)


def polib_placeholders(text: str) -> list[str]:
    return re.findall(r"%\((\w+)\)[sd]", text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header, expected",
    [("ar,en;q=0.5", "/ar/"), ("sv-SE,sv;q=0.9", "/sv/"), ("ja", "/en/"), ("", "/en/")],
)
def test_the_root_picks_the_readers_language(client, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/xx/", "/xx/malmo/stories/", "/pt-br/", "/zz"])
def test_an_unknown_language_prefix_is_not_found_in_the_default_language(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    assert response["Content-Language"] == settings.LANGUAGE_CODE
    assert f'<html lang="{settings.LANGUAGE_CODE}" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_a_page_without_a_language_prefix_still_redirects_to_the_readers_language(client):
    response = client.get("/malmo/stories/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 302
    assert response["Location"] == "/sv/malmo/stories/"


@pytest.mark.django_db
def test_a_missing_admin_page_is_not_found_where_it_was_asked(admin_client):
    response = admin_client.get("/admin/pages/987654/edit/")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, shown", [("en", "March 5, 2026"), ("sv", "5 mars 2026"), ("ar", "مارس")]
)
def test_dates_follow_the_readers_language(client, code, shown):
    tree = city_tree()
    story = StoryPageFactory(parent=tree["stories"], date=dt.date(2026, 3, 5))
    if code != "en":
        translate_tree(tree, code)
        story = translate_page(story, code)
    response = client.get(story.url)
    assert response.status_code == 200
    assert shown in response.content.decode()
