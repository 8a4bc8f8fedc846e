"""python manage.py coordination_escalate [--today YYYY-MM-DD]: escalate the coordination requests not
answered by their deadline to the pairing's coordinators and the NDRC office (each once). Run it daily from
cron with plan_reminders."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from duikou.projects.services import coordination_requests_escalate


class Command(BaseCommand):
    help = "Escalate overdue coordination requests (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date: write YYYY-MM-DD.")
        with translation.override(settings.LANGUAGE_CODE):
            count = coordination_requests_escalate(today=day)
        self.stdout.write(f"{day}: escalated {count} overdue coordination requests.")
