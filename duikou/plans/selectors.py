"""Reads for plans: a plan's content (for versions and comparison), lists with lights, the compliance
table of due plans, and the figures of an annual summary."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duikou.regions.models import KeyTask, Pairing

from . import lights
from .models import Indicator, IndicatorActual, Plan, PlanDueRule, PlanEvent, PlanItem, TimeNode


def plan_list_queryset():
    """Plans with their number of items: a correlated subquery, computed for the page's rows only (a
    join with GROUP BY would count the items of every plan before paginating)."""
    items = PlanItem.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk")).values("n")
    return Plan.objects.select_related("pairing__northeast", "pairing__east").annotate(
        item_count=Coalesce(Subquery(items), 0))


def plan_items(*, plan: Plan, today=None):
    """The plan's items in document order, with lights, key tasks, organisations and time nodes."""
    return (
        PlanItem.objects.filter(plan=plan).with_light(today=today)
        .select_related("key_task", "lead_organisation", "parent")
        .prefetch_related("supporting_organisations",
                          Prefetch("nodes", queryset=TimeNode.objects.with_light(today=today)))
        .order_by("number", "id")
    )


def item_tree(items) -> list[tuple[PlanItem, list[PlanItem]]]:
    """Top-level items, each with its children, keeping the given order."""
    items = list(items)
    children: dict[int, list[PlanItem]] = {}
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
    return [(item, children.get(item.pk, [])) for item in items if not item.parent_id]


def light_counts(items) -> dict[str, int]:
    counts = {light: 0 for light in lights.LIGHTS}
    for item in items:
        counts[item.light] += 1
    return counts


# --- content, versions, comparison -----------------------------------------------------------------------


def plan_content(*, plan: Plan) -> dict:
    """Everything that both sides confirm, as JSON: the text and every item with its nodes and targets."""
    items = (PlanItem.objects.filter(plan=plan).select_related("key_task", "lead_organisation", "parent")
             .prefetch_related("supporting_organisations", "nodes", "indicators").order_by("number", "id"))
    return {
        "title": plan.title,
        "kind": plan.kind,
        "period": plan.period_label,
        "document_number": plan.document_number,
        "sections": {name: getattr(plan, name) for name in Plan.SECTION_FIELDS},
        "items": [
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "parent": item.parent.number if item.parent_id else "",
                "key_task": item.key_task.code,
                "lead": item.lead_organisation.name,
                "supporting": sorted(o.name for o in item.supporting_organisations.all()),
                "description": item.description,
                "start_date": item.start_date.isoformat(),
                "due_date": item.due_date.isoformat(),
                "nodes": [{"title": n.title, "due_date": n.due_date.isoformat()} for n in item.nodes.all()],
                "indicators": [{"name": i.name, "unit": i.unit, "baseline": _num(i.baseline), "target": _num(i.target)}
                               for i in item.indicators.all()],
            }
            for item in items
        ],
    }


def _num(value):
    return None if value is None else str(value)


def _item_lines(item: dict) -> list[str]:
    key_task, lead, supporting = _("Key task"), _("Lead"), _("Supporting")
    lines = [f"{item['number']} {item['title']}".strip(),
             f"{key_task}: {item['key_task']} · {lead}: {item['lead']}",
             f"{supporting}: {'、'.join(item['supporting']) or '—'}",
             f"{item['start_date']} → {item['due_date']}"]
    if item["description"]:
        lines.append(item["description"])
    lines += [f"◇ {n['title']} ({n['due_date']})" for n in item["nodes"]]
    lines += [f"▲ {i['name']}: {i['baseline'] or '—'} → {i['target']} {i['unit']}" for i in item["indicators"]]
    return lines


@dataclass
class ComparedBlock:
    label: str
    status: str  # same / changed / added / removed
    left: list = field(default_factory=list)   # [(tag, text)] tag: "" | "del"
    right: list = field(default_factory=list)  # [(tag, text)] tag: "" | "ins"


