"""Who sees and edits plans (STYLE convention 4): a plan is a joint record of its pairing.

Both sides' coordinators draft and edit; reporters of either side read and report progress and actual
values; the national roles read everything. Workflow steps (confirm, submit, acknowledge, return) have
their own rules in ``services.py``.
"""

from django.db.models import Case, CharField, Q, Value, When

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

from . import lights

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
COORDINATORS = {Role.COORDINATOR: OWN}
REPORTING = {Role.COORDINATOR: OWN, Role.REPORTER: OWN}


class PlanDueRuleQuerySet(ScopedQuerySet):
    """The due date rules are the NDRC office's: everyone at work reads them, the office sets them."""

    access = {
        "view": {**NATIONAL_READ, Role.COORDINATOR: ALL, Role.REPORTER: ALL},
        "change": {Role.NATIONAL_ADMIN: ALL},
    }


class PlanQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}


class PlanVersionQuerySet(ScopedQuerySet):
    pairing_field = "plan__pairing"
    access = {"view": READ}


class PlanEventQuerySet(ScopedQuerySet):
    pairing_field = "plan__pairing"
    access = {"view": READ}


class PlanAttachmentQuerySet(ScopedQuerySet):
    pairing_field = "plan__pairing"
    access = {"view": READ, "add": COORDINATORS, "delete": COORDINATORS}


class PlanItemQuerySet(ScopedQuerySet):
    pairing_field = "plan__pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def with_light(self, *, today=None):
        """Annotate ``light`` (red / yellow / green / done), computed in SQL so lists can filter on it."""
        today, soon = lights.window(today)
        return self.annotate(light=Case(
            When(completed_on__isnull=False, then=Value(lights.DONE)),
            When(due_date__lt=today, then=Value(lights.RED)),
            When(Q(due_date__lte=soon) | Q(on_track_until__lt=today), then=Value(lights.YELLOW)),
            default=Value(lights.GREEN), output_field=CharField()))


class TimeNodeQuerySet(ScopedQuerySet):
    pairing_field = "item__plan__pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def with_light(self, *, today=None):
        today, soon = lights.window(today)
        return self.annotate(light=Case(
            When(completed_on__isnull=False, then=Value(lights.DONE)),
            When(due_date__lt=today, then=Value(lights.RED)),
            When(due_date__lte=soon, then=Value(lights.YELLOW)),
            default=Value(lights.GREEN), output_field=CharField()))


class IndicatorQuerySet(ScopedQuerySet):
    pairing_field = "item__plan__pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}


class IndicatorActualQuerySet(ScopedQuerySet):
    pairing_field = "indicator__item__plan__pairing"
    access = {"view": READ, "add": REPORTING, "change": REPORTING}


class ProgressUpdateQuerySet(ScopedQuerySet):
    pairing_field = "item__plan__pairing"
    access = {"view": READ, "add": REPORTING}
