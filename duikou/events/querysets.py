"""Who sees and edits events (STYLE convention 4).

An event belongs to one or more pairings (an expo brings several together): a user sees it when ANY of its
pairings is one of the user's; the national roles see all. The coordinators of a side of one of its pairings
keep it (as for projects, the NDRC office reads and does not edit). The filter is a ``pk__in`` subquery over
the event–pairing table, never a join, so an event with two of the user's pairings is listed once.

An outcome (an agreement signed at the event) is seen by whoever sees its event, and kept by the
coordinators of its own pairing: Jilin records its agreements at the expo, Liaoning reads them there."""

from __future__ import annotations

from django.db.models import Q

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
COORDINATORS = {Role.COORDINATOR: OWN}


def _visible_event_ids(scope):
    """The ids of the events with a pairing in the scope (a subquery)."""
    from .models import Event

    return Event.pairings.through.objects.filter(pairing_id__in=scope.pairing_ids).values("event_id")


def _event_pairing_ids(event) -> set:
    """The pairings of an event: those a service is about to set (``candidate_pairing_ids``), else the
    saved ones (from the prefetch cache when there is one)."""
    candidate = getattr(event, "candidate_pairing_ids", None)
    if candidate is not None:
        return set(candidate)
    if event.pk is None:
        return set()
    cache = getattr(event, "_prefetched_objects_cache", {})
    if "pairings" in cache:
        return {p.pk for p in cache["pairings"]}
    return set(event.pairings.values_list("pk", flat=True))


class EventQuerySet(ScopedQuerySet):
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def _scope_q(self, scope, reach) -> Q:
        return Q(pk__in=_visible_event_ids(scope))

    def allows(self, user, action, instance) -> bool:
        reach = self.reach(user, action)
        if reach is None:
            return False
        if reach == ALL:
            return True
        return bool(_event_pairing_ids(instance) & user.scope.pairing_ids)


class EventOutcomeQuerySet(ScopedQuerySet):
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def for_user(self, user, action: str = "view"):
        reach = self.reach(user, action)
        if reach is None:
            return self.none()
        if reach == ALL:
            return self
        if action == "view":
            return self.filter(event_id__in=_visible_event_ids(user.scope))
        return self.filter(pairing_id__in=user.scope.pairing_ids)

    def allows(self, user, action, instance) -> bool:
        reach = self.reach(user, action)
        if reach is None:
            return False
        if reach == ALL:
            return True
        if action == "view":
            return bool(_event_pairing_ids(instance.event) & user.scope.pairing_ids)
        return instance.pairing_id in user.scope.pairing_ids


class EventFeedTokenQuerySet(ScopedQuerySet):
    """A calendar feed's secret key is its owner's alone: nobody, national roles included, reads another's."""

    def reach(self, user, action):
        active = getattr(user, "is_authenticated", False) and user.is_active
        return OWN if active and action in ("view", "add", "change", "delete") else None

    def for_user(self, user, action="view"):
        if self.reach(user, action) is None:
            return self.none()
        return self.filter(user=user)

    def allows(self, user, action, instance):
        return self.reach(user, action) is not None and instance.user_id == user.pk
