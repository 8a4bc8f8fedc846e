"""Who sees and writes goals, targets and reported figures (STYLE convention 4).

* A goal the NDRC office entered (``EnteredGoal``) is public like the founding document's goals it sits
  beside; only the NDRC office (the national administrator) adds, changes and deletes it. The document's own
  goals have no ``EnteredGoal`` row and stay read-only.
* A target is the NDRC office's: it alone writes targets. The national roles read every target; a region's
  coordinators and reporters read the targets of their own pairings.
* A reported figure (通报数据) of a pairing is a joint record of the pairing: the NDRC office writes any, a
  coordinator those of its own pairings (both sides see and edit them).
* Programme-wide targets and figures (no pairing) are compared with the sum over every pairing: only the
  national roles see them, as only they see the national dashboard; the NDRC office writes them.
"""

from __future__ import annotations

from duikou.core.roles import Role
from duikou.core.scoping import ALL, OWN, ScopedQuerySet

READ = {Role.NATIONAL_ADMIN: ALL, Role.NATIONAL_REVIEWER: ALL, Role.COORDINATOR: OWN, Role.REPORTER: OWN}
NDRC = {Role.NATIONAL_ADMIN: ALL}
NDRC_AND_COORDINATORS = {Role.NATIONAL_ADMIN: ALL, Role.COORDINATOR: OWN}


class EnteredGoalQuerySet(ScopedQuerySet):
    public_view = True
    access = {"add": NDRC, "change": NDRC, "delete": NDRC}


class _PairingOrProgrammeQuerySet(ScopedQuerySet):
    """A row of one pairing, or of the programme as a whole (no pairing). A region reaches its own pairings'
    rows only: a programme-wide row carries the sum over every pairing, other regions' figures included, so it
    is the national roles' (as the national dashboard is)."""

    pairing_field = "pairing"

    def programme_wide(self):
        return self.filter(pairing__isnull=True)


class GoalTargetQuerySet(_PairingOrProgrammeQuerySet):
    access = {"view": READ, "add": NDRC, "change": NDRC, "delete": NDRC}


class ReportedFigureQuerySet(_PairingOrProgrammeQuerySet):
    access = {"view": READ, "add": NDRC_AND_COORDINATORS, "change": NDRC_AND_COORDINATORS,
              "delete": NDRC_AND_COORDINATORS}