def _compare_lines(label: str, a: list[str], b: list[str]) -> ComparedBlock:
    if a == b:
        return ComparedBlock(label, "same", [("", x) for x in a], [("", x) for x in b])
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left += [("", x) for x in a[i1:i2]]
            right += [("", x) for x in b[j1:j2]]
        else:
            left += [("del", x) for x in a[i1:i2]]
            right += [("ins", x) for x in b[j1:j2]]
    status = "added" if not a else "removed" if not b else "changed"
    return ComparedBlock(label, status, left, right)


def _text_lines(html: str) -> list[str]:
    text = strip_tags((html or "").replace("</p>", "\n").replace("<br>", "\n").replace("</li>", "\n"))
    return [line.strip() for line in text.splitlines() if line.strip()]


def compare_contents(a: dict, b: dict) -> list[ComparedBlock]:
    """Side-by-side comparison of two plan contents: the title, each section, then each item (matched by
    its identity, so a renumbered item is a change, not a removal and an addition)."""
    labels = {name: str(Plan._meta.get_field(name).verbose_name) for name in Plan.SECTION_FIELDS}
    blocks = [_compare_lines(_("Title and period"),
                             [a["title"], a["period"], a.get("document_number", "")],
                             [b["title"], b["period"], b.get("document_number", "")])]
    for name in Plan.SECTION_FIELDS:
        blocks.append(_compare_lines(labels[name], _text_lines(a["sections"].get(name, "")),
                                     _text_lines(b["sections"].get(name, ""))))
    a_items = {item["id"]: item for item in a["items"]}
    b_items = {item["id"]: item for item in b["items"]}
    order = [item["id"] for item in a["items"]] + [item["id"] for item in b["items"] if item["id"] not in a_items]
    for item_id in order:
        left, right = a_items.get(item_id), b_items.get(item_id)
        label = _("Item %(number)s") % {"number": (right or left)["number"] or "—"}
        blocks.append(_compare_lines(label, _item_lines(left) if left else [], _item_lines(right) if right else []))
    return blocks


# --- compliance: which required plans are due, late or missing ------------------------------------------


@dataclass
class DueState:
    pairing: Pairing
    rule: PlanDueRule
    year: int
    due: datetime.date
    plan: Plan | None
    state: str  # on_time, late, overdue, due_soon, open, draft_on_time

    LABELS = {
        "on_time": ("success", gettext_lazy("Submitted on time")),
        "late": ("warning", gettext_lazy("Submitted late")),
        "overdue": ("danger", gettext_lazy("Overdue: not submitted")),
        "due_soon": ("warning", gettext_lazy("Due soon")),
        "open": ("secondary", gettext_lazy("Not yet due")),
    }

    @property
    def css(self):
        return self.LABELS[self.state][0]

    @property
    def label(self):
        return self.LABELS[self.state][1]

    @property
    def days_late(self) -> int:
        if self.plan and self.plan.submitted_at and self.plan.status != Plan.Status.DRAFT:
            return max(0, (timezone.localdate(self.plan.submitted_at) - self.due).days)
        return max(0, (timezone.localdate() - self.due).days)


def due_state(*, rule: PlanDueRule, year: int, plan: Plan | None, today: datetime.date) -> str:
    due = rule.due_date(year)
    if plan is not None and plan.status != Plan.Status.DRAFT and plan.submitted_at is not None:
        return "on_time" if timezone.localdate(plan.submitted_at) <= due else "late"
    if due < today:
        return "overdue"
    if (due - today).days <= rule.remind_days:
        return "due_soon"
    return "open"


