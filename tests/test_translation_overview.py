"""The translation overview (Reports → Translation overview) and the translator's dashboard panel,
over HTTP with the test client, on real wagtail-localize translations and on plain copies."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Locale, get_page_models
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from events.models import EventIndexPage
from home.models import HomePage
from home.translation import translate
from partners import roles
from partners.translation_overview import CONTENT_TYPES, Reason, source_pages
from stories.models import StoryIndexPage
from tests.factories import (
    EventPageFactory,
    HandbookChapterPageFactory,
    HandbookPageFactory,
    StoryPageFactory,
    home_page,
    person,
    translate_page,
)

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("wagtailadmin_home")
OVERVIEW = reverse("translation_overview:index")
HEADINGS = ["Source pages", "Translated", "Out of date", "Missing"]


# The world ----------------------------------------------------------------------------------------


def locale(code):
    return Locale.objects.get(language_code=code)


def section(partner, model, code):
    return model.objects.child_of(partner.city_pages.get(locale__language_code=code)).get()


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def story(partner, code, title):
    parent = section(partner, StoryIndexPage, code)
    return published(StoryPageFactory(parent=parent, title=title, slug=slugify(title)))


def translate_fully(page, code):
    """A wagtail-localize translation of ``page`` with every string translated, published."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    strings = StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    return translate(page, locale(code), {text: f"[{code}] {text}" for text in strings})


def build_world(network):
    """Alpha writes five stories in English: two translated into Swedish with wagtail-localize,
    the first of them then changed and re-published (out of date); two copied into German with
    ``copy_for_translation``, the second re-published after its copy (out of date). Alpha also
    writes a story in Swedish (translated into English) and an event in English (translated into
    Swedish); Beta writes a story in Italian; the network has a handbook chapter in English."""
    alpha, beta = network.alpha, network.beta
    stories = [story(alpha, "en", f"Alpha story {number}") for number in range(1, 6)]
    swedish = [translate_fully(page, "sv") for page in stories[:2]]
    stories[0].lead = "A new lead, after the translation."
    published(stories[0])
    german = [translate_page(page, "de") for page in stories[2:4]]
    published(stories[3])
    swedish_story = story(alpha, "sv", "Alfas egen berättelse")
    translate_fully(swedish_story, "en")
    event = published(EventPageFactory(parent=section(alpha, EventIndexPage, "en"), title="Café"))
    translate_fully(event, "sv")
    beta_story = story(beta, "it", "Storia di Beta")
    handbook = published(HandbookPageFactory(parent=home_page("en")))
    chapter = published(HandbookChapterPageFactory(parent=handbook, title="Meeting places"))
    return SimpleNamespace(
        translators=roles.ensure_translators(locale("sv")),
        stories=stories,
        swedish=swedish,
        german=german,
        swedish_story=swedish_story,
        event=event,
        beta_story=beta_story,
        chapter=chapter,
    )


