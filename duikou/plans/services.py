"""Writes and workflow transitions for plans (STYLE convention 2): one home for every rule.

The joint workflow (四（二）): either side's coordinator drafts; both sides' coordinators confirm the same
revision (any change to the content afterwards clears the confirmations and records what changed); then
either side submits, to the NDRC office and the Central Organization Department; the NDRC office
acknowledges it or returns it with comments, which sends it back to draft.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.accounts.selectors import users_with_roles
from duikou.core.models import AuditAction
from duikou.core.roles import Role
from duikou.core.services import (
    ConflictError,
    audit_record,
    instance_create,
    instance_delete,
    instance_update,
)
from duikou.notifications.models import Notification
from duikou.notifications.services import notify
from duikou.regions.selectors import pairing_coordinators

from . import lights
from .models import (
    Indicator,
    IndicatorActual,
    Plan,
    PlanAttachment,
    PlanEvent,
    PlanItem,
    PlanVersion,
    ProgressUpdate,
    TimeNode,
)
from .selectors import plan_content
from .uploads import inspect_upload

Side = PlanEvent.Side


# --- who is who ------------------------------------------------------------------------------------------


def plan_side_of(*, user, plan: Plan) -> str | None:
    """The side of the plan's pairing this user coordinates: ``northeast``, ``east`` or None."""
    if not getattr(user, "is_authenticated", False) or Role.COORDINATOR not in user.scope.roles:
        return None
    codes = user.scope.region_codes
    if plan.pairing.northeast_id in codes:
        return Side.NORTHEAST
    if plan.pairing.east_id and plan.pairing.east_id in codes:
        return Side.EAST
    return None


def side_label(side: str) -> str:
    return str(Side(side).label)


def coordinators_of(*, plan: Plan, side: str | None = None):
    """The coordinators of one side (or both) of the plan's pairing."""
    return pairing_coordinators(pairing=plan.pairing, side=side)


def national_office(*, roles=(Role.NATIONAL_ADMIN,)):
    return users_with_roles(roles=roles)


def _require_coordinator_of(*, user, plan: Plan) -> str:
    side = plan_side_of(user=user, plan=plan)
    if side is None:
        raise PermissionDenied(_("Only the coordinators of the two sides of this pairing can do this."))
    return side


def _require_national_office(user):
    if Role.NATIONAL_ADMIN not in user.scope.roles:
        raise PermissionDenied(_("Only the NDRC office (the national administrator) acknowledges or returns plans."))


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("pairing__northeast", "pairing__east").get(pk=plan.pk)


def _require_draft(plan: Plan):
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(
            _("This plan is %(status)s: its content can no longer be changed. The NDRC office can return it "
              "to draft.") % {"status": plan.get_status_display()}, code="not_draft")


def _event(*, plan: Plan, action: str, user, side: str = "", comment: str = "", changes=None) -> PlanEvent:
    return PlanEvent.objects.create(plan=plan, action=action, side=side, revision=plan.revision, user=user,
                                    comment=comment, changes=changes or [])


def _content_changed(*, plan: Plan, user, what: str, changes: dict | None = None):
    """Record a change to the plan's content: raise the revision, clear any confirmation (saying what
    changed), and ask the cleared sides to confirm again. ``plan`` must be locked by the caller."""
    described = [{"what": what, "changes": changes or {}}]
    cleared = [side for side, rev in ((Side.NORTHEAST, plan.northeast_confirmed_revision),
                                      (Side.EAST, plan.east_confirmed_revision)) if rev is not None]
    plan.revision += 1
    Plan.objects.filter(pk=plan.pk).update(revision=plan.revision, northeast_confirmed_revision=None,
                                           east_confirmed_revision=None, updated_at=timezone.now())
    plan.northeast_confirmed_revision = plan.east_confirmed_revision = None
    if not cleared:
        _event(plan=plan, action=PlanEvent.Action.CHANGED, user=user, changes=described)
        return
    for side in cleared:
        _event(plan=plan, action=PlanEvent.Action.CONFIRMATION_CLEARED, user=user, side=side, changes=described)
    notify(
        actor=user,
        recipients=coordinators_of(plan=plan),
        kind=Notification.Kind.CONFIRMATION_REQUESTED,
        title=_("%(plan)s changed after confirmation: please review and confirm revision %(revision)s")
        % {"plan": plan, "revision": plan.revision},
        body=_("Change by %(user)s: %(what)s. The earlier confirmation was cleared.") % {"user": user, "what": what},
        url=plan.get_absolute_url(),
    )


