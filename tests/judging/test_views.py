"""What each role can and cannot see and do on the judging pages, at each stage."""
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import ActivityLog, Role, User
from innovations.models import Status
from judging import selectors, services
from judging.models import (
    Assignment,
    FailReason,
    JudgeProfile,
    Objection,
    Outcome,
    Score,
    StageEntry,
    StageKind,
)
from tests.factories import AgencyFactory, AttachmentFactory, CompetitionFactory, InnovationFactory, UserFactory, WorkUnitFactory
from tests.judging.conftest import forwarded_entries, make_judge, stage_dates


def fill(judge, assignment, value, comment):
    for criterion in assignment.stage.criteria.all():
        services.score_save(judge=judge, assignment=assignment, criterion=criterion, value=value, comment=comment)
    services.assignment_submit(judge=judge, assignment=assignment)


@pytest.fixture
def check_stage(admin_user):
    competition = CompetitionFactory()
    forwarded_entries(competition, 2)
    starts_on, ends_on = stage_dates()
    stage = services.stage_create(
        competition=competition, kind=StageKind.ADMINISTRATIVE_CHECK, name="Seleksi administrasi",
        starts_on=starts_on, ends_on=ends_on,
    )
    services.stage_take_in(user=admin_user, stage=stage)
    return stage


@pytest.fixture
def two_judges(scored_stage, admin_user):
    """Two judges on the first entry of the scored stage, the first one finished."""
    entry = scored_stage.entries.order_by("pk").first()
    first = make_judge(username="juri.pertama", full_name="Prof. Hartono")
    second = make_judge(username="juri.kedua", full_name="Dr. Wulandari")
    first_assignment = services.assignment_create(user=admin_user, entry=entry, judge=first)
    second_assignment = services.assignment_create(user=admin_user, entry=entry, judge=second)
    fill(first, first_assignment, "9", "Komentar rahasia juri pertama")
    return first_assignment, second_assignment


# --- Who may open the organiser's pages ------------------------------------


