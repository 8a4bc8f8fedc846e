"""Who sees and edits indicator frameworks (STYLE convention 4).

A framework is national: no region, no pairing. The NDRC office (national administrator) creates and edits
frameworks; every business role reads the published (and retired) ones; drafts are read only by the NDRC
office and the national reviewer. A framework that is frozen (published or retired; later also one used by
an evaluation round) cannot be changed at all, nor its dimensions and indicators: a change is made on a new
version (``framework_new_version``). The freeze is part of the scope for "change" and "delete" (and "add" of
a dimension or an indicator), so a page or an API write on a frozen version is refused before any service."""

from __future__ import annotations

from django.db.models import Q

from duikou.core.roles import NATIONAL_ROLES, Role
from duikou.core.scoping import ALL, ScopedQuerySet

DRAFT = "draft"
READ = {Role.NATIONAL_ADMIN: ALL, Role.NATIONAL_REVIEWER: ALL, Role.COORDINATOR: ALL, Role.REPORTER: ALL}
NDRC = {Role.NATIONAL_ADMIN: ALL}


def reads_drafts(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.scope.roles & NATIONAL_ROLES)


class _FrameworkScoped(ScopedQuerySet):
    """``framework_prefix`` is the path from the model to its framework ("" for the framework itself)."""

    framework_prefix = ""
    access = {"view": READ, "add": NDRC, "change": NDRC, "delete": NDRC}

    def _framework_of(self, instance):
        raise NotImplementedError

    def _status(self, suffix="status"):
        return f"{self.framework_prefix}{suffix}"

    def unfrozen(self):
        """The rows of frameworks that may still change: drafts (a later slice adds: not used by a round)."""
        return self.filter(Q(**{self._status(): DRAFT}))

    def for_user(self, user, action: str = "view"):
        queryset = super().for_user(user, action)
        if self.reach(user, action) is None:
            return queryset
        if action == "view":
            return queryset if reads_drafts(user) else queryset.exclude(**{self._status(): DRAFT})
        return queryset.unfrozen()

    def allows(self, user, action: str, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        framework = self._framework_of(instance)
        if framework is None:
            return action != "view"
        if action == "view":
            return reads_drafts(user) or framework.status != DRAFT
        return not framework.is_frozen


class FrameworkQuerySet(_FrameworkScoped):
    def _framework_of(self, instance):
        return instance


class DimensionQuerySet(_FrameworkScoped):
    framework_prefix = "framework__"

    def _framework_of(self, instance):
        return instance.framework if instance.framework_id else None


class IndicatorQuerySet(_FrameworkScoped):
    framework_prefix = "framework__"

    def _framework_of(self, instance):
        if instance.framework_id:
            return instance.framework
        if instance.dimension_id:
            return instance.dimension.framework
        return None
