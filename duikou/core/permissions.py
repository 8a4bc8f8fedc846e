"""The API's permission and pagination classes (their own module: DRF imports them while loading its
settings, before duikou.core.api can be imported)."""

from rest_framework import pagination, permissions

METHOD_ACTIONS = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change",
                  "PATCH": "change", "DELETE": "delete"}


class ScopedPermission(permissions.BasePermission):
    """Reads: public models for everyone, others for any logged-in user, narrowed by the queryset (an
    object outside the user's scope is then a 404, never a 403). Writes: the user's roles must reach
    the model at all (else 403, the same for every object, so nothing leaks), and the object itself."""

    def has_permission(self, request, view):
        queryset = getattr(view, "queryset", None)
        if queryset is None or not hasattr(queryset, "reach"):
            return request.user.is_authenticated
        action = METHOD_ACTIONS.get(request.method, "view")
        if action == "view":
            return queryset.public_view or request.user.is_authenticated
        return queryset.reach(request.user, action) is not None

    def has_object_permission(self, request, view, obj):
        action = METHOD_ACTIONS.get(request.method, "view")
        return action == "view" or view.queryset.allows(request.user, action, obj)


class StandardPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
