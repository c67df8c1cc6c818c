"""Writes of the judging cycle: stages, decisions, judges, scores, objections, publication.

Views call these and nothing else writes. Every function checks the state it
changes and raises ValidationError with a message for the user when the
change is not allowed now.
"""
import datetime
import hashlib
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import ActivityAction, Role, User
from accounts.passwords import password_generate
from accounts.services import activity_record, username_check
from innovations.models import Innovation, Status
from innovations.uploads import inspect_document
from judging import scoring
from judging.models import (
    CHECK_FAIL_REASONS,
    Assignment,
    AssignmentStatus,
    Criterion,
    FailReason,
    JudgeProfile,
    Objection,
    ObjectionResolution,
    Outcome,
    Score,
    ScoreRevision,
    ShortlistOverride,
    Stage,
    StageEntry,
    StageKind,
)
from sinovik.cache import public_cache_bump

logger = logging.getLogger(__name__)

# Objections one address may file per window before it must wait.
OBJECTION_RATE_LIMIT = 5
OBJECTION_RATE_WINDOW_SECONDS = 60 * 60


def _ensure_admin(user):
    if not (user.is_authenticated and user.is_portal_admin):
        raise PermissionDenied


# --- Stages -----------------------------------------------------------------


def criteria_apply_default(*, stage):
    """Give a scored stage without criteria one per weighted section of the proposal template."""
    if stage.criteria.exists():
        return
    sections = stage.competition.sections.filter(weight__gt=0).order_by("position")
    Criterion.objects.bulk_create(
        Criterion(
            stage=stage,
            position=position,
            name=section.title,
            guidance=section.guidance,
            weight=section.weight,
        )
        for position, section in enumerate(sections, start=1)
    )


@transaction.atomic
def stage_create(*, competition, kind, name, starts_on, ends_on, result_label="", shortlist_size=None,
                 judges_per_entry=2, disagreement_threshold=Decimal("15")):
    """Append a stage to the competition's sequence. A scored stage gets the default criteria."""
    last = competition.stages.order_by("-position").values_list("position", flat=True).first() or 0
    stage = Stage(
        competition=competition,
        position=last + 1,
        kind=kind,
        name=name,
        result_label=result_label,
        starts_on=starts_on,
        ends_on=ends_on,
        shortlist_size=shortlist_size,
        judges_per_entry=judges_per_entry,
        disagreement_threshold=disagreement_threshold,
    )
    stage.full_clean(exclude=["position"])
    if stage.ends_on < stage.starts_on:
        raise ValidationError({"ends_on": _("The last day of the stage must not be before its first day.")})
    stage.save()
    if stage.is_scored:
        criteria_apply_default(stage=stage)
    return stage


# The cycle the competition has used in past years, as a starting point the
# organiser edits: kind, name, result label, shortlist size, length in days.
DEFAULT_STAGE_SEQUENCE = [
    (StageKind.ADMINISTRATIVE_CHECK, "Seleksi administrasi", "", None, 14),
    (StageKind.EVALUATION, "Evaluasi proposal", "Top 99", 99, 21),
    (StageKind.OBJECTIONS, "Masa sanggah", "", None, 5),
    (StageKind.PRESENTATION, "Presentasi dan wawancara", "Top 45", 45, 14),
    (StageKind.FIELD_VERIFICATION, "Verifikasi lapangan", "", None, 21),
    (StageKind.FINAL_RESULT, "Penetapan pemenang", "Top 45", None, 7),
]


@transaction.atomic
def stage_sequence_create_default(*, user, competition):
    """Create the usual stage sequence after the submission window, if the competition has none."""
    _ensure_admin(user)
    if competition.stages.exists():
        raise ValidationError(
            _("%(competition)s already has stages. Change them one by one instead."),
            code="has_stages",
            params={"competition": competition.name},
        )
    starts_on = competition.submission_closes_on + datetime.timedelta(days=1)
    stages = []
    for kind, name, label, size, days in DEFAULT_STAGE_SEQUENCE:
        ends_on = starts_on + datetime.timedelta(days=days - 1)
        stages.append(
            stage_create(
                competition=competition,
                kind=kind,
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                result_label=label,
                shortlist_size=size,
            )
        )
        starts_on = ends_on + datetime.timedelta(days=1)
    return stages


