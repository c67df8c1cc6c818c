"""The whole competition cycle on three hundred entries, from the administrative check to publication."""
import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Agency, AgencyKind, WorkUnit
from innovations.models import Innovation, Status, normalize_title
from judging import scoring, selectors, services
from judging.models import (
    Assignment,
    AssignmentStatus,
    FailReason,
    ObjectionResolution,
    Outcome,
    ShortlistOverride,
    StageKind,
)
from tests.factories import MINIMAL_PDF, CompetitionFactory, ProvinceFactory, UserFactory
from tests.judging.conftest import make_judge

ENTRY_COUNT = 300
CATEGORIES = [
    "Meningkatkan pemberian pelayanan kepada masyarakat",
    "Memperkuat partisipasi masyarakat dalam pembuatan kebijakan melalui mekanisme yang inovatif",
    "Mendorong pemerintahan berbasis pendekatan kolaboratif dalam era informasi",
    "Mendorong responsif gender dalam pemberian pelayanan",
]
KINDS = [AgencyKind.CITY, AgencyKind.REGENCY, AgencyKind.PROVINCE, AgencyKind.MINISTRY, AgencyKind.REGIONAL_COMPANY]


def build_entries(competition):
    """Create 300 forwarded entries of 30 agencies in six provinces, in bulk."""
    provinces = [ProvinceFactory(code=code, name=name) for code, name in [
        ("11", "Aceh"), ("17", "Bengkulu"), ("33", "Jawa Tengah"), ("51", "Bali"), ("73", "Sulawesi Selatan"),
        ("94", "Papua"),
    ]]
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Instansi Uji {number}", slug=f"instansi-uji-{number}", kind=KINDS[number % len(KINDS)],
               province=provinces[number % len(provinces)])
        for number in range(30)
    )
    units = WorkUnit.objects.bulk_create(
        WorkUnit(agency=agencies[number % 30], name=f"Unit Layanan {number}") for number in range(ENTRY_COUNT)
    )
    categories = list(competition.categories.order_by("number"))
    now = timezone.now()
    Innovation.objects.bulk_create(
        Innovation(
            competition=competition,
            category=categories[number % 4],
            agency=unit.agency,
            work_unit=unit,
            title=f"Inovasi Pelayanan {number:03d}",
            title_key=normalize_title(f"Inovasi Pelayanan {number:03d}"),
            slug=f"inovasi-pelayanan-{number:03d}-{competition.year}",
            started_on=datetime.date(2020, 1, 6),
            status=Status.FORWARDED,
            submitted_at=now,
        )
        for number, unit in enumerate(units)
    )
    return agencies


def entry_number(innovation):
    return int(innovation.title.rsplit(" ", 1)[1])


def value_for(number):
    """Return one judge's score on every criterion for entry number: higher for lower numbers."""
    return f"{10 - number * 0.03:.2f}"


def score_everything(stage, spread_entries=()):
    """Fill and submit every active sheet of the stage; entries in spread_entries get far-apart scores."""
    assignments = (
        Assignment.objects.filter(stage=stage, status=AssignmentStatus.ACTIVE, submitted_at__isnull=True)
        .select_related("judge", "entry__innovation")
        .order_by("entry_id", "pk")
    )
    criteria = list(stage.criteria.order_by("position"))
    seen = {}
    for assignment in assignments:
        number = entry_number(assignment.entry.innovation)
        value = value_for(number)
        if number in spread_entries:
            # The first judge is far stricter than the second.
            value = "2" if seen.get(assignment.entry_id) is None else "10"
        seen[assignment.entry_id] = True
        services.scores_save(
            judge=assignment.judge, assignment=assignment,
            scores={criterion: (value, "Dinilai dalam uji siklus.") for criterion in criteria},
        )
        services.assignment_submit(judge=assignment.judge, assignment=assignment)


