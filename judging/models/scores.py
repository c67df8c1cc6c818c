"""A judge's score on one criterion of one assigned entry."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from judging.models.judges import Assignment
from judging.models.stages import Criterion


class Score(models.Model):
    """The score and comment one judge gives one entry on one criterion."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["assignment_id", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            # An assignment is one judge on one entry, so this is "one score
            # per judge, entry and criterion"; concurrent saves rely on it.
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.assignment}: {self.criterion} = {self.value}"


class ScoreRevision(models.Model):
    """One saved version of a score, kept so that every change can be traced."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="score_revisions"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["saved_at", "id"]
        verbose_name = _("score revision")
        verbose_name_plural = _("score revisions")
