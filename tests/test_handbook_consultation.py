"""Handbook editions in the admin (publish, open and close the consultation, delete) and the
public's feedback on an edition, as a page and as a CSV: over HTTP, with users in the network's
real groups."""

import csv
import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from handbook.editions import publish_edition
from handbook.models import EditionEntry, HandbookEdition
from handbook.views import CSV_HEADER
from participation.models import Comment
from participation.protection import sign_start_time
from partners import roles
from tests.factories import (
    HandbookChapterPageFactory,
    HandbookPageFactory,
    StandardPageFactory,
    build_handbook,
    person,
    translate_page,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("handbook_editions:index")
ADD = reverse("handbook_editions:add")
ADMIN_HOME = reverse("wagtailadmin_home")
SAME_ORIGIN = {"Origin": "http://testserver"}


def edit_url(edition):
    return reverse("handbook_editions:edit", args=[edition.pk])


def feedback_url(edition):
    return reverse("handbook_editions:feedback", args=[edition.pk])


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def coordinator(network, client):
    client.force_login(person("carla", network.coordinators))
    return client


@pytest.fixture
def built():
    return build_handbook(chapters=2, practices_per_chapter=2)


@pytest.fixture
def edition(built):
    return publish_edition(
        built.handbook, kind=HandbookEdition.Kind.CONSULTATION, consultation_open=True
    )


def add_comment(page, text="A comment.", status=Comment.Status.PENDING, **fields):
    fields.setdefault("name", "Reader")
    fields.setdefault("language", page.locale.language_code)
    return Comment.objects.create(
        page=page, thread_key=page.translation_key, text=text, status=status, **fields
    )


def post_comment(client, page, text="We tried this in Gdańsk."):
    with translation.override("en"):
        url = reverse("participation:comment", args=[page.pk])
    data = {
        "name": "Amina",
        "email": "amina@example.org",
        "text": text,
        "consent": "on",
        "website": "",
        "started": sign_start_time(),
    }
    return client.post(url, data, headers=SAME_ORIGIN)


# Publishing -------------------------------------------------------------------------------------


def test_a_coordinator_publishes_an_edition_from_the_admin(coordinator, built):
    form = coordinator.get(ADD)
    assert form.status_code == 200
    assert "Later edits to the handbook do not change the edition" in form.content.decode()

    response = coordinator.post(ADD, {"kind": "consultation", "consultation_open": "on"})

    assert response.status_code == 302
    assert response["Location"] == INDEX
    edition = HandbookEdition.objects.get()
    assert (edition.kind, edition.consultation_open, edition.slug) == (
        "consultation",
        True,
        "consultation-draft-1",
    )
    assert edition.published_by.username == "carla"
    assert edition.entries.filter(kind=EditionEntry.Kind.CHAPTER).count() == 2
    assert edition.entries.filter(kind=EditionEntry.Kind.PRACTICE).count() == 4
    listing = coordinator.get(INDEX)
    page = listing.content.decode()
    assert "published: 2 chapters and 4 practices pinned." in page
    assert f'href="{feedback_url(edition)}"' in page
    assert 'href="/en/handbook/editions/consultation-draft-1/"' in page
    assert "Open for consultation" in page


def test_the_edition_list_counts_what_each_edition_pinned_in_a_fixed_number_of_queries(
    coordinator, built
):
    publish_edition(built.handbook, kind="edition")
    coordinator.get(INDEX)  # warm the per-process caches
    with CaptureQueriesContext(connection) as one:
        coordinator.get(INDEX)
    for _ in range(4):
        publish_edition(built.handbook, kind="edition")
    coordinator.get(INDEX)  # the shared cache, emptied by the publications, fills again
    with CaptureQueriesContext(connection) as five:
        response = coordinator.get(INDEX)
    assert len(five) == len(one)
    rows = soup(response).select("tbody tr")
    assert len(rows) == 5
    assert [cell.get_text(strip=True) for cell in rows[0].select("td")[3:5]] == ["2", "4"]


def without_chapters():
    HandbookPageFactory()


def with_a_draft_chapter_only():
    handbook = HandbookPageFactory()
    HandbookChapterPageFactory(parent=handbook, live=False)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: None, "There is no published handbook to make an edition of."),
        (without_chapters, "The handbook has no published chapter"),
        (with_a_draft_chapter_only, "The handbook has no published chapter"),
    ],
    ids=["no handbook", "no chapter", "draft chapter only"],
)
def test_publishing_nothing_is_refused_with_a_clear_error_and_stores_nothing(
    coordinator, make, error
):
    make()
    response = coordinator.post(ADD, {"kind": "edition"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "The edition was not published; nothing was saved." in response.content.decode()
    assert not HandbookEdition.objects.exists()
    assert not EditionEntry.objects.exists()


def test_an_unknown_kind_is_a_form_error(coordinator, built):
    response = coordinator.post(ADD, {"kind": "manifesto"})
    assert response.status_code == 200
    assert not HandbookEdition.objects.exists()


@pytest.mark.parametrize("role", ["city editor", "translator"])
def test_only_coordinators_see_or_publish_editions(network, client, built, edition, role):
    group = (
        network.alpha.editors
        if role == "city editor"
        else roles.ensure_translators(Locale.objects.get(language_code="ar"))
    )
    client.force_login(person("someone", group))
    requests = [
        client.get(INDEX),
        client.get(ADD),
        client.post(ADD, {"kind": "edition"}),
        client.post(edit_url(edition), {}),
        client.get(feedback_url(edition)),
        client.get(f"{feedback_url(edition)}?export=csv"),
        client.post(reverse("handbook_editions:delete", args=[edition.pk])),
    ]
    for response in requests:
        assert (response.status_code, response["Location"]) == (302, ADMIN_HOME)
    assert list(HandbookEdition.objects.values_list("pk", "consultation_open")) == [
        (edition.pk, True)
    ]
    assert "Handbook editions" not in client.get(ADMIN_HOME).content.decode()


def test_coordinators_find_editions_in_the_menu(coordinator):
    assert f'"url": "{INDEX}"' in coordinator.get(ADMIN_HOME).content.decode()


# The consultation -------------------------------------------------------------------------------


def test_closing_the_consultation_ends_public_comments(coordinator, client, built, edition):
    chapter = built.chapters[0]
    assert post_comment(client, chapter).status_code == 303

    response = coordinator.post(edit_url(edition), {})  # the box unticked

    assert response.status_code == 302
    edition.refresh_from_db()
    assert not edition.consultation_open
    assert edition.consultation_closed_at is not None
    assert post_comment(client, chapter).status_code == 404
    assert post_comment(client, built.practices[0]).status_code == 404
    assert Comment.objects.count() == 1

    coordinator.post(edit_url(edition), {"consultation_open": "on"})
    edition.refresh_from_db()
    assert (edition.consultation_open, edition.consultation_closed_at) == (True, None)
    assert post_comment(client, chapter).status_code == 303


def test_the_edit_view_changes_nothing_but_the_consultation(coordinator, built, edition):
    entries = list(edition.entries.values_list("pk", "title", "revision_id"))
    before = HandbookEdition.objects.values().get(pk=edition.pk)
    coordinator.post(
        edit_url(edition),
        {"kind": "edition", "slug": "rewritten", "number": "9", "consultation_open": "on"},
    )
    assert HandbookEdition.objects.values().get(pk=edition.pk) == before
    assert list(edition.entries.values_list("pk", "title", "revision_id")) == entries


def test_a_coordinator_deletes_an_edition_after_confirming(coordinator, built, edition):
    url = reverse("handbook_editions:delete", args=[edition.pk])
    confirmation = coordinator.get(url)
    assert confirmation.status_code == 200
    assert "Its pinned text and PDFs go with it" in confirmation.content.decode()
    assert coordinator.post(url).status_code == 302
    assert not HandbookEdition.objects.exists()
    assert not EditionEntry.objects.exists()


# The feedback -----------------------------------------------------------------------------------


def sections(response):
    """``{heading: [comment texts]}`` of the feedback page, chapters and practices in order."""
    found = {}
    heading = None
    for node in soup(response).select("main h2[id^=chapter-], main h3[id^=practice-], blockquote"):
        if node.name == "blockquote":
            found[heading].append(node.get_text())
        else:
            heading = node.get_text(" ", strip=True)
            found[heading] = []
    return found


def test_feedback_groups_the_window_s_comments_by_chapter_then_practice(
    coordinator, built, edition
):
    chapter, practices = built.chapters[1], built.practices
    translate_page(built.handbook, "sv")
    swedish_chapter = translate_page(chapter, "sv", title="Kapitel 2")
    add_comment(chapter, "On the chapter.", status=Comment.Status.APPROVED)
    add_comment(swedish_chapter, "Om kapitlet.", language="sv")
    first = add_comment(practices[0], "On practice 1.", status=Comment.Status.REJECTED)
    add_comment(practices[0], "A reply.", parent=first)
    add_comment(practices[3], "On practice 4.")
    add_comment(practices[3], "Junk.", status=Comment.Status.SPAM)
    add_comment(
        practices[1],
        "Before the edition.",
        created_at=edition.published_at - dt.timedelta(minutes=1),
    )
    add_comment(StandardPageFactory(), "Not in the edition.")
    edition.set_consultation(False)
    edition.save()
    add_comment(
        practices[1],
        "After the consultation.",
        created_at=edition.consultation_closed_at + dt.timedelta(minutes=1),
    )

    response = coordinator.get(feedback_url(edition))

    assert response.status_code == 200
    assert sections(response) == {
        "1 Chapter 1": [],
        "1.1 Practice 1": ["On practice 1.", "A reply."],
        "1.2 Practice 2": [],
        "2 Chapter 2": ["On the chapter.", "Om kapitlet."],
        "2.1 Practice 3": [],
        "2.2 Practice 4": ["On practice 4."],
    }
    page = soup(response)
    summary = [li.get_text(" ", strip=True) for li in page.select("section ul")[0].select("li")]
    assert summary == ["Published: 1", "Awaiting moderation: 3", "Rejected: 1"]
    assert "1 comment marked as spam is not shown." in page.get_text(" ", strip=True)
    assert "in reply to Reader" in page.get_text(" ", strip=True)
    assert "Swedish" in page.get_text()
    assert "@example.org" not in response.content.decode()


def test_the_feedback_csv_has_a_row_per_comment_safe_for_spreadsheets(coordinator, built, edition):
    practice = built.practices[2]
    parent = add_comment(
        practice, '=HYPERLINK("http://evil.example","click")', email="amina@example.org"
    )
    add_comment(practice, "+1, agreed.", parent=parent, name="@bob", email="bob@example.org")

    response = coordinator.get(f"{feedback_url(edition)}?export=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="consultation-feedback-consultation-draft-1.csv"'
        in (response["Content-Disposition"])
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CSV_HEADER
    assert [
        (row["chapter_number"], row["practice_number"], row["item_title"], row["status"])
        for row in rows
    ] == [("2", "1", "Practice 3", "pending")] * 2
    assert rows[0]["text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert (rows[1]["text"], rows[1]["author_name"]) == ("'+1, agreed.", "'@bob")
    assert (rows[0]["reply_to_id"], rows[1]["reply_to_id"]) == ("", str(parent.pk))
    assert rows[0]["comment_id"] == str(parent.pk)
    created = dt.datetime.fromisoformat(rows[0]["created_utc"])
    assert created.utcoffset() == dt.timedelta(0)
    assert abs(created - timezone.now()) < dt.timedelta(minutes=1)
    assert "example.org" not in text


def test_the_feedback_takes_the_same_queries_for_10_and_50_comments(coordinator, built, edition):
    pages = [*built.chapters, *built.practices]

    def comments(count):
        for number in range(count):
            page = pages[number % len(pages)]
            parent = add_comment(page, f"Comment {number}.", status=Comment.Status.APPROVED)
            if number % 3 == 0:
                add_comment(page, f"Reply {number}.", parent=parent)

    def queries():
        coordinator.get(feedback_url(edition))  # a warm process (``home.cache``)
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(feedback_url(edition)).status_code == 200
        return len(captured)

    comments(10)
    coordinator.get(feedback_url(edition))  # warm the per-process caches
    ten = queries()
    comments(40)
    assert queries() == ten
