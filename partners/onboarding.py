"""Onboarding and archiving a partner: one transaction each, idempotent, with clear refusals."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.models import Collection, Locale, Workflow, WorkflowTask

from events.models import EventIndexPage
from handbook.models import PracticeIndexPage
from home.models import CityPage, HomePage
from home.models.pages import known_time_zones
from home.translation import translate
from partners import roles
from partners.models import Partner
from stories.models import StoryIndexPage

SECTIONS = [StoryIndexPage, EventIndexPage, PracticeIndexPage]


class PartnerError(Exception):
    """A refusal with a message for the coordinator; nothing was changed."""


def validate(name, country, languages, time_zone, kind):
    if not name.strip():
        raise PartnerError(_("A partner needs a name."))
    if country.upper() not in countries:
        raise PartnerError(
            _("“%(code)s” is not a country code (use ISO codes such as PL).") % {"code": country}
        )
    known = {code for code, _name in settings.LANGUAGES}
    unknown = [code for code in languages if code not in known]
    if not languages or unknown:
        raise PartnerError(
            _("Languages must be among the site's languages (%(known)s); not: %(unknown)s.")
            % {"known": ", ".join(sorted(known)), "unknown": ", ".join(unknown) or "—"}
        )
    if time_zone not in known_time_zones():
        raise PartnerError(
            _("“%(zone)s” is not a known time zone (e.g. Europe/Warsaw).") % {"zone": time_zone}
        )
    if kind not in CityPage.Kind.values:
        raise PartnerError(
            _("Kind must be one of: %(kinds)s.") % {"kinds": ", ".join(CityPage.Kind.values)}
        )


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _create_city_tree(name, slug, country, languages, time_zone, kind) -> CityPage:
    home = HomePage.objects.get(locale=Locale.get_default(), depth=2)
    if home.get_children().filter(slug=slug).exists():
        raise PartnerError(
            _("A page with the slug “%(slug)s” already exists under the home page.")
            % {"slug": slug}
        )
    city = _publish(
        home,
        CityPage(
            title=name,
            slug=slug,
            country=country.upper(),
            languages=",".join(languages),
            time_zone=time_zone,
            kind=kind,
        ),
    )
    sections = [
        _publish(city, model(title=str(model.default_title), slug=model.default_slug))
        for model in SECTIONS
    ]
    for locale in Locale.objects.exclude(pk=city.locale_id):
        translate(city, locale)
        with translation.override(locale.language_code):
            for section in sections:
                translate(section, locale, {section.title: str(type(section).default_title)})
    return city


def register(city: CityPage) -> Partner:
    """The collection, groups, review workflow and permissions of an existing city."""
    partner = Partner.objects.filter(translation_key=city.translation_key).first()
    if partner is None:
        name = city.title
        editors, _created = Group.objects.get_or_create(name=f"{name}: city editors")
        organisers, _created = Group.objects.get_or_create(name=f"{name}: event organisers")
        collection = Collection.get_first_root_node().get_children().filter(name=name).first()
        if collection is None:
            collection = Collection.get_first_root_node().add_child(name=name)
        workflow, _created = Workflow.objects.get_or_create(name=f"{name}: review")
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=roles.review_task(name, editors), defaults={"sort_order": 0}
        )
        partner = Partner.objects.create(
            name=name,
            translation_key=city.translation_key,
            collection=collection,
            editors=editors,
            organisers=organisers,
            workflow=workflow,
        )
    roles.grant(partner)
    return partner


@transaction.atomic
def add_partner(name, *, country, languages, time_zone, kind=CityPage.Kind.MUNICIPALITY, slug=None):
    """Create a partner's city in every locale with its sections, collection, groups and
    workflow. Returns (partner, created); an existing partner of that name is left as it is."""
    name = name.strip()
    existing = Partner.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    validate(name, country, languages, time_zone, kind)
    slug = slug or slugify(name)
    if not slug:
        raise PartnerError(_("Give a slug made of Latin letters for “%(name)s”.") % {"name": name})
    city = _create_city_tree(name, slug, country, languages, time_zone, kind)
    return register(city), True


@transaction.atomic
def archive_partner(name, user=None) -> Partner:
    """Unpublish the partner's pages in every locale and empty its groups."""
    partner = Partner.objects.filter(name=name.strip()).first()
    if partner is None:
        raise PartnerError(_("There is no partner called “%(name)s”.") % {"name": name})
    for city in partner.city_pages:
        for page in city.get_descendants(inclusive=True).live().specific():
            page.unpublish(user=user)
    partner.editors.user_set.clear()
    partner.organisers.user_set.clear()
    if partner.archived_at is None:
        partner.archived_at = timezone.now()
        partner.save(update_fields=["archived_at"])
    return partner
