"""Who sees an import batch: the user who uploaded it, and the NDRC office (national administrators). A
batch holds the rows of someone's file, so nobody else reads it, not even the same region's officers."""

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet

IMPORTERS = {Role.COORDINATOR: OWN, Role.REPORTER: OWN}


class ImportBatchQuerySet(ScopedQuerySet):
    access = {"view": {Role.NATIONAL_ADMIN: ALL, **IMPORTERS}, "add": IMPORTERS, "change": IMPORTERS}

    def for_user(self, user, action: str = "view"):
        reach = self.reach(user, action)
        if reach is None:
            return self.none()
        return self if reach == ALL else self.filter(user=user)

    def allows(self, user, action: str, instance) -> bool:
        reach = self.reach(user, action)
        if reach is None:
            return False
        return reach == ALL or instance.user_id == user.pk
