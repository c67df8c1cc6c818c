"""The submission window, enforced on the server in WIB with the clock frozen.

The server clock runs in UTC and WIB is UTC+7, so the last second of 30 June
2026 in WIB is 16:59:59 UTC and the window closes at 17:00:00 UTC.
"""
import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations import services
from innovations.models import Attachment, Innovation, Status
from tests.factories import (
    MINIMAL_PDF,
    AttachmentFactory,
    CompetitionFactory,
    InnovationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
# 31 May 2026 23:59:59 WIB: one second before the window opens.
BEFORE_OPENING = datetime.datetime(2026, 5, 31, 16, 59, 59, tzinfo=UTC)
# 1 June 2026 00:00:00 WIB: the first second of the window.
OPENING = datetime.datetime(2026, 5, 31, 17, 0, 0, tzinfo=UTC)
# 30 June 2026 23:59:59 WIB: the last second of the window.
LAST_SECOND = datetime.datetime(2026, 6, 30, 16, 59, 59, tzinfo=UTC)
# 1 July 2026 00:00:00 WIB: the first second after the window.
CLOSED = datetime.datetime(2026, 6, 30, 17, 0, 0, tzinfo=UTC)

CLOSED_MESSAGE = (
    "Submission for KIPP 2026 closed on 30-06-2026 23:59:59 WIB. "
    "Entries can no longer be created, changed or submitted."
)
NOT_OPEN_MESSAGE = (
    "Submission for KIPP 2026 opens on 01-06-2026 00:00:00 WIB. "
    "Entries can be created, changed and submitted from then on."
)
CREATE_URL = reverse("workspace:innovation_create")


@pytest.fixture
def clock():
    """Freeze the clock, which tests move with clock.move_to(moment)."""
    with time_machine.travel(LAST_SECOND - datetime.timedelta(days=1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def competition(clock):
    return CompetitionFactory(
        year=2026,
        name="KIPP 2026",
        submission_opens_on=datetime.date(2026, 6, 1),
        submission_closes_on=datetime.date(2026, 6, 30),
    )


@pytest.fixture
def draft(competition):
    return InnovationFactory(competition=competition, complete=True, title="Antrean Tengah Malam")


@pytest.fixture
def operator(draft):
    return UserFactory(work_unit=draft.work_unit)


def edit_data(innovation, summary):
    data = {
        "version": innovation.version,
        "title": innovation.title,
        "category": innovation.category_id,
        "started_on": innovation.started_on.isoformat(),
        "video_url": "",
    }
    for answer in innovation.answers.all():
        data[f"section_{answer.section_id}"] = answer.text
    data[f"section_{innovation.competition.sections.get(position=1).pk}"] = summary
    return data


def signed_in(client, user):
    # Signing in under the frozen clock keeps the session valid at that time.
    client.force_login(user)
    return client


def snapshot(innovation):
    """Return the state that a rejected request must leave unchanged."""
    innovation.refresh_from_db()
    return {
        "innovations": Innovation.objects.count(),
        "status": innovation.status,
        "version": innovation.version,
        "submitted_at": innovation.submitted_at,
        "answers": sorted(innovation.answers.values_list("section_id", "text")),
        "attachments": Attachment.objects.count(),
    }


def test_clock_runs_in_utc_and_portal_in_wib(clock, settings):
    clock.move_to(CLOSED)

    assert datetime.datetime.now(UTC) == CLOSED
    assert settings.TIME_ZONE == "Asia/Jakarta"


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [(BEFORE_OPENING, False), (OPENING, True), (LAST_SECOND, True), (CLOSED, False)],
)
def test_competition_open_at_wib_boundaries(clock, competition, moment, is_open):
    clock.move_to(moment)

    assert competition.is_open_for_submission() is is_open
    assert (services.competition_get_open() == competition) is is_open


def test_last_second_all_writes_allowed(client, clock, competition):
    clock.move_to(LAST_SECOND)
    operator = UserFactory()
    signed_in(client, operator)

    created = client.post(CREATE_URL, {"title": "Dibuat Pada Detik Terakhir"})
    innovation = Innovation.objects.get(title="Dibuat Pada Detik Terakhir")
    AttachmentFactory(innovation=innovation)
    edit_url = reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})
    data = {
        "version": 1,
        "title": innovation.title,
        "category": competition.categories.get(number=1).pk,
        "started_on": "2021-01-04",
        "video_url": "",
    }
    for section in competition.sections.all():
        data[f"section_{section.pk}"] = f"Isi bagian {section.position}."
    edited = client.post(edit_url, data)
    uploaded = client.post(
        reverse("workspace:attachment_upload", kwargs={"pk": innovation.pk}),
        {"kind": "document", "file": SimpleUploadedFile("laporan.pdf", MINIMAL_PDF)},
    )
    submitted = client.post(reverse("workspace:innovation_submit", kwargs={"pk": innovation.pk}))

    assert created["Location"] == edit_url
    assert edited["Location"] == edit_url
    assert uploaded["Location"] == edit_url
    assert submitted["Location"] == reverse("workspace:dashboard")
    innovation.refresh_from_db()
    assert innovation.status == Status.SUBMITTED
    assert innovation.submitted_at == LAST_SECOND
    assert innovation.answers.get(section__position=1).text == "Isi bagian 1."
    assert innovation.attachments.count() == 2