@pytest.fixture(scope="module")
def world(network, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(network)
        transaction.set_rollback(True)


@pytest.fixture
def coordinator(network, client):
    client.force_login(person("carla", network.coordinators))
    return client


@pytest.fixture
def translator(world):
    """A client of its own, so that a test can act as the coordinator and as the translator."""
    client = Client()
    client.force_login(person("sven", world.translators))
    return client


# Reading the page ---------------------------------------------------------------------------------


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(cell):
    return " ".join(cell.get_text().split())


def tables(response) -> dict[str, dict[str, list[str]]]:
    """Each language's table: its rows (type and total) by label, each the four numbers."""
    found = {}
    for table in soup_of(response).select("table.translation-overview"):
        assert [text(th) for th in table.thead("th")][1:] == HEADINGS
        rows = table.tbody("tr") + table.tfoot("tr")
        found[text(table.caption)] = {
            text(row.th): [text(cell) for cell in row("td")] for row in rows
        }
    return found


def listed(response) -> dict[str, list[tuple[str, str]]]:
    """The list's rows: each page's title with its actions' labels and links."""
    table = soup_of(response).select_one("table.translation-overview")
    if table is None:
        return {}
    return {
        text(row.th): [(text(a).split(":")[0], a["href"]) for a in row.select("td a")]
        for row in table.tbody("tr")
    }


def url(**params):
    return f"{OVERVIEW}?" + "&".join(f"{name}={value}" for name, value in params.items())


def reason(page, code):
    return source_pages(locale(code)).get(pk=page.pk).reason


# The numbers --------------------------------------------------------------------------------------


def test_the_overview_counts_sources_translated_out_of_date_and_missing(world, coordinator):
    found = tables(coordinator.get(OVERVIEW))

    assert list(found) == ["English", "svenska", "Deutsch", "italiano", "español", "Ελληνικά",
                           "polski", "العربيّة"]  # fmt: skip
    assert found["English"]["Stories"] == ["2", "1", "0", "1"]  # Alpha's Swedish, Beta's Italian
    assert found["English"]["Handbook chapters"] == ["0", "0", "0", "0"]
    assert found["svenska"]["Stories"] == ["6", "1", "1", "4"]
    assert found["svenska"]["Events"] == ["1", "1", "0", "0"]
    assert found["svenska"]["Handbook chapters"] == ["1", "0", "0", "1"]
    assert found["svenska"]["All content"] == ["8", "2", "1", "5"]
    assert found["Deutsch"]["Stories"] == ["7", "1", "1", "5"]
    assert found["Deutsch"]["Events"] == ["1", "0", "0", "1"]
    assert found["italiano"]["Stories"] == ["6", "0", "0", "6"]  # Beta's own is no source here
    assert found["العربيّة"]["All content"] == ["9", "0", "0", "9"]


def test_the_city_filter_keeps_that_citys_pages_in_every_language_and_no_chapters(
    network, world, coordinator
):
    alpha = tables(coordinator.get(url(city=network.alpha.pk)))
    beta = tables(coordinator.get(url(city=network.beta.pk)))

    assert alpha["svenska"]["Stories"] == ["5", "1", "1", "3"]
    assert alpha["svenska"]["Handbook chapters"] == ["0", "0", "0", "0"]
    assert alpha["svenska"]["All content"] == ["6", "2", "1", "3"]
    assert alpha["English"]["Stories"] == ["1", "1", "0", "0"]
    assert alpha["Deutsch"]["Stories"] == ["6", "1", "1", "4"]
    assert beta["svenska"]["All content"] == ["1", "0", "0", "1"]
    assert beta["italiano"]["All content"] == ["0", "0", "0", "0"]
    select = soup_of(coordinator.get(OVERVIEW)).find("select", attrs={"name": "city"})
    assert [text(option) for option in select("option")][1:] == ["Alpha", "Beta"]


def test_each_number_links_to_its_list(network, world, coordinator):
    soup = soup_of(coordinator.get(url(city=network.alpha.pk)))
    swedish = soup.find("caption", string="svenska").parent
    stories = swedish.tbody("tr")[0]

    links = [cell.a["href"] if cell.a else None for cell in stories("td")]

    city = f"city={network.alpha.pk}"
    assert links == [
        f"{OVERVIEW}?locale=sv&state=all&type=story&{city}",
        f"{OVERVIEW}?locale=sv&state=translated&type=story&{city}",
        f"{OVERVIEW}?locale=sv&state=out-of-date&type=story&{city}",
        f"{OVERVIEW}?locale=sv&state=missing&type=story&{city}",
    ]
    assert swedish.find(string="Handbook chapters").parent.parent.a is None  # 0: no link


def test_the_missing_list_links_to_translate_each_page(network, world, coordinator):
    response = coordinator.get(
        url(locale="sv", type="story", state="missing", city=network.alpha.pk)
    )

    rows = listed(response)
    latest_first = [world.stories[3], world.stories[4], world.stories[2]]  # 4 was re-published
    assert list(rows) == [page.title for page in latest_first]
    for page in latest_first:
        [(label, href)] = rows[page.title]
        assert label == "Translate this page"
        submit = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        assert href.startswith(f"{submit}?next=")
    assert "Stories missing in svenska" in response.content.decode()


def test_the_out_of_date_list_links_to_the_translation_editor_and_to_sync(world, coordinator):
    rows = listed(coordinator.get(url(locale="sv", type="story", state="out-of-date")))

    source = TranslationSource.objects.get(object_id=world.stories[0].translation_key)
    [(sync, sync_url), (update, edit_url)] = rows["Alpha story 1"]
    assert list(rows) == ["Alpha story 1"]
    assert sync == "Sync translated pages"
    assert sync_url.startswith(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert update == "Update the translation"
    assert edit_url == reverse("wagtailadmin_pages:edit", args=[world.swedish[0].pk])
    german = listed(coordinator.get(url(locale="de", state="out-of-date")))
    assert german == {
        "Alpha story 4": [
            (
                "Update the translation",
                reverse("wagtailadmin_pages:edit", args=[world.german[1].pk]),
            )
        ]
    }


def test_the_list_of_all_sources_shows_each_state(world, coordinator):
    response = coordinator.get(url(locale="en", state="all"))

    rows = soup_of(response).select("table.translation-overview tbody tr")
    assert [text(row.th) for row in rows] == ["Storia di Beta", "Alfas egen berättelse"]
    assert "Translated: Up to date" in text(rows[1]) and "Alpha" in text(rows[1])
    assert "Missing: Not translated" in text(rows[0]) and "Beta" in text(rows[0])


def test_unknown_filters_are_not_found(coordinator, world):
    for params in ({"locale": "xx"}, {"type": "page"}, {"state": "lost"}, {"city": "999"}):
        assert coordinator.get(url(**params)).status_code == 404


# What "out of date" follows -----------------------------------------------------------------------


def test_a_change_stays_out_of_date_through_the_sync_until_every_string_is_translated(
    world, coordinator, translator
):
    changed, translation = world.stories[0], world.swedish[0]
    assert reason(changed, "sv") == Reason.NOT_SYNCED

    source = TranslationSource.objects.get(object_id=changed.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert coordinator.post(sync, {}).status_code == 302
    assert reason(changed, "sv") == Reason.NOT_PUBLISHED

    edit = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    assert translator.post(edit, {"action": "publish"}).status_code == 302
    assert reason(changed, "sv") == Reason.STRINGS_WAITING  # the new lead is still in English

    translate_fully(changed, "sv")
    assert reason(changed, "sv") == Reason.UP_TO_DATE


def test_a_sync_that_publishes_new_strings_in_the_original_language_is_out_of_date(
    world, coordinator
):
    changed = world.stories[0]
    source = TranslationSource.objects.get(object_id=changed.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])

    assert coordinator.post(sync, {"publish_translations": "on"}).status_code == 302

    assert reason(changed, "sv") == Reason.STRINGS_WAITING


def test_translate_this_page_publishes_the_original_text_at_once_which_is_out_of_date(
    world, translator, django_capture_on_commit_callbacks
):
    page = world.stories[4]
    submit = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert translator.post(submit, {"locales": [locale("sv").pk]}).status_code == 302
    assert page.get_translation(locale("sv")).live

    assert reason(page, "sv") == Reason.STRINGS_WAITING
    rows = listed(translator.get(url(locale="sv", state="out-of-date")))
    edit = reverse("wagtailadmin_pages:edit", args=[page.get_translation(locale("sv")).pk])
    assert rows["Alpha story 5"] == [("Update the translation", edit)]

    translate_fully(page, "sv")
    assert reason(page, "sv") == Reason.UP_TO_DATE


def test_a_translation_published_with_some_strings_untranslated_is_out_of_date(world):
    page = world.stories[4]
    translate(page, locale("sv"), {page.title: "Alfas femte berättelse"})

    assert reason(page, "sv") == Reason.STRINGS_WAITING


def test_a_copy_without_wagtail_localize_follows_publication_times(world):
    up_to_date, republished = world.stories[2], world.stories[3]
    assert reason(up_to_date, "de") == Reason.UP_TO_DATE
    assert reason(republished, "de") == Reason.REPUBLISHED

    published(world.german[1])

    assert reason(republished, "de") == Reason.UP_TO_DATE


def test_a_translation_whose_synchronisation_stopped_follows_publication_times(world):
    changed = world.stories[0]
    Translation.objects.filter(source__object_id=changed.translation_key).update(enabled=False)
    assert reason(changed, "sv") == Reason.REPUBLISHED

    published(world.swedish[0])

    assert reason(changed, "sv") == Reason.UP_TO_DATE


def test_a_translation_saved_but_not_published_is_missing_with_a_link_to_continue_it(
    world, translator
):
    page = world.stories[2]
    draft = translate_page(page, "sv", publish=False)

    rows = listed(translator.get(url(locale="sv", state="missing")))

    assert reason(page, "sv") == Reason.DRAFT
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert rows["Alpha story 3"] == [("Continue the translation", edit)]


def test_every_page_type_that_is_not_in_every_locale_is_counted():
    content = {
        model
        for model in get_page_models()
        if model is not HomePage and not getattr(model, "in_every_locale", True)
    }

    assert content == {kind.model for kind in CONTENT_TYPES}


# A constant number of queries ---------------------------------------------------------------------


def queries_for(client, address):
    """Queries of a request on a warm process: a first request fills what the shared cache
    keeps (``home.cache``), which a change to content empties."""
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def more_stories(network, count, start):
    """Stories of which every third is copied into Swedish and every fifth re-published since."""
    for number in range(start, start + count):
        page = story(network.alpha, "en", f"More {number}")
        if number % 3 == 0:
            translate_page(page, "sv")
        if number % 5 == 0:
            published(page)


def test_the_overview_its_lists_and_the_panel_need_the_same_queries_for_10_or_50_pages(
    network, world, coordinator, translator
):
    requests = [
        (coordinator, OVERVIEW),
        (coordinator, url(city=network.alpha.pk)),
        (coordinator, url(locale="sv", state="all")),
        (coordinator, url(locale="sv", state="missing", type="story")),
        (translator, ADMIN_HOME),
    ]
    more_stories(network, 10, 0)
    for client, address in requests:
        queries_for(client, address)  # warm caches (content types, site root paths)
    ten = [queries_for(client, address) for client, address in requests]
    more_stories(network, 40, 10)
    fifty = [queries_for(client, address) for client, address in requests]

    assert fifty == ten


# Who sees it --------------------------------------------------------------------------------------


def test_a_city_editor_has_no_overview_no_menu_item_and_no_panel(network, world, client):
    client.force_login(person("astrid", network.alpha.editors))

    for address in (OVERVIEW, url(locale="sv", state="missing")):
        response = client.get(address)
        assert response.status_code == 302 and response.url == ADMIN_HOME
    dashboard = client.get(ADMIN_HOME).content.decode()
    assert OVERVIEW not in dashboard and "translation-overview" not in dashboard
    assert 'id="translator-work' not in dashboard


def test_a_translator_sees_only_their_language_and_is_refused_others(world, translator):
    assert list(tables(translator.get(OVERVIEW))) == ["svenska"]
    assert list(listed(translator.get(url(locale="sv", state="out-of-date")))) == ["Alpha story 1"]
    for address in (url(locale="de"), url(locale="de", state="missing")):
        response = translator.get(address)
        assert response.status_code == 302 and response.url == ADMIN_HOME


def test_a_translator_finds_their_languages_work_on_the_dashboard(world, translator):
    soup = soup_of(translator.get(ADMIN_HOME))

    panel = soup.find(id="translator-work-content")
    assert "1 translation out of date" in text(panel)
    assert "5 pages not translated yet" in text(panel)
    links = {text(a): a["href"] for a in panel.select("ul a")}
    assert links == {
        "1 translation out of date": url(locale="sv", state="out-of-date"),
        "5 pages not translated yet": url(locale="sv", state="missing"),
    }
    assert panel.h3.a["href"] == url(locale="sv")
    titles = [text(row.select_one(".title")) for row in panel.select("tbody tr")]
    assert titles[0] == "Alpha story 1"  # out of date first, then missing
    assert len(titles) == 5 and "Meeting places" in titles
    assert '"translation-overview"' in str(soup)  # the Reports menu lists it


def test_a_coordinator_outside_the_translators_groups_has_no_translator_panel(world, coordinator):
    assert soup_of(coordinator.get(ADMIN_HOME)).find(id="translator-work-content") is None
