"""Automatic and manual assignment of judges, conflicts of interest and reassignment."""
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from judging import services
from judging.models import Assignment, AssignmentStatus, StageKind
from tests.factories import AgencyFactory, CompetitionFactory, ProvinceFactory
from tests.judging.conftest import forwarded_entries, make_judge, stage_dates


@pytest.fixture
def evaluation(admin_user):
    """An evaluation stage of twelve entries: six of agency A (province P), three of B, three of C."""
    competition = CompetitionFactory()
    province_p, province_q = ProvinceFactory(code="17", name="Bengkulu"), ProvinceFactory(code="18", name="Lampung")
    agencies = {
        "a": AgencyFactory(name="Pemerintah Kota Bengkulu", province=province_p),
        "b": AgencyFactory(name="Pemerintah Kabupaten Lampung Selatan", province=province_q),
        "c": AgencyFactory(name="Pemerintah Kota Metro", province=province_q),
    }
    forwarded_entries(competition, 6, agency=agencies["a"])
    forwarded_entries(competition, 3, agency=agencies["b"])
    forwarded_entries(competition, 3, agency=agencies["c"])
    starts_on, ends_on = stage_dates()
    stage = services.stage_create(
        competition=competition, kind=StageKind.EVALUATION, name="Evaluasi", starts_on=starts_on, ends_on=ends_on
    )
    services.stage_take_in(user=admin_user, stage=stage)
    return stage, agencies, province_p


def test_auto_assignment_balances_load(evaluation, admin_user):
    stage, _agencies, _province = evaluation
    judges = [make_judge(username=f"juri{number}") for number in range(4)]

    created, short = services.assignment_auto(user=admin_user, stage=stage)

    assert (created, short) == (24, [])
    per_entry = Counter(Assignment.objects.filter(stage=stage).values_list("entry_id", flat=True))
    assert set(per_entry.values()) == {2}
    per_judge = Counter(Assignment.objects.filter(stage=stage).values_list("judge_id", flat=True))
    assert sorted(per_judge.values()) == [6, 6, 6, 6]
    assert set(per_judge) == {judge.pk for judge in judges}


def test_auto_assignment_is_idempotent(evaluation, admin_user):
    stage, _agencies, _province = evaluation
    for number in range(3):
        make_judge(username=f"juri{number}")
    services.assignment_auto(user=admin_user, stage=stage)

    assert services.assignment_auto(user=admin_user, stage=stage) == (0, [])
    assert Assignment.objects.filter(stage=stage).count() == 24


def test_auto_assignment_respects_own_agency_and_declared_conflicts(evaluation, admin_user):
    stage, agencies, province_p = evaluation
    own = make_judge(username="juri.pemkot", own_agency=agencies["a"])
    declared = make_judge(username="juri.deklarasi", conflict_agencies=[agencies["b"]])
    regional = make_judge(username="juri.wilayah", conflict_provinces=[province_p])
    make_judge(username="juri.bebas1")
    make_judge(username="juri.bebas2")

    services.assignment_auto(user=admin_user, stage=stage)

    def agencies_of(judge):
        return set(
            Assignment.objects.filter(judge=judge).values_list("entry__innovation__agency__name", flat=True)
        )

    assert agencies["a"].name not in agencies_of(own)
    assert agencies["b"].name not in agencies_of(declared)
    assert agencies["a"].name not in agencies_of(regional)
    assert Assignment.objects.filter(stage=stage).count() == 24


def test_auto_assignment_reports_entries_short_of_judges(evaluation, admin_user):
    stage, agencies, _province = evaluation
    make_judge(username="juri.satu")
    make_judge(username="juri.pemkot", own_agency=agencies["a"])

    created, short = services.assignment_auto(user=admin_user, stage=stage)

    # Agency A's six entries can only get the first judge.
    assert created == 6 * 1 + 6 * 2
    assert sorted(entry.innovation.agency.name for entry in short) == [agencies["a"].name] * 6


def test_manual_assignment_rejects_conflict(evaluation, admin_user):
    stage, agencies, _province = evaluation
    judge = make_judge(username="juri.pemkot", full_name="Dr. Sari", own_agency=agencies["a"])
    entry = stage.entries.filter(innovation__agency=agencies["a"]).first()

    with pytest.raises(ValidationError) as error:
        services.assignment_create(user=admin_user, entry=entry, judge=judge)

    assert error.value.messages == [
        "Dr. Sari has a conflict of interest with Pemerintah Kota Bengkulu and cannot judge its entries."
    ]
    assert Assignment.objects.count() == 0


def test_declared_conflict_reassigns_entry(evaluation, admin_user):
    stage, agencies, _province = evaluation
    first, second, third = (make_judge(username=f"juri{number}") for number in range(3))
    entry = stage.entries.filter(innovation__agency=agencies["b"]).first()
    services.assignment_create(user=admin_user, entry=entry, judge=first)
    mine = services.assignment_create(user=admin_user, entry=entry, judge=second)

    replacement = services.assignment_declare_conflict(
        judge=second, assignment=mine, reason="Saya pernah menjadi konsultan inovasi ini."
    )

    mine.refresh_from_db()
    assert (mine.status, mine.conflict_reason) == (AssignmentStatus.CONFLICT, "Saya pernah menjadi konsultan inovasi ini.")
    assert replacement.judge == third
    assert sorted(
        Assignment.objects.filter(entry=entry, status=AssignmentStatus.ACTIVE).values_list("judge__username", flat=True)
    ) == ["juri0", "juri2"]
    # The entry never comes back to the judge who declared the conflict.
    assert services.assignment_auto(user=admin_user, stage=stage)[0] > 0
    assert not Assignment.objects.filter(entry=entry, judge=second, status=AssignmentStatus.ACTIVE).exists()


def test_conflict_needs_a_reason(evaluation, admin_user):
    stage, _agencies, _province = evaluation
    judge = make_judge()
    assignment = services.assignment_create(user=admin_user, entry=stage.entries.first(), judge=judge)

    with pytest.raises(ValidationError) as error:
        services.assignment_declare_conflict(judge=judge, assignment=assignment, reason=" ")

    assert error.value.message_dict == {
        "reason": ["Describe the conflict of interest, for example your relation to the agency."]
    }
    assert Assignment.objects.get().status == AssignmentStatus.ACTIVE


def test_bulk_assignment_skips_conflicts(evaluation, admin_user):
    stage, agencies, _province = evaluation
    judge = make_judge(conflict_agencies=[agencies["c"]])
    entry_ids = list(stage.entries.values_list("pk", flat=True))

    created, skipped = services.assignment_bulk_create(user=admin_user, stage=stage, entry_ids=entry_ids, judge=judge)

    assert created == 9
    assert {entry.innovation.agency for entry in skipped} == {agencies["c"]}
    assert services.assignment_bulk_remove(user=admin_user, stage=stage, entry_ids=entry_ids, judge=judge) == 9
    assert Assignment.objects.filter(status=AssignmentStatus.REMOVED).count() == 9


def test_closed_stage_rejects_assignment_changes(evaluation, admin_user):
    stage, _agencies, _province = evaluation
    make_judge()
    services.stage_close(user=admin_user, stage=stage)

    with pytest.raises(ValidationError) as error:
        services.assignment_auto(user=admin_user, stage=stage)

    assert error.value.messages == ["Scoring of the stage “Evaluasi” is closed, so its judges can no longer be changed."]
