"""python manage.py secondments_anonymise: erase the personal data of secondments whose end plus
DUIKOU_SECONDMENT_RETENTION_DAYS has passed, and the names on the rosters of trainings that ended as long
ago (run daily from cron). Idempotent; audited without the names."""

from django.core.management.base import BaseCommand

from duikou.exchanges.services import secondment_anonymise_expired, trainee_anonymise_expired


class Command(BaseCommand):
    help = ("Anonymise cadre secondments and training rosters past their end plus the retention period "
            "(run daily).")

    def handle(self, *args, **options):
        secondments = secondment_anonymise_expired()
        trainees = trainee_anonymise_expired()
        self.stdout.write(f"{secondments} secondment(s) anonymised; {trainees} trainee(s) on training rosters "
                          "anonymised.")
