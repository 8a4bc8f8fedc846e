"""Supervision of the synthetic programme (issue #6), added by ``bench/generate.py`` after people and exchanges:
supervision items with their time nodes, urging notices, and twelve months of light snapshots per pairing.

Written as ``generate_projects`` writes: rows decided in memory, checked with their field validators and ``clean()``
(the sources are stand-ins carrying their key and pairing, so ``clean()`` asks no query), then written in batches
with explicit primary keys (COPY on PostgreSQL). Deterministic (its own random generator), and as of ``AS_OF``:
nothing is created, done, closed or urged later; the due dates of the open items' time nodes spread on both sides
of it, so that on the day of a run (the pages' "today") red, yellow and green items all occur.

A third of the items supervise a plan item of their pairing (its title, lead organisation, open time nodes and due
date, as ``services.item_from_plan_item`` takes them), a tenth a coordination request not closed (one node, its
answer due date, assigned as ``services.item_from_request`` assigns), the rest are entered by hand. The monthly
snapshots are the lights each pairing's items had at each month's end, reconstructed by ``lights.item_light``
from the node dates (as ``manage.py supervision_snapshot`` reconstructs a past month)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from duikou.accounts.models import Organisation, User
from duikou.plans.models import Plan, PlanItem, TimeNode
from duikou.projects.models import CoordinationRequest
from duikou.regions.models import Pairing
from duikou.supervision import lights
from duikou.supervision.models import LightSnapshot, SupervisionItem, SupervisionNode, UrgingNotice

from .generate_projects import (
    AS_OF,
    LIBRARY_PAIRING,
    Library,
    _at,
    _chunks,
    _day_between,
    _next_ids,
    _pairing_name,
    _write,
)

SUPERVISION_MODELS = [SupervisionItem, SupervisionNode, UrgingNotice, LightSnapshot]
COUNTED_MODELS = [SupervisionItem, SupervisionNode, UrgingNotice, LightSnapshot]
FIRST_DAY = datetime.date(2018, 1, 1)
PLAN_ITEM_SHARE, REQUEST_SHARE = 1 / 3, 0.10  # of the items: from a plan item, from a coordination request
LIBRARY_SHARE = 0.08  # of the items entered by hand: on LIBRARY_PAIRING (辽宁–江苏), as the projects
STATUS_WEIGHTS = {SupervisionItem.Status.OPEN: 62, SupervisionItem.Status.DONE: 30, SupervisionItem.Status.CANCELLED: 8}
OVERDUE_SHARE = 0.2  # of the open items, the first open time node already past due on AS_OF
AHEAD_DAYS = 540  # the others' first open node is due within this many days after AS_OF
PLAN_WINDOW = (datetime.timedelta(days=365), datetime.timedelta(days=AHEAD_DAYS))  # plan items due around AS_OF
OPEN_PLAN_ITEM_SHARE = 0.7  # of the items from plan items, at most: from plan items not completed (the rest done)
URGED_SHARE = 0.6  # of the items overdue on AS_OF, urged one to three times
SNAPSHOT_MONTHS = 12  # ending with AS_OF's month
TOPICS = ("园区共建推进", "重大项目落地", "干部挂职交流", "营商环境改革", "产业链对接", "科技成果转化", "合作协议落实",
          "对口合作联席会议议定事项")
NODE_TITLES = ("制定工作方案", "完成阶段任务", "形成阶段成果", "完成年度目标")
ITEM_DONE = "事项完成"  # services.item_from_plan_item's last node (its English source: "Item completed")
REQUEST_ANSWERED = "请求答复"  # services.item_from_request's node ("Request answered")
PLAN_ITEM_TEXT = "基准测试数据：由 bench/generate.py 生成。"


@dataclass
class _Draft:
    item: SupervisionItem
    nodes: list[tuple[str, datetime.date, datetime.date | None]]  # title, due, done on
    created: datetime.date
    first_overdue: datetime.date | None = None  # the first open node's due date, if past on AS_OF
    saved_nodes: list[SupervisionNode] = field(default_factory=list)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _done_on(rng: random.Random, due: datetime.date, created: datetime.date) -> datetime.date:
    return min(max(due + _days(rng.randint(-15, 10)), created), AS_OF)


def _created(rng: random.Random, first_due: datetime.date, *, ahead: int) -> datetime.date:
    """The day an item was put under supervision: 15 to ``ahead`` days before its first node, within the year
    before AS_OF when that node is later (so the items of far nodes are not all created on AS_OF)."""
    return max(FIRST_DAY, min(first_due - _days(rng.randint(15, ahead)), AS_OF - _days(rng.randint(0, 365))))


def _schedule(rng: random.Random, *, status: str, count: int) -> tuple[datetime.date, list, datetime.date | None,
                                                                        datetime.date | None]:
    """``count`` time nodes (title, due, done on), the day the item was created, the day it was closed (done or
    cancelled) and, for an open item overdue on AS_OF, the due date of its first open node."""
    titles = [NODE_TITLES[min(i, len(NODE_TITLES) - 1)] for i in range(count)]
    if status == SupervisionItem.Status.DONE:  # every node done by AS_OF, the last one within 18 months
        dues = [AS_OF - _days(rng.randint(0, AHEAD_DAYS))]
        for _ in range(count - 1):
            dues.insert(0, dues[0] - _days(rng.randint(20, 90)))
        created = max(FIRST_DAY, dues[0] - _days(rng.randint(15, 120)))
        nodes = [(title, due, _done_on(rng, due, created)) for title, due in zip(titles, dues, strict=True)]
        closed = min(AS_OF, max(done for _t, _d, done in nodes) + _days(rng.randint(0, 5)))
        return created, nodes, closed, None
    overdue = rng.random() < OVERDUE_SHARE
    first_open = AS_OF - _days(rng.randint(1, 120)) if overdue else AS_OF + _days(rng.randint(0, AHEAD_DAYS))
    done_before = rng.randint(0, count - 1)
    dues = [first_open]
    for _ in range(done_before):
        dues.insert(0, dues[0] - _days(rng.randint(20, 90)))
    for _ in range(count - 1 - done_before):
        dues.append(dues[-1] + _days(rng.randint(20, 120)))
    created = _created(rng, dues[0], ahead=120)
    nodes = [(title, due, _done_on(rng, due, created) if i < done_before else None)
             for i, (title, due) in enumerate(zip(titles, dues, strict=True))]
    if status == SupervisionItem.Status.CANCELLED:
        closed = _day_between(rng, created, AS_OF)
        return created, [(t, d, done if done and done <= closed else None) for t, d, done in nodes], closed, None
    return created, nodes, None, first_open if overdue else None


@dataclass
class _Context:
    rng: random.Random
    library: Library
    national: User
    organisations: dict[int, Organisation]
    pairings: dict[int, Pairing]
    item_ids: object
    serial: int = 0

    def creator(self, pairing: Pairing) -> User:
        r = self.rng.random()
        return self.national if r < 0.4 else self.library.coordinators[pairing.sides[0 if r < 0.75 else 1]]

    def completer(self, pairing: Pairing, assignee: Organisation) -> User:
        side = pairing.side_of(assignee.region) if assignee.region_id else None
        return self.library.coordinators[side or pairing.northeast_id]

    def draft(self, *, pairing: Pairing, assignee: Organisation, title: str, description: str, status: str,
              created: datetime.date, nodes: list, closed: datetime.date | None, overdue: datetime.date | None,
              **source) -> _Draft:
        self.serial += 1
        moment = _at(created, self.rng)
        item = SupervisionItem(
            id=next(self.item_ids), title=title[:200], description=description, pairing=pairing, assignee=assignee,
            status=status, closed_on=closed, created_by=self.creator(pairing), created_at=moment,
            updated_at=_at(closed, self.rng) if closed else moment, version=2 if closed else 1, **source)
        return _Draft(item=item, nodes=nodes, created=created, first_overdue=overdue)


def _status(rng: random.Random) -> str:
    return rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]


def _from_plan_items(ctx: _Context, *, wanted: int) -> list[_Draft]:
    """Plan items of the pairings due within a year before AS_OF to 18 months after, without sub-items: open ones
    (OPEN_PLAN_ITEM_SHARE at most; their open nodes due before the item, then the item's due date), and completed
    ones supervised while open (done: every node done by the day the item was completed)."""
    rng = ctx.rng
    candidates = list(PlanItem.objects.filter(
        plan__pairing_id__in=list(ctx.pairings), children__isnull=True,
        due_date__range=(AS_OF - PLAN_WINDOW[0], AS_OF + PLAN_WINDOW[1]),
    ).order_by("pk").values_list("pk", "plan_id", "plan__pairing_id", "title", "lead_organisation_id", "due_date",
                                 "completed_on"))
    open_ones = [row for row in candidates if row[-1] is None]
    completed = [row for row in candidates if row[-1] is not None]
    chosen = rng.sample(open_ones, k=min(round(wanted * OPEN_PLAN_ITEM_SHARE), len(open_ones)))
    chosen = sorted(chosen + rng.sample(completed, k=min(wanted - len(chosen), len(completed))))
    nodes: dict[int, list] = {}
    for chunk in _chunks([row[0] for row in chosen], 900):
        for item_id, title, due, met in (TimeNode.objects.filter(item_id__in=chunk).order_by("item_id", "due_date", "pk")
                                         .values_list("item_id", "title", "due_date", "completed_on")):
            nodes.setdefault(item_id, []).append((title, due, met))
    drafts = []
    for pk, plan_id, pairing_id, title, lead_id, due, completed in chosen:
        pairing, lead = ctx.pairings[pairing_id], ctx.organisations[lead_id]
        source = PlanItem(pk=pk, plan=Plan(pk=plan_id, pairing_id=pairing_id))  # what clean() reads, no query
        before = [(t, d, m) for t, d, m in nodes.get(pk, []) if d < due][:3]
        if completed is not None:
            status, closed = SupervisionItem.Status.DONE, completed
            steps = [(t, d, m or completed) for t, d, m in before] + [(ITEM_DONE, due, completed)]
        else:
            status = SupervisionItem.Status.CANCELLED if rng.random() < 0.05 else SupervisionItem.Status.OPEN
            steps = [(t, d, None) for t, d, m in before if m is None] + [(ITEM_DONE, due, None)]
            closed = None
        first = min(d for _t, d, _m in steps)
        created = _created(rng, first, ahead=150)
        if completed is not None:
            created = min(created, completed)
            steps = [(t, d, max(m, created)) for t, d, m in steps]
        if status == SupervisionItem.Status.CANCELLED:
            closed = _day_between(rng, created, AS_OF)
        overdue = first if status == SupervisionItem.Status.OPEN and first < AS_OF else None
        drafts.append(ctx.draft(pairing=pairing, assignee=lead, title=title, description=PLAN_ITEM_TEXT, status=status,
                                created=created, nodes=steps, closed=closed, overdue=overdue, plan_item=source))
    return drafts


def _from_requests(ctx: _Context, *, wanted: int) -> list[_Draft]:
    """Coordination requests not closed, assigned to the organisation of the officer they are routed to, else the
    project's host or the park's operator (on a side of the pairing); one node, the answer due date: answered
    requests are done items (the node done the day of the answer), the others open."""
    rng = ctx.rng
    candidates = list(CoordinationRequest.objects.filter(pairing_id__in=list(ctx.pairings))
                      .exclude(status=CoordinationRequest.Status.CLOSED).order_by("pk")
                      .values_list("pk", "pairing_id", "title", "description", "officer__organisation_id",
                                   "project__host_organisation_id", "park__operator_id", "due_on", "answered_at",
                                   "created_at"))
    drafts = []
    for pk, pairing_id, title, description, officer_org, host, operator, due, answered, raised in sorted(
            rng.sample(candidates, k=min(wanted, len(candidates)))):
        pairing = ctx.pairings[pairing_id]
        options = [ctx.organisations.get(org_id) for org_id in (officer_org, host or operator) if org_id]
        assignee = next((org for org in options if org is not None and pairing.admits(org)), None)
        if assignee is None:
            continue
        created = min(AS_OF, raised.date() + _days(rng.randint(1, 10)))
        if answered is not None:
            answer_day = max(created, answered.date())
            status, closed = SupervisionItem.Status.DONE, min(AS_OF, answer_day + _days(rng.randint(0, 7)))
            steps = [(REQUEST_ANSWERED, due, answer_day)]
        else:
            status = SupervisionItem.Status.CANCELLED if rng.random() < 0.05 else SupervisionItem.Status.OPEN
            closed = _day_between(rng, created, AS_OF) if status == SupervisionItem.Status.CANCELLED else None
            steps = [(REQUEST_ANSWERED, due, None)]
        overdue = due if status == SupervisionItem.Status.OPEN and due < AS_OF else None
        drafts.append(ctx.draft(pairing=pairing, assignee=assignee, title=title, description=description,
                                status=status, created=created, nodes=steps, closed=closed, overdue=overdue,
                                coordination_request=CoordinationRequest(pk=pk, pairing_id=pairing_id)))
    return drafts


def _by_hand(ctx: _Context, *, wanted: int) -> list[_Draft]:
    """Items entered by hand: a pairing (LIBRARY_SHARE on 辽宁–江苏), assigned to a side's coordination office or
    another organisation of either side; 1–4 nodes scheduled by ``_schedule``."""
    rng, library = ctx.rng, ctx.library
    by_sides = {(p.northeast_id, p.east_id): p for p in library.pairings}
    drafts = []
    for _ in range(wanted):
        pairing = (by_sides[LIBRARY_PAIRING] if rng.random() < LIBRARY_SHARE
                   else library.pairings[rng.randrange(len(library.pairings))])
        if rng.random() < 0.5 or not library.organisations[pairing.pk]:
            assignee = ctx.organisations[library.coordinators[rng.choice(pairing.sides)].organisation_id]
        else:
            assignee = rng.choice(library.organisations[pairing.pk])
        status = _status(rng)
        created, nodes, closed, overdue = _schedule(rng, status=status, count=rng.randint(1, 4))
        topic = rng.choice(TOPICS)
        drafts.append(ctx.draft(pairing=pairing, assignee=assignee, status=status, created=created, nodes=nodes,
                                closed=closed, overdue=overdue,
                                title=f"{_pairing_name(pairing)}{topic}督办事项（基准{ctx.serial + 1:06d}）",
                                description=f"督促{assignee.name}按时间节点推进{topic}。（基准测试数据）"))
    return drafts


def _nodes(ctx: _Context, drafts: list[_Draft]) -> list[SupervisionNode]:
    ids, rows = _next_ids(SupervisionNode), []
    for draft in drafts:
        item = draft.item
        for order, (title, due, done) in enumerate(draft.nodes, start=1):
            node = SupervisionNode(
                id=next(ids), item=item, title=title, due_date=due, done_on=done, order=order,
                done_note="已按节点要求完成。（基准）" if done else "",
                done_by=ctx.completer(item.pairing, item.assignee) if done else None,
                created_at=item.created_at, updated_at=_at(done, ctx.rng) if done else item.created_at,
                version=2 if done else 1)
            draft.saved_nodes.append(node)
            rows.append(node)
    return rows


def _urgings(ctx: _Context, drafts: list[_Draft]) -> list[UrgingNotice]:
    """Items overdue on AS_OF: URGED_SHARE of them urged one to three times (distinct days after the due date), by
    the NDRC office, a coordinator of the pairing, or the daily automatic run."""
    rng, ids, rows = ctx.rng, _next_ids(UrgingNotice), []
    for draft in drafts:
        due = draft.first_overdue
        if due is None or rng.random() >= URGED_SHARE:
            continue
        span = (AS_OF - due).days
        for offset in sorted(rng.sample(range(1, span + 1), k=min(span, rng.randint(1, 3)))):
            day = due + _days(offset)
            r = rng.random()
            sent_by = None if r < 0.5 else ctx.national if r < 0.75 else ctx.library.coordinators[draft.item.pairing.northeast_id]
            rows.append(UrgingNotice(
                id=next(ids), item=draft.item, sent_by=sent_by, sent_at=_at(day, rng), sent_on=day,
                recipients=rng.randint(1, 4),
                message=f"逾期{offset}天：{due}到期的时间节点尚未完成，请抓紧办理并标记完成，或向督办部门说明原因。（基准）"))
    return rows


def _month_ends() -> list[tuple[str, datetime.date]]:
    months, year, month = [], AS_OF.year, AS_OF.month
    for _ in range(SNAPSHOT_MONTHS):
        first = datetime.date(year, month, 1)
        last = (first.replace(day=28) + _days(4)).replace(day=1) - _days(1)
        months.append((f"{year:04d}-{month:02d}", min(last, AS_OF)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _snapshots(ctx: _Context, drafts: list[_Draft]) -> list[LightSnapshot]:
    """Each pairing's items by light at each of the last SNAPSHOT_MONTHS months' ends (items created by then;
    cancelled ones not counted), by the platform's own rule."""
    ids, rows = _next_ids(LightSnapshot), []
    for month, as_of in _month_ends():
        counts: dict[int, dict[str, int]] = {}
        for draft in drafts:
            if draft.created > as_of:
                continue
            light = lights.item_light(draft.item, today=as_of, nodes=draft.saved_nodes)
            if light != lights.CANCELLED:
                per = counts.setdefault(draft.item.pairing_id, {})
                per[light] = per.get(light, 0) + 1
        taken = datetime.datetime.combine(as_of, datetime.time(15, 30), tzinfo=datetime.UTC)  # 23:30 in Beijing
        for pk in sorted(ctx.pairings):
            values = {light: counts.get(pk, {}).get(light, 0) for light in lights.LIGHTS}
            rows.append(LightSnapshot(id=next(ids), month=month, pairing_id=pk, taken_at=taken, **values))
    return rows


def add_supervision(*, scale, rng: random.Random, library: Library, national: User) -> dict[str, int]:
    """``scale.supervision_items`` items: PLAN_ITEM_SHARE from plan items, REQUEST_SHARE from coordination
    requests (fewer if there are not enough), the rest by hand; their nodes, urgings and monthly snapshots."""
    pairings = {p.pk: p for p in Pairing.objects.select_related("northeast", "east")}
    ctx = _Context(rng=rng, library=library, national=national, pairings=pairings,
                   organisations={o.pk: o for o in Organisation.objects.select_related("region")},
                   item_ids=_next_ids(SupervisionItem))
    total = scale.supervision_items
    drafts = _from_plan_items(ctx, wanted=round(total * PLAN_ITEM_SHARE))
    drafts += _from_requests(ctx, wanted=round(total * REQUEST_SHARE))
    drafts += _by_hand(ctx, wanted=total - len(drafts))
    items = _write(SupervisionItem, [d.item for d in drafts])
    nodes = _write(SupervisionNode, _nodes(ctx, drafts))
    SupervisionItem.objects.all().refresh_open_due()  # as the node services do, for every generated item
    urgings = _write(UrgingNotice, _urgings(ctx, drafts))
    snapshots = _write(LightSnapshot, _snapshots(ctx, drafts))
    return {"items": items, "nodes": nodes, "urgings": urgings, "snapshots": snapshots}
