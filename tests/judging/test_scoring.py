"""Weighted totals, averages over judges, disagreement flags and the shortlist with overrides."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from judging import scoring, services
from judging.models import Assignment, Criterion, FailReason, Outcome, Score, ScoreRevision, ShortlistOverride
from tests.judging.conftest import make_judge

# The default criteria are the weighted sections of the default template:
# Latar belakang 10, Kebaruan 15, Implementasi 5, Signifikansi 30,
# Adaptabilitas 20, Sumber daya 5, Strategi keberlanjutan 15; scale 0–10.
SCORES_A = ["8", "7", "6", "9", "5", "10", "4"]
# 10·0.8 + 15·0.7 + 5·0.6 + 30·0.9 + 20·0.5 + 5·1.0 + 15·0.4
TOTAL_A = Decimal("69.500")
SCORES_B = ["6"] * 7
TOTAL_B = Decimal("60.000")


def fill(judge, assignment, values, submit=True):
    criteria = list(assignment.stage.criteria.order_by("position"))
    for criterion, value in zip(criteria, values, strict=True):
        services.score_save(judge=judge, assignment=assignment, criterion=criterion, value=value, comment="Cukup jelas.")
    if submit:
        services.assignment_submit(judge=judge, assignment=assignment)


def assign(admin_user, entry, judge):
    return services.assignment_create(user=admin_user, entry=entry, judge=judge)


def test_default_criteria_copy_weighted_sections(scored_stage):
    criteria = list(scored_stage.criteria.order_by("position"))

    assert [criterion.name for criterion in criteria] == [
        "Latar belakang dan tujuan", "Kebaruan", "Implementasi", "Signifikansi", "Adaptabilitas", "Sumber daya",
        "Strategi keberlanjutan",
    ]
    assert sum(criterion.weight for criterion in criteria) == Decimal("100")
    assert {(criterion.scale_min, criterion.scale_max) for criterion in criteria} == {(Decimal("0"), Decimal("10"))}


def test_weighted_total_matches_hand_computation(scored_stage, admin_user):
    entry = scored_stage.entries.order_by("pk").first()
    judge_a, judge_b = make_judge(username="juri.a"), make_judge(username="juri.b")
    fill(judge_a, assign(admin_user, entry, judge_a), SCORES_A)
    fill(judge_b, assign(admin_user, entry, judge_b), SCORES_B)

    row = next(row for row in scoring.stage_ranking(scored_stage).rows if row.entry.pk == entry.pk)

    assert sorted(total for _judge, total in row.judge_totals) == [TOTAL_B, TOTAL_A]
    assert row.average == Decimal("64.750")
    assert row.spread == Decimal("9.500")
    assert row.flagged is False


def test_weighted_total_on_a_custom_scale():
    criteria = [
        Criterion(pk=1, name="A", weight=Decimal("50"), scale_min=Decimal("1"), scale_max=Decimal("5")),
        Criterion(pk=2, name="B", weight=Decimal("50"), scale_min=Decimal("1"), scale_max=Decimal("5")),
    ]

    # 50·(3−1)/4 + 50·(5−1)/4 = 25 + 50
    assert scoring.judge_total(criteria, {1: Decimal("3"), 2: Decimal("5")}) == Decimal("75.000")


def test_unsubmitted_sheets_do_not_count(scored_stage, admin_user):
    entry = scored_stage.entries.order_by("pk").first()
    judge_a, judge_b = make_judge(username="juri.a"), make_judge(username="juri.b")
    fill(judge_a, assign(admin_user, entry, judge_a), SCORES_A)
    fill(judge_b, assign(admin_user, entry, judge_b), SCORES_B, submit=False)

    row = next(row for row in scoring.stage_ranking(scored_stage).rows if row.entry.pk == entry.pk)

    assert row.average == TOTAL_A
    assert row.pending_judges == 1


def test_disagreement_flags_entry_and_further_judge_joins(scored_stage, admin_user):
    entry = scored_stage.entries.order_by("pk").first()
    judge_a, judge_b, judge_c = (make_judge(username=f"juri.{name}") for name in "abc")
    fill(judge_a, assign(admin_user, entry, judge_a), ["9"] * 7)
    fill(judge_b, assign(admin_user, entry, judge_b), ["5"] * 7)

    row = next(row for row in scoring.stage_ranking(scored_stage).rows if row.entry.pk == entry.pk)
    assert row.spread == Decimal("40.000")
    assert row.flagged is True

    extra = services.assignment_add_extra(user=admin_user, entry=entry)
    assert extra.judge == judge_c
    assert extra.is_extra is True
    fill(judge_c, extra, ["7"] * 7)
    row = next(row for row in scoring.stage_ranking(scored_stage).rows if row.entry.pk == entry.pk)
    assert row.average == Decimal("70.000")


def test_score_outside_scale_is_rejected_and_nothing_stored(scored_stage, admin_user):
    entry = scored_stage.entries.first()
    judge = make_judge()
    assignment = assign(admin_user, entry, judge)
    criteria = list(scored_stage.criteria.order_by("position"))
    sheet = {criteria[0]: ("7", ""), criteria[1]: ("11", "")}

    with pytest.raises(ValidationError) as error:
        services.scores_save(judge=judge, assignment=assignment, scores=sheet)

    assert error.value.message_dict == {f"score_{criteria[1].pk}": ["The score for “Kebaruan” must be between 0 and 10."]}
    assert Score.objects.count() == 0


def test_score_save_replaces_value_and_keeps_history(scored_stage, admin_user):
    entry = scored_stage.entries.first()
    judge = make_judge()
    assignment = assign(admin_user, entry, judge)
    criterion = scored_stage.criteria.order_by("position").first()

    services.score_save(judge=judge, assignment=assignment, criterion=criterion, value="6", comment="awal")
    services.score_save(judge=judge, assignment=assignment, criterion=criterion, value="8.5", comment="setelah dibaca ulang")

    assert list(Score.objects.values_list("value", "comment")) == [(Decimal("8.50"), "setelah dibaca ulang")]
    assert list(ScoreRevision.objects.values_list("value", flat=True)) == [Decimal("6.00"), Decimal("8.50")]


def test_submit_requires_every_criterion(scored_stage, admin_user):
    entry = scored_stage.entries.first()
    judge = make_judge()
    assignment = assign(admin_user, entry, judge)
    fill(judge, assignment, SCORES_A, submit=False)
    Score.objects.filter(criterion__name="Kebaruan").delete()

    with pytest.raises(ValidationError) as error:
        services.assignment_submit(judge=judge, assignment=assignment)

    assert error.value.messages == ["Score every criterion before you submit. Missing: Kebaruan."]
    assert Assignment.objects.get().submitted_at is None


def test_submitted_sheet_cannot_change(scored_stage, admin_user):
    entry = scored_stage.entries.first()
    judge = make_judge()
    assignment = assign(admin_user, entry, judge)
    fill(judge, assignment, SCORES_A)
    criterion = scored_stage.criteria.order_by("position").first()

    with pytest.raises(ValidationError) as error:
        services.score_save(judge=judge, assignment=assignment, criterion=criterion, value="1")

    assert error.value.messages == ["You have submitted your scores for this entry, so they can no longer change."]
    assert Score.objects.get(criterion=criterion).value == Decimal("8")


def test_scoring_requires_the_integrity_pact(scored_stage, admin_user):
    judge = make_judge(pact=False)
    assignment = assign(admin_user, scored_stage.entries.first(), judge)
    criterion = scored_stage.criteria.first()

    with pytest.raises(ValidationError) as error:
        services.score_save(judge=judge, assignment=assignment, criterion=criterion, value="5")
    assert error.value.messages == ["Accept the integrity pact before you score."]

    profile = services.judge_pact_accept(judge=judge)
    accepted_at = profile.pact_accepted_at
    services.score_save(judge=judge, assignment=assignment, criterion=criterion, value="5")
    assert services.judge_pact_accept(judge=judge).pact_accepted_at == accepted_at
    assert Score.objects.count() == 1


def test_shortlist_follows_ranking_with_recorded_overrides(scored_stage, admin_user):
    judge = make_judge()
    entries = list(scored_stage.entries.order_by("pk"))
    for entry, value in zip(entries, ["9", "7", "5"], strict=True):
        fill(judge, assign(admin_user, entry, judge), [value] * 7)
    services.stage_close(user=admin_user, stage=scored_stage)

    ranking = scoring.stage_ranking(scored_stage)
    assert [row.entry.pk for row in ranking.shortlist] == [entries[0].pk, entries[1].pk]

    services.shortlist_override_record(
        user=admin_user, entry=entries[2], action=ShortlistOverride.Action.INCLUDE,
        reason="Satu-satunya inovasi responsif gender dari wilayah timur.",
    )
    services.stage_outcome_fix(user=admin_user, stage=scored_stage)

    outcomes = {entry.pk: (entry.outcome, entry.reason, entry.rank, entry.total) for entry in scored_stage.entries.all()}
    assert outcomes == {
        entries[0].pk: (Outcome.PASSED, "", 1, Decimal("90.000")),
        entries[1].pk: (Outcome.FAILED, FailReason.NOT_SHORTLISTED, 2, Decimal("70.000")),
        entries[2].pk: (Outcome.PASSED, "", 3, Decimal("50.000")),
    }
    override = ShortlistOverride.objects.get()
    assert (override.rank_at_decision, override.decided_by) == (3, admin_user)


def test_override_requires_a_reason(scored_stage, admin_user):
    judge = make_judge()
    entry = scored_stage.entries.first()
    fill(judge, assign(admin_user, entry, judge), SCORES_A)
    services.stage_close(user=admin_user, stage=scored_stage)

    with pytest.raises(ValidationError) as error:
        services.shortlist_override_record(user=admin_user, entry=entry, action="exclude", reason="  ")

    assert error.value.message_dict == {"reason": ["Give the reason for departing from the ranking."]}
    assert ShortlistOverride.objects.count() == 0
