"""The roles a Duikou account can hold (issue #2, 3).

Business roles carry a region (regional) or none (national). The three separated administrators of a
government system (三员分立) are exclusive: no account holds two of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    NATIONAL_REVIEWER = "national_reviewer", _("National reviewer")
    COORDINATOR = "coordinator", _("Regional coordinator")
    REPORTER = "reporter", _("Regional reporter")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_REVIEWER})
REGIONAL_ROLES = frozenset({Role.COORDINATOR, Role.REPORTER})
SEPARATED_ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
