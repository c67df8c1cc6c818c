"""The ordered stages of a competition, their criteria and the entries each takes in."""
import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innovations.models import Competition, Innovation


class StageKind(models.TextChoices):
    ADMINISTRATIVE_CHECK = "administrative_check", _("Administrative check")
    EVALUATION = "evaluation", _("Scored evaluation")
    OBJECTIONS = "objections", _("Public objection window")
    PRESENTATION = "presentation", _("Presentation and interview")
    FIELD_VERIFICATION = "field_verification", _("Field verification")
    FINAL_RESULT = "final_result", _("Final result")


# Kinds whose entries judges score on criteria.
SCORED_KINDS = (StageKind.EVALUATION, StageKind.PRESENTATION)


class Stage(models.Model):
    """One step of a competition's selection, in the order given by ``position``.

    A stage takes in the entries that passed the stage before it (the first
    stage takes in the entries forwarded by the coordinators). Its outcome is
    fixed once, then published.
    """

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"))
    kind = models.CharField(_("kind"), max_length=30, choices=StageKind.choices)
    name = models.CharField(_("name"), max_length=200)
    result_label = models.CharField(
        _("label of the result"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown on the public pages of the entries that pass this stage, for example Top 99. "
            "Leave empty if passing this stage is not announced on its own."
        ),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("The last day of the stage, in WIB."))
    shortlist_size = models.PositiveIntegerField(
        _("shortlist size"),
        null=True,
        blank=True,
        help_text=_("For scored stages: how many entries of the ranking pass, for example 99."),
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points)"),
        max_digits=6,
        decimal_places=2,
        default=15,
        validators=[MinValueValidator(0)],
        help_text=_("Entries whose judges' totals differ by more points than this are flagged."),
    )
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judges"),
        blank=True,
        related_name="judging_stages",
        help_text=_("The judges automatic assignment chooses from. Empty means every active judge."),
    )
    entries_taken_in_at = models.DateTimeField(_("entries taken in at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("scoring closed at"),
        null=True,
        blank=True,
        help_text=_("After this moment judges cannot change scores and the results are visible."),
    )
    outcome_fixed_at = models.DateTimeField(_("outcome fixed at"), null=True, blank=True)
    outcome_fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome fixed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["competition_id", "position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["competition", "position"], name="stage_position_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="stage_dates_are_ordered"),
            models.CheckConstraint(condition=Q(judges_per_entry__gte=1), name="stage_judges_per_entry_positive"),
        ]

    def __str__(self):
        return f"{self.competition.name}: {self.name}"

    @property
    def is_scored(self):
        return self.kind in SCORED_KINDS

    @property
    def is_closed(self):
        return self.closed_at is not None

    @property
    def is_outcome_fixed(self):
        return self.outcome_fixed_at is not None

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def opens_at(self):
        start = datetime.datetime.combine(self.starts_on, datetime.time.min)
        return timezone.make_aware(start, timezone.get_default_timezone())

    @property
    def closes_at(self):
        """Return the first moment after the stage: 00:00 WIB of the day after ``ends_on``."""
        end = datetime.datetime.combine(self.ends_on + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(end, timezone.get_default_timezone())

    def is_running(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Criterion(models.Model):
    """A quality judges score in a scored stage, with its weight in the total and its score scale."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"))
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    scale_min = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=2, default=0)
    scale_max = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2, default=10)

    class Meta:
        ordering = ["stage_id", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["stage", "position"], name="criterion_position_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100), name="criterion_weight_is_a_percentage"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")) & Q(scale_min__gte=0), name="criterion_scale_is_ordered"
            ),
        ]

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Did not pass")


class FailReason(models.TextChoices):
    TOO_YOUNG = "too_young", _("The innovation is younger than the minimum age")
    INCOMPLETE = "incomplete", _("The proposal is incomplete")
    MEANINGLESS = "meaningless", _("The answers do not describe the innovation")
    DUPLICATE_TITLE = "duplicate_title", _("Duplicate of another entry's title")
    NOT_SHORTLISTED = "not_shortlisted", _("Not in the shortlist")
    OBJECTION_UPHELD = "objection_upheld", _("An objection against the entry was upheld")
    OTHER = "other", _("Other reason (see the note)")


# Reasons the secretariat chooses from in the administrative check.
CHECK_FAIL_REASONS = (
    FailReason.TOO_YOUNG,
    FailReason.INCOMPLETE,
    FailReason.MEANINGLESS,
    FailReason.DUPLICATE_TITLE,
    FailReason.OTHER,
)


class StageEntry(models.Model):
    """An entry taken in by a stage, with its outcome there."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="entries")
    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.PROTECT, related_name="stage_entries"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.CharField(_("reason"), max_length=30, choices=FailReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Filled when a scored stage's outcome is fixed, so the published ranking
    # does not change if a score is corrected later.
    total = models.DecimalField(_("total score"), max_digits=7, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["stage_id", "rank", "id"]
        verbose_name = _("stage entry")
        verbose_name_plural = _("stage entries")
        constraints = [
            models.UniqueConstraint(fields=["stage", "innovation"], name="stage_entry_unique"),
            models.CheckConstraint(
                condition=~Q(outcome="failed") | ~Q(reason=""), name="stage_entry_failure_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(note=""), name="stage_entry_other_reason_has_note"
            ),
        ]
        indexes = [models.Index(fields=["stage", "outcome"], name="stage_entry_outcome_idx")]

    def __str__(self):
        return f"{self.stage.name}: {self.innovation}"


class ShortlistOverride(models.Model):
    """A departure from a scored stage's ranking, with the organiser's reason."""

    class Action(models.TextChoices):
        INCLUDE = "include", _("Include although ranked below the cut")
        EXCLUDE = "exclude", _("Exclude although ranked above the cut")

    entry = models.OneToOneField(
        StageEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="override"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"))
    rank_at_decision = models.PositiveIntegerField(_("rank at the decision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("shortlist override")
        verbose_name_plural = _("shortlist overrides")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="shortlist_override_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.entry.innovation}"
