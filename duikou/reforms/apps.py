from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformsConfig(AppConfig):
    name = "duikou.reforms"
    verbose_name = _("Reform practices")
