"""The hand-over of an entry: one service per change of status.

Each service locks the entry, checks who may make the change and when,
records it as an InnovationEvent and in the entry's history, and sends the
e-mail after the transaction commits.
"""
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from innovations.models import EventKind, Innovation, InnovationEvent, Status
from innovations.services._checks import (
    ensure_coordinator_of,
    ensure_editable,
    ensure_operator_of,
    ensure_window_open,
)
from innovations.services.proposals import innovation_missing_parts
from sinovik.cache import public_cache_bump

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 5000
# Statuses from which an operator or coordinator may withdraw an entry; a
# forwarded entry is in the organiser's hands, so only the admin may.
WITHDRAWABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


def _lock(innovation):
    return Innovation.objects.select_for_update(of=("self",)).select_related("competition", "work_unit", "agency").get(
        pk=innovation.pk
    )


def _ensure_status(innovation, allowed, message):
    """Refuse a change from a status it does not start from; message names the status."""
    if innovation.status not in allowed:
        raise ValidationError(message, code="wrong_status", params={"status": innovation.get_status_display()})


def _clean_note(note, *, required):
    note = (note or "").strip()
    if required and not note:
        raise ValidationError(
            {"note": _("Write a note that tells the operator what to change.")}, code="note_required"
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("The note may have at most %(limit)s characters; it has %(count)s. Shorten it.")
             % {"limit": NOTE_MAX_LENGTH, "count": len(note)}},
            code="note_too_long",
        )
    return note


def _actor_name(user):
    name = user.full_name or user.username
    return f"{name} ({user.username})" if user.full_name else name


def _record(*, innovation, user, to_status, kind, note=""):
    """Change the locked entry's status, add the event and schedule the e-mail."""
    was_public = innovation.is_public
    from_status = innovation.status
    innovation.status = to_status
    if to_status == Status.SUBMITTED:
        innovation.submitted_at = timezone.now()
    # The row is locked, so a plain increment is safe; a save based on the
    # version before this change is refused as stale.
    innovation.version += 1
    innovation._history_user = user
    innovation.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    if was_public or innovation.is_public:
        # The entry entered or left the public database.
        public_cache_bump()
    event = InnovationEvent.objects.create(
        innovation=innovation,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        actor=user,
        actor_name=_actor_name(user),
    )
    transaction.on_commit(lambda: innovation_event_notify(event_id=event.pk))
    logger.info(
        "Innovation %s changed from %s to %s by user %s", innovation.pk, from_status, to_status, user.pk
    )
    return innovation


def notification_recipients(innovation):
    """Return the e-mail addresses notified about an entry: its unit's operators and its agency's coordinators."""
    users = User.objects.filter(is_active=True).exclude(email="")
    operators = users.filter(role=Role.OPERATOR, work_unit_id=innovation.work_unit_id)
    coordinators = users.filter(role=Role.COORDINATOR, agency_id=innovation.agency_id)
    return sorted({user.email for user in operators} | {user.email for user in coordinators})


def innovation_event_notify(*, event_id):
    """Send one e-mail per recipient about a change of an entry's status."""
    event = InnovationEvent.objects.select_related(
        "innovation__competition", "innovation__work_unit", "innovation__agency"
    ).get(pk=event_id)
    innovation = event.innovation
    recipients = notification_recipients(innovation)
    if not recipients:
        return 0
    context = {
        "event": event,
        "innovation": innovation,
        "portal_url": settings.SINOVIK_PORTAL_URL.rstrip("/"),
    }
    # E-mail goes out in the portal's language, whoever triggered it.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("innovations/email/event_subject.txt", context).split())
        body = render_to_string("innovations/email/event_body.txt", context)
    messages = [
        EmailMessage(subject=subject, body=body, to=[address]) for address in recipients
    ]
    try:
        return get_connection().send_messages(messages)
    except Exception:
        # The change itself is committed; a mail server failure must not undo it.
        logger.exception("Could not send the e-mail about event %s", event.pk)
        return 0


@transaction.atomic
def innovation_submit(*, user, innovation):
    """Hand a complete proposal to the agency's coordinator."""
    innovation = _lock(innovation)
    ensure_operator_of(user, innovation)
    ensure_window_open(innovation.competition)
    ensure_editable(innovation)
    missing = innovation_missing_parts(innovation)
    if missing:
        raise ValidationError(missing, code="incomplete")
    return _record(innovation=innovation, user=user, to_status=Status.SUBMITTED, kind=EventKind.SUBMITTED)


@transaction.atomic
def innovation_return(*, user, innovation, note):
    """Send a submitted proposal back to its unit with notes on what to change."""
    innovation = _lock(innovation)
    ensure_coordinator_of(user, innovation)
    ensure_window_open(innovation.competition)
    _ensure_status(
        innovation, (Status.SUBMITTED,), _("This entry has status “%(status)s”, so it cannot be returned.")
    )
    note = _clean_note(note, required=True)
    return _record(innovation=innovation, user=user, to_status=Status.RETURNED, kind=EventKind.RETURNED, note=note)


@transaction.atomic
def innovation_forward(*, user, innovation, note=""):
    """Hand a submitted proposal on to the organiser."""
    innovation = _lock(innovation)
    ensure_coordinator_of(user, innovation)
    ensure_window_open(innovation.competition)
    _ensure_status(
        innovation, (Status.SUBMITTED,), _("This entry has status “%(status)s”, so it cannot be forwarded.")
    )
    note = _clean_note(note, required=False)
    return _record(
        innovation=innovation, user=user, to_status=Status.FORWARDED, kind=EventKind.FORWARDED, note=note
    )


@transaction.atomic
def innovation_withdraw(*, user, innovation, note=""):
    """Withdraw an entry from the competition, by its unit's operator or its coordinator."""
    innovation = _lock(innovation)
    if user.role == Role.COORDINATOR:
        ensure_coordinator_of(user, innovation)
    else:
        ensure_operator_of(user, innovation)
    ensure_window_open(innovation.competition)
    _ensure_status(
        innovation, WITHDRAWABLE_STATUSES, _("This entry has status “%(status)s”, so it cannot be withdrawn.")
    )
    note = _clean_note(note, required=False)
    return _record(
        innovation=innovation, user=user, to_status=Status.WITHDRAWN, kind=EventKind.WITHDRAWN, note=note
    )


@transaction.atomic
def innovation_override_status(*, user, innovation, status, note):
    """Let the organiser's admin set any status at any time, with a reason."""
    if not user.is_portal_admin:
        raise PermissionDenied
    innovation = _lock(innovation)
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the statuses in the list.")}, code="invalid_status")
    if status == innovation.status:
        raise ValidationError(
            {"status": _("The entry already has status “%(status)s”. Choose another status.")
             % {"status": innovation.get_status_display()}},
            code="same_status",
        )
    note = _clean_note(note, required=False)
    if not note:
        raise ValidationError({"note": _("Write the reason for changing the status.")}, code="note_required")
    return _record(innovation=innovation, user=user, to_status=status, kind=EventKind.OVERRIDDEN, note=note)
