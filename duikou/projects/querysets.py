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
    """Coordinators of either side report on their pairing's projects, and correct those reports; a reporter
    (a park, an enterprise) only on the projects its own organisation hosts."""

    pairing_field = "project__pairing"
    REPORTING = {Role.COORDINATOR: OWN, Role.REPORTER: OWN}
    access = {"view": READ, "add": REPORTING, "change": REPORTING}

    def _host_only(self, user, action) -> bool:
        return action in ("add", "change") and Role.COORDINATOR not in user.scope.roles

    def for_user(self, user, action="view"):
        queryset = super().for_user(user, action)
        if self.reach(user, action) is not None and self._host_only(user, action):
            queryset = queryset.filter(project__host_organisation_id=user.organisation_id)
        return queryset

    def allows(self, user, action, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        if self._host_only(user, action):
            return instance.project.host_organisation_id == user.organisation_id
        return True


class CoordinationRequestQuerySet(ScopedQuerySet):
    """Raised by coordinators and reporters of either side; answered by the officer it is routed to (a
    rule of the service); read by both sides and the national roles."""

    pairing_field = "pairing"
    access = {"view": READ, "add": {Role.COORDINATOR: OWN, Role.REPORTER: OWN}}