# --- plans -----------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user, data: dict) -> Plan:
    plan = instance_create(model=Plan, user=user, data=data)
    _event(plan=plan, action=PlanEvent.Action.CREATED, user=user)
    return plan


@transaction.atomic
def plan_update(*, user, plan: Plan, data: dict, expected_version: int | None) -> Plan:
    locked = _lock(plan)
    _require_draft(locked)
    if "pairing" in data and data["pairing"].pk != locked.pairing_id:
        raise ValidationError({"pairing": _("A plan cannot move to another pairing: make a new plan instead.")})
    if "kind" in data and data["kind"] != locked.kind:
        raise ValidationError({"kind": _("A plan's kind cannot change: make a new plan of the other kind.")})
    updated = instance_update(instance=locked, user=user, data=data, expected_version=expected_version)
    changes = _field_changes(before=locked, after=updated)
    if changes:
        _content_changed(plan=updated, user=user, what=_("the plan's text"), changes=changes)
    return updated


def _field_changes(*, before: Plan, after: Plan) -> dict:
    fields = ("title", "period_start", "period_end", "document_number", *Plan.SECTION_FIELDS)
    return {f: [getattr(before, f), getattr(after, f)] for f in fields if getattr(before, f) != getattr(after, f)}


@transaction.atomic
def plan_delete(*, user, plan: Plan) -> None:
    locked = _lock(plan)
    if locked.submitted_at is not None:
        raise ValidationError(_("A plan that has been submitted is kept: it cannot be deleted."))
    instance_delete(instance=locked, user=user)


@transaction.atomic
def plan_confirm(*, user, plan: Plan, revision: int) -> Plan:
    locked = _lock(plan)
    side = _require_coordinator_of(user=user, plan=locked)
    _require_draft(locked)
    if revision != locked.revision:
        raise ConflictError(
            _("The plan changed since you opened it (you read revision %(yours)s, it is now revision %(theirs)s). "
              "Review the changes, then confirm again.") % {"yours": revision, "theirs": locked.revision},
            code="conflict")
    now = timezone.now()
    if side == Side.NORTHEAST:
        locked.northeast_confirmed_revision, locked.northeast_confirmed_by, locked.northeast_confirmed_at = revision, user, now
    else:
        locked.east_confirmed_revision, locked.east_confirmed_by, locked.east_confirmed_at = revision, user, now
    locked.save(update_fields=[f"{side}_confirmed_revision", f"{side}_confirmed_by", f"{side}_confirmed_at", "updated_at"])
    _keep_version(plan=locked, user=user, reason=_("confirmed by the %(side)s") % {"side": side_label(side)})
    _event(plan=locked, action=PlanEvent.Action.CONFIRMED, user=user, side=side)
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=locked,
                 changes={"confirmed": [None, f"{side} r{revision}"]})
    other = Side.EAST if side == Side.NORTHEAST else Side.NORTHEAST
    both = locked.northeast_confirmed and locked.east_confirmed
    notify(
        actor=user,
        recipients=coordinators_of(plan=locked, side=other) if not both else coordinators_of(plan=locked),
        kind=Notification.Kind.CONFIRMED if both else Notification.Kind.CONFIRMATION_REQUESTED,
        title=(_("Both sides confirmed %(plan)s: it can be submitted") if both else
               _("%(side)s confirmed %(plan)s: please review and confirm")) % {"plan": locked, "side": side_label(side)},
        body=_("Revision %(revision)s, confirmed by %(user)s.") % {"revision": revision, "user": user},
        url=locked.get_absolute_url(),
    )
    return locked


def _keep_version(*, plan: Plan, user, reason: str) -> PlanVersion:
    version, created = PlanVersion.objects.get_or_create(
        plan=plan, revision=plan.revision,
        defaults={"reason": reason, "content": plan_content(plan=plan), "created_by": user})
    if not created and reason not in version.reason:
        version.reason = f"{version.reason}; {reason}"[:200]
        version.save(update_fields=["reason"])
    return version


