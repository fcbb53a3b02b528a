from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from participation.privacy import (
    NotASubmittedStory,
    plan_withdrawal,
    withdraw,
    withdrawals_for_email,
)


class Command(BaseCommand):
    help = (
        "Withdraw a resident's story (consent withdrawn): unpublish and delete it in every "
        "language with its revisions, translation data, comments, submission and the images "
        "nothing else uses. All of it or nothing."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--page", type=int, help="The ID of any language's copy of the story.")
        which.add_argument("--email", help="Every story sent from this address (in any case).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; change nothing."
        )

    def handle(self, *args, page, email, dry_run, **options):
        try:
            if page is not None:
                story = Page.objects.filter(pk=page).first()
                if story is None:
                    raise CommandError(f"There is no page #{page}.")
                withdrawals = [plan_withdrawal(story)]
            else:
                withdrawals = withdrawals_for_email(email)
        except NotASubmittedStory as error:
            raise CommandError(str(error)) from error
        if not withdrawals:
            self.stdout.write("No story was sent from this address.")
            return
        with transaction.atomic():
            for withdrawal in withdrawals:
                self.stdout.write(describe(withdrawal, dry_run))
                if not dry_run:
                    withdraw(withdrawal)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Stories withdrawn: {len(withdrawals)}"))


def describe(withdrawal, dry_run) -> str:
    original = withdrawal.original
    verb = "To remove" if dry_run else "Removing"
    return (
        f"{verb}: story #{original.pk} “{original.get_admin_display_title()}”, "
        f"pages: {len(withdrawal.pages)} ({', '.join(withdrawal.languages)}), "
        f"revisions: {withdrawal.revisions}, comments: {withdrawal.comments}, "
        f"images: {len(withdrawal.images)}, its submission and translation data"
    )
