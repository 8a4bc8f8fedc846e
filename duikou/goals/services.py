"""Writes for goals, targets and reported figures (STYLE convention 2): each checks who may write, validates
with ``full_clean`` inside one transaction and leaves a trace in the audit log.

* Goals: the NDRC office enters a later goal (a ``regions.Goal`` row and its ``EnteredGoal`` mark), changes
  and deletes it; the founding document's goals have no mark and are never written here.
* Targets: the NDRC office's only.
* Reported figures: the NDRC office for any pairing or the programme; a coordinator for its own pairings
  (a joint record both sides see). Another region's pairing reads as not existing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.scoping import ALL
from duikou.core.services import (
    ConflictError,
    audit_record,
    diff,
    instance_create,
    instance_delete,
    instance_update,
    snapshot,
)
from duikou.regions.models import Goal
from duikou.regions.selectors import pairings_of

from .models import EnteredGoal, GoalTarget, ReportedFigure

GOAL_FIELDS = ("code", "title", "title_en", "target_year", "text", "document")
LAST_TARGET_YEAR = 2100


# --- goals ---------------------------------------------------------------------------------------------------


def _check_goal(goal: Goal) -> None:
    year = goal.target_year
    if year is None or not goal.document_id:
        return
    issued = goal.document.issued_on.year
    if year < issued:
        raise ValidationError({"target_year": _("The target year cannot be before the year of its document "
                                                "(%(year)s): enter %(year)s or later.") % {"year": issued}})
    if year > LAST_TARGET_YEAR:
        raise ValidationError({"target_year": _("Enter a target year up to %(year)s.") % {"year": LAST_TARGET_YEAR}})


def _validate_goal(goal: Goal) -> None:
    """The model's own rules and the target year's, all errors at once."""
    errors: dict = {}
    for check in (goal.full_clean, lambda: _check_goal(goal)):
        try:
            check()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_create(*, user, data: dict) -> Goal:
    """A later goal the NDRC office enters: the goal itself (in the catalogue beside the founding
    document's) and its mark, recorded in the audit log."""
    if not EnteredGoal.objects.may(user, "add"):
        raise PermissionDenied(_("Only the NDRC office enters goals."))
    goal = Goal(**{name: data[name] for name in GOAL_FIELDS if name in data})
    _validate_goal(goal)
    goal.save()
    entry = EnteredGoal(goal=goal, entered_by=user)
    entry.full_clean(validate_unique=False)
    entry.save()
    audit_record(action=AuditAction.CREATE, user=user, instance=goal, changes=diff({}, snapshot(goal)))
    return goal


def _entry_for(*, user, goal: Goal, action: str) -> EnteredGoal:
    entry = EnteredGoal.objects.filter(pk=goal.pk).first()
    if entry is None:
        raise PermissionDenied(_("The founding document's goals are its text and cannot be changed: enter a new "
                                 "goal instead."))
    if not EnteredGoal.objects.allows(user, action, entry):
        raise PermissionDenied(_("Only the NDRC office changes the goals it entered."))
    return entry


@transaction.atomic
def goal_update(*, user, goal: Goal, data: dict, expected_version: int | None) -> Goal:
    entry = _entry_for(user=user, goal=goal, action="change")
    entry = EnteredGoal.objects.select_for_update().get(pk=entry.pk)
    if expected_version is not None and entry.version != expected_version:
        raise ConflictError(_("This goal was changed by someone else (version %(theirs)s; you edited version "
                              "%(yours)s). Nothing was saved: reload the page, then make your change again.")
                            % {"theirs": entry.version, "yours": expected_version}, code="conflict")
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    before = snapshot(current)
    for name in GOAL_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    _validate_goal(current)
    current.save()
    entry.version += 1
    entry.save()
    changes = diff(before, snapshot(current))
    if changes:
        audit_record(action=AuditAction.UPDATE, user=user, instance=current, changes=changes)
    return current


@transaction.atomic
def goal_delete(*, user, goal: Goal) -> None:
    _entry_for(user=user, goal=goal, action="delete")
    before = snapshot(goal)
    pk, text = str(goal.pk), str(goal)[:255]
    try:
        goal.delete()  # its mark goes with it
    except models.ProtectedError:
        raise ValidationError(_("This goal still has targets: delete its targets first.")) from None
    audit_record(action=AuditAction.DELETE, user=user, object_type=Goal._meta.label_lower, object_id=pk,
                 object_repr=text, changes=diff(before, {}))


# --- targets -------------------------------------------------------------------------------------------------


def goal_target_create(*, user, data: dict) -> GoalTarget:
    return instance_create(model=GoalTarget, user=user, data={**data, "created_by": user})


def goal_target_update(*, user, target: GoalTarget, data: dict, expected_version: int | None) -> GoalTarget:
    return instance_update(instance=target, user=user, data=data, expected_version=expected_version)


def goal_target_delete(*, user, target: GoalTarget) -> None:
    instance_delete(instance=target, user=user)


# --- reported figures ----------------------------------------------------------------------------------------


def _check_figure_pairing(*, user, pairing) -> None:
    """A figure of a pairing needs a pairing of the user's own (another region's reads as not existing); a
    programme-wide figure, the NDRC office."""
    if not ReportedFigure.objects.may(user, "add"):
        raise PermissionDenied(_("Only the NDRC office and the pairings' coordinators enter reported figures."))
    if pairing is None:
        if ReportedFigure.objects.reach(user, "add") != ALL:
            raise ValidationError({"pairing": _("Only the NDRC office enters figures of the programme as a "
                                                "whole: choose one of your pairings.")})
    elif not pairings_of(user=user).filter(pk=pairing.pk).exists():
        raise ValidationError({"pairing": _("No such pairing among yours: choose one from the list.")})


@transaction.atomic
def reported_figure_create(*, user, data: dict) -> ReportedFigure:
    _check_figure_pairing(user=user, pairing=data.get("pairing"))
    return instance_create(model=ReportedFigure, user=user, data={**data, "recorded_by": user})


@transaction.atomic
def reported_figure_update(*, user, figure: ReportedFigure, data: dict,
                           expected_version: int | None) -> ReportedFigure:
    if "pairing" in data and data["pairing"] != figure.pairing:
        _check_figure_pairing(user=user, pairing=data["pairing"])
    return instance_update(instance=figure, user=user, data=data, expected_version=expected_version)


def reported_figure_delete(*, user, figure: ReportedFigure) -> None:
    instance_delete(instance=figure, user=user)
