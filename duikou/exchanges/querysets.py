"""Who sees and edits cadre secondments (STYLE convention 4), and who sees the names in them.

A secondment is a joint record of its pairing: both sides' coordinators keep it, their reporters read it,
the national roles read all. The names are personal data: the rule of who may see them is here and
nowhere else (``names_rule``), used for one record (``may_see_names``) and for lists (``with_names_visible``,
an annotation computed by the database, so a list needs no query per row)."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, Value, When

from duikou.core.roles import NATIONAL_ROLES, Role
from duikou.core.scoping import OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
COORDINATORS = {Role.COORDINATOR: OWN}


def names_rule(user) -> bool | frozenset:
    """Who may see the person in a secondment: the Central Organization Department (national reviewer)
    and the NDRC office (national administrator) every one (``True``); a coordinator those whose home or
    host organisation lies in its regions (a province covers its cities): the set of those region codes;
    nobody else (``False``)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = user.scope.roles
    if roles & NATIONAL_ROLES:
        return True
    if Role.COORDINATOR in roles:
        return user.scope.region_codes
    return False


class SecondmentQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def may_see_names(self, user, instance) -> bool:
        rule = names_rule(user)
        if isinstance(rule, bool):
            return rule
        return bool({_region_id(instance.home_organisation_id, instance, "home_organisation"),
                     _region_id(instance.host_organisation_id, instance, "host_organisation")} & rule)

    def may_see_any_names(self, user) -> bool:
        """May the user see names in some record at all (to offer the "show names" toggle)?"""
        return bool(names_rule(user))

    def with_names_visible(self, user):
        """Annotate each row with ``names_visible``: the same rule as ``may_see_names``, in SQL."""
        return _with_names_visible(self, user, ("home_organisation__region", "host_organisation__region"))


class TrainingQuerySet(ScopedQuerySet):
    """A training is a joint record of its pairing, like a secondment; the names on its roster are seen by
    those who may see names in the pairing's two regions (``names_rule``)."""

    pairing_field = "pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def may_see_roster(self, user, training) -> bool:
        rule = names_rule(user)
        if isinstance(rule, bool):
            return rule
        pairing = training.pairing
        return bool({pairing.northeast_id, pairing.east_id} & rule)


class TraineeQuerySet(ScopedQuerySet):
    """Who may see, add and change the trainees of a training: the training's scope; the names in them
    follow ``TrainingQuerySet.may_see_roster`` (in SQL: ``with_names_visible``)."""

    pairing_field = "training__pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}

    def with_names_visible(self, user):
        return _with_names_visible(self, user, ("training__pairing__northeast", "training__pairing__east"))


def _with_names_visible(queryset, user, region_paths):
    """``names_rule`` for each row, in SQL: ``names_visible`` is true where a region at one of ``region_paths``
    is one the user's rule names (or for every row, or none, when the rule is all or nothing)."""
    rule = names_rule(user)
    if isinstance(rule, bool):
        return queryset.annotate(names_visible=Value(rule, output_field=BooleanField()))
    condition = Q(pk__in=[])
    for path in region_paths:
        condition |= Q(**{f"{path}__in": rule})
    return queryset.annotate(names_visible=Case(When(condition, then=Value(True)), default=Value(False),
                                                output_field=BooleanField()))


def _region_id(organisation_id, instance, name):
    if organisation_id is None:
        return None
    return getattr(getattr(instance, name), "region_id", None)
