"""Who sees and writes the funding ledger (STYLE convention 4): an entry is a joint record of the pairing
of its project or park; coordinators of either side write it, and a reporter (a park, an enterprise)
only on the projects and parks its own organisation hosts or operates."""

from duikou.core.roles import Role
from duikou.core.scoping import OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
WRITERS = {Role.COORDINATOR: OWN, Role.REPORTER: OWN}


class FundingEntryQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": WRITERS, "change": WRITERS, "delete": WRITERS}

    @staticmethod
    def _own(user, instance) -> bool:
        org = user.organisation_id
        if org is None:
            return False
        if instance.project_id:
            return instance.project.host_organisation_id == org
        return instance.park_id is not None and instance.park.operator_id == org

    def allows(self, user, action, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        if action != "view" and Role.COORDINATOR not in user.scope.roles:
            return self._own(user, instance)
        return True

    def for_user(self, user, action="view"):
        from django.db.models import Q

        qs = super().for_user(user, action)
        if action != "view" and user.is_authenticated and Role.COORDINATOR not in user.scope.roles:
            org = user.organisation_id
            qs = qs.filter(Q(project__host_organisation_id=org) | Q(park__operator_id=org)) if org else qs.none()
        return qs
