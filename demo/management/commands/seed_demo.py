from django.core.management.base import BaseCommand

from demo.seed import ADMIN, seed


class Command(BaseCommand):
    help = "Fill the site with invented demo content in every language. Safe to run again."

    def handle(self, *args, **options):
        seed(log=self.stdout.write if options["verbosity"] > 1 else lambda _message: None)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(
            f"Admin: username “{ADMIN['username']}”, password “{ADMIN['password']}” "
            "(demo only: change or remove it on any shared server)."
        )
