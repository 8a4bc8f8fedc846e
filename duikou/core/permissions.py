"""The API's permission and pagination classes (their own module: DRF imports them while loading its
settings, before duikou.core.api can be imported)."""

from rest_framework import pagination, permissions

METHOD_ACTIONS = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change",
                  "PATCH": "change", "DELETE": "delete"}


class ScopedPermission(permissions.BasePermission):
    """Model-level: may this user do this kind of action on this model at all? (Row level is the queryset.)"""

    def has_permission(self, request, view):
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return request.user.is_authenticated
        action = METHOD_ACTIONS.get(request.method, "view")
        return type(queryset).reach(request.user, action) is not None

    def has_object_permission(self, request, view, obj):
        action = METHOD_ACTIONS.get(request.method, "view")
        return type(view.queryset).allows(request.user, action, obj) if action != "view" else True


class StandardPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