@pytest.mark.parametrize("role", ["operator", "coordinator", "judge"])
def test_organiser_pages_reject_other_roles(role, login, scored_stage):
    user = {"operator": lambda: UserFactory(), "coordinator": lambda: UserFactory(coordinator=True),
            "judge": make_judge}[role]()
    client = login(user)
    for name, args in [
        ("judging:organiser_home", []), ("judging:stage_detail", [scored_stage.pk]),
        ("judging:stage_assignments", [scored_stage.pk]), ("judging:stage_results", [scored_stage.pk]),
        ("judging:judge_list", []), ("judging:export_scores", [scored_stage.pk]),
        ("judging:export_ranking", [scored_stage.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 403, name
        assert b"Layanan Antrean" not in response.content


def test_organiser_pages_send_anonymous_to_sign_in(client, scored_stage):
    response = client.get(reverse("judging:stage_detail", args=[scored_stage.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_organiser_home_lists_stages(login, admin_user, scored_stage):
    response = login(admin_user).get(reverse("judging:organiser_home"))

    assert response.status_code == 200
    assert scored_stage.competition.name in response.content.decode()
    assert "1. Evaluasi proposal" in response.content.decode()


def test_default_stage_sequence_from_the_organiser_page(login, admin_user):
    competition = CompetitionFactory()

    response = login(admin_user).post(reverse("judging:stage_sequence_create", args=[competition.year]))

    assert response.url == reverse("judging:organiser_home")
    assert list(competition.stages.values_list("kind", "result_label", "shortlist_size")) == [
        (StageKind.ADMINISTRATIVE_CHECK, "", None), (StageKind.EVALUATION, "Top 99", 99),
        (StageKind.OBJECTIONS, "", None), (StageKind.PRESENTATION, "Top 45", 45),
        (StageKind.FIELD_VERIFICATION, "", None), (StageKind.FINAL_RESULT, "Top 45", None),
    ]


# --- Administrative check ---------------------------------------------------


def test_check_decision_in_bulk_with_reason(login, admin_user, check_stage):
    entries = list(check_stage.entries.order_by("pk"))
    client = login(admin_user)

    response = client.post(
        reverse("judging:stage_detail", args=[check_stage.pk]),
        {"entries": [entry.pk for entry in entries], "outcome": "failed", "reason": "duplicate_title", "note": ""},
    )

    assert response.url == reverse("judging:stage_detail", args=[check_stage.pk])
    assert set(StageEntry.objects.values_list("outcome", "reason", "decided_by")) == {
        (Outcome.FAILED, FailReason.DUPLICATE_TITLE, admin_user.pk)
    }


def test_check_decision_other_without_note_changes_nothing(login, admin_user, check_stage):
    entry = check_stage.entries.first()

    response = login(admin_user).post(
        reverse("judging:stage_detail", args=[check_stage.pk]),
        {"entries": [entry.pk], "outcome": "failed", "reason": "other", "note": " "},
    )

    assert response.status_code == 200
    assert "Explain the other reason in the note." in response.content.decode()
    assert StageEntry.objects.get(pk=entry.pk).outcome == Outcome.PENDING


def test_fix_with_pending_entries_is_rejected(login, admin_user, check_stage):
    response = login(admin_user).post(
        reverse("judging:stage_action", args=[check_stage.pk, "fix"]), follow=True
    )

    assert "2 entries have no decision yet. Mark each entry passed or failed first." in response.content.decode()
    check_stage.refresh_from_db()
    assert check_stage.outcome_fixed_at is None


def test_unit_and_coordinator_see_check_outcome_once_fixed(login, admin_user, check_stage, django_capture_on_commit_callbacks):
    entry = check_stage.entries.order_by("pk").first()
    other = check_stage.entries.order_by("pk").last()
    operator = UserFactory(work_unit=entry.innovation.work_unit)
    coordinator = UserFactory(coordinator=True, agency=entry.innovation.agency, email="orpeg@contoh.go.id")
    services.stage_entry_decide(
        user=admin_user, stage=check_stage, entry_ids=[entry.pk], outcome=Outcome.FAILED,
        reason=FailReason.OTHER, note="Lampiran bukti tidak dapat dibuka.",
    )
    services.stage_entry_decide(user=admin_user, stage=check_stage, entry_ids=[other.pk], outcome=Outcome.PASSED)

    before = login(operator).get(reverse("judging:outcomes")).content.decode()
    assert "Lampiran bukti tidak dapat dibuka." not in before

    with django_capture_on_commit_callbacks(execute=True):
        services.stage_outcome_fix(user=admin_user, stage=check_stage)

    for user in (operator, coordinator):
        page = login(user).get(reverse("judging:outcomes")).content.decode()
        assert entry.innovation.title in page
        assert "Did not pass" in page
        assert "Other reason (see the note)" in page
        assert "Lampiran bukti tidak dapat dibuka." in page
        assert other.innovation.title not in page
    assert [message.to for message in mail.outbox] == [["orpeg@contoh.go.id"]]
    assert entry.innovation.title in mail.outbox[0].body
    assert "Lampiran bukti tidak dapat dibuka." in mail.outbox[0].body


def test_stage_detail_query_count_is_constant(login, admin_user, check_stage):
    client = login(admin_user)
    url = reverse("judging:stage_detail", args=[check_stage.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _index in range(5):
        StageEntry.objects.create(
            stage=check_stage,
            innovation=InnovationFactory(competition=check_stage.competition, status=Status.FORWARDED),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(few)
    assert response.content.decode().count('name="entries"') == 7


# --- Judges: the queue, the pact, the sheet and confidentiality -------------


def test_judge_queue_shows_only_own_entries(login, two_judges):
    first_assignment, second_assignment = two_judges
    other_entry = StageEntry.objects.exclude(pk=first_assignment.entry_id).first()
    outsider = make_judge(username="juri.lain")
    services.assignment_create(user=User.objects.get(role=Role.ADMIN), entry=other_entry, judge=outsider)

    page = login(first_assignment.judge).get(reverse("judging:queue")).content.decode()

    assert first_assignment.entry.innovation.title in page
    assert other_entry.innovation.title not in page
    assert "Submitted: 1 of 1" in page


def test_judge_queue_query_count_is_constant(login, scored_stage, admin_user):
    judge = make_judge()
    entries = list(scored_stage.entries.order_by("pk"))
    client = login(judge)
    services.assignment_create(user=admin_user, entry=entries[0], judge=judge)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("judging:queue"))
    for entry in entries[1:]:
        services.assignment_create(user=admin_user, entry=entry, judge=judge)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("judging:queue"))

    assert len(three) == len(one)
    assert all(entry.innovation.title in response.content.decode() for entry in entries)


def test_judge_sees_neither_other_scores_nor_other_judges(login, two_judges):
    first_assignment, second_assignment = two_judges

    page = login(second_assignment.judge).get(reverse("judging:score_sheet", args=[second_assignment.pk])).content.decode()

    assert second_assignment.entry.innovation.title in page
    assert "Komentar rahasia juri pertama" not in page
    assert "Prof. Hartono" not in page
    assert "juri.pertama" not in page
    queue = login(second_assignment.judge).get(reverse("judging:queue")).content.decode()
    assert "Prof. Hartono" not in queue


def test_judge_cannot_open_another_judges_sheet(login, two_judges):
    first_assignment, second_assignment = two_judges

    response = login(second_assignment.judge).get(reverse("judging:score_sheet", args=[first_assignment.pk]))

    assert response.status_code == 404
    assert "Komentar rahasia juri pertama" not in response.content.decode()


def test_admin_sees_every_judge_total_on_results(login, admin_user, two_judges):
    first_assignment, _second = two_judges

    page = login(admin_user).get(reverse("judging:stage_results", args=[first_assignment.stage_id])).content.decode()

    assert "Prof. Hartono: 90.00" in page
    assert "1 judge has not submitted" in page


def test_sheet_sends_judge_without_pact_to_pact(login, scored_stage, admin_user):
    judge = make_judge(pact=False)
    assignment = services.assignment_create(user=admin_user, entry=scored_stage.entries.first(), judge=judge)
    client = login(judge)
    sheet_url = reverse("judging:score_sheet", args=[assignment.pk])

    response = client.get(sheet_url)
    assert response.url == f"{reverse('judging:pact')}?next={sheet_url}"

    response = client.post(f"{reverse('judging:pact')}?next={sheet_url}", {"accept": "on"})
    assert response.url == sheet_url
    assert JudgeProfile.objects.get(user=judge).pact_accepted_at is not None


def test_sheet_saves_then_submits(login, scored_stage, admin_user):
    judge = make_judge()
    assignment = services.assignment_create(user=admin_user, entry=scored_stage.entries.first(), judge=judge)
    criteria = list(scored_stage.criteria.order_by("position"))
    client = login(judge)
    url = reverse("judging:score_sheet", args=[assignment.pk])

    partial = {f"score_{criteria[0].pk}": "7.5", f"comment_{criteria[0].pk}": "Latar belakang jelas."}
    response = client.post(url, {**partial, "save": ""})
    assert response.url == url
    assert list(Score.objects.values_list("criterion_id", "value")) == [(criteria[0].pk, Decimal("7.50"))]

    response = client.post(url, {**partial, "submit": ""})
    assert response.status_code == 200
    assert "Score every criterion before you submit. Missing: Kebaruan" in response.content.decode()

    complete = {f"score_{criterion.pk}": "8" for criterion in criteria}
    response = client.post(url, {**complete, "submit": ""})
    assert response.url == reverse("judging:queue")
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert Score.objects.filter(assignment=assignment).count() == len(criteria)


def test_sheet_rejects_out_of_scale_score(login, scored_stage, admin_user):
    judge = make_judge()
    assignment = services.assignment_create(user=admin_user, entry=scored_stage.entries.first(), judge=judge)
    criterion = scored_stage.criteria.order_by("position").first()

    response = login(judge).post(
        reverse("judging:score_sheet", args=[assignment.pk]), {f"score_{criterion.pk}": "12", "save": ""}
    )

    assert "The score must be at most 10." in response.content.decode()
    assert Score.objects.count() == 0


def test_conflict_declared_from_sheet(login, scored_stage, admin_user):
    judge = make_judge(username="juri.konflik")
    replacement = make_judge(username="juri.pengganti")
    assignment = services.assignment_create(user=admin_user, entry=scored_stage.entries.first(), judge=judge)

    response = login(judge).post(
        reverse("judging:conflict_declare", args=[assignment.pk]), {"reason": "Adik saya bekerja di dinas ini."}
    )

    assert response.url == reverse("judging:queue")
    assert list(Assignment.objects.order_by("pk").values_list("judge__username", "status")) == [
        ("juri.konflik", "conflict"), ("juri.pengganti", "active")
    ]
    assert Assignment.objects.get(status="active").judge == replacement


def test_closed_stage_leaves_judge_queue(login, admin_user, two_judges):
    first_assignment, _second = two_judges
    services.stage_close(user=admin_user, stage=first_assignment.stage)

    page = login(first_assignment.judge).get(reverse("judging:queue")).content.decode()

    assert first_assignment.entry.innovation.title not in page


# --- Judge accounts ---------------------------------------------------------


def test_admin_issues_judge_with_password_shown_once(login, admin_user):
    agency = AgencyFactory(name="Universitas Uji")
    client = login(admin_user)

    response = client.post(reverse("judging:judge_list"), {
        "username": "Juri.Baru", "full_name": "Dr. Ratna", "email": "ratna@contoh.ac.id", "own_agency": agency.pk,
    })

    judge = User.objects.get(username="juri.baru")
    page = response.content.decode()
    password = page.split('data-testid="issued-password">')[1].split("<")[0]
    assert judge.role == Role.JUDGE
    assert judge.check_password(password)
    assert len(password) >= 16
    assert JudgeProfile.objects.get(user=judge).own_agency == agency
    assert judge.must_change_password is True
    assert ActivityLog.objects.filter(actor=admin_user, target_user=judge, action="account_issued").count() == 1
    assert password not in client.get(reverse("judging:judge_list")).content.decode()
    assert response["Cache-Control"].startswith("max-age=0")


def test_judge_username_invalid_is_reported(login, admin_user):
    response = login(admin_user).post(reverse("judging:judge_list"), {
        "username": "juri baru!", "full_name": "Dr. Ratna", "email": "ratna@contoh.ac.id",
    })

    assert "The username “juri baru!” is invalid." in response.content.decode()
    assert User.objects.filter(role=Role.JUDGE).count() == 0


def test_judge_username_taken_is_reported(login, admin_user):
    UserFactory(username="juri.ada")

    response = login(admin_user).post(reverse("judging:judge_list"), {
        "username": "juri.ada", "full_name": "Dr. Ratna", "email": "ratna@contoh.ac.id",
    })

    assert "The username “juri.ada” is taken. Choose another." in response.content.decode()
    assert User.objects.filter(role=Role.JUDGE).count() == 0


# --- Exports ----------------------------------------------------------------


def read_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_scores_export_for_admin(login, admin_user, two_judges):
    first_assignment, _second = two_judges

    response = login(admin_user).get(reverse("judging:export_scores", args=[first_assignment.stage_id]))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_rows(response)
    assert rows[0][:7] == ["Entry", "Agency", "Judge", "Username", "Criterion", "Weight (%)", "Score"]
    assert len(rows) == 1 + 7
    assert rows[1][2:5] == ["Prof. Hartono", "juri.pertama", "Latar belakang dan tujuan"]
    assert rows[1][6] == 9


def test_ranking_export_for_admin(login, admin_user, two_judges):
    first_assignment, _second = two_judges

    rows = read_rows(login(admin_user).get(reverse("judging:export_ranking", args=[first_assignment.stage_id])))

    assert rows[1][:2] == [1, first_assignment.entry.innovation.title]
    assert rows[1][6] == 90.0
    assert [row[0] for row in rows[2:]] == [None, None]


def test_recap_export_scoped_to_coordinator_agency(login, admin_user):
    competition = CompetitionFactory()
    own, other = AgencyFactory(name="Pemerintah Kota Bengkulu"), AgencyFactory(name="Pemerintah Kota Metro")
    InnovationFactory(competition=competition, work_unit=WorkUnitFactory(agency=own, name="Dinas Kesehatan"))
    InnovationFactory(competition=competition, work_unit=WorkUnitFactory(agency=own, name="Dinas Kesehatan 2"), status=Status.FORWARDED)
    InnovationFactory(competition=competition, work_unit=WorkUnitFactory(agency=other, name="Dinas Sosial"))
    coordinator = UserFactory(coordinator=True, agency=own)
    url = reverse("judging:recap_export", args=[competition.year])

    own_rows = read_rows(login(coordinator).get(url))
    national_rows = read_rows(login(admin_user).get(url))

    assert [row[0] for row in own_rows[1:]] == ["Pemerintah Kota Bengkulu"] * 2
    assert [row[3:] for row in own_rows[1:]] == [["Dinas Kesehatan", 1, 1, 0, 0], ["Dinas Kesehatan 2", 1, 0, 0, 1]]
    assert {row[0] for row in national_rows[1:]} == {"Pemerintah Kota Bengkulu", "Pemerintah Kota Metro"}
    assert login(UserFactory()).get(url).status_code == 403
    assert login(make_judge()).get(url).status_code == 403


# --- Objections -------------------------------------------------------------


@pytest.fixture
def objection_stage(admin_user):
    competition = CompetitionFactory()
    forwarded_entries(competition, 2)
    starts_on, ends_on = stage_dates(offset_days=-1, length=4)
    stage = services.stage_create(
        competition=competition, kind=StageKind.OBJECTIONS, name="Masa sanggah", starts_on=starts_on, ends_on=ends_on
    )
    services.stage_take_in(user=admin_user, stage=stage)
    return stage


def objection_data(**extra):
    return {"name": "Budi Santoso", "email": "budi@contoh.id", "phone": "0811223344",
            "reason": "Layanan ini tidak pernah berjalan di kecamatan kami.", **extra}


def test_public_files_objection_with_pdf(client, objection_stage, django_capture_on_commit_callbacks):
    entry = objection_stage.entries.first()
    url = reverse("objections:create", args=[entry.innovation.slug])
    document = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, objection_data(document=document))

    assert response.url == reverse("objections:index")
    objection = Objection.objects.get()
    assert (objection.entry, objection.email, objection.phone) == (entry, "budi@contoh.id", "0811223344")
    assert objection.document.name.endswith(".pdf")
    assert mail.outbox[0].to == ["budi@contoh.id"]
    assert entry.innovation.title in mail.outbox[0].body


def test_objection_with_non_pdf_is_rejected(client, objection_stage):
    entry = objection_stage.entries.first()
    document = SimpleUploadedFile("bukti.pdf", b"not a pdf at all", content_type="application/pdf")

    response = client.post(reverse("objections:create", args=[entry.innovation.slug]), objection_data(document=document))

    assert "The file “bukti.pdf” is not a PDF document. Save it as PDF and upload it again." in response.content.decode()
    assert Objection.objects.count() == 0


def test_objection_rate_limited_per_address(client, objection_stage):
    entry = objection_stage.entries.first()
    url = reverse("objections:create", args=[entry.innovation.slug])
    for _index in range(services.OBJECTION_RATE_LIMIT):
        client.post(url, objection_data())

    response = client.post(url, objection_data())

    assert "Too many objections were sent from your connection. Wait an hour and try again." in response.content.decode()
    assert Objection.objects.count() == services.OBJECTION_RATE_LIMIT
    other_address = client.post(url, objection_data(), REMOTE_ADDR="10.9.9.9")
    assert other_address.status_code == 302
    assert Objection.objects.count() == services.OBJECTION_RATE_LIMIT + 1


def test_objection_contact_never_public(client, login, admin_user, objection_stage):
    entry = objection_stage.entries.first()
    services.objection_file(entry=entry, client_address="10.0.0.1", **objection_data())

    for url in [reverse("objections:index"), reverse("objections:create", args=[entry.innovation.slug]),
                entry.innovation.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "budi@contoh.id" not in page
        assert "0811223344" not in page
        assert "Budi Santoso" not in page
    admin_page = login(admin_user).get(reverse("judging:stage_objections", args=[objection_stage.pk])).content.decode()
    assert "budi@contoh.id" in admin_page
    assert "0811223344" in admin_page


def test_objection_outside_window_is_not_found(client, admin_user, scored_stage):
    entry = scored_stage.entries.first()

    response = client.get(reverse("objections:create", args=[entry.innovation.slug]))

    assert response.status_code == 404


def test_objection_index_lists_open_windows(client, objection_stage, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        page = client.get(reverse("objections:index")).content.decode()

    for entry in objection_stage.entries.all():
        assert entry.innovation.title in page


def test_objection_resolution_mailed_to_objector(login, admin_user, objection_stage, django_capture_on_commit_callbacks):
    objection = services.objection_file(
        entry=objection_stage.entries.first(), client_address="10.0.0.1", **objection_data()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = login(admin_user).post(
            reverse("judging:objection_resolve", args=[objection.pk]),
            {"resolution": "rejected", "note": "Layanan berjalan sesuai laporan verifikasi."},
        )

    assert response.url == reverse("judging:stage_objections", args=[objection_stage.pk])
    objection.refresh_from_db()
    assert (objection.resolution, objection.resolved_by) == ("rejected", admin_user)
    assert mail.outbox[-1].subject == "Resolution of your objection"
    assert mail.outbox[-1].to == [objection.email]
    assert mail.outbox[-1].body == (
        f"Your objection against “{objection.entry.innovation.title}” was rejected: the entry stays on the shortlist."
        "\n\nLayanan berjalan sesuai laporan verifikasi."
    )


# --- Publication ------------------------------------------------------------


def test_unpublished_outcome_is_not_public(client, login, admin_user, two_judges):
    first_assignment, second_assignment = two_judges
    stage = first_assignment.stage
    innovation = first_assignment.entry.innovation
    operator = UserFactory(work_unit=innovation.work_unit)
    fill(second_assignment.judge, second_assignment, "7", "")
    services.stage_close(user=admin_user, stage=stage)
    services.stage_outcome_fix(user=admin_user, stage=stage)

    assert selectors.published_stage_results(stage.competition) == []
    assert "Top 2" not in client.get(innovation.get_absolute_url()).content.decode()
    assert innovation.title not in login(operator).get(reverse("judging:outcomes")).content.decode()

    services.stage_publish(user=admin_user, stage=stage)

    published = selectors.published_stage_results(stage.competition)
    assert [(item.stage, [entry.pk for entry in item.entries]) for item in published] == [(stage, [innovation.pk])]
    innovation.refresh_from_db()
    assert innovation.stage_reached == "Top 2"
    assert "Top 2" in client.get(innovation.get_absolute_url()).content.decode()
    assert innovation.title in login(operator).get(reverse("judging:outcomes")).content.decode()


def test_sheet_autosave_answers_json(login, scored_stage, admin_user):
    judge = make_judge()
    assignment = services.assignment_create(user=admin_user, entry=scored_stage.entries.first(), judge=judge)
    criterion = scored_stage.criteria.order_by("position").first()
    client = login(judge)
    url = reverse("judging:score_sheet", args=[assignment.pk])

    saved = client.post(url, {f"score_{criterion.pk}": "6.5"}, HTTP_X_REQUESTED_WITH="fetch")
    rejected = client.post(url, {f"score_{criterion.pk}": "abc"}, HTTP_X_REQUESTED_WITH="fetch")

    assert saved.status_code == 200
    assert saved.json()["message"].startswith("Saved at ")
    assert rejected.status_code == 400
    assert rejected.json() == {"message": "Not saved. Latar belakang dan tujuan: Enter the score as a number."}
    assert list(Score.objects.values_list("value", flat=True)) == [Decimal("6.50")]


def test_objections_page_query_count_is_constant(login, admin_user, objection_stage):
    entries = list(objection_stage.entries.all())
    client = login(admin_user)
    url = reverse("judging:stage_objections", args=[objection_stage.pk])
    services.objection_file(entry=entries[0], client_address="10.0.0.1", **objection_data())
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(3):
        objection = services.objection_file(entry=entries[1], client_address=f"10.0.1.{number}", **objection_data())
    services.objection_resolve(user=admin_user, objection=objection, resolution="rejected", note="Tidak terbukti.")
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()

    assert len(four) == len(one)
    assert page.count("budi@contoh.id") == 4


# --- Evidence of entries that are not public yet ---------------------------


def test_assigned_judge_downloads_private_evidence(client, login, admin_user, scored_stage, judge_maker):
    competition = scored_stage.competition
    competition.publish_only_results = True
    competition.save(update_fields=["publish_only_results"])
    entry = scored_stage.entries.select_related("innovation").first()
    attachment = AttachmentFactory(innovation=entry.innovation)
    assigned = judge_maker()
    other_judge = judge_maker()
    services.assignment_create(user=admin_user, entry=entry, judge=assigned)
    url = reverse("public:attachment", kwargs={"uuid": attachment.uuid})

    assigned_response = login(assigned).get(url)
    other_response = login(other_judge).get(url)
    anonymous_response = client.get(url)

    assert entry.innovation.is_public is False
    assert assigned_response.status_code == 200
    assert b"".join(assigned_response.streaming_content) == attachment.file.open("rb").read()
    assert other_response.status_code == 404
    assert anonymous_response.status_code == 404
