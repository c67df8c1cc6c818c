"""Reads of the judging cycle, scoped to who is asking."""
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Role, User
from innovations.models import Answer, Attachment, Competition, Innovation, Status
from judging.models import (
    Assignment,
    AssignmentStatus,
    Objection,
    Outcome,
    Score,
    Stage,
    StageEntry,
    StageKind,
)


# --- For the public pages ---------------------------------------------------


@dataclass
class PublishedStage:
    stage: Stage
    entries: list


def published_stage_results(competition):
    """Return the competition's published stages in order, each with the entries that passed it.

    Each item is a ``PublishedStage`` with ``stage`` (its ``name``,
    ``result_label``, ``kind``, ``published_at``) and ``entries``: the
    ``Innovation`` objects that passed, with ``competition``, ``category``,
    ``agency`` (and its province) and ``work_unit`` loaded, ranked for
    scored stages and by title otherwise. Uses one query for the stages and
    one per published stage.
    """
    stages = list(
        Stage.objects.filter(competition=competition, published_at__isnull=False).order_by("position")
    )
    results = []
    for stage in stages:
        entries = list(
            Innovation.objects.filter(stage_entries__stage=stage, stage_entries__outcome=Outcome.PASSED)
            .select_related("competition", "category", "agency__province", "work_unit")
            .order_by("stage_entries__rank", "title_key", "id")
        )
        results.append(PublishedStage(stage=stage, entries=entries))
    return results


def stage_current(competition, now=None):
    """Return the stage of the competition whose dates contain today (WIB), or None."""
    today = timezone.localdate(now or timezone.now())
    return (
        Stage.objects.filter(competition=competition, starts_on__lte=today, ends_on__gte=today)
        .order_by("position")
        .first()
    )


def objection_windows_open(now=None):
    """Return the objection stages open today, with their entries and innovations."""
    today = timezone.localdate(now or timezone.now())
    return (
        Stage.objects.filter(
            kind=StageKind.OBJECTIONS, starts_on__lte=today, ends_on__gte=today, outcome_fixed_at__isnull=True
        )
        .select_related("competition")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=StageEntry.objects.select_related("innovation__agency", "innovation__category").order_by(
                    "innovation__title_key"
                ),
            )
        )
        .order_by("competition__year", "position")
    )


def objection_entry_get(*, slug, now=None):
    """Return the entry of an open objection window for the innovation with this slug, or raise Http404."""
    today = timezone.localdate(now or timezone.now())
    return get_object_or_404(
        StageEntry.objects.select_related("stage__competition", "innovation__agency"),
        innovation__slug=slug,
        stage__kind=StageKind.OBJECTIONS,
        stage__starts_on__lte=today,
        stage__ends_on__gte=today,
        stage__outcome_fixed_at__isnull=True,
    )


# --- For the organiser ------------------------------------------------------


def competition_list_with_stages():
    return Competition.objects.prefetch_related(
        Prefetch("stages", queryset=Stage.objects.annotate(entry_count=Count("entries")).order_by("position"))
    ).order_by("-year")


def stage_get(*, pk):
    return get_object_or_404(Stage.objects.select_related("competition"), pk=pk)


def stage_entries(stage):
    """Return a stage's entries with what the organiser's table shows."""
    return (
        stage.entries.select_related(
            "innovation__agency__province", "innovation__category", "innovation__work_unit", "decided_by"
        )
        .annotate(
            active_judges=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE)),
            submitted_judges=Count(
                "assignments",
                filter=Q(assignments__status=AssignmentStatus.ACTIVE, assignments__submitted_at__isnull=False),
            ),
            objection_count=Count("objections"),
        )
        .order_by("innovation__title_key", "pk")
    )


def stage_outcome_counts(stage):
    counts = dict(stage.entries.values_list("outcome").annotate(count=Count("id")))
    return {outcome: counts.get(outcome, 0) for outcome in Outcome.values}


def stage_assignments(stage):
    return (
        Assignment.objects.filter(stage=stage)
        .select_related("judge", "entry__innovation__agency")
        .order_by("entry__innovation__title_key", "assigned_at", "pk")
    )


def judge_loads(stage):
    """Return the judges of the stage's pool with their counts of active and submitted assignments."""
    return (
        User.objects.filter(role=Role.JUDGE)
        .annotate(
            active=Count("assignments", filter=Q(assignments__stage=stage, assignments__status=AssignmentStatus.ACTIVE)),
            submitted=Count(
                "assignments",
                filter=Q(
                    assignments__stage=stage,
                    assignments__status=AssignmentStatus.ACTIVE,
                    assignments__submitted_at__isnull=False,
                ),
            ),
            conflicts=Count(
                "assignments", filter=Q(assignments__stage=stage, assignments__status=AssignmentStatus.CONFLICT)
            ),
        )
        .select_related("judge_profile__own_agency")
        .order_by("full_name", "username")
    )


