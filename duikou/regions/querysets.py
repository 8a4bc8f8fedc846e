from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet

NATIONAL_READ = {Role.NATIONAL_ADMIN: ALL, Role.NATIONAL_REVIEWER: ALL}


class RegionQuerySet(ScopedQuerySet):
    """The GB/T 2260 registry is public; only the national administrator maintains it."""

    public_view = True
    access = {"add": {Role.NATIONAL_ADMIN: ALL}, "change": {Role.NATIONAL_ADMIN: ALL}}


class PairingQuerySet(ScopedQuerySet):
    """Who pairs with whom is public information; the national administrator adds and edits pairings."""

    public_view = True
    access = {"add": {Role.NATIONAL_ADMIN: ALL}, "change": {Role.NATIONAL_ADMIN: ALL}}

    def involving(self, codes):
        from django.db.models import Q

        return self.filter(Q(northeast__in=codes) | Q(east__in=codes))


class CatalogueQuerySet(ScopedQuerySet):
    """The founding document's catalogue is loaded by migrations and read by everyone; nobody edits it
    through the application (a new policy document means a new migration)."""

    public_view = True
    access = {}


class AgreementQuerySet(ScopedQuerySet):
    """A pairing's agreements are joint records: both sides see and edit them."""

    pairing_field = "pairing"
    access = {
        "view": {**NATIONAL_READ, Role.COORDINATOR: OWN, Role.REPORTER: OWN},
        "add": {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN},
        "change": {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN},
        "delete": {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN},
    }
