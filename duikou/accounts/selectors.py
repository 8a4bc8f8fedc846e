"""Reads for accounts: who holds a role, to address notifications or to name as an officer."""

from django.db.models import Q

from .models import User


def users_with_roles(*, roles, regions=None):
    """Active users granted one of ``roles`` (on one of ``regions``, when given)."""
    users = User.objects.filter(is_active=True, role_grants__role__in=list(roles))
    if regions is not None:
        users = users.filter(role_grants__region__in=list(regions))
    return users.distinct()


def green_channel_candidates(*, side_codes):
    """Who may be named green-channel officer of a project or park on these sides: an active coordinator or
    reporter of a side's region or of one of its cities."""
    from duikou.core.roles import Role

    return User.objects.filter(Q(role_grants__region__in=side_codes) | Q(role_grants__region__parent__in=side_codes),
                               is_active=True, role_grants__role__in=[Role.COORDINATOR, Role.REPORTER]).distinct()
