"""Right to left: Arabic, and any right-to-left language added by configuration, reads as such.

``<html dir="rtl">`` on every public page type, names in another script isolated with ``<bdi>``
where they sit in Arabic text, the admin in Arabic for an Arabic-speaking editor, and a
stylesheet with logical properties only, so the layout mirrors. What the pages look like in a
browser is in ``test_browser_rtl.py``.
"""

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.setup import setup_site
from home.templatetags.site_tags import lang_attrs
from home.translation import translate
from partners.onboarding import register
from tests.factories import (
    EventPageFactory,
    EventsPageFactory,
    HandbookChapterPageFactory,
    HandbookPageFactory,
    PersonFactory,
    PracticePageFactory,
    StandardPageFactory,
    StoriesPageFactory,
    StoryPageFactory,
    add_practice_to_chapter,
    city_tree,
    person,
    translate_page,
)

pytestmark = pytest.mark.django_db

SWEDISH_NAME = "Åsa Lindström"

# What the Arabic pages say; the Swedish teller and speaker keep her name in Latin letters.
ARABIC = {
    "stories": "القصص",
    "events": "الفعاليات",
    "handbook": "الدليل",
    "practices": "الممارسات",
    "story": {
        "title": "مقهى اللغة في حيّنا",
        "lead": f"كانت {SWEDISH_NAME} تفتح باب المكتبة كل خميس، فصار الجيران يتعلمون لغات بعضهم.",
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>في الشتاء الأول كان كل شيء جديدًا. جلسنا حول الطاولة نفسها، "
                    "نتكلم العربية والسويدية والإنجليزية، ونضحك من أخطائنا.</p>"
                ),
            )
        ],
    },
    "event": {
        "title": "يوم الحوار في مالمو",
        "lead": "يوم كامل من اللقاءات بين سكان المدينة والبلدية والجمعيات.",
        "venue": "مكتبة المدينة",
        "session": "افتتاح وتعارف",
        "role": "منسقة الشبكة",
    },
    "practice": {
        "title": "المطبخ المشترك",
        "summary": "يطبخ الجيران معًا مرة كل شهر.",
    },
    "chapter": {"title": "أماكن اللقاء", "introduction": "<p>لماذا تهمّ أماكن اللقاء.</p>"},
    "standard": {"title": "عن الشبكة", "intro": "شبكة من المدن الأوروبية تتحاور."},
}


def session(date, title, speakers):
    return {
        "date": date,
        "start": dt.time(10, 0),
        "end": dt.time(11, 30),
        "title": title,
        "description": "",
        "speakers": list(speakers),
        "room": "",
        "languages": "",
        "interpretation": "",
    }


