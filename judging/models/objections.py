"""Objections (sanggahan) the public files against shortlisted entries."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judging.models.stages import StageEntry


class ObjectionResolution(models.TextChoices):
    OPEN = "open", _("Not resolved yet")
    UPHELD = "upheld", _("Upheld: the entry leaves the shortlist")
    REJECTED = "rejected", _("Rejected: the entry stays")


def objection_document_path(instance, filename):
    """Return a storage path that reveals nothing of the uploaded file's name."""
    return f"objections/{instance.uuid.hex[:2]}/{instance.uuid.hex}.pdf"


class Objection(models.Model):
    """An objection against an entry of an objection window.

    The objector's name and contact details are shown only to the organiser.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(
        StageEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="objections"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    reason = models.TextField(_("reason"))
    document = models.FileField(
        _("supporting document (PDF)"), upload_to=objection_document_path, max_length=200, blank=True
    )
    document_checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=ObjectionResolution.choices, default=ObjectionResolution.OPEN
    )
    resolution_note = models.TextField(_("explanation of the resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution="open") | ~Q(resolution_note=""), name="objection_resolution_has_note"
            ),
        ]

    def __str__(self):
        return f"{self.entry.innovation} ({self.submitted_at:%Y-%m-%d})"
