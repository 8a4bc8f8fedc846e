"""Who sees and edits indicator frameworks (STYLE convention 4).

A framework is national: no region, no pairing. The NDRC office (national administrator) creates and edits
frameworks; every business role reads the published (and retired) ones; drafts are read only by the NDRC
office and the national reviewer. A framework that is frozen (published or retired, or one used by
an evaluation round) cannot be changed at all, nor its dimensions and indicators: a change is made on a new
version (``framework_new_version``). The freeze is part of the scope for "change" and "delete" (and "add" of
a dimension or an indicator), so a page or an API write on a frozen version is refused before any service."""

from __future__ import annotations

from django.db.models import Q

from duikou.core.roles import NATIONAL_ROLES, Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet

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
        """The rows of frameworks that may still change: drafts not used by an evaluation round."""
        return self.filter(Q(**{self._status(): DRAFT}), **{self._status("rounds__isnull"): True})

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


# --- evaluation rounds ---------------------------------------------------------------------------------------
#
# A round is national: every business role reads it. Only the NDRC office writes it (its own steps check the
# status). A self-assessment is its pairing's: the national roles read every one, a region's coordinators and
# reporters their own pairings'; its coordinators write it while the round is open. Scores, results and
# outcomes are written by the round's services only; a region reads its own pairing's once the round is
# published and as far as the office chose to publish (own scores, own rank), and every pairing's when the
# office published the full table.

OPEN, SCORED, PUBLISHED, CLOSED = "open", "scored", "published", "closed"
REGIONAL_READ = {
    Role.NATIONAL_ADMIN: ALL,
    Role.NATIONAL_REVIEWER: ALL,
    Role.COORDINATOR: OWN,
    Role.REPORTER: OWN,
}
PAIRING_WRITE = {Role.COORDINATOR: OWN}


class RoundQuerySet(ScopedQuerySet):
    access = {"view": READ, "add": NDRC, "change": NDRC, "delete": NDRC}

    def for_user(self, user, action: str = "view"):
        queryset = super().for_user(user, action)
        if action == "change":
            return queryset.exclude(status=CLOSED)
        if action == "delete":
            return queryset.filter(status=OPEN)
        return queryset

    def allows(self, user, action: str, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        if action == "change":
            return instance.status != CLOSED
        if action == "delete":
            return instance.status == OPEN
        return True


class SelfAssessmentQuerySet(ScopedQuerySet):
    pairing_field = "pairing"
    round_prefix = "round__"
    access = {"view": REGIONAL_READ, "change": PAIRING_WRITE}

    def for_user(self, user, action: str = "view"):
        queryset = super().for_user(user, action)
        if action != "view":
            queryset = queryset.filter(**{f"{self.round_prefix}status": OPEN})
        return queryset

    def _round_of(self, instance):
        return instance.round

    def allows(self, user, action: str, instance) -> bool:
        if not super().allows(user, action, instance):
            return False
        return action == "view" or self._round_of(instance).status == OPEN


class EnteredValueQuerySet(SelfAssessmentQuerySet):
    pairing_field = "assessment__pairing"
    round_prefix = "assessment__round__"
    access = {"view": REGIONAL_READ, "add": PAIRING_WRITE, "change": PAIRING_WRITE, "delete": PAIRING_WRITE}

    def _round_of(self, instance):
        return instance.assessment.round


class _PublishedToPairing(ScopedQuerySet):
    """Read only, written by the round's services. ``own_flags``: the round's publication options, any of which
    lets a pairing read its own rows once the round is published."""

    pairing_field = "pairing"
    access = {"view": REGIONAL_READ}
    own_flags: tuple = ("publish_scores",)

    def _own_q(self) -> Q:
        flags = Q(pk__in=[])
        for flag in self.own_flags:
            flags |= Q(**{f"round__{flag}": True})
        return flags

    def for_user(self, user, action: str = "view"):
        reach = self.reach(user, action)
        if reach is None:
            return self.none()
        if reach == ALL:
            return self
        published = Q(round__status__in=[PUBLISHED, CLOSED])
        own = Q(pairing__in=user.scope.pairing_ids) & self._own_q()
        return self.filter(published & (own | Q(round__publish_all=True)))

    def allows(self, user, action: str, instance) -> bool:
        reach = self.reach(user, action)
        if reach is None:
            return False
        if reach == ALL:
            return True
        round_ = instance.round
        if round_.status not in (PUBLISHED, CLOSED):
            return False
        if round_.publish_all:
            return True
        own = instance.pairing_id in user.scope.pairing_ids
        return own and any(getattr(round_, flag) for flag in self.own_flags)


class IndicatorScoreQuerySet(_PublishedToPairing):
    own_flags = ("publish_scores",)


class ScoreRecordQuerySet(IndicatorScoreQuerySet):
    """A score's records: whoever reads the score reads its records."""


class PairingResultQuerySet(_PublishedToPairing):
    own_flags = ("publish_scores", "publish_ranks")


class PairingOutcomeQuerySet(_PublishedToPairing):
    own_flags = ("publish_scores", "publish_ranks", "publish_all")

    def _own_q(self) -> Q:
        return Q()  # a pairing reads its own outcome once the round is published

    def allows(self, user, action: str, instance) -> bool:
        reach = self.reach(user, action)
        if reach == ALL:
            return True
        if reach is None or instance.round.status not in (PUBLISHED, CLOSED):
            return False
        return instance.round.publish_all or instance.pairing_id in user.scope.pairing_ids
