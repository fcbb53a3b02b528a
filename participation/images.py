"""A photo sent with a story: judged by its content, never by its name, then saved again
without what the camera or phone wrote into it.

Only JPEG, PNG and WebP are accepted, within Wagtail's own upload limits
(``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``). The pixels are decoded,
turned upright by the EXIF orientation, converted to sRGB where the file carried a colour
profile, and encoded as a new file: no EXIF (GPS position, device, time), XMP, ICC profile or
comment survives.
"""

import io
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPT = "image/jpeg,image/png,image/webp"  # for the file input's ``accept``
SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 88},
}
# Pillow's ways of saying a file is damaged, truncated or not what it claims to be.
UNREADABLE = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
)


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    extension: str
    width: int
    height: int


def max_size() -> int:
    return settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


def max_pixels() -> int:
    return settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "The photo is too large in pixels: at most %(megapixels)s megapixels. "
            "Please send a smaller version."
        )
        % {"megapixels": max_pixels() // 1_000_000},
        code="too_many_pixels",
    )


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The photo could not be read: it may be damaged or incomplete. Please try another file."),
        code="unreadable",
    )


def _open(upload) -> Image.Image:
    """The image in ``upload``, header read, pixels not yet decoded. Pillow's own decompression
    bomb guard is made an error too, whatever its threshold."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a photo we can use. Please send a JPEG, PNG or WebP image."),
            code="invalid_format",
        ) from None
    except UNREADABLE:
        raise _unreadable() from None
    if image.width * image.height > max_pixels():
        raise _too_many_pixels()
    return image


def _decode(upload) -> Image.Image:
    """Check the file's structure, then decode its pixels (which finds truncated files)."""
    _open(upload).verify()
    image = _open(upload)  # verify() leaves the image unusable
    # WeasyPrint, once imported, tells Pillow to accept truncated files, process-wide.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return image


def _upright(image: Image.Image) -> Image.Image:
    """Turned as the EXIF orientation says; ``info`` (with the colour profile) is kept. A
    damaged EXIF block is no reason to refuse the photo: it is shown as stored."""
    try:
        return ImageOps.exif_transpose(image)
    except UNREADABLE:
        return image.copy()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours as the profile meant them, so that dropping the profile changes nothing seen."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unusable profile is dropped as it is


def _encodable(image: Image.Image, image_format: str) -> Image.Image:
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        return image.convert("RGBA" if has_alpha else "RGB")
    if image_format == "PNG" and image.mode == "CMYK":
        return image.convert("RGB")
    return image


def clean_photo(upload) -> CleanPhoto:
    """``upload`` (a Django UploadedFile) re-encoded without metadata, or a ValidationError
    saying why it is refused."""
    if upload.size > max_size():
        raise ValidationError(
            _("The photo is %(size)s; it may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_size())},
            code="file_too_large",
        )
    try:
        image = _decode(upload)
        image_format = image.format
        clean = _encodable(_to_srgb(_upright(image)), image_format).copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except ValidationError:
        raise
    except UNREADABLE:
        raise _unreadable() from None
    finally:
        upload.seek(0)
    clean.info = {}  # nothing of the original's metadata goes into the new file
    output = io.BytesIO()
    clean.save(output, format=image_format, **SAVE_OPTIONS[image_format])
    return CleanPhoto(output.getvalue(), FORMATS[image_format], clean.width, clean.height)
