"""A PO upload that does not fit its translation is refused with a message and changes nothing.

wagtail-localize's ``upload_pofile`` view (``views/edit_translation.py`` in 1.14) parses the upload
with polib, compares its ``X-WagtailLocalize-TranslationID`` header with the translation and
imports it. Three kinds of upload get past those checks:

- a form without a file, and a PO file without that header (an empty file, a catalogue from
  another tool, or one a translation platform rewrote, as Pontoon did:
  https://github.com/mozilla/pontoon/issues/3596) raise ``KeyError``: a server error;
- a PO file with entries that are not in the source (a msgid edited by hand, or a file exported
  before the source changed) is imported as far as it matches. ``Translation.import_po`` returns
  the rest as warnings, which the view drops before it reports success.

This module replaces the view with one that refuses all three with a message and imports a file
all or nothing: if ``import_po`` has any warning, its changes are rolled back and the message
names the entries that did not match. The upstream discussion of the PO buttons' error handling
is https://github.com/wagtail/wagtail-localize/issues/150.

Delete this module when wagtail-localize reports missing headers and import warnings itself.
"""

import tempfile
from pathlib import Path

import polib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation, UnknownContext
from wagtail_localize.views import edit_translation

HEADER = "X-WagtailLocalize-TranslationID"
NAMED_ENTRIES = 3


class RefusedUpload(Exception):
    """An upload that was not imported, with the message for the translator."""


def read_pofile(upload) -> polib.POFile:
    if upload is None:
        raise RefusedUpload(_("Please upload a valid PO file."))
    # polib reads a string that names an existing file as that file: parse from a file of ours.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "upload.po"
        path.write_bytes(upload.read())
        try:
            return polib.pofile(str(path))
        except (OSError, UnicodeDecodeError) as error:  # polib's syntax errors are OSErrors
            raise RefusedUpload(_("Please upload a valid PO file.")) from error


def check_header(po: polib.POFile, translation: Translation) -> None:
    found = po.metadata.get(HEADER)
    if found is None:
        raise RefusedUpload(
            _(
                "This PO file has no %(header)s header, so it cannot be matched to this "
                "translation. Download the PO file of this translation and translate that one."
            )
            % {"header": HEADER}
        )
    if found != str(translation.uuid):
        raise RefusedUpload(
            _("Cannot import PO file that was created for a different translation.")
        )


def describe(warning) -> str:
    """An entry named in a warning of ``import_po``: UnknownString, UnknownContext or
    StringNotUsedInContext."""
    if isinstance(warning, UnknownContext):
        return f"msgctxt “{Truncator(warning.context).chars(60)}”"
    return f"“{Truncator(warning.string).chars(60)}”"


def import_all_or_nothing(translation: Translation, po: polib.POFile, user) -> None:
    with transaction.atomic():
        warnings = translation.import_po(po, user=user, tool_name="PO File")
        if warnings:
            # Raising inside the atomic block rolls back what import_po wrote.
            raise RefusedUpload(
                ngettext(
                    "Nothing was imported: %(count)d entry is not in the source of this "
                    "translation (%(entries)s). The source may have changed since the file "
                    "was downloaded: download it again and translate that one.",
                    "Nothing was imported: %(count)d entries are not in the source of this "
                    "translation (%(entries)s). The source may have changed since the file "
                    "was downloaded: download it again and translate that one.",
                    len(warnings),
                )
                % {
                    "count": len(warnings),
                    "entries": ", ".join(describe(w) for w in warnings[:NAMED_ENTRIES])
                    + (", …" if len(warnings) > NAMED_ENTRIES else ""),
                }
            )


@require_POST
def upload_pofile(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    instance = translation.get_target_instance()
    if not edit_translation.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    try:
        po = read_pofile(request.FILES.get("file"))
        check_header(po, translation)
        import_all_or_nothing(translation, po, request.user)
    except RefusedUpload as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Successfully imported translations from PO File."))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))


# wagtail-localize's register_admin_urls hook looks the view up when the admin URLs are built.
edit_translation.upload_pofile = upload_pofile
