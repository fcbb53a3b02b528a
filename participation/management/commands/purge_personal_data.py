import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from participation.privacy import purge, rate_limit_note


class Command(BaseCommand):
    help = (
        "Clear commenters' and story senders' emails older than the retention period "
        "(PERSONAL_DATA_RETENTION_DAYS) and delete rejected and spam comments older than it. "
        "Running it again changes nothing more: run it daily from a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Retention period in days, instead of PERSONAL_DATA_RETENTION_DAYS "
            f"({settings.PERSONAL_DATA_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be purged; change nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        try:
            result = purge(days, dry_run=dry_run)
        except ValueError as error:
            raise CommandError(str(error)) from error
        deleted, cleared = ("to delete", "to clear") if dry_run else ("deleted", "cleared")
        cutoff = result.cutoff.astimezone(dt.UTC)
        lines = [
            f"Personal data older than {result.days} days (sent before {cutoff:%Y-%m-%d %H:%M} UTC)",
            f"  rejected or spam comments {deleted}: {result.comments_deleted}",
            f"  comment emails {cleared}: {result.comment_emails_cleared} (names and texts stay)",
            f"  story submission emails {cleared}: {result.submission_emails_cleared} "
            "(the submissions stay: they record consent)",
            rate_limit_note(),
        ]
        self.stdout.write("\n".join(lines))
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
