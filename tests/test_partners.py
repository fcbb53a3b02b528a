"""Onboarding and archiving a partner from the command line."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission, Page, Workflow, WorkflowPage

from events.models import EventIndexPage
from home.models import CityPage
from partners.models import Partner
from stories.models import StoryIndexPage

pytestmark = pytest.mark.django_db

GDANSK = ["Gdańsk", "--country", "PL", "--languages", "pl,en", "--timezone", "Europe/Warsaw"]


def snapshot():
    return (
        Page.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_add_partner_builds_the_city_in_every_locale_with_its_roles():
    call_command("add_partner", *GDANSK)
    partner = Partner.objects.get(name="Gdańsk")
    cities = CityPage.objects.filter(translation_key=partner.translation_key)
    assert sorted(cities.values_list("locale__language_code", flat=True)) == sorted(
        ["en", "sv", "de", "it", "es", "el", "pl", "ar"]
    )
    city = cities.get(locale__language_code="ar")
    assert city.live and city.slug == "gdansk" and city.time_zone == "Europe/Warsaw"
    assert city.country.code == "PL" and city.language_codes == ["pl", "en"]
    assert StoryIndexPage.objects.child_of(city).live().exists()
    assert GroupPagePermission.objects.filter(group=partner.editors, page=city).exists()
    events_ar = EventIndexPage.objects.child_of(city).get()
    assert GroupPagePermission.objects.filter(group=partner.organisers, page=events_ar).exists()
    assert not GroupPagePermission.objects.filter(group=partner.organisers, page=city).exists()
    assert partner.collection.name == "Gdańsk"
    assert WorkflowPage.objects.filter(workflow=partner.workflow).count() == 16


def test_running_it_again_changes_nothing():
    call_command("add_partner", *GDANSK)
    before = snapshot()
    call_command("add_partner", *GDANSK)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["Turku", "--country", "XX", "--languages", "en", "--timezone", "Europe/Helsinki"],
            "country",
        ),
        (["Turku", "--country", "FI", "--languages", "fi", "--timezone", "Europe/Helsinki"], "fi"),
        (
            ["Turku", "--country", "FI", "--languages", "en", "--timezone", "Mars/Olympus"],
            "time zone",
        ),
        (
            ["Malmö", "--country", "SE", "--languages", "sv", "--timezone", "Europe/Stockholm"],
            "slug",
        ),
    ],
    ids=["country", "language", "time-zone", "clash"],
)
def test_a_bad_argument_or_clash_changes_nothing_and_says_why(arguments, message):
    CityPage.objects.filter(slug="malmo").exists() or call_command(
        "add_partner",
        "Malmö",
        "--country",
        "SE",
        "--languages",
        "sv",
        "--timezone",
        "Europe/Stockholm",
    )
    Partner.objects.filter(name="Malmö").delete()  # a page with that slug stays: a clash
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("add_partner", *arguments)
    assert snapshot() == before


def test_a_failure_halfway_leaves_nothing_half_created(monkeypatch):
    from partners import onboarding

    def broken(city):
        raise onboarding.PartnerError("the collection could not be made")

    monkeypatch.setattr(onboarding, "register", broken)
    before = snapshot()
    with pytest.raises(CommandError, match="collection"):
        call_command("add_partner", *GDANSK)
    assert snapshot() == before


def test_a_new_locale_copy_of_the_city_gets_the_permissions_too():
    call_command("add_partner", *GDANSK)
    partner = Partner.objects.get(name="Gdańsk")
    ar_city = partner.city_pages.get(locale__language_code="ar")
    GroupPagePermission.objects.filter(page=ar_city).delete()
    ar_city.delete()
    from wagtail.models import Locale

    from home.translation import translate

    source = partner.city_pages.get(locale__language_code="en")
    translate(source, Locale.objects.get(language_code="ar"))
    new_copy = partner.city_pages.get(locale__language_code="ar")
    assert GroupPagePermission.objects.filter(group=partner.editors, page=new_copy).count() == 5


def test_archiving_unpublishes_every_copy_and_empties_the_groups():
    call_command("add_partner", *GDANSK)
    partner = Partner.objects.get(name="Gdańsk")
    editor = get_user_model().objects.create_user("ola", password="pw")
    editor.groups.add(partner.editors)
    call_command("archive_partner", "Gdańsk")
    partner.refresh_from_db()
    assert partner.archived_at is not None
    assert not partner.editors.user_set.exists()
    for city in partner.city_pages:
        assert not city.get_descendants(inclusive=True).live().exists()
    call_command("archive_partner", "Gdańsk")  # again: nothing more to do, no error
    with pytest.raises(CommandError, match="no partner"):
        call_command("archive_partner", "Atlantis")


def test_wagtails_broad_default_groups_and_workflow_are_retired():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
