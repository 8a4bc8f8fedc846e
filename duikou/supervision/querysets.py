"""Who sees and does what in supervision (STYLE convention 4).

A supervision item is a record of its pairing: the NDRC office (national administrator) creates, edits and
closes any; the coordinators of either side keep their pairing's own supervision; reporters of the sides and
the national reviewer read. The users of the assignee organisation read the items assigned to it (even a
city's or a central body's users outside the pairing's scope) and mark their time nodes done (a rule of the
service). Rectification requirements are the NDRC office's; both sides read them, and the coordinators of
the responsible side answer (a rule of the service)."""

from __future__ import annotations

from django.db.models import Case, CharField, DateField, DateTimeField, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

from . import lights

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
KEEPERS = {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN}
NDRC = {Role.NATIONAL_ADMIN: ALL}


class AssigneeReadsMixin:
    """The users of the assignee organisation read what is assigned to it, whatever their roles."""

    assignee_field: str = "assignee"

    def _assignee_org(self, user):
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return None
        return getattr(user, "organisation_id", None)

    def for_user(self, user, action: str = "view"):
        qs = super().for_user(user, action)
        organisation = self._assignee_org(user) if action == "view" else None
        if organisation is None or self.reach(user, action) == ALL:
            return qs
        reach = self.reach(user, action)
        scope_q = self._scope_q(user.scope, reach) if reach else Q(pk__in=[])
        return self.filter(scope_q | Q(**{f"{self.assignee_field}_id": organisation}))

    def allows(self, user, action: str, instance) -> bool:
        if super().allows(user, action, instance):
            return True
        if action != "view":
            return False
        organisation = self._assignee_org(user)
        path = self.assignee_field.split("__")
        target = instance
        for part in path[:-1]:
            target = getattr(target, part, None)
        return organisation is not None and getattr(target, f"{path[-1]}_id", None) == organisation


class SupervisionItemQuerySet(AssigneeReadsMixin, ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": KEEPERS, "change": KEEPERS}

    def refresh_open_due(self) -> int:
        """Store each item's ``open_due``, the earliest due date of its nodes not yet done (one UPDATE): the
        node services call it after every change of a node, so the light of today needs no subquery."""
        from .models import SupervisionNode

        earliest = (
            SupervisionNode.objects.filter(item=OuterRef("pk"), done_on__isnull=True)
            .order_by("due_date")
            .values("due_date")[:1]
        )
        return self.update(open_due=Subquery(earliest, output_field=DateField()))

    def with_light(self, *, today=None):
        """Annotate ``next_due`` (the earliest node still open on ``today``) and ``light`` (red / yellow /
        green / done / cancelled), in SQL, so lists and counts need no query per row and can filter on it.
        Today's light reads the stored ``open_due``; another day's (a past month's snapshot, a test) asks the
        nodes as they stood that day."""
        from .models import SupervisionNode

        today, soon = lights.window(today)
        if today == timezone.localdate():
            next_due = F("open_due")
        else:
            next_due = Subquery(
                SupervisionNode.objects.filter(item=OuterRef("pk"))
                .filter(Q(done_on__isnull=True) | Q(done_on__gt=today))
                .order_by("due_date")
                .values("due_date")[:1],
                output_field=DateField(),
            )
        closed = Q(closed_on__isnull=False, closed_on__lte=today)
        return self.annotate(next_due=next_due).annotate(
            light=Case(
                When(closed & Q(status="done"), then=Value(lights.DONE)),
                When(closed & Q(status="cancelled"), then=Value(lights.CANCELLED)),
                When(next_due__isnull=True, then=Value(lights.GREEN)),
                When(next_due__lt=today, then=Value(lights.RED)),
                When(next_due__lte=soon, then=Value(lights.YELLOW)),
                default=Value(lights.GREEN),
                output_field=CharField(),
            )
        )

    def with_last_urged(self):
        from .models import UrgingNotice

        last = UrgingNotice.objects.filter(item=OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
        return self.annotate(last_urged_at=Subquery(last, output_field=DateTimeField()))

    def overdue_first(self):
        return self.order_by(F("next_due").asc(nulls_last=True), "id")


class SupervisionNodeQuerySet(AssigneeReadsMixin, ScopedQuerySet):
    assignee_field = "item__assignee"
    pairing_field = "item__pairing"
    access = {"view": READ, "add": KEEPERS, "change": KEEPERS}


class UrgingNoticeQuerySet(AssigneeReadsMixin, ScopedQuerySet):
    assignee_field = "item__assignee"
    pairing_field = "item__pairing"
    access = {"view": READ, "add": KEEPERS}


class LightSnapshotQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ}


class RectificationRequirementQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": NDRC, "change": NDRC}


class RectificationItemQuerySet(ScopedQuerySet):
    pairing_field = "requirement__pairing"
    access = {"view": READ, "add": NDRC, "change": NDRC}


class RectificationAnswerQuerySet(ScopedQuerySet):
    pairing_field = "item__requirement__pairing"
    access = {"view": READ, "add": {Role.COORDINATOR: OWN}}