@pytest.mark.django_db
def test_whole_cycle_from_check_to_publication(django_capture_on_commit_callbacks):
    admin = UserFactory(admin=True)
    today = timezone.localdate()
    competition = CompetitionFactory(
        categories=CATEGORIES,
        submission_opens_on=today - datetime.timedelta(days=90),
        submission_closes_on=today - datetime.timedelta(days=60),
    )
    agencies = build_entries(competition)
    day = datetime.timedelta(days=1)

    def add(kind, name, start, end, **kwargs):
        return services.stage_create(
            competition=competition, kind=kind, name=name, starts_on=today + start * day, ends_on=today + end * day, **kwargs
        )

    check = add(StageKind.ADMINISTRATIVE_CHECK, "Seleksi administrasi", -59, -45)
    evaluation = add(StageKind.EVALUATION, "Evaluasi proposal", -44, -10, result_label="Top 99", shortlist_size=99)
    objections = add(StageKind.OBJECTIONS, "Masa sanggah", -2, 2)
    presentation = add(StageKind.PRESENTATION, "Presentasi dan wawancara", 3, 10, shortlist_size=25, judges_per_entry=3)
    field = add(StageKind.FIELD_VERIFICATION, "Verifikasi lapangan", 11, 20)
    final = add(StageKind.FINAL_RESULT, "Penetapan pemenang", 21, 25, result_label="Top 25")
    assert [stage.position for stage in (check, evaluation, objections, presentation, field, final)] == [1, 2, 3, 4, 5, 6]

    # 1. Administrative check: five entries fail, in bulk and one by one.
    assert services.stage_take_in(user=admin, stage=check) == ENTRY_COUNT
    entries = {entry_number(entry.innovation): entry for entry in check.entries.select_related("innovation")}
    services.stage_entry_decide(
        user=admin, stage=check, entry_ids=[entries[n].pk for n in (295, 296, 297)],
        outcome=Outcome.FAILED, reason=FailReason.INCOMPLETE,
    )
    services.stage_entry_decide(
        user=admin, stage=check, entry_ids=[entries[298].pk], outcome=Outcome.FAILED, reason=FailReason.TOO_YOUNG
    )
    services.stage_entry_decide(
        user=admin, stage=check, entry_ids=[entries[299].pk], outcome=Outcome.FAILED, reason=FailReason.OTHER,
        note="Proposal berisi teks contoh dari panduan.",
    )
    services.stage_entry_decide(
        user=admin, stage=check, entry_ids=[entries[n].pk for n in range(295)], outcome=Outcome.PASSED
    )
    services.stage_outcome_fix(user=admin, stage=check)
    assert check.entries.filter(outcome=Outcome.PASSED).count() == 295

    # 2. Evaluation: twelve judges, two per entry, one judge with a declared conflict.
    judges = [make_judge(username=f"evaluator{number:02d}") for number in range(11)]
    judges.append(make_judge(username="evaluator.konflik", conflict_agencies=[agencies[0]], own_agency=agencies[1]))
    assert services.stage_take_in(user=admin, stage=evaluation) == 295
    created, short = services.assignment_auto(user=admin, stage=evaluation)
    assert (created, short) == (590, [])
    loads = sorted(selectors.judge_loads(evaluation).values_list("active", flat=True))
    assert loads[-1] - loads[0] <= 1
    assert not Assignment.objects.filter(
        judge=judges[-1], entry__innovation__agency__in=[agencies[0], agencies[1]]
    ).exists()

    # One judge declares a conflict on an assignment; another judge takes it.
    declared = Assignment.objects.filter(judge=judges[0], stage=evaluation).order_by("pk").first()
    replacement = services.assignment_declare_conflict(
        judge=judges[0], assignment=declared, reason="Saya pembina inovasi ini."
    )
    assert replacement.entry_id == declared.entry_id
    assert replacement.judge != judges[0]

    score_everything(evaluation, spread_entries={10})
    ranking = scoring.stage_ranking(evaluation)
    assert [entry_number(row.entry.innovation) for row in ranking.rows if row.flagged] == [10]
    flagged_entry = next(row.entry for row in ranking.rows if row.flagged)
    extra = services.assignment_add_extra(user=admin, entry=flagged_entry)
    score_everything(evaluation)
    services.stage_close(user=admin, stage=evaluation)

    ranking = scoring.stage_ranking(evaluation)
    # Totals fall with the entry number; entry 10's judges gave 20, 100 and the regular score.
    regular = [entry_number(row.entry.innovation) for row in ranking.rows if entry_number(row.entry.innovation) != 10]
    assert regular == sorted(regular)
    assert extra.judge_id in {judge.pk for judge, _total in next(r for r in ranking.rows if r.entry == flagged_entry).judge_totals}
    ranked_100 = ranking.rows[99].entry
    services.shortlist_override_record(
        user=admin, entry=ranked_100, action=ShortlistOverride.Action.INCLUDE,
        reason="Menyeimbangkan komposisi: satu-satunya entri dari Papua di batas peringkat.",
    )
    ranking = scoring.stage_ranking(evaluation)
    assert len(ranking.shortlist) == 99
    assert ranked_100.pk in {row.entry.pk for row in ranking.shortlist}
    assert sum(count for _name, count in ranking.composition["province"]) == 99
    services.stage_outcome_fix(user=admin, stage=evaluation)
    passed = set(evaluation.entries.filter(outcome=Outcome.PASSED).values_list("pk", flat=True))
    assert len(passed) == 99
    assert ranked_100.pk in passed
    services.stage_publish(user=admin, stage=evaluation)
    assert Innovation.objects.filter(competition=competition, stage_reached="Top 99").count() == 99

    # 3. Objection window (open today): one objection upheld, one rejected.
    assert services.stage_take_in(user=admin, stage=objections) == 99
    shortlisted = list(objections.entries.select_related("innovation").order_by("innovation__title_key"))
    upheld_entry, kept_entry = shortlisted[0], shortlisted[1]
    with django_capture_on_commit_callbacks(execute=True):
        document = SimpleUploadedFile("bukti.pdf", MINIMAL_PDF, content_type="application/pdf")
        first = services.objection_file(
            entry=upheld_entry, name="Budi Santoso", email="budi@contoh.id", phone="0811000000",
            reason="Inovasi ini sudah dihentikan sejak tahun lalu menurut berita daerah.", client_address="10.0.0.1",
            document=document,
        )
        second = services.objection_file(
            entry=kept_entry, name="Siti Aminah", email="siti@contoh.id",
            reason="Judul inovasi ini mirip dengan inovasi kabupaten tetangga.", client_address="10.0.0.2",
        )
        assert first.document_checksum
        services.objection_resolve(user=admin, objection=first, resolution=ObjectionResolution.UPHELD,
                                   note="Verifikasi menunjukkan layanan tidak berjalan lagi.")
        services.objection_resolve(user=admin, objection=second, resolution=ObjectionResolution.REJECTED,
                                   note="Inovasi berbeda isi dan wilayahnya.")
    with time_machine.travel(timezone.now() + 3 * day):
        services.stage_outcome_fix(user=admin, stage=objections)
    services.stage_publish(user=admin, stage=objections)
    assert objections.entries.filter(outcome=Outcome.PASSED).count() == 98
    upheld_entry.innovation.refresh_from_db()
    assert upheld_entry.innovation.stage_reached == ""

    # 4. Presentation, scored by a panel of three.
    panel = [make_judge(username=f"panelis{number}") for number in range(3)]
    presentation.judges.set(panel)
    assert services.stage_take_in(user=admin, stage=presentation) == 98
    assert services.assignment_auto(user=admin, stage=presentation) == (98 * 3, [])
    assert set(Assignment.objects.filter(stage=presentation).values_list("judge_id", flat=True)) == {p.pk for p in panel}
    score_everything(presentation)
    services.stage_close(user=admin, stage=presentation)
    services.stage_outcome_fix(user=admin, stage=presentation)
    assert presentation.entries.filter(outcome=Outcome.PASSED).count() == 25

    # 5. Field verification: every finalist passes, 6. final result: Top 25.
    services.stage_take_in(user=admin, stage=field)
    services.stage_entry_decide(
        user=admin, stage=field, entry_ids=list(field.entries.values_list("pk", flat=True)), outcome=Outcome.PASSED
    )
    services.stage_outcome_fix(user=admin, stage=field)
    services.stage_take_in(user=admin, stage=final)
    services.stage_outcome_fix(user=admin, stage=final)
    services.stage_publish(user=admin, stage=final)

    # Publication: stages in order with their entries, and each entry's stage reached.
    with CaptureQueriesContext(connection) as queries:
        published = selectors.published_stage_results(competition)
        shown = [(item.stage.name, len(item.entries)) for item in published]
        winner_titles = [innovation.title for innovation in published[-1].entries]
        agencies_shown = {innovation.agency.name for item in published for innovation in item.entries}
    assert shown == [("Evaluasi proposal", 99), ("Masa sanggah", 98), ("Penetapan pemenang", 25)]
    assert len(queries) == 4
    assert len(agencies_shown) > 1
    winners = set(final.entries.values_list("innovation__title", flat=True))
    assert set(winner_titles) == winners
    reached = dict(
        Innovation.objects.filter(competition=competition).values_list("stage_reached").annotate(
count=Count("id"))
    )
    assert reached == {"Top 25": 25, "Top 99": 73, "": 202}
    assert set(Innovation.objects.filter(stage_reached="Top 25").values_list("title", flat=True)) == winners
    assert selectors.stage_current(competition) == objections

    # The objectors received a receipt and the resolution; the check's outcome went to no one (no coordinators).
    assert sorted(message.to[0] for message in mail.outbox) == [
        "budi@contoh.id", "budi@contoh.id", "siti@contoh.id", "siti@contoh.id"
    ]
