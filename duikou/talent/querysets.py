"""Who sees and edits experts and their engagements (STYLE convention 4), and who sees an expert's contact.

Experts are shared across a pairing, which is the point of the sharing platform (国办发〔2017〕22号 三（三）4):
the national roles read all; coordinators and reporters read the experts based in their own regions and in
their partner regions (``PAIRED``); coordinators keep the experts of their own regions (``OWN``). A profile
the expert consented to make public is read by everyone, logged in or not: logging in never shows less than
the public portal.

An engagement is read by both sides of its pairing and by the engaging organisation's region; only the
coordinators of the organisation's region record and change it.

The contact (phone, e-mail) is personal data: the rule of who may see it is here and nowhere else
(``contact_rule``), for one record (``may_see_contact``) and for lists (``with_contact_visible``)."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, Value, When

from duikou.core.roles import NATIONAL_ROLES, Role
from duikou.core.scoping import _REACH_ORDER, ALL, OWN, PAIRED, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

COORDINATORS = {Role.COORDINATOR: OWN}
PUBLIC = Q(public_profile=True, consent_recorded_at__isnull=False)


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def contact_rule(user) -> bool | frozenset:
    """Who may see an expert's contact: the national roles every one (``True``); a coordinator those of the
    experts it may edit, i.e. based in its own regions: the set of those region codes; nobody else."""
    if not _active(user):
        return False
    roles = user.scope.roles
    if roles & NATIONAL_ROLES:
        return True
    if Role.COORDINATOR in roles:
        return user.scope.region_codes
    return False


class ExpertQuerySet(ScopedQuerySet):
    # Anonymous clients may read (the API lets them in); ``for_user`` narrows them to the public profiles.
    public_view = True
    region_field = "region"
    access = {
        "view": {**NATIONAL_READ, Role.COORDINATOR: PAIRED, Role.REPORTER: PAIRED},
        "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS,
    }

    def public(self):
        """The profiles shown to the public: marked public, with the expert's consent on record."""
        return self.filter(PUBLIC)

    def reach(self, user, action: str) -> str | None:
        # ``public_view`` only lets anonymous clients in: a user's reach comes from its roles, as for any
        # model, and ``for_user`` adds the public profiles.
        if not _active(user):
            return None
        rules = self.access.get(action, {})
        reaches = [rules[role] for role in user.scope.roles if role in rules]
        return max(reaches, key=_REACH_ORDER.__getitem__) if reaches else None

    def for_user(self, user, action: str = "view"):
        if action != "view":
            return super().for_user(user, action)
        reach = self.reach(user, "view")
        if reach == ALL:
            return self
        if reach is None:
            return self.filter(PUBLIC)
        return self.filter(self._scope_q(user.scope, reach) | PUBLIC)

    def may_see_contact(self, user, expert) -> bool:
        rule = contact_rule(user)
        if isinstance(rule, bool):
            return rule
        return expert.region_id in rule

    def with_contact_visible(self, user):
        """Annotate each row with ``contact_visible``: the rule of ``may_see_contact``, in SQL."""
        rule = contact_rule(user)
        if isinstance(rule, bool):
            return self.annotate(contact_visible=Value(rule, output_field=BooleanField()))
        return self.annotate(contact_visible=Case(When(region__in=rule, then=Value(True)), default=Value(False),
                                                  output_field=BooleanField()))


class EngagementQuerySet(ScopedQuerySet):
    """Read: both sides of the pairing and the engaging organisation's region. Write: the coordinators of the
    organisation's region only (the pairing's eastern side reads, it does not record)."""

    region_field = "organisation__region"
    pairing_field = "pairing"
    access = {
        "view": {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN},
        "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS,
    }

    def for_user(self, user, action: str = "view"):
        if action == "view":
            return super().for_user(user, action)
        reach = self.reach(user, action)
        if reach is None:
            return self.none()
        if reach == ALL:
            return self
        return self.filter(organisation__region__in=user.scope.region_codes)

    def allows(self, user, action: str, instance) -> bool:
        if action == "view":
            return super().allows(user, action, instance)
        reach = self.reach(user, action)
        if reach is None:
            return False
        if reach == ALL:
            return True
        organisation = instance.organisation if instance.organisation_id else None
        return organisation is not None and organisation.region_id in user.scope.region_codes

    def with_expert_visible(self, user):
        """Annotate ``expert_visible``: may the user see the engaged expert (its name) at all?"""
        from .models import Expert

        if Expert.objects.reach(user, "view") == ALL:
            return self.annotate(expert_visible=Value(True, output_field=BooleanField()))
        visible = Expert.objects.for_user(user, "view").values("pk")
        return self.annotate(expert_visible=Case(When(expert__in=visible, then=Value(True)), default=Value(False),
                                                 output_field=BooleanField()))
