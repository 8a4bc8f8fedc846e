"""Reads for accounts: who holds a role, to address notifications."""

from .models import User


def users_with_roles(*, roles, regions=None):
    """Active users granted one of ``roles`` (on one of ``regions``, when given)."""
    users = User.objects.filter(is_active=True, role_grants__role__in=list(roles))
    if regions is not None:
        users = users.filter(role_grants__region__in=list(regions))
    return users.distinct()
