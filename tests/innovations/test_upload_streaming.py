import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from innovations.models import Attachment
from innovations.uploads import inspect_document
from tests.factories import AttachmentFactory, InnovationFactory, UserFactory

pytestmark = pytest.mark.django_db


def large_pdf(size):
    """Return a well-formed PDF header, filler, and a trailer, size bytes in all."""
    head = b"%PDF-1.4\n% filler follows\n"
    tail = b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


def test_large_document_upload_stored_intact(settings, login, stored_files):
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE Django spools the upload to a
    # temporary file, which the storage then receives as a file object.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    content = large_pdf(3 * 1024 * 1024)
    innovation = InnovationFactory()
    client = login(UserFactory(work_unit=innovation.work_unit))

    response = client.post(
        reverse("workspace:attachment_upload", kwargs={"pk": innovation.pk}),
        {"kind": "document", "file": SimpleUploadedFile("laporan-besar.pdf", content, "application/pdf")},
    )

    attachment = Attachment.objects.get(innovation=innovation)
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})
    assert attachment.size == len(content)
    assert attachment.checksum == hashlib.sha256(content).hexdigest()
    assert stored == content
    assert stored_files() == [attachment.file.name]


def test_inspect_document_hands_over_uploaded_file():
    content = large_pdf(200_000)
    uploaded = TemporaryUploadedFile("laporan.pdf", "application/pdf", len(content), None)
    uploaded.write(content)
    uploaded.seek(0)

    inspected = inspect_document(uploaded)

    assert inspected.content is uploaded
    assert inspected.size == len(content)
    assert inspected.checksum == hashlib.sha256(content).hexdigest()
    assert uploaded.tell() == 0
    uploaded.close()


def test_inspect_document_finds_eof_marker_only_near_end():
    # "%%EOF" early in the file, then more than the tail window of other bytes.
    content = b"%PDF-1.4\n%%EOF\n" + b"0" * 5000
    uploaded = SimpleUploadedFile("potongan.pdf", content)

    with pytest.raises(ValidationError) as raised:
        inspect_document(uploaded)

    assert raised.value.messages == [
        "The file “potongan.pdf” is not a PDF document. Save it as PDF and upload it again."
    ]


def test_download_handed_to_proxy_when_accel_prefix_set(settings, client):
    settings.SINOVIK_MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    attachment = AttachmentFactory(document=True, innovation=InnovationFactory(forwarded=True))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-kegiatan.pdf"'
    assert response.content == b""


def test_download_streamed_by_worker_without_accel_prefix(client):
    attachment = AttachmentFactory(document=True, innovation=InnovationFactory(forwarded=True))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert response.getvalue().startswith(b"%PDF-")


def test_accel_download_still_checks_permission(settings, client):
    settings.SINOVIK_MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    attachment = AttachmentFactory(document=True, innovation=InnovationFactory())

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