def stage_previous(stage):
    return stage.competition.stages.filter(position__lt=stage.position).order_by("-position").first()


@transaction.atomic
def stage_take_in(*, user, stage):
    """Create the stage's entries: those that passed the stage before, or the forwarded ones for the first."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.entries_taken_in_at is not None:
        raise ValidationError(_("This stage has already taken in its entries."), code="taken_in")
    previous = stage_previous(stage)
    if previous is None:
        innovation_ids = Innovation.objects.filter(
            competition_id=stage.competition_id, status=Status.FORWARDED
        ).values_list("pk", flat=True)
    else:
        if not previous.is_outcome_fixed:
            raise ValidationError(
                _("Fix the outcome of the stage “%(stage)s” first; this stage takes in the entries that passed it."),
                code="previous_open",
                params={"stage": previous.name},
            )
        innovation_ids = previous.entries.filter(outcome=Outcome.PASSED).values_list("innovation_id", flat=True)
    created = StageEntry.objects.bulk_create(
        StageEntry(stage=stage, innovation_id=innovation_id) for innovation_id in innovation_ids
    )
    stage.entries_taken_in_at = timezone.now()
    stage.save(update_fields=["entries_taken_in_at"])
    if stage.kind == StageKind.OBJECTIONS:
        # The public objection pages list the entries of open windows.
        public_cache_bump()
    logger.info("Stage %s took in %s entries (user %s)", stage.pk, len(created), user.pk)
    return len(created)


def _ensure_decisions_open(stage):
    if stage.is_outcome_fixed:
        raise ValidationError(
            _("The outcome of the stage “%(stage)s” is fixed and can no longer be changed."),
            code="fixed",
            params={"stage": stage.name},
        )


@transaction.atomic
def stage_entry_decide(*, user, stage, entry_ids, outcome, reason="", note=""):
    """Mark entries of a decision stage passed or failed, with a reason for a failure."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _ensure_decisions_open(stage)
    if stage.is_scored or stage.kind == StageKind.OBJECTIONS:
        raise ValidationError(
            _("Entries of the stage “%(stage)s” pass by their scores or objections, not one by one."),
            code="not_a_decision_stage",
            params={"stage": stage.name},
        )

    note = (note or "").strip()
    if outcome not in (Outcome.PASSED, Outcome.FAILED):
        raise ValidationError({"outcome": _("Choose passed or failed.")})
    if outcome == Outcome.FAILED:
        if reason not in CHECK_FAIL_REASONS:
            raise ValidationError({"reason": _("Choose the reason why the entries failed.")})
        if reason == FailReason.OTHER and not note:
            raise ValidationError({"note": _("Explain the other reason in the note.")})
    else:
        reason = ""
    if not entry_ids:
        raise ValidationError(_("Select at least one entry."), code="none_selected")

    entries = StageEntry.objects.filter(stage=stage, pk__in=entry_ids)
    updated = entries.update(
        outcome=outcome, reason=reason, note=note, decided_by=user, decided_at=timezone.now()
    )
    if updated != len(set(entry_ids)):
        # An id from another stage or a deleted entry: change nothing.
        raise ValidationError(_("Some selected entries are not part of this stage. Reload the page."), code="unknown")
    logger.info("Stage %s: %s entries marked %s by user %s", stage.pk, updated, outcome, user.pk)
    return updated


# --- Judges -----------------------------------------------------------------


@transaction.atomic
def judge_create(*, user, username, full_name, email, own_agency=None, conflict_agencies=(),
                 conflict_provinces=(), expertise=""):
    """Issue a judge account and return it with its generated password, shown once."""
    _ensure_admin(user)
    try:
        username = username_check(username)
    except ValidationError as error:
        raise ValidationError({"username": error.messages})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("The username “%(username)s” is taken. Choose another.") % {"username": username}})

    password = password_generate()
    # The judge sets their own password and profile at first sign-in.
    try:
        with transaction.atomic():
            judge = User.objects.create_user(
                username=username, email=email, password=password, full_name=full_name, role=Role.JUDGE,
                must_change_password=True,
            )
    except IntegrityError:
        # Another admin took the same username a moment earlier.
        raise ValidationError({"username": _("The username “%(username)s” is taken. Choose another.") % {"username": username}})
    profile = JudgeProfile.objects.create(user=judge, own_agency=own_agency, expertise=expertise)
    profile.conflict_agencies.set(conflict_agencies)
    profile.conflict_provinces.set(conflict_provinces)
    activity_record(actor=user, action=ActivityAction.ACCOUNT_ISSUED, target_user=judge, role=Role.JUDGE.value)
    logger.info("Judge account %s issued by user %s", judge.pk, user.pk)
    return judge, password


