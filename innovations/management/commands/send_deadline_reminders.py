"""Remind coordinators by e-mail of unsubmitted drafts as the deadline nears; run daily from cron."""
from django.core.management.base import BaseCommand

from innovations.services import deadline_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of agencies whose work units hold unsubmitted drafts when the "
        "submission deadline is at most --days days away. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Remind when the last day is this many days away or less.")

    def handle(self, *args, days, **options):
        sent = deadline_reminders_send(days=max(days, 0))
        self.stdout.write(f"Sent {sent} reminder(s).")
