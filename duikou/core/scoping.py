"""Region scoping, in one place (STYLE convention 4).

A user's *scope* comes from its role grants: national roles see everything; a regional role on a
region covers that region and, for a province, its cities (``region_codes``); the pairings that have
a side inside those regions are the user's pairings (``pairing_ids``), and the other sides of those
pairings are its partners (``partner_codes``).

Each domain queryset declares, per action, which roles may act and how far they reach:

* ``ALL``    every row;
* ``PAIRED`` own regions, partner regions and own pairings' joint records;
* ``OWN``    own regions, and joint records of own pairings.

``for_user(user, action)`` turns that into a filter. Views and viewsets call it in one hook; an
object outside it is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

ALL = "all"
PAIRED = "paired"
OWN = "own"
_REACH_ORDER = {OWN: 1, PAIRED: 2, ALL: 3}
ACTIONS = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class Scope:
    roles: frozenset = field(default_factory=frozenset)
    region_codes: frozenset = field(default_factory=frozenset)
    pairing_ids: frozenset = field(default_factory=frozenset)
    partner_codes: frozenset = field(default_factory=frozenset)

    @classmethod
    def build(cls, *, roles, assigned_codes) -> Scope:
        from duikou.regions.models import Pairing, Region

        assigned = set(assigned_codes)
        if not assigned:
            return cls(roles=frozenset(roles))
        # Two queries: the pairings with a side in (or under) the assigned regions, then every region
        # in or under the assigned regions and the partner sides.
        pairings = list(
            Pairing.objects.filter(
                Q(northeast__in=assigned) | Q(northeast__parent__in=assigned)
                | Q(east__in=assigned) | Q(east__parent__in=assigned)
            ).values_list("id", "northeast", "northeast__parent", "east", "east__parent")
        )

        def inside(code, parent):
            return code in assigned or parent in assigned

        partner_sides = set()
        for _, ne, ne_parent, east, east_parent in pairings:
            if not inside(ne, ne_parent):
                partner_sides.add(ne)
            if east and not inside(east, east_parent):
                partner_sides.add(east)
        wanted = assigned | partner_sides
        own, partners = set(), set()
        for code, parent in Region.objects.filter(Q(code__in=wanted) | Q(parent__in=wanted)).values_list(
            "code", "parent"
        ):
            (own if inside(code, parent) else partners).add(code)
        return cls(
            roles=frozenset(roles),
            region_codes=frozenset(own),
            pairing_ids=frozenset(row[0] for row in pairings),
            partner_codes=frozenset(partners - own),
        )


def _resolve(instance, path: str):
    """The primary key at the end of a ``a__b__region`` path, read from an instance (the last part is a
    foreign key, so its ``_id`` attribute is read without a query)."""
    *parents, last = path.split("__")
    for part in parents:
        instance = getattr(instance, part, None)
        if instance is None:
            return None
    return getattr(instance, f"{last}_id", None)


class ScopedQuerySet(models.QuerySet):
    """Declare on a subclass: ``public_view``, ``region_field``, ``pairing_field`` and ``access``."""

    public_view: bool = False
    region_field: str | None = None
    pairing_field: str | None = None
    access: dict[str, dict[str, str]] = {}

    # --- the decision --------------------------------------------------------------------------------
    def reach(self, user, action: str) -> str | None:
        """How far ``user`` reaches for ``action`` on this model: ALL, PAIRED, OWN or None."""
        if action == "view" and self.public_view:
            return ALL
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return None
        rules = self.access.get(action, {})
        reaches = [rules[role] for role in user.scope.roles if role in rules]
        return max(reaches, key=_REACH_ORDER.__getitem__) if reaches else None

    def _scope_q(self, scope: Scope, reach: str) -> Q:
        q = Q(pk__in=[])
        if self.region_field:
            codes = scope.region_codes | (scope.partner_codes if reach == PAIRED else frozenset())
            q |= Q(**{f"{self.region_field}__in": codes})
        if self.pairing_field:
            q |= Q(**{f"{self.pairing_field}__in": scope.pairing_ids})
        return q

    def for_user(self, user, action: str = "view"):
        reach = self.reach(user, action)
        if reach is None:
            return self.none()
        if reach == ALL:
            return self
        return self.filter(self._scope_q(user.scope, reach))

    # --- the same decision for one unsaved or changed instance (create, and "may not move it out") ----
    def allows(self, user, action: str, instance) -> bool:
        reach = self.reach(user, action)
        if reach is None:
            return False
        if reach == ALL:
            return True
        scope = user.scope
        if self.region_field:
            code = _resolve(instance, self.region_field)
            codes = scope.region_codes | (scope.partner_codes if reach == PAIRED else frozenset())
            if code in codes:
                return True
        if self.pairing_field:
            if _resolve(instance, self.pairing_field) in scope.pairing_ids:
                return True
        return False

    def may(self, user, action: str) -> bool:
        """May the user do ``action`` on some row of this model at all (to show a button)?"""
        return self.reach(user, action) is not None
