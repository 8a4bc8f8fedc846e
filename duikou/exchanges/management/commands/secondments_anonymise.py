"""python manage.py secondments_anonymise: erase the personal data of secondments whose end plus
DUIKOU_SECONDMENT_RETENTION_DAYS has passed (run daily from cron). Idempotent; audited without the names."""

from django.core.management.base import BaseCommand

from duikou.exchanges.services import secondment_anonymise_expired


class Command(BaseCommand):
    help = "Anonymise cadre secondments past their end plus the retention period (run daily)."

    def handle(self, *args, **options):
        count = secondment_anonymise_expired()
        self.stdout.write(f"{count} secondment(s) anonymised.")