def arabic_network():
    """Malmö (a partner, its name left in Latin letters in Arabic), with a story, an event
    with a Swedish speaker, a practice in a handbook chapter and a standard page, all
    translated into Arabic and Swedish. Returns the pages by language: ``.ar.story`` …"""
    sections = city_tree(title="Malmö", slug="malmo", time_zone="Europe/Stockholm")
    city = sections.pop("city")
    listings = {
        "stories": StoriesPageFactory(),
        "events": EventsPageFactory(),
        "handbook": HandbookPageFactory(),
    }
    story = StoryPageFactory(
        parent=sections["stories"],
        title="The language café on our street",
        slug="language-cafe",
        teller_name=SWEDISH_NAME,
        lead=f"{SWEDISH_NAME} opened the library every Thursday.",
    )
    asa = PersonFactory(name=SWEDISH_NAME, role="Network coordinator", organisation="")
    start = timezone.localtime(timezone.now() + dt.timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    event = EventPageFactory(
        parent=sections["events"],
        title="Dialogue day in Malmö",
        slug="dialogue-day",
        start=start,
        end=start + dt.timedelta(hours=8),
        organiser="Malmö stad",
        agenda=[("session", session(start.date(), "Welcome", [asa]))],
    )
    practice = PracticePageFactory(
        parent=sections["practices"], title="Shared kitchen", slug="kitchen"
    )
    chapter = HandbookChapterPageFactory(
        parent=listings["handbook"], title="Meeting places", slug="meeting-places"
    )
    add_practice_to_chapter(chapter, practice)
    standard = StandardPageFactory(title="About the network", slug="about")

    arabic = Locale.objects.get(language_code="ar")
    translate(asa, arabic, {"Network coordinator": ARABIC["event"]["role"]})
    pages = {"en": SimpleNamespace(story=story, event=event)}
    for code in ("ar", "sv"):
        words = ARABIC if code == "ar" else {}
        ns = SimpleNamespace(city=translate_page(city, code))
        for key, page in sections.items():
            translate_page(page, code, **_title(words.get(key)))
        for key, page in listings.items():
            setattr(ns, key, translate_page(page, code, **_title(words.get(key))))
        ns.story = translate_page(story, code, **words.get("story", {}))
        event_words = dict(words.get("event", {}))
        if event_words:
            event_words["agenda"] = [
                ("session", session(start.date(), event_words.pop("session"), [asa]))
            ]
            event_words.pop("role")
        ns.event = translate_page(event, code, **event_words)
        ns.practice = translate_page(practice, code, **words.get("practice", {}))
        ns.chapter = translate_page(chapter, code, **words.get("chapter", {}))
        ns.standard = translate_page(standard, code, **words.get("standard", {}))
        pages[code] = ns
    return SimpleNamespace(partner=register(city), **pages)


def _title(title):
    return {"title": title} if title else {}


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """The Arabic network for the module's tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield arabic_network()
        transaction.set_rollback(True)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def page_urls(pages, code):
    """Every public page type, as a URL in the language ``code``."""
    return {
        "home": f"/{code}/",
        "city": pages.city.url,
        "city stories": f"{pages.city.url}stories/",
        "city events": f"{pages.city.url}events/",
        "city practices": f"{pages.city.url}practices/",
        "stories": pages.stories.url,
        "story": pages.story.url,
        "events": pages.events.url,
        "past events": f"{pages.events.url}?when=past",
        "programme": f"{pages.events.url}programme/",
        "event": pages.event.url,
        "handbook": pages.handbook.url,
        "chapter": pages.chapter.url,
        "practice": pages.practice.url,
        "standard": pages.standard.url,
    }


PAGE_TYPES = [
    "home",
    "city",
    "city stories",
    "city events",
    "city practices",
    "stories",
    "story",
    "events",
    "past events",
    "programme",
    "event",
    "handbook",
    "chapter",
    "practice",
    "standard",
]


# A right-to-left language added by configuration --------------------------------------------


@pytest.mark.parametrize(
    ("code", "attrs"),
    [
        ("ar", ' lang="ar" dir="rtl"'),
        ("fa", ' lang="fa" dir="rtl"'),
        ("he", ' lang="he" dir="rtl"'),
        ("sv", ' lang="sv" dir="ltr"'),
        ("xx", ' lang="xx" dir="ltr"'),
    ],
)
def test_lang_attrs_follow_djangos_bidi_flag(code, attrs):
    assert lang_attrs(code) == attrs


@pytest.fixture
def persian(settings):
    """Persian (fa) added to CONTENT_LANGUAGES, as settings/base.py builds LANGUAGES from it,
    and set up as ``manage.py setup_site`` would after such a change. (Placed before the tests
    that build the module's network, so that setup has less to copy into Persian.)"""
    settings.CONTENT_LANGUAGES = [*settings.CONTENT_LANGUAGES, "fa"]
    settings.LANGUAGES = [*settings.LANGUAGES, ("fa", "فارسی")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    settings.WAGTAILADMIN_PERMITTED_LANGUAGES = settings.LANGUAGES
    setup_site()
    return Locale.objects.get(language_code="fa")


def test_persian_added_by_configuration_is_right_to_left_on_the_site_and_in_the_admin(
    client, persian
):
    response = client.get("/fa/")
    assert response.status_code == 200
    html = soup(response)
    assert (html.html["lang"], html.html["dir"]) == ("fa", "rtl")
    assert html.select_one('.languages a[lang="fa"]')["aria-current"] == "true"
    missing = soup(client.get("/fa/no-such-page/"))
    assert (missing.html["lang"], missing.html["dir"]) == ("fa", "rtl")
    # An editor who chooses Persian for the admin gets it right to left too.
    client.force_login(person("dariush", language="fa", is_superuser=True))
    admin = soup(client.get("/admin/"))
    assert (admin.html["lang"], admin.html["dir"]) == ("fa", "rtl")


# The document's direction ---------------------------------------------------------------------


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("sv", "ltr")])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_has_the_direction_of_its_language(
    client, network, page_type, code, direction
):
    url = page_urls(getattr(network, code), code)[page_type]
    response = client.get(url)
    assert response.status_code == 200, url
    html = soup(response)
    assert (html.html["lang"], html.html["dir"]) == (code, direction)
    # The page is its own translation, not another language's stand-in with a dir of its own.
    assert html.select_one("main .stand-in") is None


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("sv", "ltr")])
def test_a_missing_page_has_the_direction_of_its_language(client, code, direction):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    html = soup(response)
    assert (html.html["lang"], html.html["dir"]) == (code, direction)


def test_an_arabic_page_is_in_arabic_and_names_each_language_in_its_own(client, network):
    html = soup(client.get(network.ar.story.url))
    assert html.h1.get_text(strip=True) == ARABIC["story"]["title"]
    assert html.select_one(".facts dt").get_text() == "بقلم"  # "Told by", from locale/ar
    switcher = {a["lang"]: a for a in html.select(".languages a[lang]")}
    assert switcher["ar"].get("aria-current") == "true"
    assert switcher["sv"].get_text() == "svenska"


# Bidi isolation: a name in another script, inside Arabic text -------------------------------


def test_the_swedish_teller_of_an_arabic_story_is_isolated(client, network):
    html = soup(client.get(network.ar.story.url))
    teller = html.select_one(".facts bdi")
    assert teller is not None and teller.get_text() == SWEDISH_NAME


