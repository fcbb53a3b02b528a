from django.core.management.base import BaseCommand, CommandError

from home.models import CityPage
from partners.onboarding import PartnerError, add_partner


class Command(BaseCommand):
    help = (
        "Onboard a partner: its city in every locale with stories, events and practices sections, "
        "its image collection, its editor and organiser groups and its review workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="e.g. Gdańsk")
        parser.add_argument("--country", required=True, help="ISO country code, e.g. PL")
        parser.add_argument("--languages", required=True, help="comma-separated, e.g. pl,en")
        parser.add_argument("--timezone", required=True, help="IANA zone, e.g. Europe/Warsaw")
        parser.add_argument(
            "--kind", default=CityPage.Kind.MUNICIPALITY, choices=CityPage.Kind.values
        )
        parser.add_argument("--slug", help="URL slug (default: from the name)")

    def handle(self, *args, name, country, languages, timezone, kind, slug, **options):
        try:
            partner, created = add_partner(
                name,
                country=country,
                languages=[code.strip() for code in languages.split(",") if code.strip()],
                time_zone=timezone,
                kind=kind,
                slug=slug,
            )
        except PartnerError as error:
            raise CommandError(str(error)) from error
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {partner}: groups “{partner.editors}”, “{partner.organisers}”; collection “{partner.collection}”."
                )
            )
        else:
            self.stdout.write(f"{partner} is already a partner; nothing changed.")
