from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "duikou.goals"
    verbose_name = _("Goals and reported figures")