def judge_profile_get(judge):
    profile, _created = JudgeProfile.objects.get_or_create(user=judge)
    return profile


def judge_pact_accept(*, judge):
    """Record the moment the judge accepted the integrity pact. Later calls keep the first moment."""
    if judge.role != Role.JUDGE:
        raise PermissionDenied
    profile = judge_profile_get(judge)
    if profile.pact_accepted_at is None:
        JudgeProfile.objects.filter(pk=profile.pk, pact_accepted_at__isnull=True).update(
            pact_accepted_at=timezone.now()
        )
        profile.refresh_from_db()
        logger.info("Judge %s accepted the integrity pact", judge.pk)
    return profile


class _Conflicts:
    """The agencies and provinces each judge must not judge, loaded once."""

    def __init__(self, judges):
        profiles = JudgeProfile.objects.filter(user__in=judges).prefetch_related(
            "conflict_agencies", "conflict_provinces"
        )
        self.agencies = {}
        self.provinces = {}
        for profile in profiles:
            agencies = {agency.pk for agency in profile.conflict_agencies.all()}
            if profile.own_agency_id:
                agencies.add(profile.own_agency_id)
            self.agencies[profile.user_id] = agencies
            self.provinces[profile.user_id] = {province.pk for province in profile.conflict_provinces.all()}

    def allows(self, judge_id, innovation):
        if innovation.agency_id in self.agencies.get(judge_id, ()):
            return False
        return innovation.agency.province_id not in self.provinces.get(judge_id, ())


def judge_has_conflict(*, judge, innovation):
    return not _Conflicts([judge]).allows(judge.pk, innovation)


def _judge_pool(stage):
    pool = stage.judges.filter(role=Role.JUDGE, is_active=True)
    if not pool.exists():
        pool = User.objects.filter(role=Role.JUDGE, is_active=True)
    return list(pool.order_by("pk"))


def _ensure_assignments_open(stage):
    if not stage.is_scored:
        raise ValidationError(
            _("The stage “%(stage)s” is not scored, so it has no judges."), code="not_scored", params={"stage": stage.name}
        )
    if stage.is_closed:
        raise ValidationError(
            _("Scoring of the stage “%(stage)s” is closed, so its judges can no longer be changed."),
            code="closed",
            params={"stage": stage.name},
        )


def _by_load(pool, taken, conflicts, innovation, loads):
    """Return the judges of pool who may judge innovation and are not yet on it, least loaded first."""
    candidates = [judge for judge in pool if judge.pk not in taken and conflicts.allows(judge.pk, innovation)]
    candidates.sort(key=lambda judge: (loads.get(judge.pk, 0), judge.pk))
    return candidates


def _pick_judges(entry, count, loads, conflicts, pool):
    taken = set(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True))
    return _by_load(pool, taken, conflicts, entry.innovation, loads)[:count]


def _stage_loads(stage):
    return dict(
        Assignment.objects.filter(stage=stage, status=AssignmentStatus.ACTIVE)
        .values_list("judge_id")
        .annotate(count=Count("id"))
    )