def plan_compliance(*, user, year: int, today: datetime.date | None = None) -> list[DueState]:
    """For every formal pairing the user sees and every required kind: is the year's plan in, late or
    missing? Three queries, whatever the number of pairings."""
    today = today or timezone.localdate()
    rules = [r for r in PlanDueRule.objects.filter(required=True) if year >= r.first_year]
    pairings = Pairing.objects.filter(status=Pairing.Status.FORMAL).select_related("northeast", "east")
    if not (user.scope.roles & {"national_admin", "national_reviewer"}):
        pairings = pairings.filter(pk__in=user.scope.pairing_ids)
    plans = {}
    for plan in Plan.objects.for_user(user, "view").filter(kind__in=[r.kind for r in rules], period_start=year):
        plans[(plan.pairing_id, plan.kind)] = plan
    rows = []
    for pairing in pairings:
        for rule in rules:
            plan = plans.get((pairing.pk, rule.kind))
            rows.append(DueState(pairing=pairing, rule=rule, year=year, due=rule.due_date(year), plan=plan,
                                 state=due_state(rule=rule, year=year, plan=plan, today=today)))
    return rows


# --- the annual summary's figures ------------------------------------------------------------------------


@dataclass
class KeyTaskRow:
    key_task: KeyTask
    items: int = 0
    completed: int = 0
    completed_late: int = 0
    overdue: int = 0
    in_progress: int = 0


@dataclass
class IndicatorRow:
    item: PlanItem
    indicator: Indicator
    actual: Decimal | None
    periods: str

    @property
    def attainment(self) -> Decimal | None:
        if self.actual is None or not self.indicator.target:
            return None
        if self.indicator.direction == Indicator.Direction.DECREASE:
            return (self.indicator.target / self.actual * 100).quantize(Decimal("0.1")) if self.actual else None
        return (self.actual / self.indicator.target * 100).quantize(Decimal("0.1"))


@dataclass
class SummaryFigures:
    pairing: Pairing
    year: int
    plans: list[Plan]
    by_key_task: list[KeyTaskRow]
    indicators: list[IndicatorRow]
    nodes_total: int
    nodes_met: int
    nodes_met_on_time: int
    nodes_missed: int
    items_total: int
    items_completed: int
    items_completed_late: int
    items_overdue: int

    @property
    def totals(self) -> KeyTaskRow:
        row = KeyTaskRow(key_task=None)
        for r in self.by_key_task:
            row.items += r.items
            row.completed += r.completed
            row.completed_late += r.completed_late
            row.overdue += r.overdue
            row.in_progress += r.in_progress
        return row


def summary_figures(*, pairing: Pairing, year: int, today: datetime.date | None = None,
                    plans: list[Plan] | None = None) -> SummaryFigures:
    """The year's figures of a pairing, from its plans of that year (annual plans, and phased or special
    plans whose period covers the year), or from the given ``plans`` only: items by key task, indicators
    against targets, time nodes. Counted over leaf items (a parent's figures are its children's). A fixed
    number of queries."""
    today = today or timezone.localdate()
    year_end = datetime.date(year, 12, 31)
    cutoff = min(today, year_end)
    if plans is None:
        plans = list(Plan.objects.filter(pairing=pairing, period_start__lte=year, period_end__gte=year)
                     .exclude(kind="summary").order_by("kind", "id"))
    items = list(
        PlanItem.objects.filter(plan__in=plans, children__isnull=True, due_date__year__lte=year)
        .exclude(due_date__lt=datetime.date(year, 1, 1), completed_on__lt=datetime.date(year, 1, 1))
        .select_related("key_task").order_by("key_task__code", "number", "id")
    )
    rows: dict[int, KeyTaskRow] = {}
    completed = completed_late = overdue = 0
    for item in items:
        row = rows.setdefault(item.key_task_id, KeyTaskRow(key_task=item.key_task))
        row.items += 1
        if item.completed_on and item.completed_on <= year_end:
            row.completed += 1
            completed += 1
            if item.completed_on > item.due_date:
                row.completed_late += 1
                completed_late += 1
        elif item.due_date < cutoff:
            row.overdue += 1
            overdue += 1
        else:
            row.in_progress += 1
    nodes = list(TimeNode.objects.filter(item__plan__in=plans, due_date__year=year))
    met = [n for n in nodes if n.completed_on and n.completed_on <= year_end]
    on_time = [n for n in met if n.completed_on <= n.due_date]
    missed = [n for n in nodes if not (n.completed_on and n.completed_on <= year_end) and n.due_date < cutoff]
    indicator_rows = []
    indicators = (Indicator.objects.filter(item__plan__in=plans).select_related("item")
                  .prefetch_related(Prefetch("actuals", queryset=IndicatorActual.objects.filter(
                      Q(period=str(year)) | Q(period__startswith=f"{year}-")).order_by("period"))))
    for indicator in indicators.order_by("item__number", "id"):
        actuals = list(indicator.actuals.all())
        yearly = [a for a in actuals if a.period == str(year)]
        chosen = yearly[0] if yearly else (actuals[-1] if actuals else None)
        indicator_rows.append(IndicatorRow(item=indicator.item, indicator=indicator,
                                           actual=chosen.value if chosen else None,
                                           periods=chosen.period if chosen else ""))
    return SummaryFigures(
        pairing=pairing, year=year, plans=plans,
        by_key_task=sorted(rows.values(), key=lambda r: [int(p) for p in r.key_task.code.split(".")]),
        indicators=indicator_rows,
        nodes_total=len(nodes), nodes_met=len(met), nodes_met_on_time=len(on_time), nodes_missed=len(missed),
        items_total=len(items), items_completed=completed, items_completed_late=completed_late, items_overdue=overdue,
    )


