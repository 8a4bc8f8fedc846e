"""python manage.py demo: load the demo dataset of every app (idempotent), then print the demo accounts.

Each app that has demo data provides ``<app>/demo.py`` with ``load(*, stdout)``; they run in the order of
INSTALLED_APPS, so a later capability adds itself by adding its own ``demo.py``."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Load the demo dataset and demo accounts (idempotent). Refuses a database with real accounts."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Load demo data even though the database holds non-demo accounts.")

    def handle(self, *args, force=False, **options):
        real = get_user_model().objects.filter(is_demo=False).count()
        if real and not force:
            raise CommandError(
                f"This database holds {real} non-demo account(s): it looks like a real installation. "
                "Demo data would mix with real records. Use --force only if you are sure."
            )
        # The demo's workflow steps notify people; their e-mails stay in memory (the notification centre
        # shows them all) instead of flooding the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.startswith("duikou.") and find_spec(module_name) is not None:
                    import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        names = get_user_model().objects.filter(is_demo=True).order_by("id").values_list("username", flat=True)
        self.stdout.write(f"Demo accounts: {', '.join(names)}")
        self.stdout.write(f"Demo password (all accounts): {settings.DUIKOU_DEMO_PASSWORD}")
