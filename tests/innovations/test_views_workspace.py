import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags, Image

from innovations.models import Attachment, AttachmentKind, Innovation, Status
from tests.factories import (
    MINIMAL_PDF,
    AnswerFactory,
    AttachmentFactory,
    CompetitionFactory,
    InnovationFactory,
    UserFactory,
    WorkUnitFactory,
    make_image_bytes,
)

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("workspace:dashboard")
CREATE_URL = reverse("workspace:innovation_create")

STALE_MESSAGE = (
    "Someone saved this proposal after you opened it, so your changes were not saved. "
    "Your text is still below: copy what you need, reload the page to see the newer "
    "version, then add your changes again."
)


def edit_url(innovation):
    return reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})


def upload_url(innovation):
    return reverse("workspace:attachment_upload", kwargs={"pk": innovation.pk})


def submit_url(innovation):
    return reverse("workspace:innovation_submit", kwargs={"pk": innovation.pk})


def delete_url(attachment):
    return reverse(
        "workspace:attachment_delete", kwargs={"pk": attachment.innovation_id, "uuid": attachment.uuid}
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def edit_data(innovation, version=None, **sections_by_position):
    """Return the edit form's POST data, with texts for the given section positions."""
    innovation.refresh_from_db()
    data = {
        "version": innovation.version if version is None else version,
        "title": innovation.title,
        "category": innovation.category_id or "",
        "started_on": innovation.started_on.isoformat() if innovation.started_on else "",
        "video_url": innovation.video_url,
    }
    answers = {answer.section_id: answer.text for answer in innovation.answers.all()}
    for section in innovation.competition.sections.all():
        data[f"section_{section.pk}"] = sections_by_position.get(f"s{section.position}", answers.get(section.pk, ""))
    return data


def words(count, word="layanan"):
    return " ".join([word] * count)


def operator_of(innovation):
    return UserFactory(work_unit=innovation.work_unit)


# --- Dashboard --------------------------------------------------------------------


def test_dashboard_lists_unit_entries_and_deadline(login):
    competition = CompetitionFactory(name="KIPP Uji")
    operator = UserFactory()
    own = InnovationFactory(competition=competition, work_unit=operator.work_unit, title="Antrean Milik Unit")
    InnovationFactory(competition=competition, title="Milik Unit Lain")

    response = login(operator).get(DASHBOARD_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert [innovation.title for innovation in response.context["innovations"]] == [own.title]
    assert f'<a href="/ruang-kerja/inovasi/{own.pk}/">Antrean Milik Unit</a>' in content
    assert "Milik Unit Lain" not in content
    assert "KIPP Uji" in content
    assert "23:59:59 WIB" in content
    assert operator.work_unit.name in content


def test_dashboard_without_open_competition(login, operator):
    response = login(operator).get(DASHBOARD_URL)

    assert response.status_code == 200
    assert response.context["competition"] is None
    assert "No competition is open for submission now." in response.content.decode()


@pytest.mark.parametrize("traits", [{"admin": True}, {"judge": True}])
def test_dashboard_of_other_roles(login, traits):
    CompetitionFactory(name="KIPP Uji")
    user = UserFactory(full_name="Rina Koordinator", **traits)

    response = login(user).get(DASHBOARD_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "innovations/workspace/dashboard_other.html"
    assert "Signed in as Rina Koordinator" in content
    assert "KIPP Uji" in content


def test_dashboard_query_count_does_not_grow_with_rows(login):
    competition = CompetitionFactory()
    operator = UserFactory()
    client = login(operator)
    InnovationFactory(competition=competition, work_unit=operator.work_unit)
    with CaptureQueriesContext(connection) as one_row:
        assert len(client.get(DASHBOARD_URL).context["innovations"]) == 1

    InnovationFactory.create_batch(7, competition=competition, work_unit=operator.work_unit)
    InnovationFactory.create_batch(7, competition=competition, work_unit=operator.work_unit, submitted=True)
    with CaptureQueriesContext(connection) as many_rows:
        assert len(client.get(DASHBOARD_URL).context["innovations"]) == 15

    assert len(many_rows) == len(one_row)


# --- Creating a draft ---------------------------------------------------------------


def test_create_form_offers_competition_categories(login, operator):
    competition = CompetitionFactory()

    response = login(operator).get(CREATE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    for category in competition.categories.all():
        assert f'<option value="{category.pk}">{category}</option>' in content


def test_create_draft_redirects_to_editor(login, operator):
    competition = CompetitionFactory()
    category = competition.categories.get(number=1)

    response = login(operator).post(
        CREATE_URL,
        {"title": "Sistem Antrean Daring", "category": category.pk, "started_on": "2021-02-03", "video_url": ""},
    )

    innovation = Innovation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(innovation)
    assert messages_of(response) == ["The draft was created. Fill in the sections and save."]
    assert innovation.title == "Sistem Antrean Daring"
    assert innovation.work_unit == operator.work_unit
    assert innovation.competition == competition
    assert innovation.category == category
    assert innovation.status == Status.DRAFT


def test_create_duplicate_title_shows_error(login, operator):
    competition = CompetitionFactory()
    InnovationFactory(competition=competition, title="Sistem Antrean")

    response = login(operator).post(CREATE_URL, {"title": "  SISTEM   antrean "})

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Another entry in this competition already has the title “SISTEM antrean”. Choose a different title."
    ]
    assert "Choose a different title." in response.content.decode()
    assert Innovation.objects.count() == 1


def test_create_with_category_of_other_competition_rejected(login, operator):
    CompetitionFactory()
    past = CompetitionFactory(
        submission_opens_on=datetime.date(2020, 6, 1), submission_closes_on=datetime.date(2020, 6, 30)
    )

    response = login(operator).post(
        CREATE_URL, {"title": "Sistem Antrean", "category": past.categories.get(number=1).pk}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["category"]
    assert not Innovation.objects.exists()


def test_create_by_inactive_unit_shows_error(login):
    CompetitionFactory()
    operator = UserFactory(work_unit__name="Kecamatan Lama", work_unit__is_active=False)

    response = login(operator).post(CREATE_URL, {"title": "Sistem Antrean"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Your work unit Kecamatan Lama is inactive, so it cannot start new entries. Ask your coordinator to activate it."
    ]
    assert "Ask your coordinator to activate it." in response.content.decode()
    assert not Innovation.objects.exists()


def test_create_without_open_competition_redirects(login, operator):
    response = login(operator).post(CREATE_URL, {"title": "Sistem Antrean"})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert messages_of(response) == ["No competition is open for submission now."]
    assert not Innovation.objects.exists()


# --- Editing ------------------------------------------------------------------------


def test_edit_form_shows_sections_and_version(login):
    innovation = InnovationFactory()
    AnswerFactory(innovation=innovation, text="Teks ringkasan yang tersimpan.")

    response = login(operator_of(innovation)).get(edit_url(innovation))

    content = response.content.decode()
    assert response.status_code == 200
    for section in innovation.competition.sections.all():
        assert f'name="section_{section.pk}"' in content
        assert section.title in content
    assert '<input type="hidden" name="version" value="1"' in content
    assert "Teks ringkasan yang tersimpan." in content


def test_edit_saves_sections(login):
    innovation = InnovationFactory()
    client = login(operator_of(innovation))

    response = client.post(
        edit_url(innovation),
        edit_data(innovation, s1="Warga antre dari rumah.", s5="Waktu tunggu turun menjadi 20 menit."),
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(innovation)
    assert messages_of(response) == ["The proposal was saved."]
    innovation.refresh_from_db()
    assert innovation.version == 2
    assert dict(innovation.answers.values_list("section__position", "text")) == {
        1: "Warga antre dari rumah.",
        2: "",
        3: "",
        4: "",
        5: "Waktu tunggu turun menjadi 20 menit.",
        6: "",
        7: "",
        8: "",
    }


def test_edit_over_word_limit_rejected(login):
    innovation = InnovationFactory()
    AnswerFactory(innovation=innovation, text="Teks lama.")
    data = edit_data(innovation, s1=words(201), s2="Teks latar belakang baru.")
    data["title"] = "Judul Baru"

    response = login(operator_of(innovation)).post(edit_url(innovation), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert "“Ringkasan” has 201 words; the limit is 200. Shorten the text." in content
    assert "Teks latar belakang baru." in content
    innovation.refresh_from_db()
    assert innovation.version == 1
    assert innovation.title != "Judul Baru"
    assert list(innovation.answers.values_list("text", flat=True)) == ["Teks lama."]


def test_edit_reports_every_error_at_top(login):
    innovation = InnovationFactory()
    data = edit_data(innovation, s8=words(501))
    data["video_url"] = "https://example.org/video"
    data["started_on"] = str(innovation.competition.latest_start_date + datetime.timedelta(days=1))

    response = login(operator_of(innovation)).post(edit_url(innovation), data)

    content = response.content.decode()
    section_8 = innovation.competition.sections.get(position=8)
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == sorted(["video_url", "started_on", f"section_{section_8.pk}"])
    summary = content.split('id="ringkasan-kesalahan"', 1)[1].split("</div>", 1)[0]
    assert "The proposal was not saved. Correct the following:" in summary
    assert f'href="#id_section_{section_8.pk}"' in summary
    assert 'href="#id_video_url"' in summary
    assert 'href="#id_started_on"' in summary
    innovation.refresh_from_db()
    assert innovation.version == 1


def test_edit_invalid_video_link_shows_error(login):
    innovation = InnovationFactory()
    data = edit_data(innovation)
    data["video_url"] = "javascript:alert(1)"

    response = login(operator_of(innovation)).post(edit_url(innovation), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["video_url"]
    innovation.refresh_from_db()
    assert innovation.video_url == ""
    assert innovation.version == 1


def test_edit_stale_version_rejected(login):
    innovation = InnovationFactory()
    first = login(operator_of(innovation))
    second = login(operator_of(innovation))
    first_form = first.get(edit_url(innovation)).context["form"]
    second_form = second.get(edit_url(innovation)).context["form"]
    assert first_form["version"].value() == second_form["version"].value() == 1

    first_response = first.post(edit_url(innovation), edit_data(innovation, version=1, s1="Teks dari operator pertama."))
    second_response = second.post(
        edit_url(innovation), edit_data(innovation, version=1, s1="Teks dari operator kedua.")
    )

    assert first_response.status_code == 302
    second_content = second_response.content.decode()
    assert second_response.status_code == 200
    assert STALE_MESSAGE in second_content
    assert "Teks dari operator kedua." in second_content
    innovation.refresh_from_db()
    assert innovation.version == 2
    assert innovation.answers.get(section__position=1).text == "Teks dari operator pertama."


def test_edit_of_submitted_entry_rejected(login):
    innovation = InnovationFactory(submitted=True, complete=True, title="Sudah Diajukan")
    data = edit_data(innovation, s1="Perubahan setelah pengajuan.")
    data["title"] = "Judul Diubah"

    response = login(operator_of(innovation)).post(edit_url(innovation), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="section_' not in content
    assert "Perubahan setelah pengajuan." not in content
    innovation.refresh_from_db()
    assert innovation.title == "Sudah Diajukan"
    assert innovation.version == 1
    assert "Perubahan setelah pengajuan." not in innovation.answers.values_list("text", flat=True)


# --- Uploads ------------------------------------------------------------------------


def test_upload_photo_and_pdf(login, stored_files):
    innovation = InnovationFactory()
    client = login(operator_of(innovation))

    photo_response = client.post(
        upload_url(innovation),
        {"kind": "photo", "file": SimpleUploadedFile("loket.jpg", make_image_bytes("JPEG"), "image/jpeg")},
    )
    document_response = client.post(
        upload_url(innovation),
        {"kind": "document", "file": SimpleUploadedFile("laporan.pdf", MINIMAL_PDF, "application/pdf")},
    )

    assert photo_response.status_code == 302
    assert photo_response["Location"] == edit_url(innovation)
    assert messages_of(photo_response) == ["The file “loket.jpg” was uploaded."]
    # The first message is still queued because no page displayed it in between.
    assert messages_of(document_response) == [
        "The file “loket.jpg” was uploaded.",
        "The file “laporan.pdf” was uploaded.",
    ]
    attachments = list(innovation.attachments.order_by("id"))
    assert [(a.kind, a.original_name, a.content_type) for a in attachments] == [
        (AttachmentKind.PHOTO, "loket.jpg", "image/jpeg"),
        (AttachmentKind.DOCUMENT, "laporan.pdf", "application/pdf"),
    ]
    assert stored_files() == sorted([a.file.name for a in attachments] + [attachments[0].thumbnail.name])
    edit_page = client.get(edit_url(innovation)).content.decode()
    assert "loket.jpg" in edit_page
    assert "laporan.pdf" in edit_page


def test_upload_path_in_name_shows_last_part(login):
    innovation = InnovationFactory()

    login(operator_of(innovation)).post(
        upload_url(innovation),
        {"kind": "document", "file": SimpleUploadedFile("../../etc/passwd.pdf", MINIMAL_PDF)},
    )

    attachment = innovation.attachments.get()
    assert attachment.original_name == "passwd.pdf"
    assert ".." not in attachment.file.name
    assert "passwd" not in attachment.file.name


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        (
            "photo",
            "teks.jpg",
            b"Hanya teks biasa.",
            "The file “teks.jpg” is not a JPEG, PNG or WebP photo. Upload a photo in one of those formats.",
        ),
        (
            "document",
            "bukan.pdf",
            b"Hanya teks biasa.",
            "The file “bukan.pdf” is not a PDF document. Save it as PDF and upload it again.",
        ),
        ("photo", "kosong.jpg", b"", "The chosen file is empty. Choose a file that has content."),
        ("video", "film.pdf", MINIMAL_PDF, "Select a valid choice. video is not one of the available choices."),
    ],
)
def test_upload_rejected_with_message(login, stored_files, kind, name, content, message):
    innovation = InnovationFactory()

    response = login(operator_of(innovation)).post(
        upload_url(innovation), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(innovation)
    assert messages_of(response) == [message]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_upload_without_file_rejected(login):
    innovation = InnovationFactory()

    response = login(operator_of(innovation)).post(upload_url(innovation), {"kind": "photo"})

    assert messages_of(response) == ["Choose a file to upload."]
    assert not Attachment.objects.exists()


def test_upload_to_submitted_entry_rejected(login, stored_files):
    innovation = InnovationFactory(submitted=True)

    response = login(operator_of(innovation)).post(
        upload_url(innovation), {"kind": "document", "file": SimpleUploadedFile("laporan.pdf", MINIMAL_PDF)}
    )

    assert messages_of(response) == ["This entry has status “Submitted” and can no longer be changed."]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_upload_get_not_allowed(login):
    innovation = InnovationFactory()

    response = login(operator_of(innovation)).get(upload_url(innovation))

    assert response.status_code == 405


def test_delete_attachment_removes_row_and_file(login, stored_files, django_capture_on_commit_callbacks):
    attachment = AttachmentFactory(original_name="foto-lama.png")
    client = login(operator_of(attachment.innovation))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment))

    assert response.status_code == 302
    assert response["Location"] == edit_url(attachment.innovation)
    assert messages_of(response) == ["The file “foto-lama.png” was removed."]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_delete_attachment_of_submitted_entry_rejected(login, stored_files):
    attachment = AttachmentFactory(innovation=InnovationFactory(submitted=True))

    response = login(operator_of(attachment.innovation)).post(delete_url(attachment))

    assert messages_of(response) == ["This entry has status “Submitted” and can no longer be changed."]
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert stored_files() == [attachment.file.name]


def test_delete_attachment_through_other_entry_not_found(login):
    operator = UserFactory()
    own = InnovationFactory(work_unit=operator.work_unit)
    foreign = AttachmentFactory()
    url = reverse("workspace:attachment_delete", kwargs={"pk": own.pk, "uuid": foreign.uuid})

    response = login(operator).post(url)

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=foreign.pk).exists()


# --- Submitting ---------------------------------------------------------------------


def test_submit_incomplete_lists_missing_parts(login):
    innovation = InnovationFactory(started_on=None)
    AnswerFactory(innovation=innovation, text="Ringkasan sudah diisi.")

    response = login(operator_of(innovation)).post(submit_url(innovation))

    assert response.status_code == 200
    assert "The proposal was not submitted. Complete the following and submit again:" in response.content.decode()
    assert response.context["submit_errors"] == [
        "Enter the date the innovation started.",
        "Fill in the section “Latar belakang dan tujuan”.",
        "Fill in the section “Kebaruan”.",
        "Fill in the section “Implementasi”.",
        "Fill in the section “Signifikansi”.",
        "Fill in the section “Adaptabilitas”.",
        "Fill in the section “Sumber daya”.",
        "Fill in the section “Strategi keberlanjutan”.",
    ]
    innovation.refresh_from_db()
    assert innovation.status == Status.DRAFT
    assert innovation.submitted_at is None


def test_submit_complete_proposal(login):
    innovation = InnovationFactory(complete=True, title="Sistem Antrean Lengkap")
    client = login(operator_of(innovation))

    response = client.post(submit_url(innovation))

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert messages_of(response) == ["The proposal “Sistem Antrean Lengkap” was submitted to your coordinator."]
    innovation.refresh_from_db()
    assert innovation.status == Status.SUBMITTED
    assert innovation.submitted_at is not None
    assert "Submitted" in client.get(DASHBOARD_URL).content.decode()


def test_operator_path_from_draft_to_submission(login, stored_files):
    CompetitionFactory()
    client = login(UserFactory())

    client.post(CREATE_URL, {"title": "Jemput Bola Adminduk"})
    innovation = Innovation.objects.get()
    data = edit_data(innovation, **{f"s{position}": f"Isi bagian {position}." for position in range(1, 9)})
    data["category"] = innovation.competition.categories.get(number=1).pk
    data["started_on"] = "2020-08-17"
    saved = client.post(edit_url(innovation), data)
    client.post(upload_url(innovation), {"kind": "photo", "file": SimpleUploadedFile("a.png", make_image_bytes())})
    client.post(upload_url(innovation), {"kind": "document", "file": SimpleUploadedFile("b.pdf", MINIMAL_PDF)})
    submitted = client.post(submit_url(innovation))
    data["title"] = "Judul Setelah Diajukan"
    after = client.post(edit_url(innovation), data)

    assert saved.status_code == 302
    assert submitted["Location"] == DASHBOARD_URL
    assert after.status_code == 200
    innovation.refresh_from_db()
    assert innovation.status == Status.SUBMITTED
    assert innovation.title == "Jemput Bola Adminduk"
    assert innovation.attachments.count() == 2
    assert len(stored_files()) == 3  # the photo, its thumbnail and the PDF
    # Submitted is not yet public: the coordinator has not forwarded it.
    assert Client().get(innovation.get_absolute_url()).status_code == 404


# --- Scope ----------------------------------------------------------------------------


@pytest.fixture
def foreign_draft(db):
    """A draft of unit A with an answer and a file, seen by an operator of unit B."""
    innovation = InnovationFactory(complete=True, title="Milik Unit A")
    AttachmentFactory(innovation=innovation, document=True)
    return innovation


@pytest.mark.parametrize("same_agency", [False, True])
def test_other_unit_operator_gets_404(login, foreign_draft, stored_files, same_agency):
    work_unit = WorkUnitFactory(agency=foreign_draft.agency) if same_agency else WorkUnitFactory()
    client = login(UserFactory(work_unit=work_unit))
    attachment = foreign_draft.attachments.get()
    data = edit_data(foreign_draft, s1="Teks penyusup.")
    data["title"] = "Diambil Alih"

    responses = {
        "edit GET": client.get(edit_url(foreign_draft)),
        "edit POST": client.post(edit_url(foreign_draft), data),
        "upload": client.post(
            upload_url(foreign_draft), {"kind": "document", "file": SimpleUploadedFile("x.pdf", MINIMAL_PDF)}
        ),
        "submit": client.post(submit_url(foreign_draft)),
        "delete": client.post(delete_url(attachment)),
        "download": client.get(attachment.get_absolute_url()),
    }

    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 404)
    assert "Milik Unit A" not in responses["edit GET"].content.decode()
    foreign_draft.refresh_from_db()
    assert foreign_draft.title == "Milik Unit A"
    assert foreign_draft.status == Status.DRAFT
    assert foreign_draft.version == 1
    assert "Teks penyusup." not in foreign_draft.answers.values_list("text", flat=True)
    assert list(foreign_draft.attachments.all()) == [attachment]
    assert stored_files() == [attachment.file.name]


def test_anonymous_redirected_to_sign_in(client, foreign_draft):
    attachment = foreign_draft.attachments.get()
    requests = [
        ("get", DASHBOARD_URL),
        ("get", CREATE_URL),
        ("post", CREATE_URL),
        ("get", edit_url(foreign_draft)),
        ("post", edit_url(foreign_draft)),
        ("post", upload_url(foreign_draft)),
        ("post", submit_url(foreign_draft)),
        ("post", delete_url(attachment)),
    ]

    for method, url in requests:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/akun/login/?next={url}", url

    foreign_draft.refresh_from_db()
    assert foreign_draft.status == Status.DRAFT
    assert foreign_draft.attachments.count() == 1


@pytest.mark.parametrize("traits", [{"coordinator": True}, {"admin": True}, {"judge": True}])
def test_non_operator_gets_403_on_operator_views(login, foreign_draft, traits):
    CompetitionFactory()
    user = UserFactory(**traits)
    if traits.get("coordinator"):
        user.agency = foreign_draft.agency
        user.save()
    client = login(user)
    attachment = foreign_draft.attachments.get()

    responses = [
        client.get(CREATE_URL),
        client.post(CREATE_URL, {"title": "Dibuat Koordinator"}),
        client.get(edit_url(foreign_draft)),
        client.post(edit_url(foreign_draft), edit_data(foreign_draft)),
        client.post(upload_url(foreign_draft), {"kind": "document", "file": SimpleUploadedFile("x.pdf", MINIMAL_PDF)}),
        client.post(submit_url(foreign_draft)),
        client.post(delete_url(attachment)),
    ]

    assert [response.status_code for response in responses] == [403] * len(responses)
    assert "Access denied" in responses[0].content.decode()
    assert not Innovation.objects.filter(title="Dibuat Koordinator").exists()
    foreign_draft.refresh_from_db()
    assert foreign_draft.status == Status.DRAFT
    assert foreign_draft.attachments.count() == 1


def test_photo_upload_strips_location_through_view(login):
    exif = Image.Exif()
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (6.0, 10.0, 30.0)}
    output = io.BytesIO()
    Image.new("RGB", (20, 20)).save(output, "JPEG", exif=exif)
    innovation = InnovationFactory()

    login(operator_of(innovation)).post(
        upload_url(innovation), {"kind": "photo", "file": SimpleUploadedFile("lokasi.jpg", output.getvalue())}
    )

    with innovation.attachments.get().file.open("rb") as handle, Image.open(handle) as stored:
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
