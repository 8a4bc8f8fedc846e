"""python manage.py dashboards_refresh: rebuild the dashboards' figures from the records (run from cron, e.g.
nightly or hourly; the dashboard shows the time of the last refresh). All or nothing: a failure leaves the
previous figures in place. The plan items' lights are as of the day it runs."""

from django.core.management.base import BaseCommand

from duikou.dashboards.models import Refresh
from duikou.dashboards.services import figures_refresh


class Command(BaseCommand):
    help = "Rebuild the dashboards' figures from the records (all or nothing)."

    def handle(self, *args, **options):
        refresh = figures_refresh(trigger=Refresh.Trigger.JOB)
        self.stdout.write(f"Dashboard figures refreshed: {refresh.rows} figure(s) in {refresh.duration_ms} ms.")
