"""The demo seed: every step in order, inside one transaction."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction

from demo.builders import locales as get_locales
from demo.content import (
    cities,
    comments,
    editions,
    events,
    handbook,
    images,
    network,
    pages,
    stories,
    themes,
)
from demo.indexing import deferred_indexing
from events.models import EventsPage
from handbook.models import HandbookPage
from home.setup import setup_site
from partners import roles
from partners.onboarding import register
from stories.models import StoriesPage

LANGUAGES = ("en", "sv", "de", "it", "es", "el", "pl", "ar")
ADMIN = {"username": "admin", "password": "change-me-demo-only", "email": "admin@example.org"}


DEMO_PEOPLE = [
    # username, first name, group (None: the city editors or organisers named by the key)
    ("coordinator", "Cora", roles.COORDINATORS),
    ("malmo-editor", "Maja", ("Malmö", "editors")),
    ("athens-organiser", "Nikos", ("Athens", "organisers")),
    ("translator-ar", "Rania", roles.translators_group_name("ar")),
    ("translator-sv", "Sven", roles.translators_group_name("sv")),
]


def ensure_roles(partners, locales) -> None:
    """The network's groups, each city registered as a partner, and one demo person per role
    (same password as the admin)."""
    roles.ensure_coordinators()
    for locale in locales.values():
        roles.ensure_translators(locale)
    registered = {p.city.title: register(p.city) for p in partners.values()}
    User = get_user_model()
    for username, first_name, group in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(ADMIN["password"])
            user.save()
        if isinstance(group, tuple):
            partner = registered[group[0]]
            group = partner.editors if group[1] == "editors" else partner.organisers
        else:
            group = Group.objects.get(name=group)
        user.groups.add(group)


def ensure_admin() -> None:
    User = get_user_model()
    if not User.objects.filter(username=ADMIN["username"]).exists():
        User.objects.create_superuser(**ADMIN)


@transaction.atomic
def seed(log=print) -> None:
    missing = [code for code in settings.CONTENT_LANGUAGES if code not in LANGUAGES]
    if missing:
        raise CommandError(f"The demo content has no text in: {', '.join(missing)}")

    started = time.monotonic()

    def step(name):
        log(f"{time.monotonic() - started:6.1f}s  {name}")

    with deferred_indexing():
        _seed(step)
    step("indexed")


def _seed(step) -> None:
    home = setup_site()
    locales = get_locales()
    step("site")
    pictures = images.ensure_images()
    step("images")
    all_themes = themes.ensure_themes(locales)
    step("themes")
    network.ensure_home(home, locales, pictures)
    step("home")
    listings = network.ensure_listings(home, locales, pictures)
    step("listings")
    partners = cities.ensure_cities(home, locales, pictures)
    step("cities")
    practices = handbook.ensure_practices(partners, all_themes, pictures, locales)
    step("practices")
    handbook.ensure_chapters(listings[HandbookPage], practices, locales)
    step("chapters")
    # After the chapters (an edition pins them) and before the comments (on the consultation).
    editions.ensure_editions(listings[HandbookPage], practices)
    step("editions")
    stories.ensure_stories(partners, all_themes, pictures, locales)
    comments.ensure_comments()
    step("stories")
    events.ensure_events(partners, all_themes, pictures, practices, locales)
    step("events")
    standard = pages.ensure_pages(home, pictures)
    network.ensure_navigation(
        locales,
        menu_pages=[
            listings[StoriesPage],
            listings[EventsPage],
            listings[HandbookPage],
            standard["about"],
        ],
        footer_pages=[
            standard["about"],
            standard["accessibility-statement"],
            standard["privacy-notice"],
        ],
    )
    step("pages and navigation")
    network.ensure_demo_notice()
    ensure_admin()
    ensure_roles(partners, locales)
    step("settings, roles and people")
