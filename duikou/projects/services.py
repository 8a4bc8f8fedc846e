"""Writes for projects (STYLE convention 2): registry edits through the shared create/update/delete, and
stage changes, dated and, for a step back, explained."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.services import audit_record, instance_create, instance_delete, instance_update

from .models import STAGE_ORDER, Project, ProjectStageChange, Stage


def _check_investors(project_pairing, data: dict):
    """Investors and host are organisations of either side of the pairing (or central bodies)."""
    sides = {code for code in (project_pairing.northeast_id, project_pairing.east_id) if code}
    outside = [str(o) for o in data.get("investors") or () if o.region_id and o.region_id not in sides
               and o.region.parent_id not in sides]
    if outside:
        raise ValidationError({"investors": _("Not on either side of %(pairing)s: %(orgs)s.")
                               % {"pairing": project_pairing, "orgs": "、".join(outside)}})


@transaction.atomic
def project_create(*, user, data: dict) -> Project:
    if data.get("pairing") is not None:
        _check_investors(data["pairing"], data)
    project = instance_create(model=Project, user=user, data=data)
    ProjectStageChange.objects.create(project=project, from_stage="", to_stage=project.stage,
                                      on=timezone.localdate(), user=user)
    Project.objects.filter(pk=project.pk).update(stage_since=timezone.localdate())
    project.stage_since = timezone.localdate()
    return project


@transaction.atomic
def project_update(*, user, project: Project, data: dict, expected_version: int | None) -> Project:
    if "pairing" in data and data["pairing"].pk != project.pairing_id:
        raise ValidationError({"pairing": _("A project cannot move to another pairing.")})
    _check_investors(project.pairing, data)
    return instance_update(instance=project, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def project_delete(*, user, project: Project) -> None:
    instance_delete(instance=project, user=user)


@transaction.atomic
def project_change_stage(*, user, project: Project, stage: str, on: datetime.date, reason: str = "") -> Project:
    """Move a project to another stage on a date. A step back (e.g. from 在建 to 签约) needs a reason;
    a date in the future or before the last change is refused."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    if not Project.objects.allows(user, "change", current):
        raise PermissionDenied(_("You may not change this project's stage."))
    if stage not in Stage.values:
        raise ValidationError({"stage": _("“%(stage)s” is not a stage.") % {"stage": stage}})
    if stage == current.stage:
        raise ValidationError({"stage": _("The project is already in this stage.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("A stage change cannot be dated in the future.")})
    if current.stage_since and on < current.stage_since:
        raise ValidationError({"on": _("The project entered its current stage on %(date)s: the change cannot be "
                                       "dated earlier.") % {"date": current.stage_since}})
    reason = (reason or "").strip()
    backwards = stage != Stage.TERMINATED and STAGE_ORDER[stage] < STAGE_ORDER[current.stage]
    if (backwards or current.stage == Stage.TERMINATED or stage == Stage.TERMINATED) and not reason:
        raise ValidationError({"reason": _("Moving from “%(from)s” to “%(to)s” needs a reason: say why.") % {
            "from": current.get_stage_display(), "to": Stage(stage).label}})
    ProjectStageChange.objects.create(project=current, from_stage=current.stage, to_stage=stage, on=on,
                                      reason=reason, user=user)
    before = current.stage
    current.stage, current.stage_since = stage, on
    current.version += 1
    current.save(update_fields=["stage", "stage_since", "version", "updated_at"])
    audit_record(action=AuditAction.UPDATE, user=user, instance=current,
                 changes={"stage": [before, stage], "stage_since": [None, on.isoformat()]})
    return current