@transaction.atomic
def assignment_auto(*, user, stage):
    """Give every entry of a scored stage its number of judges, balancing the load and respecting conflicts.

    Returns the number of assignments created and the entries that could
    not get enough eligible judges.
    """
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _ensure_assignments_open(stage)
    pool = _judge_pool(stage)
    conflicts = _Conflicts(pool)
    loads = _stage_loads(stage)
    active_counts = dict(
        Assignment.objects.filter(stage=stage, status=AssignmentStatus.ACTIVE)
        .values_list("entry_id")
        .annotate(count=Count("id"))
    )
    existing = {}
    for entry_id, judge_id in Assignment.objects.filter(stage=stage).values_list("entry_id", "judge_id"):
        existing.setdefault(entry_id, set()).add(judge_id)

    new_rows = []
    short = []
    entries = stage.entries.select_related("innovation__agency").order_by("pk")
    for entry in entries:
        missing = stage.judges_per_entry - active_counts.get(entry.pk, 0)
        if missing <= 0:
            continue
        chosen = _by_load(pool, existing.get(entry.pk, set()), conflicts, entry.innovation, loads)[:missing]
        if len(chosen) < missing:
            short.append(entry)
        for judge in chosen:
            loads[judge.pk] = loads.get(judge.pk, 0) + 1
            new_rows.append(Assignment(entry=entry, stage=stage, judge=judge, assigned_by=user))
    Assignment.objects.bulk_create(new_rows)
    logger.info("Stage %s: %s assignments created automatically by user %s", stage.pk, len(new_rows), user.pk)
    return len(new_rows), short


def _conflict_error(judge, innovation):
    return ValidationError(
        _("%(judge)s has a conflict of interest with %(agency)s and cannot judge its entries."),
        code="conflict",
        params={"judge": str(judge), "agency": innovation.agency.name},
    )


@transaction.atomic
def assignment_create(*, user, entry, judge, is_extra=False):
    """Assign one judge to one entry by hand, unless the judge has a conflict with it."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=entry.stage_id)
    _ensure_assignments_open(stage)
    if judge.role != Role.JUDGE or not judge.is_active:
        raise ValidationError({"judge": _("Choose an active judge account.")})
    if judge_has_conflict(judge=judge, innovation=entry.innovation):
        raise _conflict_error(judge, entry.innovation)
    if Assignment.objects.filter(entry=entry, judge=judge).exists():
        raise ValidationError(
            _("%(judge)s is or was already assigned to “%(entry)s”."),
            code="duplicate",
            params={"judge": str(judge), "entry": entry.innovation.title},
        )
    return Assignment.objects.create(entry=entry, stage=stage, judge=judge, assigned_by=user, is_extra=is_extra)


@transaction.atomic
def assignment_bulk_create(*, user, stage, entry_ids, judge):
    """Assign one judge to several entries, and return the count and the entries skipped for a conflict."""
    created, skipped = 0, []
    entries = StageEntry.objects.filter(stage=stage, pk__in=entry_ids).select_related("innovation__agency")
    for entry in entries:
        try:
            with transaction.atomic():
                assignment_create(user=user, entry=entry, judge=judge)
        except ValidationError:
            skipped.append(entry)
        else:
            created += 1
    return created, skipped


@transaction.atomic
def assignment_remove(*, user, assignment):
    """End an assignment by the organiser's decision. Its scores stay for the record but no longer count."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=assignment.stage_id)
    _ensure_assignments_open(stage)
    Assignment.objects.filter(pk=assignment.pk, status=AssignmentStatus.ACTIVE).update(
        status=AssignmentStatus.REMOVED, ended_at=timezone.now()
    )


@transaction.atomic
def assignment_bulk_remove(*, user, stage, entry_ids, judge):
    removed = 0
    for assignment in Assignment.objects.filter(
        stage=stage, entry_id__in=entry_ids, judge=judge, status=AssignmentStatus.ACTIVE
    ):
        assignment_remove(user=user, assignment=assignment)
        removed += 1
    return removed


def _assign_replacement(stage, entry, assigned_by, is_extra=False):
    pool = _judge_pool(stage)
    chosen = _pick_judges(entry, 1, _stage_loads(stage), _Conflicts(pool), pool)
    if not chosen:
        logger.warning("Stage %s: no eligible judge left for entry %s", stage.pk, entry.pk)
        return None
    return Assignment.objects.create(
        entry=entry, stage=stage, judge=chosen[0], assigned_by=assigned_by, is_extra=is_extra
    )


