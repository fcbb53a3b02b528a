from django.core.management.base import BaseCommand

from home.setup import setup_site


class Command(BaseCommand):
    help = "Create the locale, home page, menu and footer of every language in CONTENT_LANGUAGES."

    def handle(self, *args, **options):
        home = setup_site()
        self.stdout.write(
            self.style.SUCCESS(
                f"Site ready: {home.title}, {home.get_translations(inclusive=True).count()} locales."
            )
        )