def test_last_second_shown_on_dashboard(client, clock, operator):
    clock.move_to(LAST_SECOND)

    content = signed_in(client, operator).get(reverse("workspace:dashboard")).content.decode()

    assert "30 June 2026, 23:59:59 WIB" in content


def test_after_deadline_create_rejected(client, clock, competition):
    clock.move_to(CLOSED)
    signed_in(client, UserFactory())

    response = client.post(CREATE_URL, {"title": "Terlambat Satu Detik"})

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard")
    assert not Innovation.objects.exists()


def test_after_deadline_edit_rejected(client, clock, draft, operator):
    clock.move_to(LAST_SECOND)
    signed_in(client, operator)
    data = edit_data(draft, "Teks yang disimpan terlambat.")
    before = snapshot(draft)

    clock.move_to(CLOSED)
    response = client.post(reverse("workspace:innovation_edit", kwargs={"pk": draft.pk}), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CLOSED_MESSAGE]
    # The editor stays on screen with the text the operator typed.
    assert "Teks yang disimpan terlambat." in response.content.decode()
    assert snapshot(draft) == before


def test_after_deadline_upload_rejected(client, clock, draft, operator, stored_files):
    clock.move_to(LAST_SECOND)
    signed_in(client, operator)
    before = snapshot(draft)

    clock.move_to(CLOSED)
    response = client.post(
        reverse("workspace:attachment_upload", kwargs={"pk": draft.pk}),
        {"kind": "document", "file": SimpleUploadedFile("laporan.pdf", MINIMAL_PDF)},
    )

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [CLOSED_MESSAGE]
    assert snapshot(draft) == before
    assert stored_files() == []


def test_after_deadline_attachment_delete_rejected(client, clock, draft, operator):
    clock.move_to(LAST_SECOND)
    attachment = AttachmentFactory(innovation=draft)
    signed_in(client, operator)

    clock.move_to(CLOSED)
    response = client.post(
        reverse("workspace:attachment_delete", kwargs={"pk": draft.pk, "uuid": attachment.uuid})
    )

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [CLOSED_MESSAGE]
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_after_deadline_submit_rejected(client, clock, draft, operator):
    clock.move_to(LAST_SECOND)
    signed_in(client, operator)
    assert services.innovation_missing_parts(draft) == []
    before = snapshot(draft)

    clock.move_to(CLOSED)
    response = client.post(reverse("workspace:innovation_submit", kwargs={"pk": draft.pk}))

    assert response.status_code == 200
    assert response.context["submit_errors"] == [CLOSED_MESSAGE]
    assert snapshot(draft) == before
    assert before["status"] == Status.DRAFT


def test_after_deadline_services_reject(clock, competition, draft, operator):
    clock.move_to(CLOSED)
    before = snapshot(draft)
    section = competition.sections.get(position=1)
    attempts = {
        "create": lambda: services.innovation_create_draft(user=operator, competition=competition, title="Baru"),
        "update": lambda: services.innovation_update(
            user=operator,
            innovation=draft,
            version=draft.version,
            title=draft.title,
            category=draft.category,
            started_on=draft.started_on,
            video_url="",
            answers={section.pk: "Terlambat."},
        ),
        "upload": lambda: services.attachment_add(
            user=operator,
            innovation=draft,
            kind="document",
            uploaded_file=SimpleUploadedFile("laporan.pdf", MINIMAL_PDF),
        ),
        "submit": lambda: services.innovation_submit(user=operator, innovation=draft),
    }

    for name, attempt in attempts.items():
        with pytest.raises(ValidationError) as raised:
            attempt()
        assert raised.value.messages == [CLOSED_MESSAGE], name

    assert snapshot(draft) == before


def test_before_opening_create_rejected_then_allowed(client, clock, competition):
    clock.move_to(BEFORE_OPENING)
    operator = UserFactory()
    signed_in(client, operator)

    early = client.post(CREATE_URL, {"title": "Terlalu Awal"})

    assert early["Location"] == reverse("workspace:dashboard")
    assert not Innovation.objects.exists()

    clock.move_to(OPENING)
    on_time = client.post(CREATE_URL, {"title": "Tepat Waktu"})

    innovation = Innovation.objects.get()
    assert on_time["Location"] == reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})
    assert innovation.title == "Tepat Waktu"


def test_before_opening_edit_and_submit_rejected(client, clock, draft, operator):
    clock.move_to(BEFORE_OPENING)
    signed_in(client, operator)
    before = snapshot(draft)

    edited = client.post(
        reverse("workspace:innovation_edit", kwargs={"pk": draft.pk}), edit_data(draft, "Terlalu awal.")
    )
    submitted = client.post(reverse("workspace:innovation_submit", kwargs={"pk": draft.pk}))

    assert edited.context["form"].non_field_errors() == [NOT_OPEN_MESSAGE]
    assert submitted.context["submit_errors"] == [NOT_OPEN_MESSAGE]
    assert snapshot(draft) == before