@transaction.atomic
def plan_submit(*, user, plan: Plan) -> Plan:
    locked = _lock(plan)
    side = _require_coordinator_of(user=user, plan=locked)
    _require_draft(locked)
    waiting = [side_label(s) for s, ok in ((Side.NORTHEAST, locked.northeast_confirmed), (Side.EAST, locked.east_confirmed))
               if not ok]
    if waiting:
        raise ValidationError(
            _("Both sides must confirm revision %(revision)s before it is submitted. Still waiting for: %(sides)s.")
            % {"revision": locked.revision, "sides": ", ".join(waiting)}, code="not_confirmed")
    locked.status = Plan.Status.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), user
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _keep_version(plan=locked, user=user, reason=_("submitted"))
    _event(plan=locked, action=PlanEvent.Action.SUBMITTED, user=user, side=side)
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=locked, changes={"status": ["draft", "submitted"]})
    notify(
        actor=user,
        recipients=list(national_office(roles=(Role.NATIONAL_ADMIN, Role.NATIONAL_REVIEWER)))
        + list(coordinators_of(plan=locked)),
        kind=Notification.Kind.SUBMITTED,
        title=_("%(plan)s was submitted") % {"plan": locked},
        body=_("Submitted by %(user)s to the NDRC office and the Central Organization Department.") % {"user": user},
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def plan_acknowledge(*, user, plan: Plan) -> Plan:
    locked = _lock(plan)
    _require_national_office(user)
    if locked.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be acknowledged; this one is %(status)s.")
                              % {"status": locked.get_status_display()}, code="not_submitted")
    locked.status = Plan.Status.ACKNOWLEDGED
    locked.acknowledged_at, locked.acknowledged_by = timezone.now(), user
    locked.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "updated_at"])
    _event(plan=locked, action=PlanEvent.Action.ACKNOWLEDGED, user=user, side=Side.NATIONAL)
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=locked,
                 changes={"status": ["submitted", "acknowledged"]})
    notify(actor=user, recipients=coordinators_of(plan=locked), kind=Notification.Kind.ACKNOWLEDGED,
           title=_("The NDRC office acknowledged %(plan)s") % {"plan": locked}, url=locked.get_absolute_url())
    return locked


@transaction.atomic
def plan_return(*, user, plan: Plan, comment: str) -> Plan:
    locked = _lock(plan)
    _require_national_office(user)
    if locked.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned; this one is %(status)s.")
                              % {"status": locked.get_status_display()}, code="not_submitted")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what must change: a returned plan needs comments.")})
    locked.status = Plan.Status.DRAFT
    locked.northeast_confirmed_revision = locked.east_confirmed_revision = None
    locked.save(update_fields=["status", "northeast_confirmed_revision", "east_confirmed_revision", "updated_at"])
    _event(plan=locked, action=PlanEvent.Action.RETURNED, user=user, side=Side.NATIONAL, comment=comment)
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=locked,
                 changes={"status": ["submitted", "draft"], "comment": [None, comment]})
    notify(actor=user, recipients=coordinators_of(plan=locked), kind=Notification.Kind.RETURNED,
           title=_("The NDRC office returned %(plan)s with comments") % {"plan": locked}, body=comment,
           url=locked.get_absolute_url())
    return locked


# --- items, time nodes, indicators (the plan's content) ----------------------------------------------------


def _item_describe(item) -> str:
    return _("item “%(item)s”") % {"item": item}


def _derive(item: PlanItem):
    item.on_track_until = lights.on_track_until(start=item.start_date, due=item.due_date, progress=item.progress)
    PlanItem.objects.filter(pk=item.pk).update(on_track_until=item.on_track_until)


def _check_supporting(plan: Plan, data: dict):
    outsiders = [str(o) for o in data.get("supporting_organisations") or () if not plan.pairing.admits(o)]
    if outsiders:
        raise ValidationError({"supporting_organisations": _(
            "Not on either side of %(pairing)s: %(orgs)s. Choose organisations of the two sides (or central "
            "bodies).") % {"pairing": plan.pairing, "orgs": "、".join(outsiders)}})


@transaction.atomic
def item_create(*, user, plan: Plan, data: dict) -> PlanItem:
    locked = _lock(plan)
    _require_draft(locked)
    _check_supporting(locked, data)
    item = instance_create(model=PlanItem, user=user, data={**data, "plan": locked})
    _derive(item)
    _rollup(item.parent)
    _content_changed(plan=locked, user=user, what=_("added %(item)s") % {"item": _item_describe(item)})
    return item


