from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from participation.privacy import erase, find_personal_data, normalise_email


class Command(BaseCommand):
    help = (
        "Erase one person's data, found by email in any case, in every city: delete their "
        "comments and clear the address from their story submissions. Their stories stay "
        "unless they withdraw consent (withdraw_story)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The address, e.g. x@example.org.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be erased; change nothing."
        )

    def handle(self, *args, email, dry_run, **options):
        email = normalise_email(email)
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"“{email}” is not an email address.") from error
        erasure = find_personal_data(email)
        stories = erasure.stories
        if dry_run:
            self.stdout.write(
                f"comments to delete: {erasure.comment_count} "
                f"(on {erasure.commented_pages} pages)\n"
                f"story submissions to clear of the address: {len(stories)}"
            )
        else:
            erase(erasure)
            self.stdout.write(
                self.style.SUCCESS(
                    f"comments deleted: {erasure.comments_deleted}\n"
                    f"story submissions cleared of the address: {erasure.emails_cleared}"
                )
            )
        for story in stories:
            self.stdout.write(
                f"  story #{story.pk} “{story.get_admin_display_title()}” "
                f"({story.locale.language_code}) stays; if consent is withdrawn: "
                f"manage.py withdraw_story --page {story.pk}"
            )
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
