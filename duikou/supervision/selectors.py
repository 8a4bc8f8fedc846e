"""Reads for supervision: lists with lights (computed in SQL), the overdue board grouped by pairing and
assignee, the light counts, and the monthly trend. Each read is scoped with ``for_user`` and runs a number of
queries that does not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone

from . import lights
from .models import (
    LightSnapshot,
    RectificationAnswer,
    RectificationItem,
    RectificationRequirement,
    SupervisionItem,
    SupervisionNode,
    UrgingNotice,
)
from .services import previous_months

ITEM_RELATED = ("pairing__northeast", "pairing__east", "assignee")


def item_list(*, user, queryset=None, today=None):
    """The items the user sees, each with ``light``, ``next_due`` and ``last_urged_at`` (no query per row)."""
    queryset = SupervisionItem.objects.all() if queryset is None else queryset
    return (
        queryset.for_user(user, "view")
        .with_light(today=today)
        .with_last_urged()
        .select_related(*ITEM_RELATED)
    )


def item_with_nodes(*, user, queryset=None, today=None):
    """``item_list`` with the nodes prefetched (one more query for the whole page)."""
    return item_list(user=user, queryset=queryset, today=today).prefetch_related(
        Prefetch("nodes", queryset=SupervisionNode.objects.order_by("order", "due_date", "id"))
    )


def light_counts(items) -> dict[str, int]:
    """Open items counted by light, in one query."""
    counts = {light: 0 for light in lights.SUPERVISED}
    for row in (
        items.filter(status=SupervisionItem.Status.OPEN).order_by().values("light").annotate(n=Count("pk"))
    ):
        counts[row["light"]] = row["n"]
    return counts


@dataclass
class AssigneeGroup:
    assignee: object
    items: list = field(default_factory=list)


@dataclass
class PairingGroup:
    pairing: object
    assignees: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.assignees)


def overdue_items(*, user, today=None, pairing=None):
    today = today or timezone.localdate()
    items = item_list(user=user, today=today).filter(
        status=SupervisionItem.Status.OPEN, light__in=[lights.RED, lights.YELLOW]
    )
    if pairing is not None:
        items = items.filter(pairing=pairing)
    return items.order_by(
        "-pairing__tier",  # province pairings first, as everywhere
        "pairing__northeast_id",
        "pairing__east_id",
        "assignee__name",
        "assignee_id",
        "next_due",
        "id",
    )


def overdue_board(*, user, today=None, pairing=None) -> list[PairingGroup]:
    """Red and yellow open items, grouped by pairing then by assignee, each with ``days_overdue``."""
    today = today or timezone.localdate()
    return overdue_groups(overdue_items(user=user, today=today, pairing=pairing), today=today)


def overdue_groups(items, *, today) -> list[PairingGroup]:
    """``items`` (in the board's order: a page of them, or all) grouped by pairing, then by assignee."""
    groups: list[PairingGroup] = []
    for item in items:
        item.days_overdue = max((today - item.next_due).days, 0) if item.next_due else 0
        if not groups or groups[-1].pairing.pk != item.pairing_id:
            groups.append(PairingGroup(pairing=item.pairing))
        assignees = groups[-1].assignees
        if not assignees or assignees[-1].assignee.pk != item.assignee_id:
            assignees.append(AssigneeGroup(assignee=item.assignee))
        assignees[-1].items.append(item)
    return groups


@dataclass
class TrendRow:
    pairing: object
    months: list  # of (month, snapshot or None)

    @property
    def peak(self) -> int:
        return max([s.total for _m, s in self.months if s is not None] or [0])


def trend(*, user, months: int = 12, today=None) -> tuple[list[str], list[TrendRow]]:
    """For each pairing in the user's scope with snapshots, its last ``months`` months (oldest first)."""
    wanted = previous_months(months, today=today)
    snapshots = (
        LightSnapshot.objects.for_user(user, "view")
        .filter(month__in=wanted)
        .select_related("pairing__northeast", "pairing__east")
        .order_by("-pairing__tier", "pairing__northeast_id", "pairing__east_id", "month")
    )
    rows: list[TrendRow] = []
    by_month: dict[str, LightSnapshot] = {}
    current = None
    for snap in snapshots:
        if current is None or current.pk != snap.pairing_id:
            if current is not None:
                rows.append(TrendRow(pairing=current, months=[(m, by_month.get(m)) for m in wanted]))
            current, by_month = snap.pairing, {}
        by_month[snap.month] = snap
    if current is not None:
        rows.append(TrendRow(pairing=current, months=[(m, by_month.get(m)) for m in wanted]))
    return wanted, rows


def urging_list(*, user, item):
    return UrgingNotice.objects.for_user(user, "view").filter(item=item).select_related("sent_by")


def rectification_list(*, user, queryset=None):
    queryset = RectificationRequirement.objects.all() if queryset is None else queryset
    return (
        queryset.for_user(user, "view")
        .select_related("pairing__northeast", "pairing__east", "issued_by")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-issued_on", "-id")
    )


def rectification_with_items(*, user, queryset=None):
    answers = RectificationAnswer.objects.select_related("answered_by", "decided_by").order_by(
        "answered_at", "id"
    )
    items = (
        RectificationItem.objects.select_related("responsible_region")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("id")
    )
    return rectification_list(user=user, queryset=queryset).prefetch_related(
        Prefetch("items", queryset=items)
    )
