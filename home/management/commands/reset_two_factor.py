"""Turn two-factor authentication off for an editor who has lost their authenticator app: their
devices are deleted, so their next sign-in asks for the password only (they can turn it on again
under Account → Two-factor authentication)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Turn two-factor authentication off for a user who lost their authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
        if options["verbosity"]:
            if deleted:
                self.stdout.write(f"Two-factor authentication is off for {username}.")
            else:
                self.stdout.write(f"{username} had no two-factor authentication.")
