import hashlib
import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from innovations import services
from innovations.models import Attachment, AttachmentKind
from innovations.uploads import display_name, inspect_document, inspect_photo
from tests.factories import MINIMAL_PDF, InnovationFactory, UserFactory, make_image_bytes

STORAGE_PATH = re.compile(r"attachments/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp|pdf)")


def png_chunk(chunk_type, data):
    checksum = zlib.crc32(chunk_type + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", checksum)


def png_claiming_size(width, height):
    """Return a small, well-formed PNG whose header claims width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_gps():
    """Return a JPEG whose EXIF contains a camera name, a GPS position and a rotation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraRahasia"
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (6.0, 10.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 49.0, 0.0),
    }
    output = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(output, "JPEG", exif=exif)
    return output.getvalue()


def stored_bytes(attachment):
    with attachment.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def draft(db):
    return InnovationFactory()


@pytest.fixture
def draft_operator(draft):
    return UserFactory(work_unit=draft.work_unit)


def add(draft, operator, kind, name, content):
    return services.attachment_add(
        user=operator, innovation=draft, kind=kind, uploaded_file=SimpleUploadedFile(name, content)
    )


# --- Photos -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "content_type", "extension"),
    [("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png"), ("WEBP", "image/webp", "webp")],
)
def test_photo_accepted_and_stored(draft, draft_operator, stored_files, image_format, content_type, extension):
    attachment = add(draft, draft_operator, AttachmentKind.PHOTO, f"loket.{extension}", make_image_bytes(image_format))

    attachment.refresh_from_db()
    data = stored_bytes(attachment)
    assert attachment.kind == AttachmentKind.PHOTO
    assert attachment.content_type == content_type
    assert attachment.original_name == f"loket.{extension}"
    assert attachment.size == len(data)
    assert attachment.checksum == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == draft_operator
    assert attachment.file.name.endswith(f".{extension}")
    assert STORAGE_PATH.fullmatch(attachment.file.name)
    assert stored_files() == sorted([attachment.file.name, attachment.thumbnail.name])
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == image_format
        assert stored.size == (32, 24)


def test_photo_exif_and_gps_removed(draft, draft_operator):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    attachment = add(draft, draft_operator, AttachmentKind.PHOTO, "lokasi.jpg", original)

    data = stored_bytes(attachment)
    assert b"KameraRahasia" not in data
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert dict(stored.getexif()) == {}
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        # The EXIF rotation is applied to the pixels before EXIF is dropped.
        assert stored.size == (20, 40)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_photo_exif_removed_from_png_and_webp(draft, draft_operator, image_format):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraRahasia"
    output = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(output, image_format, exif=exif)
    assert b"KameraRahasia" in output.getvalue()

    attachment = add(draft, draft_operator, AttachmentKind.PHOTO, "foto", output.getvalue())

    assert b"KameraRahasia" not in stored_bytes(attachment)


def test_photo_bytes_after_image_data_dropped(draft, draft_operator):
    content = make_image_bytes("PNG") + b"<html><script>alert(1)</script></html>"

    attachment = add(draft, draft_operator, AttachmentKind.PHOTO, "foto.png", content)

    assert b"<script>" not in stored_bytes(attachment)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("catatan.jpg", "Ini hanya teks biasa, bukan foto.\n".encode()),
        ("halaman.png", b"\x89PNG\r\n\x1a\n<html><body><script>alert(1)</script></body></html>"),
        ("potongan.jpg", make_image_bytes("JPEG")[:40]),
        ("animasi.gif", make_image_bytes("GIF")),
        ("gambar.bmp", make_image_bytes("BMP")),
        ("dokumen.jpg", MINIMAL_PDF),
    ],
)
def test_photo_not_decodable_rejected(draft, draft_operator, stored_files, name, content):
    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.PHOTO, name, content)

    assert raised.value.messages == [
        f"The file “{name}” is not a JPEG, PNG or WebP photo. Upload a photo in one of those formats."
    ]
    assert not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(("width", "height"), [(60000, 60000), (7000, 6000)])
def test_photo_claiming_too_many_pixels_rejected(draft, draft_operator, stored_files, width, height):
    content = png_claiming_size(width, height)
    assert len(content) < 200

    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.PHOTO, "bom.png", content)

    assert raised.value.messages == [
        "The photo “bom.png” has more than 40 million pixels. Reduce its dimensions and upload it again."
    ]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_photo_empty_rejected(draft, draft_operator, stored_files):
    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.PHOTO, "kosong.jpg", b"")

    assert raised.value.messages == ["The file “kosong.jpg” is empty. Choose a file that has content."]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_photo_over_size_limit_rejected(settings, draft, draft_operator, stored_files):
    content = make_image_bytes("PNG", size=(64, 64))
    settings.SINOVIK_MAX_PHOTO_BYTES = len(content) - 1

    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.PHOTO, "besar.png", content)

    assert raised.value.error_list[0].code == "too_large"
    assert raised.value.messages[0].startswith("The photo “besar.png” is ")
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_photo_at_size_limit_accepted(settings, draft, draft_operator):
    content = make_image_bytes("PNG", size=(64, 64))
    settings.SINOVIK_MAX_PHOTO_BYTES = len(content)

    add(draft, draft_operator, AttachmentKind.PHOTO, "pas.png", content)

    assert Attachment.objects.count() == 1


