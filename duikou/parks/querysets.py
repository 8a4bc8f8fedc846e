"""Who sees and edits co-built parks (STYLE convention 4): a park is a joint record of its pairing, kept by
both sides' coordinators; the park's own management (a reporter of its operating organisation) reports
its figures (a month's figures are recorded again to correct them); the national roles read all."""

from duikou.core.roles import Role
from duikou.core.scoping import OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
COORDINATORS = {Role.COORDINATOR: OWN}


class ParkQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}


class ParkFigureQuerySet(ScopedQuerySet):
    """Coordinators of either side report a park's figures; a reporter only for the park its own
    organisation operates."""

    pairing_field = "park__pairing"
    access = {"view": READ, "add": {Role.COORDINATOR: OWN, Role.REPORTER: OWN},
              "change": {Role.COORDINATOR: OWN, Role.REPORTER: OWN}}

    def allows(self, user, action, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        if action in ("add", "change") and Role.COORDINATOR not in user.scope.roles:
            return instance.park.operator_id is not None and instance.park.operator_id == user.organisation_id
        return True

    def for_user(self, user, action="view"):
        qs = super().for_user(user, action)
        if action in ("add", "change") and user.is_authenticated and Role.COORDINATOR not in user.scope.roles:
            qs = qs.filter(park__operator_id=user.organisation_id)
        return qs


class BenefitAgreementQuerySet(ScopedQuerySet):
    pairing_field = "park__pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}
