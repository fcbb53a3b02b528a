"""Compile the interface catalogues (``locale/*/LC_MESSAGES/*.po``) into ``.mo`` files.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine may not have;
polib (already installed for wagtail-localize) writes the same files from Python. A catalogue
whose ``.mo`` is newer than its ``.po`` is left alone.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the interface catalogues in LOCALE_PATHS into .mo files."

    def handle(self, *args, **options):
        compiled = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        if options["verbosity"]:
            self.stdout.write(f"Compiled {compiled} catalogue(s).")
