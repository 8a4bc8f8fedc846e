from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "duikou.search"
    verbose_name = _("Search")

    def ready(self):
        from . import documents  # noqa: F401 - registers the kinds of record searched
