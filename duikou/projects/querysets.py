"""Who sees and edits projects (STYLE convention 4): a project is a joint record of its pairing, kept by
both sides' coordinators; reporters read them (and will report progress on their own organisation's);
the national roles read all. GB/T 4754 is public reference data."""

from duikou.core.roles import Role
from duikou.core.scoping import OWN, ScopedQuerySet
from duikou.regions.querysets import NATIONAL_READ

READ = {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
COORDINATORS = {Role.COORDINATOR: OWN}


class IndustryQuerySet(ScopedQuerySet):
    public_view = True


class ProjectQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    access = {"view": READ, "add": COORDINATORS, "change": COORDINATORS, "delete": COORDINATORS}


class ProjectStageChangeQuerySet(ScopedQuerySet):
    pairing_field = "project__pairing"
    access = {"view": READ}


class ProjectReportQuerySet(ScopedQuerySet):
    """Coordinators of either side report on their pairing's projects; a reporter (a park, an enterprise)
    only on the projects its own organisation hosts."""

    pairing_field = "project__pairing"
    access = {"view": READ, "add": {Role.COORDINATOR: OWN, Role.REPORTER: OWN}}

    def allows(self, user, action, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        roles = user.scope.roles
        if action == "add" and Role.COORDINATOR not in roles:
            return instance.project.host_organisation_id == user.organisation_id
        return True


class CoordinationRequestQuerySet(ScopedQuerySet):
    """Raised by coordinators and reporters of either side; answered by the officer it is routed to (a
    rule of the service); read by both sides and the national roles."""

    pairing_field = "project__pairing"
    access = {"view": READ, "add": {Role.COORDINATOR: OWN, Role.REPORTER: OWN}}
