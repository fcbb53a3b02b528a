from django.core.management.base import BaseCommand, CommandError

from partners.onboarding import PartnerError, archive_partner


class Command(BaseCommand):
    help = "Archive a partner: unpublish its pages in every locale and empty its groups."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name, **options):
        try:
            partner = archive_partner(name)
        except PartnerError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Archived {partner}: its pages are unpublished and its groups are empty."
            )
        )