@transaction.atomic
def assignment_declare_conflict(*, judge, assignment, reason):
    """Take an entry away from a judge who declares a conflict, and assign another judge.

    Returns the replacement assignment, or None when no eligible judge is left
    (the organiser's assignment page then lists the entry as short of judges).
    """
    assignment = Assignment.objects.select_for_update().select_related("entry__innovation__agency").get(pk=assignment.pk)
    if assignment.judge_id != judge.pk:
        raise PermissionDenied
    stage = Stage.objects.select_for_update().get(pk=assignment.stage_id)
    _ensure_assignments_open(stage)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Describe the conflict of interest, for example your relation to the agency.")})
    if not assignment.is_active or assignment.is_submitted:
        raise ValidationError(_("This entry is no longer in your queue."), code="inactive")
    assignment.status = AssignmentStatus.CONFLICT
    assignment.conflict_reason = reason
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["status", "conflict_reason", "ended_at"])
    logger.info("Judge %s declared a conflict on assignment %s", judge.pk, assignment.pk)
    return _assign_replacement(stage, assignment.entry, assigned_by=None, is_extra=assignment.is_extra)


@transaction.atomic
def assignment_add_extra(*, user, entry):
    """Give an entry whose judges disagree a further judge, the least loaded eligible one."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=entry.stage_id)
    _ensure_assignments_open(stage)
    assignment = _assign_replacement(stage, entry, assigned_by=user, is_extra=True)
    if assignment is None:
        raise ValidationError(
            _("No judge without a conflict is left for “%(entry)s”. Issue another judge account first."),
            code="no_judge",
            params={"entry": entry.innovation.title},
        )
    return assignment


# --- Scores -----------------------------------------------------------------


def _ensure_can_score(judge, assignment):
    if assignment.judge_id != judge.pk or judge.role != Role.JUDGE:
        raise PermissionDenied
    if not judge_profile_get(judge).has_accepted_pact:
        raise ValidationError(_("Accept the integrity pact before you score."), code="no_pact")
    if not assignment.is_active:
        raise ValidationError(_("This entry is no longer in your queue."), code="inactive")
    if assignment.is_submitted:
        raise ValidationError(_("You have submitted your scores for this entry, so they can no longer change."), code="submitted")
    if assignment.stage.is_closed:
        raise ValidationError(_("Scoring of this stage is closed."), code="closed")


def plain_number(value):
    """Return a Decimal as text without trailing zeros or exponent: 10.00 → "10", 7.50 → "7.5"."""
    return format(value.normalize(), "f")


def _clean_value(criterion, value):
    field = f"score_{criterion.pk}"
    try:
        value = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter the score for “%(criterion)s” as a number.") % {"criterion": criterion.name}})
    if not value.is_finite() or value < criterion.scale_min or value > criterion.scale_max:
        raise ValidationError(
            {
                field: _("The score for “%(criterion)s” must be between %(low)s and %(high)s.")
                % {"criterion": criterion.name, "low": plain_number(criterion.scale_min), "high": plain_number(criterion.scale_max)}
            }
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Enter the score for “%(criterion)s” with at most two decimals.") % {"criterion": criterion.name}})
    return value


def _score_store(assignment, criterion, value, comment):
    # The unique constraint on (assignment, criterion) decides between two
    # simultaneous first saves: the loser's insert fails and it retries as
    # an update of the winner's row.
    for attempt in range(3):
        try:
            with transaction.atomic():
                score, _created = Score.objects.update_or_create(
                    assignment=assignment, criterion=criterion, defaults={"value": value, "comment": comment}
                )
                ScoreRevision.objects.create(assignment=assignment, criterion=criterion, value=value, comment=comment)
            return score
        except IntegrityError:
            if attempt == 2:
                raise
            logger.info("Concurrent first save of a score on assignment %s; retrying as update", assignment.pk)


def score_save(*, judge, assignment, criterion, value, comment=""):
    """Store one score, creating or replacing the judge's score on that criterion."""
    assignment = Assignment.objects.select_related("stage").get(pk=assignment.pk)
    _ensure_can_score(judge, assignment)
    if criterion.stage_id != assignment.stage_id:
        raise ValidationError(_("This criterion belongs to another stage."), code="criterion")
    value = _clean_value(criterion, value)
    return _score_store(assignment, criterion, value, (comment or "").strip())


