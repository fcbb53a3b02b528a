"""Uploads in the admin: images and documents are judged by their content before anything is
stored, and a refusal is a message on the form, never an error page.

Images (``WAGTAILIMAGES_IMAGE_FORM_BASE``): Wagtail checks the extension, the size, that the
format matches the extension and the number of pixels. But it reads the size through Willow,
whose Pillow plugin decodes every pixel first (``PillowImage.open`` calls ``load()``): a 242 KB
PNG of 8,000 × 8,000 pixels took 244 MB and seconds to refuse, and a truncated file was a
server error (wagtail/wagtail#1354). ``ImageFileField`` counts the pixels of every frame from
the file's header with Pillow, nothing decoded, and refuses too many there; then Wagtail's
own checks run, and a file Pillow cannot decode is "not a valid image". Every image form uses
it: the add view, the multiple uploader, the chooser's upload tab and the edit view.

Documents (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): Wagtail checks the extension only. A file of
one of ``CONTENT_CHECKS``' types must also hold what its extension says, so a web page named
``.pdf`` is refused. Plain text (csv, txt) has no signature: it is refused only when it is
binary. Every document is then served as a download (settings, ``WAGTAILDOCS_*``).
"""

import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import FileField
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Pillow's ways of saying a file is damaged, truncated or not what it claims to be.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, struct.error)


class ImageFileField(WagtailImageField):
    """Wagtail's image field, with the pixels counted from the header before anything is
    decoded, and a damaged file refused as not a valid image."""

    def to_python(self, data):
        upload = FileField.to_python(self, data)  # as Wagtail's own, without opening it
        if upload is None:
            return None
        self.check_image_file_size(upload)
        self.check_header_pixels(upload)
        # WeasyPrint, once imported, tells Pillow to accept truncated files, process-wide.
        tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            return super().to_python(data)
        except UNREADABLE as error:
            raise ValidationError(self.error_messages["invalid_image"], "invalid_image") from error
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant

    def check_header_pixels(self, upload):
        if self.max_image_pixels is None:
            return
        upload.seek(0)
        try:
            with warnings.catch_warnings():
                # Pillow warns from 89 megapixels and refuses twice that; the limit is ours.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    pixels = image.width * image.height * getattr(image, "n_frames", 1)
        except Image.DecompressionBombError:
            pixels = None  # more than Pillow accepts to open: the size is not even read
        except UNREADABLE:
            return  # not an image Pillow knows: Wagtail's own checks say so
        finally:
            upload.seek(0)
        if pixels is None or pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": _("unknown number")
                    if pixels is None
                    else number_format(pixels, force_grouping=True),
                    "max_pixels_count": number_format(self.max_image_pixels, force_grouping=True),
                },
                code="file_too_many_pixels",
            )


class ImageForm(BaseImageForm):
    """Wagtail's image form with ``ImageFileField``. Wagtail makes the file field in a
    ``formfield_callback`` of its own, which ``Meta.field_classes`` cannot change, so the field
    is replaced here, with the same label, widget and attributes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # the multiple uploader's edit form has none
            wagtail_field = self.fields["file"]
            self.fields["file"] = ImageFileField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
            )


# Documents ------------------------------------------------------------------------------------

HEAD_BYTES = 8192
# UTF-16 and UTF-32 text holds NUL bytes; its byte order mark says so.
TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _head(upload) -> bytes:
    upload.seek(0)
    try:
        return upload.read(HEAD_BYTES)
    finally:
        upload.seek(0)


def _is_pdf(upload) -> bool:
    # Readers accept the header anywhere in the first kilobyte.
    return b"%PDF-" in _head(upload)[:1024]


def _is_rtf(upload) -> bool:
    return _head(upload).startswith(b"{\\rtf")


def _is_text(upload) -> bool:
    head = _head(upload)
    return head.startswith(TEXT_BOMS) or b"\0" not in head


def _zip_holding(name: str, mimetype: bytes | None = None) -> Callable[[object], bool]:
    """An Office Open XML or OpenDocument file: a ZIP archive with ``name`` in it (and, for
    OpenDocument, its ``mimetype`` entry). Only the archive's directory is read."""

    def check(upload) -> bool:
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if name not in names:
                    return False
                if mimetype is None:
                    return True
                entry = archive.getinfo("mimetype") if "mimetype" in names else None
                return bool(entry and entry.file_size < 100 and archive.read(entry) == mimetype)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, *UNREADABLE):
            return False
        finally:
            upload.seek(0)

    return check


CONTENT_CHECKS: dict[str, Callable[[object], bool]] = {
    "csv": _is_text,
    "docx": _zip_holding("word/document.xml"),
    "odt": _zip_holding("content.xml", b"application/vnd.oasis.opendocument.text"),
    "pdf": _is_pdf,
    "pptx": _zip_holding("ppt/presentation.xml"),
    "rtf": _is_rtf,
    "txt": _is_text,
    "xlsx": _zip_holding("xl/workbook.xml"),
}


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form; a new file must hold what its extension says. An extension
    not in ``WAGTAILDOCS_EXTENSIONS`` is refused by Wagtail's own check, after this one."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # no new file
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        check = CONTENT_CHECKS.get(extension)
        if extension in settings.WAGTAILDOCS_EXTENSIONS and check and not check(upload):
            raise ValidationError(
                _("Not a valid .%(extension)s file: its content does not match its extension."),
                code="content_does_not_match_extension",
                params={"extension": extension},
            )
        return upload
