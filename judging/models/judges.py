"""Judges' declarations and the entries assigned to them."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, Province
from judging.models.stages import Stage, StageEntry


class JudgeProfile(models.Model):
    """A judge's own agency, declared conflicts of interest and integrity pact."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="judge_profile"
    )
    own_agency = models.ForeignKey(
        Agency,
        verbose_name=_("own agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The agency the judge works for, if any. Its entries are never assigned to the judge."),
    )
    conflict_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("agencies with a conflict of interest"),
        blank=True,
        related_name="+",
    )
    conflict_provinces = models.ManyToManyField(
        Province,
        verbose_name=_("provinces with a conflict of interest"),
        blank=True,
        related_name="+",
        help_text=_("Entries of agencies in these provinces are never assigned to the judge."),
    )
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    pact_accepted_at = models.DateTimeField(_("integrity pact accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("judge profile")
        verbose_name_plural = _("judge profiles")

    def __str__(self):
        return str(self.user)

    @property
    def has_accepted_pact(self):
        return self.pact_accepted_at is not None


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CONFLICT = "conflict", _("Conflict of interest declared")
    REMOVED = "removed", _("Removed by the organiser")


class Assignment(models.Model):
    """One judge's task of scoring one entry in one scored stage."""

    entry = models.ForeignKey(
        StageEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="assignments"
    )
    # Denormalised from the entry so that a judge's queue per stage is one
    # indexed query.
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    is_extra = models.BooleanField(
        _("further judge"), default=False, help_text=_("Added because the first judges disagreed.")
    )
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["stage_id", "entry_id", "assigned_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            # A judge who declared a conflict keeps the row, so the same entry
            # can never come back to them.
            models.UniqueConstraint(fields=["entry", "judge"], name="assignment_unique_per_judge"),
            models.CheckConstraint(
                condition=~Q(status="conflict") | ~Q(conflict_reason=""), name="assignment_conflict_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["judge", "status"], name="assignment_judge_status_idx")]

    def __str__(self):
        return f"{self.judge} – {self.entry.innovation}"

    @property
    def is_active(self):
        return self.status == AssignmentStatus.ACTIVE

    @property
    def is_submitted(self):
        return self.submitted_at is not None
