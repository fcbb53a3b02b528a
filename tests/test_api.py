"""The read-only API (/api/v2/): stories, events with their agendas, practices, chapters,
cities and images; live and public pages only; filters by locale, city and theme; pagination;
bad queries answered with 400; no way to write; a constant number of queries per page."""

import datetime as dt

import pytest
import wagtail_factories
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, PageViewRestriction

from tests.factories import (
    EventPageFactory,
    HandbookChapterPageFactory,
    HandbookPageFactory,
    PersonFactory,
    PracticePageFactory,
    StoryPageFactory,
    ThemeFactory,
    add_practice_to_chapter,
    aware,
    city_tree,
    translate_page,
    translate_tree,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1
ENDPOINTS = ("stories", "events", "practices", "chapters", "cities", "images")


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


def session(title, day, start, end, speakers=()):
    return (
        "session",
        {
            "date": day,
            "start": dt.time.fromisoformat(start),
            "end": dt.time.fromisoformat(end),
            "title": title,
            "description": "Who we are.",
            "speakers": list(speakers),
            "room": "Hall A",
            "languages": "English",
            "interpretation": "Arabic",
        },
    )


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """Malmö (Sweden, in en and sv) and Roma (Italy, in en) with a story, an event and a
    practice each, themes, a handbook chapter, and pages the API must not show; made once for
    the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_content()
        transaction.set_rollback(True)


def build_content():
    malmo = city_tree("Malmö", "malmo", time_zone="Europe/Stockholm", languages="sv,en")
    malmo_sv = translate_tree(malmo, "sv")
    roma = city_tree("Roma", "roma", country="IT", time_zone="Europe/Rome", languages="it")
    dialogue = ThemeFactory(name="Dialogue", slug="dialogue")
    dialogue_sv = dialogue.copy_for_translation(Locale.objects.get(language_code="sv"))
    dialogue_sv.name = "Dialog"
    dialogue_sv.save()
    housing = ThemeFactory(name="Housing", slug="housing")

    image = wagtail_factories.ImageFactory(title="Harbour")
    kitchen = StoryPageFactory(
        parent=malmo["stories"],
        title="The kitchen",
        slug="kitchen",
        teller_name="Nadia",
        date=dt.date(2026, 3, 1),
        image=image,
        image_alt="A harbour at dawn",
    )
    kitchen.themes.set([dialogue])
    kitchen.save_revision().publish()
    kitchen_sv = translate_page(kitchen, "sv", title="Köket")
    festival = StoryPageFactory(parent=roma["stories"], title="The festival", slug="festival")
    festival.themes.set([housing])
    festival.save_revision().publish()
    StoryPageFactory(parent=roma["stories"], title="Draft story", slug="draft", live=False)

    speaker = PersonFactory(name="Amina", role="Librarian", organisation="Malmö stad")
    speaker_sv = speaker.copy_for_translation(Locale.objects.get(language_code="sv"))
    speaker_sv.role = "Bibliotekarie"
    speaker_sv.save()
    day = dt.date(NEXT_YEAR, 5, 14)
    conference = EventPageFactory(
        parent=malmo["events"],
        title="Conference",
        slug="conference",
        kind="transnational",
        start=aware(NEXT_YEAR, 5, 14, 9),
        end=aware(NEXT_YEAR, 5, 14, 17),
        agenda=[
            session("Welcome", day, "09:00", "09:30", [speaker]),
            session("Workshops", day, "10:00", "12:00"),
        ],
    )
    conference.themes.set([dialogue])
    conference.save_revision().publish()
    conference_sv = translate_page(conference, "sv", title="Konferens")
    EventPageFactory(
        parent=roma["events"],
        title="Last year's meeting",
        slug="meeting",
        start=aware(NEXT_YEAR - 2, 3, 1, 18, zone="Europe/Rome"),
        end=aware(NEXT_YEAR - 2, 3, 1, 20, zone="Europe/Rome"),
    )

    garden = PracticePageFactory(parent=roma["practices"], title="A shared garden", slug="garden")
    garden.themes.set([housing])
    garden.save_revision().publish()
    cafe = PracticePageFactory(parent=malmo["practices"], title="Language café", slug="cafe")
    cafe_sv = translate_page(cafe, "sv", title="Språkcafé")
    handbook = HandbookPageFactory()
    translate_page(handbook, "sv")
    chapter = HandbookChapterPageFactory(parent=handbook, title="Meeting places", slug="meeting")
    add_practice_to_chapter(chapter, cafe, 0)
    add_practice_to_chapter(chapter, garden, 1)
    chapter.save_revision().publish()
    chapter_sv = translate_page(chapter, "sv", title="Mötesplatser")

    hidden = StoryPageFactory(parent=roma["stories"], title="Members only", slug="members")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return locals()


# What each endpoint lists -----------------------------------------------------------------------


def test_stories_list_live_public_stories_with_city_themes_and_image(client, content):
    data = get(client, "/api/v2/stories/")

    assert data["meta"]["total_count"] == 3
    # newest first; a story and its translation share a date: the later made first
    assert titles(data) == ["The festival", "Köket", "The kitchen"]
    story = data["items"][2]
    assert story["id"] == content["kitchen"].pk
    assert story["meta"]["html_url"] == "http://testserver/en/malmo/stories/kitchen/"
    assert story["meta"]["detail_url"] == f"http://testserver/api/v2/stories/{story['id']}/"
    assert story["meta"]["locale"] == "en"
    assert story["teller_name"] == "Nadia"
    assert story["date"] == "2026-03-01"
    assert story["city"]["title"] == "Malmö" and story["city"]["country"] == "SE"
    assert story["themes"] == [{"slug": "dialogue", "name": "Dialogue"}]
    assert story["image"]["alt"] == "A harbour at dawn"
    assert story["image"]["url"].startswith("http://testserver/media/images/")
    assert "body" not in story  # long content only in the detail


def test_a_translation_shows_its_city_and_themes_in_its_own_language(client, content):
    data = get(client, "/api/v2/stories/?locale=sv")

    assert titles(data) == ["Köket"]
    story = data["items"][0]
    assert story["meta"]["html_url"] == "http://testserver/sv/malmo/stories/kitchen/"
    assert story["city"]["id"] == content["malmo_sv"]["city"].pk
    assert story["themes"] == [{"slug": "dialogue", "name": "Dialog"}]
    assert story["meta"]["translation_key"] == str(content["kitchen"].translation_key)


def test_a_story_in_detail_has_its_body_and_parent(client, content):
    data = get(client, f"/api/v2/stories/{content['kitchen'].pk}/")

    assert data["title"] == "The kitchen"
    assert data["body"] == []
    assert data["meta"]["parent"]["id"] == content["malmo"]["stories"].pk


def test_drafts_and_private_pages_are_not_served(client, content):
    listed = titles(get(client, "/api/v2/stories/?limit=100"))

    assert "Draft story" not in listed and "Members only" not in listed
    get(client, f"/api/v2/stories/{content['hidden'].pk}/", status=404)


def test_events_carry_their_agenda_in_the_host_citys_time(client, content):
    data = get(client, "/api/v2/events/?fields=agenda&locale=en")

    assert titles(data) == ["Last year's meeting", "Conference"]  # by start
    conference = data["items"][1]
    assert conference["kind"] == "transnational"
    assert conference["start"] == f"{NEXT_YEAR}-05-14T09:00:00+02:00"
    assert conference["time_zone"] == "Europe/Stockholm"
    assert [s["title"] for s in conference["agenda"]] == ["Welcome", "Workshops"]
    welcome = conference["agenda"][0]
    assert welcome["start"] == f"{NEXT_YEAR}-05-14T09:00:00+02:00"
    assert welcome["end"] == f"{NEXT_YEAR}-05-14T09:30:00+02:00"
    assert welcome["speakers"] == [
        {"name": "Amina", "role": "Librarian", "organisation": "Malmö stad"}
    ]
    assert welcome["room"] == "Hall A" and welcome["interpretation"] == "Arabic"
    rome = data["items"][0]
    assert rome["start"] == f"{NEXT_YEAR - 2}-03-01T18:00:00+01:00"


def test_a_translated_event_names_its_speakers_in_its_language(client, content):
    data = get(client, f"/api/v2/events/{content['conference_sv'].pk}/")

    assert data["title"] == "Konferens"
    assert data["agenda"][0]["speakers"][0]["role"] == "Bibliotekarie"


def test_events_filter_by_dates(client, content):
    upcoming = get(client, f"/api/v2/events/?from={NEXT_YEAR}-01-01&locale=en")
    past = get(client, f"/api/v2/events/?to={NEXT_YEAR - 1}-12-31")
    that_day = get(client, f"/api/v2/events/?from={NEXT_YEAR}-05-14&to={NEXT_YEAR}-05-14")

    assert titles(upcoming) == ["Conference"]
    assert titles(past) == ["Last year's meeting"]
    assert sorted(titles(that_day)) == ["Conference", "Konferens"]


def test_practices_list_summaries_and_the_detail_has_every_section(client, content):
    data = get(client, "/api/v2/practices/?locale=en")

    assert titles(data) == ["A shared garden", "Language café"]  # by title
    assert data["items"][0]["summary"] == "Neighbours cook together once a month."
    assert data["items"][0]["city"]["slug"] == "roma"
    detail = get(client, f"/api/v2/practices/{content['garden'].pk}/")
    assert detail["problem"] == "<p>Neighbours did not know each other.</p>"
    assert detail["watch_out_for"] == "<p>Do not let one group run the kitchen.</p>"
    assert detail["themes"] == [{"slug": "housing", "name": "Housing"}]


def test_a_chapter_lists_its_practices_in_order_in_its_language(client, content):
    english = get(client, f"/api/v2/chapters/{content['chapter'].pk}/")
    swedish = get(client, f"/api/v2/chapters/{content['chapter_sv'].pk}/")

    assert [p["title"] for p in english["practices"]] == ["Language café", "A shared garden"]
    assert [(p["title"], p["locale"]) for p in swedish["practices"]] == [
        ("Språkcafé", "sv"),
        ("A shared garden", "en"),  # not translated: the original
    ]
    assert swedish["practices"][0]["detail_url"].endswith(
        f"/api/v2/practices/{content['cafe_sv'].pk}/"
    )
    assert english["introduction"] == "<p>Why meeting places matter.</p>"


def test_cities_list_their_languages_and_country(client, content):
    data = get(client, "/api/v2/cities/?locale=en")

    assert titles(data) == ["Malmö", "Roma"]
    assert data["items"][0]["languages"] == ["sv", "en"]
    assert data["items"][1]["country"] == "IT"
    assert data["items"][1]["time_zone"] == "Europe/Rome"


def test_images_are_only_those_of_live_public_pages(client, content):
    Image = get_image_model()
    unused = wagtail_factories.ImageFactory(title="Sent with a story under review")
    StoryPageFactory(
        parent=content["roma"]["stories"], live=False, image=unused, image_alt="A photo"
    )

    data = get(client, "/api/v2/images/")

    assert titles(data) == ["Harbour"]
    assert data["items"][0]["rendition"]["url"].startswith("http://testserver/media/images/")
    get(client, f"/api/v2/images/{unused.pk}/", status=404)
    assert Image.objects.filter(pk=unused.pk).exists()


# Filters ----------------------------------------------------------------------------------------


def test_city_filter_takes_a_citys_slug_and_covers_every_language(client, content):
    data = get(client, "/api/v2/stories/?city=malmo")
    assert sorted(titles(data)) == ["Köket", "The kitchen"]
    events = get(client, "/api/v2/events/?city=roma")
    assert titles(events) == ["Last year's meeting"]


def test_theme_filter(client, content):
    assert titles(get(client, "/api/v2/stories/?theme=housing")) == ["The festival"]
    assert titles(get(client, "/api/v2/practices/?theme=housing")) == ["A shared garden"]
    events = get(client, "/api/v2/events/?theme=dialogue&locale=sv")
    assert titles(events) == ["Konferens"]
    assert titles(get(client, "/api/v2/stories/?theme=nothing")) == []


def test_filters_combine_with_search_and_plain_fields(client, content):
    assert titles(get(client, "/api/v2/events/?kind=transnational&locale=en")) == ["Conference"]
    found = get(client, "/api/v2/practices/?search=garden&locale=en")
    assert titles(found) == ["A shared garden"]


def test_pagination_with_limit_and_offset(client, content):
    first = get(client, "/api/v2/stories/?limit=2")
    second = get(client, "/api/v2/stories/?limit=2&offset=2")

    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("locale=xx", "locale must be one of: en, sv"),
        ("city=atlantis", "city not found"),
        ("date=tomorrow", "invalid date format"),
        ("limit=1000", "limit cannot be higher than 100"),
        ("limit=-1", "limit must be a positive integer"),
        ("offset=99999999999999999999", "offset cannot be higher"),
        ("order=password", "cannot order by"),
        ("fields=secret", "unknown fields: secret"),
        ("type=home.HomePage", "not an operation or a recognised field: type"),
        ("search=%00", "null characters"),
        ("search=" + "a" * 201, "limited to 200 characters"),
        ("title=%00", "null characters"),
        ("id=abc", "not a valid value for id"),
    ],
)
def test_a_bad_query_gets_400_with_a_message(client, content, query, message):
    data = get(client, f"/api/v2/stories/?{query}", status=400)
    assert message in data["message"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v2/events/?from=soon", "from must be a date"),
        ("/api/v2/events/?capacity=many", "not a valid value for capacity"),
        ("/api/v2/events/?start=noon", "must be in YYYY-MM-DD HH:MM"),
        ("/api/v2/chapters/?city=malmo", "not an operation or a recognised field: city"),
        ("/api/v2/images/?offset=99999999999999999999", "offset cannot be higher"),
    ],
)
def test_bad_queries_on_other_endpoints(client, content, url, message):
    assert message in get(client, url, status=400)["message"]


def test_an_id_too_large_for_the_database_is_not_found_or_refused(client, content):
    response = client.get("/api/v2/stories/?id=99999999999999999999")
    assert response.status_code in (200, 400)  # SQLite finds nothing; PostgreSQL refuses
    if response.status_code == 200:
        assert response.json()["items"] == []
    assert client.get("/api/v2/stories/99999999999999999999/").status_code in (400, 404)


# Read only --------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written(client, content, endpoint, method):
    pk = content["kitchen"].pk if endpoint == "stories" else 1
    for url in (f"/api/v2/{endpoint}/", f"/api/v2/{endpoint}/{pk}/"):
        response = getattr(client, method)(
            url, {"title": "Changed"}, content_type="application/json"
        )
        assert response.status_code in (404, 405), (url, response.status_code)
    content["kitchen"].refresh_from_db()
    assert content["kitchen"].title == "The kitchen"


def test_the_admin_api_is_not_public(client, content):
    response = client.get("/admin/api/main/pages/")
    assert response.status_code in (302, 403)


def test_any_website_may_read_it(client, content):
    for endpoint in ENDPOINTS:
        response = client.get(f"/api/v2/{endpoint}/")
        assert response["Access-Control-Allow-Origin"] == "*"