@transaction.atomic
def item_update(*, user, item: PlanItem, data: dict, expected_version: int | None) -> PlanItem:
    locked = _lock(item.plan)
    _require_draft(locked)
    if "plan" in data and data["plan"].pk != locked.pk:
        raise ValidationError({"plan": _("An item cannot move to another plan.")})
    _check_supporting(locked, data)
    before = PlanItem.objects.get(pk=item.pk)
    old_parent = before.parent
    updated = instance_update(instance=item, user=user, data=data, expected_version=expected_version)
    _derive(updated)
    _rollup(updated.parent)
    if old_parent and old_parent.pk != updated.parent_id:
        _rollup(old_parent)
    fields = ("number", "title", "key_task_id", "lead_organisation_id", "description", "start_date", "due_date",
              "parent_id")
    changes = {f.removesuffix("_id"): [_plain(getattr(before, f)), _plain(getattr(updated, f))] for f in fields
               if getattr(before, f) != getattr(updated, f)}
    if changes or "supporting_organisations" in data:
        _content_changed(plan=locked, user=user, what=_("changed %(item)s") % {"item": _item_describe(updated)},
                         changes=changes)
    return updated


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def item_delete(*, user, item: PlanItem) -> None:
    locked = _lock(item.plan)
    _require_draft(locked)
    parent, text = item.parent, _item_describe(item)
    instance_delete(instance=item, user=user)
    _rollup(parent)
    _content_changed(plan=locked, user=user, what=_("removed %(item)s") % {"item": text})


def _content_write(fn):
    """Time nodes and indicators are part of the plan's content: the plan must be a draft, and a change
    clears the confirmations."""

    def wrapper(*, user, item: PlanItem, **kwargs):
        with transaction.atomic():
            locked = _lock(item.plan)
            _require_draft(locked)
            result, what = fn(user=user, item=item, **kwargs)
            _content_changed(plan=locked, user=user, what=what)
            return result

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@_content_write
def node_create(*, user, item: PlanItem, data: dict):
    node = instance_create(model=TimeNode, user=user, data={**data, "item": item})
    return node, _("added time node “%(node)s” to %(item)s") % {"node": node.title, "item": item}


@_content_write
def node_update(*, user, item: PlanItem, node: TimeNode, data: dict, expected_version: int | None):
    data = {k: v for k, v in data.items() if k not in ("item", "completed_on")}
    updated = instance_update(instance=node, user=user, data=data, expected_version=expected_version)
    return updated, _("changed time node “%(node)s” of %(item)s") % {"node": updated.title, "item": item}


@_content_write
def node_delete(*, user, item: PlanItem, node: TimeNode):
    title = node.title
    instance_delete(instance=node, user=user)
    return None, _("removed time node “%(node)s” from %(item)s") % {"node": title, "item": item}


@transaction.atomic
def node_complete(*, user, node: TimeNode, completed_on: datetime.date | None) -> TimeNode:
    """Marking a time node met is progress, not content: allowed in any status, by coordinators and
    reporters of either side."""
    if not ProgressUpdate.objects.allows(user, "add", ProgressUpdate(item=node.item)):
        raise PermissionDenied(_("You may not report progress on this plan."))
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("A time node cannot be met in the future.")})
    current = TimeNode.objects.select_for_update().get(pk=node.pk)
    before = current.completed_on
    current.completed_on = completed_on
    current.save(update_fields=["completed_on", "updated_at"])
    audit_record(action=AuditAction.UPDATE, user=user, instance=current,
                 changes={"completed_on": [_plain(before), _plain(completed_on)]})
    return current


@_content_write
def indicator_create(*, user, item: PlanItem, data: dict):
    indicator = instance_create(model=Indicator, user=user, data={**data, "item": item})
    return indicator, _("added indicator “%(name)s” to %(item)s") % {"name": indicator.name, "item": item}


@_content_write
def indicator_update(*, user, item: PlanItem, indicator: Indicator, data: dict, expected_version: int | None):
    data = {k: v for k, v in data.items() if k != "item"}
    updated = instance_update(instance=indicator, user=user, data=data, expected_version=expected_version)
    return updated, _("changed indicator “%(name)s” of %(item)s") % {"name": updated.name, "item": item}


@_content_write
def indicator_delete(*, user, item: PlanItem, indicator: Indicator):
    name = indicator.name
    instance_delete(instance=indicator, user=user)
    return None, _("removed indicator “%(name)s” from %(item)s") % {"name": name, "item": item}


# --- progress and actual values (execution: allowed in any status) -----------------------------------------


