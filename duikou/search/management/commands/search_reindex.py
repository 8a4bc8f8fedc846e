"""python manage.py search_reindex [--kind project]: rebuild the full-text index of existing records (after
an upgrade, a bulk import, or renamed organisations). Records saved through the platform are indexed as
they are saved."""

from django.core.management.base import BaseCommand, CommandError

from duikou.search import registry
from duikou.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index (all kinds of record, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=[kind.key for kind in registry.kinds()],
                            help="Only this kind of record.")
        parser.add_argument("--batch-size", type=int, default=500, help="Records per transaction (500).")

    def handle(self, *args, kind=None, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        model = registry.kind_for_key(kind).model if kind else None
        for key, count in search_reindex(model=model, batch_size=batch_size).items():
            self.stdout.write(f"{key}: {count} indexed")
