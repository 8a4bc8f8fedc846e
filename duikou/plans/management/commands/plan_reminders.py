"""python manage.py plan_reminders [--today YYYY-MM-DD]: send the due-soon and overdue reminders of
required plans and of the time nodes of plans in force. Run it daily from cron, e.g. ``15 7 * * * cd /srv/duikou && .venv/bin/python manage.py
plan_reminders``; each reminder goes out once, however often the job runs."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from duikou.plans.reminders import plan_reminders_send


class Command(BaseCommand):
    help = "Send the due-soon and overdue reminders of required plans (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date: write YYYY-MM-DD.")
        with translation.override(settings.LANGUAGE_CODE):
            run = plan_reminders_send(today=day)
        self.stdout.write(f"{day}: checked {run.checked} plan due dates; sent {run.due_soon} due-soon and "
                          f"{run.overdue} overdue notifications for plans, {run.nodes_due_soon} and "
                          f"{run.nodes_overdue} for time nodes.")