@transaction.atomic
def actual_record(*, user, indicator: Indicator, data: dict) -> IndicatorActual:
    """Record (or correct) the actual value of an indicator for a period."""
    existing = IndicatorActual.objects.filter(indicator=indicator, period=data.get("period")).first()
    if existing is not None:
        version = data.pop("version", None)
        return instance_update(instance=existing, user=user, data=data, expected_version=version)
    data.pop("version", None)
    return instance_create(model=IndicatorActual, user=user, data={**data, "indicator": indicator,
                                                                        "reported_by": user})


@transaction.atomic
def progress_report(*, user, item: PlanItem, data: dict) -> ProgressUpdate:
    current = PlanItem.objects.select_for_update(of=("self",)).select_related("plan").get(pk=item.pk)
    if current.children.exists():
        raise ValidationError({"progress": _("“%(item)s” has sub-items: its progress is rolled up from theirs. "
                                             "Report progress on the sub-items.") % {"item": current}})
    reported_on = data.get("reported_on") or timezone.localdate()
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("A progress report cannot be dated in the future.")})
    update = instance_create(model=ProgressUpdate, user=user,
                             data={**data, "item": current, "reported_on": reported_on, "author": user})
    latest = current.updates.order_by("-reported_on", "-id").first()
    current.progress = latest.progress
    current.completed_on = latest.reported_on if latest.progress >= 100 else None
    PlanItem.objects.filter(pk=current.pk).update(progress=current.progress, completed_on=current.completed_on)
    _derive(current)
    _rollup(current.parent)
    return update


def _rollup(parent: PlanItem | None):
    """A parent's progress is the mean of its children's; it is complete when they all are."""
    if parent is None:
        return
    children = PlanItem.objects.filter(parent=parent)
    figures = children.aggregate(avg=Avg("progress"), last=Max("completed_on"))
    if figures["avg"] is None:
        return
    progress = round(figures["avg"])
    done = not children.filter(completed_on__isnull=True).exists()
    parent.progress = progress
    parent.completed_on = figures["last"] if done else None
    PlanItem.objects.filter(pk=parent.pk).update(progress=progress, completed_on=parent.completed_on)
    parent.refresh_from_db(fields=["start_date", "due_date"])
    _derive(parent)


# --- attachments ---------------------------------------------------------------------------------------------


@transaction.atomic
def attachment_create(*, user, plan: Plan, upload, description: str = "") -> PlanAttachment:
    """Attach a file after checking its content and size; it is stored under its checksum."""
    attachment = PlanAttachment(plan=plan, description=description, uploaded_by=user)
    if not PlanAttachment.objects.allows(user, "add", attachment):
        raise PermissionDenied(_("You may not attach files to this plan."))
    content_type, sha256 = inspect_upload(upload)
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment.content_type, attachment.sha256, attachment.size, attachment.original_name = (
        content_type, sha256, upload.size, name)
    attachment.file.save(name, upload, save=False)
    attachment.full_clean()
    attachment.save()
    audit_record(action=AuditAction.CREATE, user=user, instance=attachment,
                 changes={"file": [None, name], "sha256": [None, sha256], "size": [None, upload.size]})
    return attachment


@transaction.atomic
def attachment_delete(*, user, attachment: PlanAttachment) -> None:
    locked = _lock(attachment.plan)
    _require_draft(locked)
    name = attachment.file.name
    instance_delete(instance=attachment, user=user)
    if not PlanAttachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: attachment.file.storage.delete(name))


def attachment_open(*, user, attachment: PlanAttachment):
    """Open a file for download, checking its checksum and recording the download in the audit trail."""
    handle = attachment.file.open("rb")
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    if digest.hexdigest() != attachment.sha256:
        handle.close()
        raise ValidationError(_("The stored file “%(name)s” no longer matches its checksum: it has been "
                                "altered or damaged. Ask the system administrator to restore it.")
                              % {"name": attachment.original_name})
    handle.seek(0)
    audit_record(action=AuditAction.DOWNLOAD, user=user, instance=attachment,
                 changes={"sha256": [attachment.sha256, attachment.sha256]})
    return handle


# --- the NDRC office's due date rules --------------------------------------------------------------------


def due_rule_update(*, user, rule, data: dict, expected_version: int | None):
    data.pop("kind", None)
    return instance_update(instance=rule, user=user, data=data, expected_version=expected_version)