def scores_save(*, judge, assignment, scores):
    """Store several scores of one sheet. ``scores`` maps criteria to (value, comment); None skips a criterion.

    All values are checked before any is stored, so a sheet with one bad
    value changes nothing.
    """
    assignment = Assignment.objects.select_related("stage").get(pk=assignment.pk)
    _ensure_can_score(judge, assignment)
    errors = {}
    cleaned = []
    for criterion, (value, comment) in scores.items():
        if value in (None, ""):
            continue
        if criterion.stage_id != assignment.stage_id:
            raise ValidationError(_("This criterion belongs to another stage."), code="criterion")
        try:
            cleaned.append((criterion, _clean_value(criterion, value), (comment or "").strip()))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for criterion, value, comment in cleaned:
            _score_store(assignment, criterion, value, comment)
    return len(cleaned)


@transaction.atomic
def assignment_submit(*, judge, assignment):
    """Submit a judge's complete sheet; afterwards its scores no longer change."""
    assignment = Assignment.objects.select_for_update().select_related("stage").get(pk=assignment.pk)
    _ensure_can_score(judge, assignment)
    criteria = list(assignment.stage.criteria.all())
    scored = set(assignment.scores.values_list("criterion_id", flat=True))
    missing = [criterion.name for criterion in criteria if criterion.pk not in scored]
    if missing:
        raise ValidationError(
            _("Score every criterion before you submit. Missing: %(criteria)s.") % {"criteria": ", ".join(missing)},
            code="incomplete",
        )
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])
    logger.info("Judge %s submitted assignment %s", judge.pk, assignment.pk)
    return assignment


@transaction.atomic
def stage_close(*, user, stage):
    """Close scoring: judges can no longer score, and the results become visible."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if not stage.is_scored:
        raise ValidationError(_("Only scored stages are closed."), code="not_scored")
    if stage.is_closed:
        raise ValidationError(_("Scoring of this stage is already closed."), code="closed")
    stage.closed_at = timezone.now()
    stage.save(update_fields=["closed_at"])
    return stage


# --- Shortlist --------------------------------------------------------------


@transaction.atomic
def shortlist_override_record(*, user, entry, action, reason):
    """Record a departure from the ranking for one entry, with its reason."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=entry.stage_id)
    _ensure_decisions_open(stage)
    if not stage.is_scored or not stage.is_closed:
        raise ValidationError(_("Close the scoring of the stage before you change its shortlist."), code="open")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for departing from the ranking.")})
    if action not in ShortlistOverride.Action.values:
        raise ValidationError({"action": _("Choose whether to include or exclude the entry.")})
    ranking = scoring.stage_ranking(stage)
    row = next((row for row in ranking.rows if row.entry.pk == entry.pk), None)
    if row is None or row.rank is None:
        raise ValidationError(_("The entry has no submitted scores, so it has no rank."), code="unranked")
    override, _created = ShortlistOverride.objects.update_or_create(
        entry=entry,
        defaults={"action": action, "reason": reason, "rank_at_decision": row.rank, "decided_by": user,
                  "decided_at": timezone.now()},
    )
    return override


@transaction.atomic
def shortlist_override_delete(*, user, override):
    _ensure_admin(user)
    _ensure_decisions_open(override.entry.stage)
    override.delete()


# --- Outcome and publication ------------------------------------------------


def _fix_scored(stage, user, now):
    if not stage.is_closed:
        raise ValidationError(_("Close the scoring of the stage before you fix its outcome."), code="open")
    ranking = scoring.stage_ranking(stage)
    selected = {row.entry.pk for row in ranking.shortlist}
    for row in ranking.rows:
        entry = row.entry
        entry.total = row.average
        entry.rank = row.rank
        entry.outcome = Outcome.PASSED if entry.pk in selected else Outcome.FAILED
        entry.reason = "" if entry.pk in selected else FailReason.NOT_SHORTLISTED
        entry.decided_by = user
        entry.decided_at = now
    StageEntry.objects.bulk_update(
        [row.entry for row in ranking.rows], ["total", "rank", "outcome", "reason", "decided_by", "decided_at"]
    )


