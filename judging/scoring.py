"""Weighted totals, disagreement flags and the ranking of a scored stage.

A judge's total for an entry is the sum over the criteria of
``weight × (score − lowest) / (highest − lowest)``, so with weights that add
up to 100 a total is in points out of 100. An entry's total is the average of
the totals of its judges who submitted their sheets.
"""
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from judging.models import Assignment, AssignmentStatus, Outcome, Score, ShortlistOverride, StageEntry

POINTS = Decimal("0.001")


def judge_total(criteria, scores):
    """Return one judge's weighted total from their scores, a dict of criterion id to value."""
    total = Decimal("0")
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            continue
        span = criterion.scale_max - criterion.scale_min
        total += criterion.weight * (value - criterion.scale_min) / span
    return total.quantize(POINTS, rounding=ROUND_HALF_UP)


@dataclass
class EntryResult:
    entry: StageEntry
    judge_totals: list = field(default_factory=list)
    average: Decimal | None = None
    spread: Decimal | None = None
    flagged: bool = False
    pending_judges: int = 0
    rank: int | None = None
    override: ShortlistOverride | None = None
    selected: bool = False


@dataclass
class Ranking:
    rows: list
    shortlist: list
    composition: dict


def _results(stage):
    criteria = list(stage.criteria.all())
    entries = (
        stage.entries.select_related(
            "innovation__category", "innovation__agency__province", "innovation__work_unit", "override"
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(status=AssignmentStatus.ACTIVE)
                .select_related("judge")
                .prefetch_related(Prefetch("scores", queryset=Score.objects.only("assignment_id", "criterion_id", "value"))),
            )
        )
        .order_by("pk")
    )
    rows = []
    for entry in entries:
        row = EntryResult(entry=entry)
        try:
            row.override = entry.override
        except ShortlistOverride.DoesNotExist:
            row.override = None
        for assignment in entry.assignments.all():
            if assignment.submitted_at is None:
                row.pending_judges += 1
                continue
            scores = {score.criterion_id: score.value for score in assignment.scores.all()}
            row.judge_totals.append((assignment.judge, judge_total(criteria, scores)))
        if row.judge_totals:
            totals = [total for _judge, total in row.judge_totals]
            row.average = (sum(totals) / len(totals)).quantize(POINTS, rounding=ROUND_HALF_UP)
            row.spread = max(totals) - min(totals)
            row.flagged = len(totals) > 1 and row.spread > stage.disagreement_threshold
        rows.append(row)
    return rows


def composition(rows):
    """Count rows by category, agency kind and province, for balancing a shortlist."""
    categories, kinds, provinces = Counter(), Counter(), Counter()
    for row in rows:
        innovation = row.entry.innovation
        categories[str(innovation.category) if innovation.category_id else "—"] += 1
        kinds[innovation.agency.get_kind_display()] += 1
        province = innovation.agency.province
        provinces[province.name if province else "—"] += 1
    return {
        "category": sorted(categories.items()),
        "agency_kind": sorted(kinds.items()),
        "province": sorted(provinces.items()),
    }


def stage_ranking(stage):
    """Return the stage's entries ranked by average total, the proposed shortlist and its composition.

    Entries without a submitted sheet come last without a rank. Ties keep
    the title order, so the ranking is stable between two calls. The
    shortlist is the top ``shortlist_size`` after the recorded overrides:
    excluded entries leave it and included ones push out the lowest ranked.
    """
    rows = _results(stage)
    ranked = sorted(
        (row for row in rows if row.average is not None),
        key=lambda row: (-row.average, row.entry.innovation.title_key, row.entry.pk),
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    unranked = sorted(
        (row for row in rows if row.average is None), key=lambda row: row.entry.innovation.title_key
    )
    if stage.is_outcome_fixed:
        shortlist = [row for row in ranked if row.entry.outcome == Outcome.PASSED]
    else:
        included = [row for row in ranked if row.override and row.override.action == ShortlistOverride.Action.INCLUDE]
        others = [row for row in ranked if not row.override]
        size = stage.shortlist_size if stage.shortlist_size is not None else len(ranked)
        free = max(size - len(included), 0)
        shortlist = sorted(included + others[:free], key=lambda row: row.rank)
    for row in shortlist:
        row.selected = True
    return Ranking(rows=ranked + unranked, shortlist=shortlist, composition=composition(shortlist))
