"""Writes and workflow steps of supervision (STYLE convention 2): supervision items and their time nodes,
urging (催办) by hand and automatically, the monthly light snapshots, and the rectification workflow
(issue → answer → accept or send back → closed). Each step checks who may take it, validates with
``full_clean`` inside one transaction, and leaves a trace in the audit log."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.accounts.models import Organisation
from duikou.accounts.selectors import users_with_roles
from duikou.core.models import AuditAction
from duikou.core.roles import Role
from duikou.core.services import audit_record, diff, instance_create, instance_update, snapshot
from duikou.notifications.models import Notification
from duikou.notifications.services import notify
from duikou.regions.models import Pairing

from . import lights
from .models import (
    LightSnapshot,
    RectificationAnswer,
    RectificationItem,
    RectificationRequirement,
    SupervisionItem,
    SupervisionNode,
    UrgingNotice,
    validate_month,
)

AUTOMATIC = "supervision_urge_overdue"
URGE_AGAIN_AFTER_DAYS = 7
ITEM_FIELDS = ("title", "description", "assignee")


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


def _workflow(*, user, instance, changes: dict, username: str | None = None):
    audit_record(
        action=AuditAction.WORKFLOW, user=user, instance=instance, changes=changes, username=username
    )


def _bump(instance, fields: list[str]):
    instance.version += 1
    instance.full_clean()
    instance.save(update_fields=[*fields, "version", "updated_at"])


def may_keep(user, item: SupervisionItem) -> bool:
    """May ``user`` edit, close, add nodes to and urge ``item``: the NDRC office, or a coordinator of the
    pairing."""
    return SupervisionItem.objects.allows(user, "change", item)


def may_complete_nodes(user, item: SupervisionItem) -> bool:
    """The keepers of the item, and the users of the assignee organisation."""
    if may_keep(user, item):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id
        and user.organisation_id == item.assignee_id
    )


# --- supervision items -----------------------------------------------------------------------------------


@transaction.atomic
def item_create(*, user, data: dict, nodes: list[dict]) -> SupervisionItem:
    """Create an item with its time nodes (at least one: what is due by when)."""
    candidate = SupervisionItem(**data)
    if not SupervisionItem.objects.allows(user, "add", candidate):
        raise PermissionDenied(
            _(
                "You may not create supervision items for this pairing: the NDRC office and the "
                "coordinators of the pairing's two sides do."
            )
        )
    if not nodes:
        raise ValidationError({"nodes": _("Give the item at least one time node: what is due by when.")})
    item = instance_create(model=SupervisionItem, user=user, data={**data, "created_by": user})
    for order, node in enumerate(nodes, start=1):
        instance_create(
            model=SupervisionNode,
            user=user,
            data={
                "item": item,
                "title": node["title"],
                "due_date": node["due_date"],
                "order": node.get("order", order),
            },
        )
    SupervisionItem.objects.filter(pk=item.pk).refresh_open_due()
    return item


def _visible(model, user, obj, label):
    if not model.objects.for_user(user, "view").filter(pk=obj.pk).exists():
        raise PermissionDenied(_("You may not see this %(record)s.") % {"record": label})


@transaction.atomic
def item_from_plan_item(*, user, plan_item) -> SupervisionItem:
    """Supervise a plan item: its title, pairing and lead organisation, its open time nodes and its due date."""
    from duikou.plans.models import PlanItem

    _visible(PlanItem, user, plan_item, _("plan item"))
    if plan_item.completed_on:
        raise ValidationError(
            {
                "plan_item": _(
                    "This plan item was completed on %(date)s: there is nothing left to supervise."
                )
                % {"date": plan_item.completed_on}
            }
        )
    nodes = [
        {"title": node.title, "due_date": node.due_date}
        for node in plan_item.nodes.filter(completed_on__isnull=True).order_by("due_date", "id")
        if node.due_date < plan_item.due_date
    ]
    nodes.append({"title": _("Item completed"), "due_date": plan_item.due_date})
    return item_create(
        user=user,
        nodes=nodes,
        data={
            "title": plan_item.title[:200],
            "description": plan_item.description,
            "pairing": plan_item.plan.pairing,
            "assignee": plan_item.lead_organisation,
            "plan_item": plan_item,
        },
    )


@transaction.atomic
def item_from_request(*, user, request) -> SupervisionItem:
    """Supervise a coordination request: its title and pairing, one node for its answer due date; the assignee
    is the organisation of the officer it is routed to, else the project's host or the park's operator."""
    from duikou.projects.models import CoordinationRequest

    _visible(CoordinationRequest, user, request, _("coordination request"))
    if request.status == CoordinationRequest.Status.CLOSED:
        raise ValidationError(
            {
                "coordination_request": _(
                    "This coordination request is closed: there is nothing left to supervise."
                )
            }
        )
    pairing = request.pairing
    candidates = [
        getattr(request.officer, "organisation", None),
        request.project.host_organisation if request.project_id else getattr(request.park, "operator", None),
    ]
    assignee = next((org for org in candidates if org is not None and pairing.admits(org)), None)
    if assignee is None:
        raise ValidationError(
            {
                "coordination_request": _(
                    "This request names no organisation to assign (no officer with an organisation, no host or operator "
                    "on a side of the pairing): create the supervision item by hand and choose the assignee."
                )
            }
        )
    return item_create(
        user=user,
        nodes=[{"title": _("Request answered"), "due_date": request.due_on}],
        data={
            "title": request.title[:200],
            "description": request.description,
            "pairing": pairing,
            "assignee": assignee,
            "coordination_request": request,
        },
    )


@transaction.atomic
def item_update(*, user, item: SupervisionItem, data: dict, expected_version: int | None) -> SupervisionItem:
    """Title, description and assignee change; the pairing and the source stay."""
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown & {"pairing", "plan_item", "coordination_request", "rectification_item"}:
        raise ValidationError(
            _("A supervision item keeps its pairing and its source: create a new item instead.")
        )
    if item.status != SupervisionItem.Status.OPEN:
        raise ValidationError(
            _("This item is closed (%(status)s): it can no longer be changed.")
            % {"status": item.get_status_display()}
        )
    return instance_update(
        instance=item,
        user=user,
        data={k: v for k, v in data.items() if k in ITEM_FIELDS},
        expected_version=expected_version,
    )


@transaction.atomic
def item_close(*, user, item: SupervisionItem, status: str, today=None) -> SupervisionItem:
    """Close an open item as done or cancelled (the NDRC office, or a coordinator of the pairing)."""
    current = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if not may_keep(user, current):
        raise PermissionDenied(
            _("Only the NDRC office and the pairing's coordinators close supervision items.")
        )
    if status not in (SupervisionItem.Status.DONE, SupervisionItem.Status.CANCELLED):
        raise ValidationError({"status": _("Close an item as done or as cancelled.")})
    return _close(current, status=status, user=user, today=today)


def _close(item, *, status, user, today=None, username=None):
    if item.status != SupervisionItem.Status.OPEN:
        raise ValidationError(
            _("This item is already closed (%(status)s).") % {"status": item.get_status_display()}
        )
    item.status, item.closed_on = status, _today(today)
    _bump(item, ["status", "closed_on"])
    _workflow(user=user, instance=item, changes={"status": ["open", status]}, username=username)
    return item


@transaction.atomic
def node_add(*, user, item: SupervisionItem, data: dict) -> SupervisionNode:
    if not may_keep(user, item):
        raise PermissionDenied(_("Only the NDRC office and the pairing's coordinators add time nodes."))
    if item.status != SupervisionItem.Status.OPEN:
        raise ValidationError(_("This item is closed: it takes no new time nodes."))
    order = (item.nodes.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    node = instance_create(
        model=SupervisionNode,
        user=user,
        data={
            "item": item,
            "title": data.get("title", ""),
            "due_date": data.get("due_date"),
            "order": data.get("order") or order,
        },
    )
    SupervisionItem.objects.filter(pk=item.pk).refresh_open_due()
    return node


@transaction.atomic
def node_complete(*, user, node: SupervisionNode, note: str, today=None) -> SupervisionNode:
    """Mark a time node done, with a note of what was done: the assignee organisation's users or the item's
    keepers (the NDRC office, the pairing's coordinators)."""
    current = SupervisionNode.objects.select_for_update().select_related("item").get(pk=node.pk)
    item = current.item
    if not may_complete_nodes(user, item):
        raise PermissionDenied(
            _(
                "Only the users of %(org)s (the assignee), the pairing's coordinators and the NDRC "
                "office mark this item's time nodes done."
            )
            % {"org": item.assignee}
        )
    if item.status != SupervisionItem.Status.OPEN:
        raise ValidationError(_("This item is closed: its time nodes no longer change."))
    if current.done_on:
        raise ValidationError(
            _("This time node was already marked done on %(date)s.") % {"date": current.done_on}
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say in a note what was done to complete this time node.")})
    before = snapshot(current)
    current.done_on, current.done_note, current.done_by = _today(today), note, user
    _bump(current, ["done_on", "done_note", "done_by"])
    _workflow(user=user, instance=current, changes=diff(before, snapshot(current)))
    SupervisionItem.objects.filter(pk=item.pk).refresh_open_due()
    return current


# --- urging (催办) --------------------------------------------------------------------------------------------


def urge_recipients(item: SupervisionItem) -> list:
    """The users of the assignee organisation and the coordinators of the assignee's region."""
    users = list(item.assignee.users.filter(is_active=True))
    if item.assignee.region_id:
        users += list(users_with_roles(roles=[Role.COORDINATOR], regions=[item.assignee.region_id]))
    return users


@transaction.atomic
def item_urge(
    *, user, item: SupervisionItem, message: str, today=None, automatic: bool = False
) -> UrgingNotice:
    """Send an urging notice about an open item to its assignee: recorded, notified in the app (and by
    e-mail), audited. One per item and day."""
    today = _today(today)
    current = SupervisionItem.objects.select_for_update().select_related("assignee").get(pk=item.pk)
    if not automatic and not may_keep(user, current):
        raise PermissionDenied(_("Only the NDRC office and the pairing's coordinators send urging notices."))
    if current.status != SupervisionItem.Status.OPEN:
        raise ValidationError(
            _("This item is %(status)s: only open items are urged.")
            % {"status": current.get_status_display()}
        )
    earlier = UrgingNotice.objects.filter(item=current, sent_on=today).first()
    if earlier is not None:
        raise ValidationError(
            _(
                "This item was already urged today (at %(time)s): one urging notice a day is the "
                "limit; urge again tomorrow."
            )
            % {"time": timezone.localtime(earlier.sent_at).strftime("%H:%M")}
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write the urging message: what is late and what is expected.")})
    recipients = urge_recipients(current)
    try:
        with transaction.atomic():
            notice = UrgingNotice(
                item=current, sent_by=None if automatic else user, sent_on=today, message=message
            )
            notice.full_clean()
            notice.save()
    except IntegrityError:  # a concurrent urging of the same item on the same day
        raise ValidationError(_("This item was already urged today: one urging notice a day is the limit."))
    sent = notify(
        actor=None if automatic else user,
        recipients=recipients,
        kind=Notification.Kind.URGED,
        title=_("Urging notice (催办): %(title)s") % {"title": current.title},
        body=message,
        url=current.get_absolute_url(),
        key=f"supervision-urge:{notice.pk}",
    )
    notice.recipients = len(sent)
    notice.save(update_fields=["recipients"])
    audit_record(
        action=AuditAction.WORKFLOW,
        user=None if automatic else user,
        instance=notice,
        username=AUTOMATIC if automatic else None,
        changes={"urged": [None, current.pk], "message": [None, message], "recipients": [None, len(sent)]},
    )
    return notice


def urge_overdue(*, today=None) -> int:
    """Urge every open red item not urged in the last seven days (run daily; a second run the same day urges
    nothing new). Returns how many items were urged."""
    today = _today(today)
    since = today - datetime.timedelta(days=URGE_AGAIN_AFTER_DAYS - 1)
    pending = (
        SupervisionItem.objects.with_light(today=today)
        .filter(status=SupervisionItem.Status.OPEN, light=lights.RED)
        .exclude(urgings__sent_on__gte=since)
        .values_list("pk", "next_due")
        .distinct()
    )
    count = 0
    for pk, due in list(pending):
        item = SupervisionItem.objects.get(pk=pk)
        days = (today - due).days
        message = _(
            "Overdue for %(days)s day(s): the time node due on %(due)s is not done. Complete it and mark it "
            "done, or explain the delay to the supervising office."
        ) % {"days": days, "due": due}
        try:
            item_urge(user=None, item=item, message=message, today=today, automatic=True)
        except ValidationError:
            continue
        count += 1
    return count


# --- monthly snapshots ---------------------------------------------------------------------------------------


def month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    validate_month(month)
    year, number = int(month[:4]), int(month[5:])
    return datetime.date(year, number, 1), datetime.date(year, number, calendar.monthrange(year, number)[1])


def current_month(today=None) -> str:
    return _today(today).strftime("%Y-%m")


def previous_months(count: int, *, today=None) -> list[str]:
    """The last ``count`` months, oldest first, the current one last."""
    today = _today(today)
    year, month = today.year, today.month
    months = []
    for _i in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@transaction.atomic
def snapshot_take(*, month: str | None = None, today=None) -> int:
    """Count each pairing's supervision items by light as of the month's last day (as of today in the current
    month) and store it, replacing an earlier snapshot of the same month (idempotent). A past month is
    reconstructed from the node dates: what was open and due on that day. Returns the number of pairings."""
    today = _today(today)
    month = month or current_month(today)
    first, last = month_bounds(month)
    if first > today:
        raise ValidationError(
            {
                "month": _(
                    "%(month)s has not begun: a snapshot is taken of the current month or an earlier one."
                )
                % {"month": month}
            }
        )
    as_of = min(last, today)
    counts: dict[int, dict[str, int]] = {}
    rows = SupervisionItem.objects.with_light(today=as_of).exclude(light=lights.CANCELLED)
    for row in rows.order_by().values("pairing", "light").annotate(n=Count("pk")):
        counts.setdefault(row["pairing"], {})[row["light"]] = row["n"]
    pairings = list(Pairing.objects.values_list("pk", flat=True))
    for pk in pairings:
        values = {light: counts.get(pk, {}).get(light, 0) for light in lights.LIGHTS}
        LightSnapshot.objects.update_or_create(month=month, pairing_id=pk, defaults=values)
    return len(pairings)


# --- rectification (整改) -------------------------------------------------------------------------------------


def coordination_office(region) -> Organisation | None:
    """The coordination office of a region, to which a rectification item is assigned: among the region's
    government offices (kind "government"), the one whose name says 对口合作, else the development and reform
    commission (发展和改革), else the first registered. None when the region has no government office."""
    offices = list(
        Organisation.objects.filter(region=region, kind=Organisation.Kind.GOVERNMENT).order_by("id")
    )
    for marker in ("对口合作", "发展和改革"):
        for office in offices:
            if marker in office.name:
                return office
    return offices[0] if offices else None


def _require_ndrc(user, message):
    if not (getattr(user, "is_authenticated", False) and Role.NATIONAL_ADMIN in user.scope.roles):
        raise PermissionDenied(message)


def _coordinators(region_id):
    return list(users_with_roles(roles=[Role.COORDINATOR], regions=[region_id]))


@transaction.atomic
def rectification_issue(
    *, user, data: dict, items: list[dict], today=None, evaluation_round=None
) -> RectificationRequirement:
    """The NDRC office issues a rectification requirement to a pairing, with its items; each item is put under
    supervision (its deadline as the time node, assigned to the responsible side's coordination office) and
    the coordinators of the responsible sides are notified."""
    _require_ndrc(user, _("Only the NDRC office issues rectification requirements."))
    if not items:
        raise ValidationError({"items": _("A rectification requirement lists at least one item to rectify.")})
    requirement = instance_create(
        model=RectificationRequirement,
        user=user,
        data={**data, "issued_by": user, "issued_on": _today(today), "evaluation_round": evaluation_round},
    )
    regions = set()
    for number, values in enumerate(items, start=1):
        try:
            item = instance_create(
                model=RectificationItem, user=user, data={"requirement": requirement, **values}
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    "items": [
                        _("Item %(number)s: %(errors)s")
                        % {"number": number, "errors": " ".join(exc.messages)}
                    ]
                }
            )
        office = coordination_office(item.responsible_region)
        if office is None:
            raise ValidationError(
                {
                    "items": [
                        _(
                            "Item %(number)s: %(region)s has no coordination office registered (an organisation of kind "
                            "“government office” in that region), to which the item would be assigned for supervision. "
                            "Register it under Organisations, then issue the requirement."
                        )
                        % {"number": number, "region": item.responsible_region}
                    ]
                }
            )
        item_create(
            user=user,
            nodes=[{"title": _("Rectification deadline"), "due_date": item.deadline}],
            data={
                "title": item.title,
                "description": item.requirement_text,
                "pairing": requirement.pairing,
                "assignee": office,
                "rectification_item": item,
            },
        )
        regions.add(item.responsible_region_id)
    for region in sorted(regions):
        notify(
            actor=user,
            recipients=_coordinators(region),
            kind=Notification.Kind.RECTIFICATION_ISSUED,
            title=_("Rectification required (整改要求): %(title)s") % {"title": requirement.title},
            body=requirement.basis,
            url=requirement.get_absolute_url(),
        )
    _workflow(
        user=user, instance=requirement, changes={"issued": [None, [i.pk for i in requirement.items.all()]]}
    )
    return requirement


def may_answer(user, item: RectificationItem) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and Role.COORDINATOR in user.scope.roles
        and item.responsible_region_id in user.scope.region_codes
    )


@transaction.atomic
def rectification_answer(
    *, user, item: RectificationItem, measures: str, evidence: str = ""
) -> RectificationAnswer:
    """The coordinators of the responsible side answer an item: the measures taken and the evidence."""
    current = (
        RectificationItem.objects.select_for_update()
        .select_related("requirement", "responsible_region")
        .get(pk=item.pk)
    )
    if not may_answer(user, current):
        raise PermissionDenied(
            _("Only the coordinators of %(region)s answer this item: it is that side's to rectify.")
            % {"region": current.responsible_region}
        )
    if current.requirement.status != RectificationRequirement.Status.OPEN:
        raise ValidationError(_("This rectification requirement is closed."))
    if current.status == RectificationItem.Status.ANSWERED:
        raise ValidationError(_("This item is answered and awaits the NDRC office's decision."))
    if current.status == RectificationItem.Status.ACCEPTED:
        raise ValidationError(_("This item is accepted: it needs no further answer."))
    if not (measures or "").strip():
        raise ValidationError({"measures": _("Describe the measures taken to rectify this item.")})
    answer = instance_create(
        model=RectificationAnswer,
        user=user,
        data={
            "item": current,
            "measures": measures.strip(),
            "evidence": (evidence or "").strip(),
            "answered_by": user,
            "answered_at": timezone.now(),
        },
    )
    before = current.status
    current.status = RectificationItem.Status.ANSWERED
    _bump(current, ["status"])
    _workflow(user=user, instance=current, changes={"status": [before, current.status]})
    notify(
        actor=user,
        recipients=list(users_with_roles(roles=[Role.NATIONAL_ADMIN])),
        kind=Notification.Kind.RECTIFICATION_ANSWERED,
        title=_("Rectification answered: %(title)s") % {"title": current.title},
        body=answer.measures,
        url=current.requirement.get_absolute_url(),
    )
    return answer


@transaction.atomic
def rectification_decide(
    *, user, answer: RectificationAnswer, decision: str, note: str = "", today=None
) -> RectificationAnswer:
    """The NDRC office accepts an answer or sends it back with a note. Nobody decides on their own answer.
    An accepted item's supervision item is done; when every item is accepted the requirement closes."""
    _require_ndrc(user, _("Only the NDRC office decides on rectification answers."))
    current = (
        RectificationAnswer.objects.select_for_update().select_related("item__requirement").get(pk=answer.pk)
    )
    if current.answered_by_id == user.pk:
        raise PermissionDenied(
            _(
                "You gave this answer yourself: someone else at the NDRC office decides on it "
                "(nobody accepts their own answer)."
            )
        )
    if current.decision != RectificationAnswer.Decision.PENDING:
        raise ValidationError(
            _("This answer was already decided (%(decision)s).")
            % {"decision": current.get_decision_display()}
        )
    if decision not in (RectificationAnswer.Decision.ACCEPTED, RectificationAnswer.Decision.SENT_BACK):
        raise ValidationError({"decision": _("Accept the answer or send it back.")})
    note = (note or "").strip()
    if decision == RectificationAnswer.Decision.SENT_BACK and not note:
        raise ValidationError({"note": _("Say why the answer is sent back and what is still missing.")})
    current.decision, current.decided_by, current.decided_at, current.decision_note = (
        decision,
        user,
        timezone.now(),
        note,
    )
    _bump(current, ["decision", "decided_by", "decided_at", "decision_note"])
    _workflow(user=user, instance=current, changes={"decision": ["pending", decision]})
    item = RectificationItem.objects.select_for_update().get(pk=current.item_id)
    before = item.status
    item.status = (
        RectificationItem.Status.ACCEPTED
        if decision == RectificationAnswer.Decision.ACCEPTED
        else RectificationItem.Status.SENT_BACK
    )
    _bump(item, ["status"])
    _workflow(user=user, instance=item, changes={"status": [before, item.status]})
    requirement = item.requirement
    if item.status == RectificationItem.Status.SENT_BACK:
        notify(
            actor=user,
            recipients=_coordinators(item.responsible_region_id),
            kind=Notification.Kind.RECTIFICATION_SENT_BACK,
            title=_("Rectification sent back: %(title)s") % {"title": item.title},
            body=note,
            url=requirement.get_absolute_url(),
        )
        return current
    for linked in SupervisionItem.objects.select_for_update().filter(
        rectification_item=item, status=SupervisionItem.Status.OPEN
    ):
        _close(linked, status=SupervisionItem.Status.DONE, user=user, today=today)
    if not requirement.items.exclude(status=RectificationItem.Status.ACCEPTED).exists():
        requirement = RectificationRequirement.objects.select_for_update().get(pk=requirement.pk)
        requirement.status, requirement.closed_on = RectificationRequirement.Status.CLOSED, _today(today)
        _bump(requirement, ["status", "closed_on"])
        _workflow(user=user, instance=requirement, changes={"status": ["open", "closed"]})
        for linked in SupervisionItem.objects.select_for_update().filter(
            rectification_item__requirement=requirement, status=SupervisionItem.Status.OPEN
        ):
            _close(linked, status=SupervisionItem.Status.DONE, user=user, today=today)
    return current