# --- Documents ----------------------------------------------------------------


def test_pdf_accepted_unchanged(draft, draft_operator, stored_files):
    attachment = add(draft, draft_operator, AttachmentKind.DOCUMENT, "Laporan Kegiatan 2025.pdf", MINIMAL_PDF)

    attachment.refresh_from_db()
    assert attachment.kind == AttachmentKind.DOCUMENT
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "Laporan Kegiatan 2025.pdf"
    assert attachment.size == len(MINIMAL_PDF)
    assert attachment.checksum == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert stored_bytes(attachment) == MINIMAL_PDF
    assert STORAGE_PATH.fullmatch(attachment.file.name)
    assert attachment.file.name.endswith(".pdf")
    assert stored_files() == [attachment.file.name]


def test_pdf_with_trailing_bytes_after_eof_accepted():
    inspected = inspect_document(SimpleUploadedFile("laporan.pdf", MINIMAL_PDF + b"\r\n\x00\x00"))

    assert inspected.content_type == "application/pdf"


@pytest.mark.parametrize(
    "content",
    [
        "Bukan PDF, hanya teks.\n%%EOF".encode(),
        make_image_bytes("PNG"),
        b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n",
        b"  %PDF-1.4\n%%EOF\n",
        b"<html>%PDF-1.4 %%EOF</html>",
    ],
)
def test_non_pdf_renamed_pdf_rejected(draft, draft_operator, stored_files, content):
    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.DOCUMENT, "laporan.pdf", content)

    assert raised.value.messages == [
        "The file “laporan.pdf” is not a PDF document. Save it as PDF and upload it again."
    ]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_pdf_over_size_limit_rejected(settings, draft, draft_operator, stored_files):
    settings.SINOVIK_MAX_DOCUMENT_BYTES = len(MINIMAL_PDF) - 1

    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.DOCUMENT, "laporan.pdf", MINIMAL_PDF)

    assert raised.value.messages[0].startswith("The document “laporan.pdf” is ")
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_pdf_empty_rejected(draft, draft_operator):
    with pytest.raises(ValidationError) as raised:
        add(draft, draft_operator, AttachmentKind.DOCUMENT, "kosong.pdf", b"")

    assert raised.value.messages == ["The file “kosong.pdf” is empty. Choose a file that has content."]
    assert not Attachment.objects.exists()


# --- File names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf"),
        ("/var/www/laporan.pdf", "laporan.pdf"),
        ("laporan\x00.pdf", "laporan.pdf"),
        ("  laporan\n akhir.pdf ", "laporan akhir.pdf"),
        ("", "file"),
        ("../", "file"),
        (None, "file"),
    ],
)
def test_display_name_keeps_last_part_only(name, shown):
    assert display_name(name) == shown


def test_display_name_truncated_to_255_characters():
    name = "😀" * 300 + ".jpg"

    assert display_name(name) == "😀" * 255


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "C:\\x\\y.pdf", "..\\..\\..\\y.pdf"])
def test_path_in_name_not_used_for_storage(draft, draft_operator, stored_files, name):
    attachment = add(draft, draft_operator, AttachmentKind.DOCUMENT, name, MINIMAL_PDF)

    attachment.refresh_from_db()
    assert attachment.original_name in ("passwd.pdf", "y.pdf")
    assert STORAGE_PATH.fullmatch(attachment.file.name)
    assert ".." not in attachment.file.name
    assert "passwd" not in attachment.file.name
    assert "y.pdf" not in attachment.file.name
    assert stored_files() == [attachment.file.name]


def test_emoji_name_kept_for_display_only(draft, draft_operator, stored_files):
    name = "😀" * 200 + ".png"

    attachment = add(draft, draft_operator, AttachmentKind.PHOTO, name, make_image_bytes("PNG"))

    attachment.refresh_from_db()
    assert attachment.original_name == name
    assert STORAGE_PATH.fullmatch(attachment.file.name)
    assert "😀" not in attachment.file.name
    assert stored_files() == sorted([attachment.file.name, attachment.thumbnail.name])


def test_photo_storage_extension_follows_content_not_name(draft, draft_operator):
    attachment = add(draft, draft_operator, AttachmentKind.PHOTO, "foto.pdf", make_image_bytes("WEBP"))

    assert attachment.content_type == "image/webp"
    assert attachment.file.name.endswith(".webp")
    assert attachment.original_name == "foto.pdf"


# --- Who may upload -------------------------------------------------------------


def test_upload_by_operator_of_other_unit_denied(draft, stored_files):
    with pytest.raises(PermissionDenied):
        add(draft, UserFactory(), AttachmentKind.DOCUMENT, "laporan.pdf", MINIMAL_PDF)

    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_upload_to_submitted_entry_rejected(db, stored_files):
    submitted = InnovationFactory(submitted=True)

    with pytest.raises(ValidationError) as raised:
        add(submitted, UserFactory(work_unit=submitted.work_unit), AttachmentKind.DOCUMENT, "laporan.pdf", MINIMAL_PDF)

    assert raised.value.code == "not_editable"
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_inspect_photo_without_database():
    inspected = inspect_photo(SimpleUploadedFile("foto.jpg", make_image_bytes("JPEG")))

    assert inspected.content_type == "image/jpeg"
    assert inspected.size == len(inspected.content)
