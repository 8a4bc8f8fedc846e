"""python manage.py supervision_snapshot [--month YYYY-MM]: count every pairing's supervision items by light
and store the month's snapshot for the trend (run daily or at each month's end). Idempotent: a second run
replaces the month's snapshot. Without --month, the current month."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from duikou.supervision.services import current_month, snapshot_take


class Command(BaseCommand):
    help = "Store each pairing's supervision light counts for a month (the current month by default)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="The month, as YYYY-MM (default: the current month).")

    def handle(self, *args, month=None, **options):
        month = month or current_month()
        try:
            count = snapshot_take(month=month)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        self.stdout.write(f"{month}: light snapshot of {count} pairing(s) stored.")
