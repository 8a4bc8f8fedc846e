from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "duikou.talent"
    verbose_name = _("Experts and talent")