def _fix_objections(stage, user, now):
    if Objection.objects.filter(entry__stage=stage, resolution=ObjectionResolution.OPEN).exists():
        raise ValidationError(_("Resolve every objection before you fix the outcome."), code="open_objections")
    if stage.is_running(now):
        raise ValidationError(
            _("The objection window is open until %(end)s. Fix the outcome after it ends."),
            code="window_open",
            params={"end": date_format(stage.ends_on, "j F Y")},
        )
    upheld = Objection.objects.filter(entry__stage=stage, resolution=ObjectionResolution.UPHELD).values("entry_id")
    stage.entries.filter(pk__in=upheld).update(
        outcome=Outcome.FAILED, reason=FailReason.OBJECTION_UPHELD, decided_by=user, decided_at=now
    )
    stage.entries.exclude(pk__in=upheld).update(outcome=Outcome.PASSED, reason="", decided_by=user, decided_at=now)


@transaction.atomic
def stage_outcome_fix(*, user, stage):
    """Fix which entries pass the stage; the next stage takes them in and the outcome can be published."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _ensure_decisions_open(stage)
    if stage.entries_taken_in_at is None:
        raise ValidationError(_("The stage has not taken in its entries yet."), code="empty")

    now = timezone.now()
    if stage.is_scored:
        _fix_scored(stage, user, now)
    elif stage.kind == StageKind.OBJECTIONS:
        _fix_objections(stage, user, now)
    elif stage.kind == StageKind.FINAL_RESULT:
        stage.entries.filter(outcome=Outcome.PENDING).update(outcome=Outcome.PASSED, decided_by=user, decided_at=now)
    else:
        pending = stage.entries.filter(outcome=Outcome.PENDING).count()
        if pending:
            raise ValidationError(
                ngettext(
                    "%(count)s entry has no decision yet. Mark each entry passed or failed first.",
                    "%(count)s entries have no decision yet. Mark each entry passed or failed first.",
                    pending,
                ),
                code="pending",
                params={"count": pending},
            )

    stage.outcome_fixed_at = now
    stage.outcome_fixed_by = user
    stage.save(update_fields=["outcome_fixed_at", "outcome_fixed_by"])
    logger.info("Stage %s outcome fixed by user %s", stage.pk, user.pk)

    if stage.kind == StageKind.OBJECTIONS:
        public_cache_bump()
    if stage.kind == StageKind.ADMINISTRATIVE_CHECK:
        transaction.on_commit(lambda: _notify_check_outcome(stage.pk))
    return stage


def _notify_check_outcome(stage_id):
    """E-mail each agency's coordinators the outcome of the administrative check of their entries."""
    from judging.selectors import check_outcome_by_agency

    for coordinators, lines in check_outcome_by_agency(stage_id):
        recipients = [coordinator.email for coordinator in coordinators if coordinator.email]
        if not recipients:
            continue
        send_mail(
            _("Outcome of the administrative check"),
            _("The administrative check of your agency's entries is complete:\n\n%(lines)s\n\nSign in to SiNovik to see the details.")
            % {"lines": "\n".join(lines)},
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


def _stage_reached_refresh(stage):
    """Set the public stage reached of the stage's entries from all published stages.

    An entry's stage is the label of the highest published stage it passed.
    An entry removed by an upheld objection loses its label.
    """
    published = list(
        Stage.objects.filter(competition_id=stage.competition_id, published_at__isnull=False).order_by("position")
    )
    innovation_ids = list(stage.entries.values_list("innovation_id", flat=True))
    reached = {}
    for published_stage in published:
        rows = published_stage.entries.filter(innovation_id__in=innovation_ids).values_list(
            "innovation_id", "outcome", "reason"
        )
        for innovation_id, outcome, reason in rows:
            if outcome == Outcome.PASSED and published_stage.result_label:
                reached[innovation_id] = published_stage.result_label
            elif outcome == Outcome.FAILED and reason == FailReason.OBJECTION_UPHELD:
                reached[innovation_id] = ""
    by_label = {}
    for innovation_id, label in reached.items():
        by_label.setdefault(label, []).append(innovation_id)
    for label, ids in by_label.items():
        Innovation.objects.filter(pk__in=ids).update(stage_reached=label)


@transaction.atomic
def stage_publish(*, user, stage):
    """Publish a stage's outcome and set the stage reached on the entries that passed it."""
    _ensure_admin(user)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if not stage.is_outcome_fixed:
        raise ValidationError(_("Fix the outcome of the stage before you publish it."), code="not_fixed")
    if stage.is_published:
        raise ValidationError(_("This stage's outcome is already published."), code="published")
    stage.published_at = timezone.now()
    stage.published_by = user
    stage.save(update_fields=["published_at", "published_by"])
    _stage_reached_refresh(stage)
    # Entry pages show the stage reached, and the competition page the results.
    public_cache_bump()
    logger.info("Stage %s published by user %s", stage.pk, user.pk)
    return stage


# --- Objections -------------------------------------------------------------


def objection_window_is_open(stage, now=None):
    return stage.kind == StageKind.OBJECTIONS and stage.is_running(now) and not stage.is_outcome_fixed


def _rate_limit_key(client_address):
    # The address is hashed so that the cache contains no personal data.
    digest = hashlib.sha256(client_address.encode()).hexdigest()[:32]
    window = int(timezone.now().timestamp()) // OBJECTION_RATE_WINDOW_SECONDS
    return f"judging:objection:{digest}:{window}"


def objection_rate_limited(client_address):
    """Return whether the address has filed the maximum number of objections in this window."""
    return (cache.get(_rate_limit_key(client_address)) or 0) >= OBJECTION_RATE_LIMIT


def _rate_limit_count(client_address):
    key = _rate_limit_key(client_address)
    if cache.add(key, 1, OBJECTION_RATE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, OBJECTION_RATE_WINDOW_SECONDS)


def objection_file(*, entry, name, email, reason, client_address, phone="", document=None):
    """File an objection against an entry of an open objection window and send the objector a receipt."""
    if objection_rate_limited(client_address):
        raise ValidationError(
            _("Too many objections were sent from your connection. Wait an hour and try again."), code="rate_limited"
        )
    if not objection_window_is_open(entry.stage):
        raise ValidationError(_("The objection window for this entry is closed."), code="closed")
    errors = {}
    name, reason, phone = (name or "").strip(), (reason or "").strip(), (phone or "").strip()
    if not name:
        errors["name"] = _("Enter your name.")
    if not email:
        errors["email"] = _("Enter your e-mail address, so the organiser can reply.")
    if len(reason) < 20:
        errors["reason"] = _("Describe the reason for the objection in at least 20 characters.")
    if errors:
        raise ValidationError(errors)

    inspected = inspect_document(document) if document else None
    objection = Objection(entry=entry, name=name, email=email, phone=phone, reason=reason)
    if inspected:
        objection.document_checksum = inspected.checksum
        objection.document.save("upload", inspected.content, save=False)
    try:
        objection.save()
    except Exception:
        if inspected:
            objection.document.delete(save=False)
        raise
    _rate_limit_count(client_address)

    title = entry.innovation.title
    transaction.on_commit(
        lambda: send_mail(
            _("Your objection was received"),
            _("Your objection against “%(title)s” was received on %(time)s WIB. The organiser will reply to this address.")
            % {"title": title, "time": timezone.localtime(objection.submitted_at).strftime("%d-%m-%Y %H:%M")},
            settings.DEFAULT_FROM_EMAIL,
            [objection.email],
        )
    )
    logger.info("Objection %s filed against stage entry %s", objection.pk, entry.pk)
    return objection


@transaction.atomic
def objection_resolve(*, user, objection, resolution, note):
    """Record the organiser's resolution of an objection and tell the objector."""
    _ensure_admin(user)
    objection = Objection.objects.select_for_update().select_related("entry__stage", "entry__innovation").get(pk=objection.pk)
    _ensure_decisions_open(objection.entry.stage)
    note = (note or "").strip()
    if resolution not in (ObjectionResolution.UPHELD, ObjectionResolution.REJECTED):
        raise ValidationError({"resolution": _("Choose upheld or rejected.")})
    if not note:
        raise ValidationError({"note": _("Explain the resolution; the objector receives this explanation.")})
    objection.resolution = resolution
    objection.resolution_note = note
    objection.resolved_by = user
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["resolution", "resolution_note", "resolved_by", "resolved_at"])
    subject = _("Resolution of your objection")
    if resolution == ObjectionResolution.UPHELD:
        message = _("Your objection against “%(title)s” was upheld: the entry leaves the shortlist.\n\n%(note)s")
    else:
        message = _("Your objection against “%(title)s” was rejected: the entry stays on the shortlist.\n\n%(note)s")
    body = message % {"title": objection.entry.innovation.title, "note": note}
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [objection.email]))
    return objection
