"""Inspection of uploaded files by their bytes, never by their name or the browser's content type."""
import hashlib
import io
import logging
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from innovations.models import AttachmentKind

logger = logging.getLogger(__name__)

PDF_HEADER = b"%PDF-"
# How far from the end of a PDF its "%%EOF" marker may be and still count.
PDF_TAIL_BYTES = 1024

# Pillow format name -> content type and the format used to re-encode.
PHOTO_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
}


@dataclass
class InspectedFile:
    # A re-encoded photo, or for a document the uploaded file itself.
    content: File
    content_type: str
    size: int
    checksum: str
    thumbnail: ContentFile | None = None


def display_name(name):
    """Return the last part of an uploaded file's name, fit for display only."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or _("file")


def _checksum(data):
    return hashlib.sha256(data).hexdigest()


def _check_size(uploaded, limit, too_large_message):
    if uploaded.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty. Choose a file that has content."),
            code="empty",
            params={"name": display_name(uploaded.name)},
        )
    if uploaded.size > limit:
        raise ValidationError(
            too_large_message,
            code="too_large",
            params={
                "name": display_name(uploaded.name),
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
        )


def _read_all(uploaded, limit, too_large_message):
    _check_size(uploaded, limit, too_large_message)
    return b"".join(uploaded.chunks())


def _file_checksum(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _read_at(uploaded, offset, length):
    uploaded.seek(offset)
    data = uploaded.read(length)
    uploaded.seek(0)
    return data


def inspect_photo(uploaded):
    """Check that an upload is a JPEG, PNG or WebP image and re-encode it without metadata."""
    data = _read_all(
        uploaded,
        settings.SINOVIK_MAX_PHOTO_BYTES,
        _("The photo “%(name)s” is %(size)s; the limit is %(limit)s. Make it smaller and upload it again."),
    )
    not_a_photo = ValidationError(
        _("The file “%(name)s” is not a JPEG, PNG or WebP photo. Upload a photo in one of those formats."),
        code="not_a_photo",
        params={"name": display_name(uploaded.name)},
    )
    Image.MAX_IMAGE_PIXELS = settings.SINOVIK_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between the limit and twice the limit; treat
            # the warning as the error it is meant to be here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in PHOTO_FORMATS:
                    raise not_a_photo
                if width * height > settings.SINOVIK_MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                probe.verify()
            # verify() leaves the image unusable, so open it again to decode.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The photo “%(name)s” has more than %(limit)s million pixels. Reduce its dimensions and upload it again."),
            code="too_many_pixels",
            params={
                "name": display_name(uploaded.name),
                "limit": settings.SINOVIK_MAX_IMAGE_PIXELS // 1_000_000,
            },
        )
    except ValidationError:
        raise
    except Exception:
        # Pillow raises many exception types for broken or foreign data; any
        # of them means the file is not a photo it can decode.
        logger.info("Rejected an upload that is not a decodable photo: %s", display_name(uploaded.name))
        raise not_a_photo

    # Re-encoding drops EXIF (which may hold the camera's location) and any
    # bytes appended after the image data.
    output = io.BytesIO()
    if image_format == "JPEG":
        upright.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        upright.save(output, "PNG", optimize=True)
    else:
        upright.save(output, "WEBP", quality=88)
    encoded = output.getvalue()
    return InspectedFile(
        content=ContentFile(encoded),
        content_type=PHOTO_FORMATS[image_format],
        size=len(encoded),
        checksum=_checksum(encoded),
        thumbnail=ContentFile(_thumbnail(upright, image_format)),
    )


def _thumbnail(image, image_format):
    """Return a small copy of an upright image, in its own format, for lists and pages."""
    side = settings.SINOVIK_THUMBNAIL_SIZE
    small = image.copy()
    small.thumbnail((side, side))
    output = io.BytesIO()
    if image_format == "JPEG":
        small.convert("RGB").save(output, "JPEG", quality=80)
    elif image_format == "PNG":
        small.save(output, "PNG", optimize=True)
    else:
        small.save(output, "WEBP", quality=80)
    return output.getvalue()


def inspect_document(uploaded):
    """Check that an upload is a PDF document by its first and last bytes.

    The file is never read into memory as a whole. Django keeps uploads above
    FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file, and this check reads only
    its head and tail. The checksum is computed chunk by chunk, and the file
    itself is handed to the storage, which moves or streams it.
    """
    _check_size(
        uploaded,
        settings.SINOVIK_MAX_DOCUMENT_BYTES,
        _("The document “%(name)s” is %(size)s; the limit is %(limit)s. Make it smaller and upload it again."),
    )
    # A PDF starts with "%PDF-" (ISO 32000-1, 7.5.2) and ends with "%%EOF",
    # possibly followed by a line break or a few stray bytes.
    head = _read_at(uploaded, 0, len(PDF_HEADER))
    tail = _read_at(uploaded, max(uploaded.size - PDF_TAIL_BYTES, 0), PDF_TAIL_BYTES)
    if head != PDF_HEADER or b"%%EOF" not in tail:
        raise ValidationError(
            _("The file “%(name)s” is not a PDF document. Save it as PDF and upload it again."),
            code="not_a_pdf",
            params={"name": display_name(uploaded.name)},
        )
    return InspectedFile(
        content=uploaded,
        content_type="application/pdf",
        size=uploaded.size,
        checksum=_file_checksum(uploaded),
    )


def inspect_upload(kind, uploaded):
    if kind == AttachmentKind.PHOTO:
        return inspect_photo(uploaded)
    return inspect_document(uploaded)
