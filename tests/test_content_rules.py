"""Rules an editor meets in the admin: alt text, event times, offline embeds, kept links."""

import datetime as dt
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage
from home.embeds import OfflineVideoFinder, parse_video_url
from tests.factories import StandardPageFactory, StoryPageFactory, city_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return Image.objects.create(title="Harbour", file=get_test_image_file())


def test_an_image_needs_alt_text_or_to_be_marked_decorative(image):
    story = StoryPageFactory(image=None)
    story.image = image
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "image_alt" in error.value.message_dict
    story.image_decorative = True
    story.full_clean()
    story.image_decorative = False
    story.image_alt = "Fishing boats in the harbour at dawn"
    story.full_clean()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("organiser", "o@example.org", "pw")
    client.force_login(user)
    return client


def event_form(start, end, sessions):
    return nested_form_data(
        {
            "title": "Athens forum",
            "slug": "athens-forum",
            "start": start,
            "end": end,
            "kind": "transnational",
            "status": "scheduled",
            "attendance": "in_person",
            "organiser": "City of Athens",
            "venue": "Technopolis",
            "lead": "Three days of exchange.",
            "body": streamfield([]),
            "agenda": streamfield(
                [
                    (
                        "session",
                        {
                            "date": date,
                            "start": begins,
                            "end": ends,
                            "title": f"Session {n}",
                            "description": "",
                            "speakers": streamfield([]),
                            "room": "",
                            "languages": "",
                            "interpretation": "",
                        },
                    )
                    for n, (date, begins, ends) in enumerate(sessions)
                ]
            ),
            "comments": inline_formset([]),
        }
    )


def add_event(client, parent, data):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk])
    return client.post(url, data)


def test_a_session_outside_the_event_is_refused_and_nothing_is_saved(admin_client):
    tree = city_tree(title="Athens", slug="athens", time_zone="Europe/Athens", country="GR")
    before = Page.objects.count()
    response = add_event(
        admin_client,
        tree["events"],
        event_form(
            "2027-03-10 09:00",
            "2027-03-10 17:00",
            [("2027-03-10", "09:30", "10:30"), ("2027-03-10", "16:30", "18:00")],
        ),
    )
    assert response.status_code == 200
    assert "lies outside the event" in response.content.decode()
    assert Page.objects.count() == before


def test_a_session_ending_before_it_starts_is_refused(admin_client):
    tree = city_tree()
    response = add_event(
        admin_client,
        tree["events"],
        event_form("2027-03-10 09:00", "2027-03-10 17:00", [("2027-03-10", "11:00", "10:00")]),
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()
    assert not EventPage.objects.exists()


def test_an_event_ending_before_it_starts_is_refused(admin_client):
    tree = city_tree()
    response = add_event(
        admin_client, tree["events"], event_form("2027-03-10 17:00", "2027-03-10 09:00", [])
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()
    assert not EventPage.objects.exists()


def test_a_valid_event_is_saved_with_the_agenda(admin_client):
    tree = city_tree()
    response = add_event(
        admin_client,
        tree["events"],
        event_form("2027-03-10 09:00", "2027-03-10 17:00", [("2027-03-10", "09:30", "10:30")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get()
    assert event.agenda[0].value["title"] == "Session 0"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://vimeo.com/76979871", "Vimeo"),
    ],
)
def test_video_links_are_recognised_without_the_network(url, provider):
    assert parse_video_url(url)[0] == provider
    embed = OfflineVideoFinder().find_embed(url)
    assert "youtube.com/embed" not in embed["html"]  # privacy-enhanced hosts only
    assert "nocookie" in embed["html"] or "dnt=1" in embed["html"]


def test_unknown_video_hosts_are_not_embedded():
    assert parse_video_url("https://evil.example/watch?v=dQw4w9WgXcQ") is None
    assert not OfflineVideoFinder().accept("https://evil.example/video")


def test_a_video_loads_nothing_from_its_host_until_the_reader_asks(client):
    page = StandardPageFactory(
        title="Video",
        slug="video",
        body=[
            (
                "video",
                {
                    "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Opening of the forum",
                    "transcript": "Welcome, everyone.",
                },
            )
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    # The player sits inert inside a <template>; nothing outside it points at the host.
    for template in html.find_all("template"):
        template.extract()
    assert not html.find("iframe")
    assert "youtube-nocookie.com/embed" not in str(html)
    assert html.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ") is not None
    assert Embed.objects.filter(url__contains="dQw4w9WgXcQ").exists()


def test_a_renamed_page_keeps_its_old_link(client, django_capture_on_commit_callbacks):
    page = StandardPageFactory(title="About", slug="about")
    page.save_revision().publish()
    page.slug = "about-the-network"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail makes redirects on commit
        page.save_revision().publish()
    response = client.get("/en/about/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/en/about-the-network/")


def test_event_times_are_stored_aware_and_shown_in_the_host_zone():
    tree = city_tree(title="Athens", slug="athens", time_zone="Europe/Athens", country="GR")
    start = dt.datetime(2027, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Athens"))
    from tests.factories import EventPageFactory

    event = EventPageFactory(parent=tree["events"], start=start, end=start + dt.timedelta(hours=8))
    event.refresh_from_db()
    assert event.start.utcoffset() is not None
    assert event.local_start.hour == 9
    assert str(event.local_start.tzinfo) == "Europe/Athens"
