"""Factories for every page type and snippet. Translations are made with copy_for_translation."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale, Page
from wagtail.users.models import UserProfile

from events.models import EventIndexPage, EventPage, EventReportPage, EventsPage, Person
from handbook.models import (
    ChapterPractice,
    HandbookChapterPage,
    HandbookPage,
    PracticeIndexPage,
    PracticePage,
)
from home.models import CityPage, HomePage, StandardPage, Theme
from stories.models import StoriesPage, StoryIndexPage, StoryPage


class LocaleFactory(DjangoModelFactory):
    language_code = "en"

    class Meta:
        model = Locale
        django_get_or_create = ("language_code",)


def home_page(code="en") -> HomePage:
    """The home page of a locale, as made by ``home.setup.setup_site`` in conftest."""
    return HomePage.objects.get(locale__language_code=code, depth=2)


class ThemeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Theme


class BasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: f"page-{o.title.lower().replace(' ', '-')}")

    class Meta:
        abstract = True


class CityPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = factory.Sequence(lambda n: f"City {n}")
    country = "SE"
    time_zone = "Europe/Stockholm"
    languages = "sv,en"

    class Meta:
        model = CityPage


class StandardPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    intro = "A plain page."

    class Meta:
        model = StandardPage


class StoriesPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = "Stories"
    slug = "stories"

    class Meta:
        model = StoriesPage


class EventsPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = "Events"
    slug = "events"

    class Meta:
        model = EventsPage


class HandbookPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = "Handbook"
    slug = "handbook"

    class Meta:
        model = HandbookPage


class StoryIndexPageFactory(BasePageFactory):
    parent = factory.SubFactory(CityPageFactory)
    title = "Stories"
    slug = "stories"

    class Meta:
        model = StoryIndexPage


class EventIndexPageFactory(BasePageFactory):
    parent = factory.SubFactory(CityPageFactory)
    title = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class PracticeIndexPageFactory(BasePageFactory):
    parent = factory.SubFactory(CityPageFactory)
    title = "Practices"
    slug = "practices"

    class Meta:
        model = PracticeIndexPage


class StoryPageFactory(BasePageFactory):
    parent = factory.SubFactory(StoryIndexPageFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    lead = "How a language café changed my street."
    date = factory.LazyFunction(timezone.localdate)
    body = wagtail_factories.StreamFieldFactory({})

    class Meta:
        model = StoryPage


def aware(year, month, day, hour, minute=0, zone="Europe/Stockholm"):
    return dt.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


class EventPageFactory(BasePageFactory):
    parent = factory.SubFactory(EventIndexPageFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=6))
    organiser = "Malmö stad"
    lead = "A day of dialogue."

    class Meta:
        model = EventPage


class EventReportPageFactory(BasePageFactory):
    parent = factory.SubFactory(EventPageFactory)
    title = "Report"
    slug = "report"
    outcomes = "<p>We agreed on three practices.</p>"

    class Meta:
        model = EventReportPage


class HandbookChapterPageFactory(BasePageFactory):
    parent = factory.SubFactory(HandbookPageFactory)
    title = factory.Sequence(lambda n: f"Chapter {n}")
    introduction = "<p>Why meeting places matter.</p>"

    class Meta:
        model = HandbookChapterPage


class PracticePageFactory(BasePageFactory):
    parent = factory.SubFactory(PracticeIndexPageFactory)
    title = factory.Sequence(lambda n: f"Practice {n}")
    summary = "Neighbours cook together once a month."
    problem = "<p>Neighbours did not know each other.</p>"
    approach = "<p>A shared kitchen.</p>"
    who_was_involved = "<p>The housing company and residents.</p>"
    results = "<p>Sixty regular participants.</p>"
    cost_effort = "<p>One coordinator half-time and a small food budget.</p>"
    watch_out_for = "<p>Do not let one group run the kitchen.</p>"

    class Meta:
        model = PracticePage


def add_practice_to_chapter(chapter, practice, order=0):
    ChapterPractice.objects.create(chapter=chapter, practice=practice, sort_order=order)


def translate_page(page: Page, code: str, publish=True, **changes) -> Page:
    """A translation of ``page`` into ``code`` (parents must be translated already)."""
    translation = page.specific.copy_for_translation(Locale.objects.get(language_code=code))
    for field, value in changes.items():
        setattr(translation, field, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
    translation.refresh_from_db()
    return translation.specific


def city_tree(title="Malmö", slug="malmo", **city_fields):
    """A city with its three sections, in the default locale."""
    city = CityPageFactory(title=title, slug=slug, **city_fields)
    return {
        "city": city,
        "stories": StoryIndexPageFactory(parent=city),
        "events": EventIndexPageFactory(parent=city),
        "practices": PracticeIndexPageFactory(parent=city),
    }


def translate_tree(tree: dict, code: str) -> dict:
    """Translate a city tree (city first, then its sections) into ``code``."""
    translated = {"city": translate_page(tree["city"], code)}
    for key in ("stories", "events", "practices"):
        translated[key] = translate_page(tree[key], code)
    return translated


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "Coordinator"
    organisation = "Malmö stad"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Person


def person(username, *groups, language="", **user_fields):
    """A user in ``groups``, with password "pw" and, if given, a preferred admin language."""
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="pw", **user_fields
    )
    user.groups.add(*groups)
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


def build_handbook(chapters=2, practices_per_chapter=3, *, countries=("SE", "IT"), themes=2):
    """A handbook with ``chapters`` chapters of ``practices_per_chapter`` practices each, spread
    over one city per country and ``themes`` themes, all live in the default locale."""
    theme_objects = [ThemeFactory() for _ in range(themes)]
    sections = [
        city_tree(f"City {code}", f"city-{code.lower()}", country=code)["practices"]
        for code in countries
    ]
    handbook = HandbookPageFactory()
    chapter_pages, practice_pages = [], []
    for number in range(chapters):
        chapter = HandbookChapterPageFactory(parent=handbook, title=f"Chapter {number + 1}")
        for position in range(practices_per_chapter):
            index = len(practice_pages)
            practice = PracticePageFactory(
                parent=sections[index % len(sections)],
                title=f"Practice {index + 1}",
                themes=[theme_objects[index % len(theme_objects)]] if theme_objects else [],
            )
            add_practice_to_chapter(chapter, practice, position)
            practice_pages.append(practice)
        chapter_pages.append(chapter)
    return SimpleNamespace(
        handbook=handbook, chapters=chapter_pages, practices=practice_pages, themes=theme_objects
    )


def rebuild_roots():
    """What a flush between transactional tests wipes and no post_migrate recreates: the roots,
    the default locale, and wagtail-localize's permission, which hangs off a content type of no
    model (its migration 0006)."""
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    if not Locale.objects.exists():
        Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