def test_names_in_an_arabic_event_are_isolated(client, network):
    html = soup(client.get(network.ar.event.url))
    speaker = html.select_one(".speaker")
    assert speaker.select_one("bdi.speaker__name").get_text() == SWEDISH_NAME
    assert speaker.select_one(".speaker__role bdi").get_text() == ARABIC["event"]["role"]
    assert "lang" not in speaker.attrs  # she has an Arabic version: her role is in Arabic
    organiser = html.find("dt", string="الجهة المنظِّمة")  # "Organiser"
    assert organiser.find_next_sibling("dd").bdi.get_text() == "Malmö stad"
    # The city and its time zone, inside the translated "Local time in … (…)" sentences.
    notes = html.select(".facts__note")
    assert [note.get_text() for note in notes] == [
        "بالتوقيت المحلي في Malmö (Europe/Stockholm)",
        "كل الأوقات بالتوقيت المحلي في Malmö (Europe/Stockholm).",
    ]
    for note in notes:
        assert [bdi.get_text() for bdi in note.find_all("bdi")] == ["Malmö", "Europe/Stockholm"]


def test_city_names_on_arabic_cards_are_isolated(client, network):
    html = soup(client.get(network.ar.stories.url))
    card = html.select_one(".card")
    assert card.select_one(".card__meta bdi").get_text() == "Malmö"
    events = soup(client.get(network.ar.events.url))
    assert events.select_one(".card .card__meta bdi").get_text() == "Malmö"


def test_a_name_isolated_in_a_sentence_is_still_escaped(client):
    """The ``<bdi>`` around a city name in a translated sentence is built in the template; the
    name inside it must still be escaped."""
    tree = city_tree(title="Fish & <b>Chips</b>", slug="fish", time_zone="Europe/Stockholm")
    EventPageFactory(parent=tree["events"], slug="fry-up")
    response = client.get("/en/fish/events/fry-up/")
    note = soup(response).select_one(".facts__note")
    assert note.find("b") is None
    assert note.bdi.get_text() == "Fish & <b>Chips</b>"
    assert "Fish &amp; &lt;b&gt;Chips&lt;/b&gt;" in response.content.decode()


# The Wagtail admin for an Arabic-speaking editor --------------------------------------------


@pytest.fixture
def arabic_editor(client, network):
    """One of Malmö's city editors, whose admin language is Arabic."""
    client.force_login(person("karim", network.partner.editors, language="ar"))
    return client


def test_the_admin_dashboard_is_arabic_and_right_to_left(arabic_editor):
    response = arabic_editor.get("/admin/")
    assert response.status_code == 200
    html = soup(response)
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert "لوحة التحكم" in html.title.get_text()


def test_the_arabic_story_is_edited_in_an_arabic_right_to_left_admin(arabic_editor, network):
    response = arabic_editor.get(f"/admin/pages/{network.ar.story.pk}/edit/")
    assert response.status_code == 200
    html = soup(response)
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert "تحرير القصة" in html.title.get_text()  # "Editing story", Wagtail's and ours
    buttons = {button.get_text(strip=True) for button in html.find_all("button")}
    assert {"حفظ المسودة", "نشر"} <= buttons  # Save draft, Publish
    assert html.find("input", attrs={"name": "title"})["value"] == ARABIC["story"]["title"]


def test_an_editor_who_prefers_swedish_keeps_a_left_to_right_admin(client, network):
    client.force_login(person("sara", network.partner.editors, language="sv"))
    html = soup(client.get(f"/admin/pages/{network.ar.story.pk}/edit/"))
    assert (html.html["lang"], html.html["dir"]) == ("sv", "ltr")


# The stylesheet mirrors -----------------------------------------------------------------------

STYLESHEETS = sorted(Path(settings.BASE_DIR, "static", "css").glob("*.css"))
PHYSICAL = re.compile(
    r"""
    \b(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)\b
    | (?<![\w.-])(?:left|right)\s*:
    | \b(?:text-align|float|clear)\s*:\s*(?:left|right)\b
    | \bborder-(?:top|bottom)-(?:left|right)-radius\b
    | \btranslateX\(
    """,
    re.VERBOSE,
)


def physical_properties(css: str) -> list[str]:
    """Each physical left/right property in ``css`` with its line; comments (which may well say
    "right to left") are left out."""
    code = re.sub(r"/\*.*?\*/", lambda c: "\n" * c[0].count("\n"), css, flags=re.DOTALL)
    return [
        f"line {code.count(chr(10), 0, match.start()) + 1}: {match[0]}"
        for match in PHYSICAL.finditer(code)
    ]


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheets_use_logical_properties_only(stylesheet):
    found = physical_properties(stylesheet.read_text())
    assert not found, f"{stylesheet.name} has physical left/right properties: {found}"


def test_the_physical_property_check_catches_what_it_should():
    caught = ["margin-left: 1rem", "padding-right:0", "left: 0", "text-align: right", "float:left"]
    allowed = ["inset-inline-start: 0", "margin-inline: auto", "text-align: start"]
    assert [len(physical_properties(f"a {{ {rule} }}")) for rule in caught] == [1] * len(caught)
    assert physical_properties("/* right to left */\n" + "; ".join(allowed)) == []
    assert physical_properties("/* a\n b */\np { float: right }") == ["line 3: float: right"]
