from django.contrib.auth.models import UserManager

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, PAIRED, ScopedQuerySet

NATIONAL_READ = {Role.NATIONAL_ADMIN: ALL, Role.NATIONAL_REVIEWER: ALL}


class OrganisationQuerySet(ScopedQuerySet):
    """A region's organisations: its own sides edit them; the partner sides of its pairings may read them
    (to name an investor or a host); the security administrator reads all to place accounts."""

    region_field = "region"
    access = {
        "view": {**NATIONAL_READ, Role.SECURITY_ADMIN: ALL, Role.COORDINATOR: PAIRED, Role.REPORTER: PAIRED},
        "add": {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN, Role.REPORTER: OWN},
        "change": {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN, Role.REPORTER: OWN},
        "delete": {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN},
    }


class UserQuerySet(ScopedQuerySet):
    """Accounts are managed by the security administrator alone (三员分立); coordinators read their own
    region's accounts; nobody deletes an account (it is deactivated, so the audit trail keeps its name)."""

    region_field = "organisation__region"
    access = {
        "view": {**NATIONAL_READ, Role.SECURITY_ADMIN: ALL, Role.COORDINATOR: OWN},
        "add": {Role.SECURITY_ADMIN: ALL},
        "change": {Role.SECURITY_ADMIN: ALL},
    }


class UserManagerScoped(UserManager.from_queryset(UserQuerySet)):
    pass


class RoleGrantQuerySet(ScopedQuerySet):
    region_field = "user__organisation__region"
    access = {
        "view": {**NATIONAL_READ, Role.SECURITY_ADMIN: ALL, Role.COORDINATOR: OWN},
        "add": {Role.SECURITY_ADMIN: ALL},
        "delete": {Role.SECURITY_ADMIN: ALL},
    }