def judge_list():
    return (
        User.objects.filter(role=Role.JUDGE)
        .select_related("judge_profile__own_agency")
        .prefetch_related("judge_profile__conflict_agencies", "judge_profile__conflict_provinces")
        .order_by("full_name", "username")
    )


def stage_objections(stage):
    """Return a stage's objections with the objectors' contact details, for the organiser only."""
    return (
        Objection.objects.filter(entry__stage=stage)
        .select_related("entry__innovation", "resolved_by")
        .order_by("submitted_at", "pk")
    )


def stage_scores_for_export(stage):
    return (
        Score.objects.filter(assignment__stage=stage)
        .select_related("assignment__judge", "assignment__entry__innovation__agency", "criterion")
        .order_by("assignment__entry__innovation__title_key", "assignment__judge__username", "criterion__position")
    )


def registration_recap(*, competition, agency=None):
    """Return the number of entries per agency and work unit, by status, for the rekapitulasi."""
    innovations = Innovation.objects.filter(competition=competition, work_unit__isnull=False)
    if agency is not None:
        innovations = innovations.filter(agency=agency)
    return (
        innovations.values("agency__name", "agency__kind", "agency__province__name", "work_unit__name")
        .annotate(
            total=Count("id"),
            draft=Count("id", filter=Q(status__in=[Status.DRAFT, Status.RETURNED])),
            submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
            forwarded=Count("id", filter=Q(status=Status.FORWARDED)),
        )
        .order_by("agency__name", "work_unit__name")
    )


def check_outcome_by_agency(stage_id):
    """Yield (coordinators, lines) per agency for the e-mail on a fixed administrative check."""
    entries = (
        StageEntry.objects.filter(stage_id=stage_id)
        .select_related("innovation")
        .order_by("innovation__agency_id", "innovation__title_key")
    )
    by_agency = {}
    for entry in entries:
        reason = f" ({entry.get_reason_display()}{': ' + entry.note if entry.note else ''})" if entry.reason else ""
        by_agency.setdefault(entry.innovation.agency_id, []).append(
            f"- {entry.innovation.title}: {entry.get_outcome_display()}{reason}"
        )
    coordinators = {}
    for user in User.objects.filter(role=Role.COORDINATOR, agency_id__in=by_agency, is_active=True):
        coordinators.setdefault(user.agency_id, []).append(user)
    for agency_id, lines in by_agency.items():
        yield coordinators.get(agency_id, []), lines


# --- For judges -------------------------------------------------------------


def judge_queue(*, judge):
    """Return the judge's active assignments in stages still being scored, with their progress."""
    return (
        Assignment.objects.filter(judge=judge, status=AssignmentStatus.ACTIVE, stage__closed_at__isnull=True)
        .select_related("stage__competition", "entry__innovation__category")
        .annotate(
            scored=Count("scores", distinct=True),
            criteria_count=Count("stage__criteria", distinct=True),
        )
        .order_by("stage__competition__year", "stage__position", "submitted_at", "entry__innovation__title_key")
    )


def assignment_get_for_judge(*, judge, pk):
    """Return one of the judge's active assignments with the proposal to score, or raise Http404."""
    return get_object_or_404(
        Assignment.objects.filter(judge=judge, status=AssignmentStatus.ACTIVE)
        .select_related("stage__competition", "entry__innovation__category", "entry__innovation__agency")
        .prefetch_related(
            Prefetch("entry__innovation__answers", queryset=Answer.objects.select_related("section").order_by("section__position")),
            Prefetch("entry__innovation__attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
        ),
        pk=pk,
    )


# --- For work units and coordinators ----------------------------------------


def outcomes_for_user(*, user):
    """Return the stage outcomes of the user's own entries that the user may see.

    Operators see their unit's entries, coordinators their agency's. The
    outcome of an administrative check is shown once fixed, with its reason;
    other stages only once published.
    """
    if user.role == Role.OPERATOR and user.work_unit_id:
        scope = Q(innovation__work_unit_id=user.work_unit_id)
    elif user.role == Role.COORDINATOR and user.agency_id:
        scope = Q(innovation__agency_id=user.agency_id)
    else:
        return StageEntry.objects.none()
    visible = Q(stage__kind=StageKind.ADMINISTRATIVE_CHECK, stage__outcome_fixed_at__isnull=False) | Q(
        stage__published_at__isnull=False
    )
    return (
        StageEntry.objects.filter(scope & visible)
        .select_related("stage__competition", "innovation__work_unit")
        .order_by("-stage__competition__year", "innovation__title_key", "stage__position")
    )
