from duikou.core.roles import Role


def navigation(request):
    """What the sidebar offers this user (each entry's page checks again: this only hides dead links)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from duikou.accounts.models import User

    roles = user.scope.roles
    return {
        "nav": {
            "users": User.objects.may(user, "view"),
            "audit": Role.AUDIT_ADMIN in roles,
            "system": Role.SYSTEM_ADMIN in roles,
        }
    }
