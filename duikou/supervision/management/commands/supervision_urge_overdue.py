"""python manage.py supervision_urge_overdue: urge (催办) every open red supervision item not urged in the
last seven days (run daily from cron). Idempotent per day: a second run the same day urges nothing new."""

from django.core.management.base import BaseCommand

from duikou.supervision.services import urge_overdue


class Command(BaseCommand):
    help = "Urge every overdue (red) supervision item not urged in the last seven days (run daily)."

    def handle(self, *args, **options):
        count = urge_overdue()
        self.stdout.write(f"{count} overdue supervision item(s) urged.")