def pairing_plans(*, user, pairing: Pairing, today=None) -> list[tuple[Plan, dict[str, int]]]:
    """The pairing's plans the user sees, newest first, each with its items counted by light (2 queries)."""
    plans = list(Plan.objects.for_user(user, "view").filter(pairing=pairing).order_by("-period_end", "kind", "id"))
    counts: dict[int, dict[str, int]] = {plan.pk: {light: 0 for light in lights.LIGHTS} for plan in plans}
    rows = (PlanItem.objects.filter(plan__in=plans).with_light(today=today).order_by()
            .values("plan", "light").annotate(n=Count("pk")))
    for row in rows:
        counts[row["plan"]][row["light"]] = row["n"]
    return [(plan, counts[plan.pk]) for plan in plans]


@dataclass
class PlanInbox:
    to_confirm: list
    to_submit: list
    returned: list
    to_acknowledge: list
    overdue_items: int

    @property
    def empty(self) -> bool:
        return not (self.to_confirm or self.to_submit or self.returned or self.to_acknowledge or self.overdue_items)


def plan_inbox(*, user, limit: int = 10) -> PlanInbox:
    """What waits for this user on the workbench: plans to confirm, submit or rework (coordinators),
    plans to acknowledge (the NDRC office), and overdue items in the user's scope. A fixed number of
    queries."""
    visible = Plan.objects.for_user(user, "view").select_related("pairing__northeast", "pairing__east")
    drafts = []
    if "coordinator" in user.scope.roles:
        drafts = list(visible.filter(status=Plan.Status.DRAFT).order_by("-updated_at")[:200])
    to_confirm, to_submit = [], []
    codes = user.scope.region_codes
    for plan in drafts:
        side = "northeast" if plan.pairing.northeast_id in codes else "east" if plan.pairing.east_id in codes else None
        if side is None:
            continue
        if plan.northeast_confirmed and plan.east_confirmed:
            to_submit.append(plan)
        elif not getattr(plan, f"{side}_confirmed"):
            to_confirm.append(plan)
    returned_ids = set(PlanEvent.objects.filter(plan__in=[p.pk for p in drafts], action=PlanEvent.Action.RETURNED)
                       .values_list("plan_id", flat=True)) if drafts else set()
    to_acknowledge = []
    if "national_admin" in user.scope.roles:
        to_acknowledge = list(visible.filter(status=Plan.Status.SUBMITTED).order_by("submitted_at")[:limit])
    overdue = PlanItem.objects.for_user(user, "view").with_light().filter(light=lights.RED).count()
    return PlanInbox(to_confirm=to_confirm[:limit], to_submit=to_submit[:limit],
                     returned=[p for p in drafts if p.pk in returned_ids][:limit],
                     to_acknowledge=to_acknowledge, overdue_items=overdue)
