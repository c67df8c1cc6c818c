"""Deadline reminders to coordinators whose units still hold unsubmitted drafts."""
import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Role, User
from innovations.models import EDITABLE_STATUSES, Competition, DeadlineReminder, Innovation

logger = logging.getLogger(__name__)


def deadline_reminders_send(*, days, now=None):
    """E-mail each coordinator once a day while drafts wait and the deadline is within ``days`` days.

    Returns the number of e-mails sent. Running it again on the same day
    (WIB) sends nothing new.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    competitions = Competition.objects.filter(
        submission_opens_on__lte=today,
        submission_closes_on__gte=today,
        submission_closes_on__lte=today + datetime.timedelta(days=days),
    )
    for competition in competitions:
        drafts = (
            Innovation.objects.filter(competition=competition, status__in=EDITABLE_STATUSES, work_unit__isnull=False)
            .values("agency_id", "work_unit__name")
            .annotate(count=Count("id"))
            .order_by("work_unit__name")
        )
        units_by_agency = defaultdict(list)
        for row in drafts:
            units_by_agency[row["agency_id"]].append((row["work_unit__name"], row["count"]))
        coordinators = (
            User.objects.filter(role=Role.COORDINATOR, is_active=True, agency_id__in=units_by_agency)
            .exclude(email="")
            .select_related("agency")
        )
        for coordinator in coordinators:
            try:
                with transaction.atomic():
                    # The unique row makes the command idempotent per day.
                    DeadlineReminder.objects.create(competition=competition, coordinator=coordinator, sent_on=today)
                    context = {
                        "competition": competition,
                        "coordinator": coordinator,
                        "units": units_by_agency[coordinator.agency_id],
                        "days_left": (competition.submission_closes_on - today).days,
                        "portal_url": settings.SINOVIK_PORTAL_URL.rstrip("/"),
                    }
                    with translation.override(settings.LANGUAGE_CODE):
                        subject = " ".join(
                            render_to_string("innovations/email/reminder_subject.txt", context).split()
                        )
                        body = render_to_string("innovations/email/reminder_body.txt", context)
                    EmailMessage(subject=subject, body=body, to=[coordinator.email]).send()
            except IntegrityError:
                continue
            except Exception:
                # The row rolls back with the failed send, so the next run retries.
                logger.exception("Could not send the deadline reminder to user %s", coordinator.pk)
                continue
            sent += 1
    return sent
