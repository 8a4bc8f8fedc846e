"""Reads for supervision: lists with lights (computed in SQL), the overdue board grouped by pairing and
assignee, the light counts, and the monthly trend. Each read is scoped with ``for_user`` and runs a number of
queries that does not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
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


@dataclass
class RequirementRound:
    """The evaluation round a rectification requirement came from, as far as the user sees it: the round
    (every business role reads rounds) and the URL of the pairing's breakdown in it (only when the user may
    see the pairing's scores there: the NDRC office and the national reviewer, or the pairing once the
    office published its scores to it)."""

    round: object
    breakdown_url: str | None


def requirement_round(*, user, requirement) -> RequirementRound | None:
    """Two queries at most; ``None`` when the requirement came from no round or the user does not see it."""
    from django.urls import reverse

    from duikou.evaluation.models import EvaluationRound, IndicatorScore

    if not requirement.evaluation_round_id:
        return None
    round_ = EvaluationRound.objects.for_user(user, "view").filter(pk=requirement.evaluation_round_id).first()
    if round_ is None:
        return None
    scored = (
        IndicatorScore.objects.for_user(user, "view")
        .filter(round=round_, pairing_id=requirement.pairing_id)
        .exists()
    )
    return RequirementRound(
        round=round_,
        breakdown_url=reverse("evaluation:round_breakdown", args=[round_.pk, requirement.pairing_id])
        if scored
        else None,
    )


# --- choosing a source record on the create form ---------------------------------------------------------------

SOURCE_MATCH_LIMIT = 20


@dataclass
class SourceMatches:
    """At most ``SOURCE_MATCH_LIMIT`` records matching a search, and whether more do (then: refine it)."""

    field: str
    query: str
    records: list
    more: bool
    chosen_matches: bool = False  # the record already chosen matches too (it is shown above, not here)


def _terms(query: str) -> list[str]:
    return [term for term in (query or "").split() if term][:5]


def _matching(queryset, query: str, lookups: tuple[str, ...]):
    """Every word of ``query`` matches one of ``lookups`` (case-insensitive), or a word of digits is the
    record's id."""
    for term in _terms(query):
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{lookup: term})
        if term.isdigit() and len(term) < 12:
            condition |= Q(pk=int(term))
        queryset = queryset.filter(condition)
    return queryset


def plan_item_choices(*, user):
    """The plan items the user may choose as a source: those it sees (a completed one is refused by the
    service with its completion date). The create form validates a chosen id against it."""
    from duikou.plans.models import PlanItem

    return PlanItem.objects.for_user(user, "view").select_related(
        "plan__pairing__northeast", "plan__pairing__east", "lead_organisation"
    )


def request_choices(*, user):
    """The coordination requests the user may choose as a source: those it sees (a closed one is refused by
    the service)."""
    from duikou.projects.models import CoordinationRequest

    return CoordinationRequest.objects.for_user(user, "view").select_related(
        "pairing__northeast", "pairing__east", "project", "park"
    )


def source_matches(*, user, field: str, query: str, exclude: int | None = None) -> SourceMatches:
    """Search the records the user sees for a source to supervise: open plan items by number, title or plan
    title, or open coordination requests by title, project title or national project code, or park name; a
    number matches the record's id too. Scoped like every list (``for_user``); the newest first, so a common
    word stops at the first matches instead of sorting them all; at most ``SOURCE_MATCH_LIMIT`` rows, in two
    queries (the matches, then which of them are already supervised) however many records there are. An
    empty query matches nothing; ``exclude`` (the record already chosen, shown above the matches) is left
    out of them."""
    from duikou.projects.models import CoordinationRequest

    if not _terms(query):
        return SourceMatches(field=field, query="", records=[], more=False)
    if field == "plan_item":
        queryset = _matching(
            plan_item_choices(user=user).filter(completed_on__isnull=True),
            query,
            ("number__istartswith", "title__icontains", "plan__title__icontains"),
        ).order_by("-id")
    elif field == "coordination_request":
        queryset = _matching(
            request_choices(user=user).exclude(status=CoordinationRequest.Status.CLOSED),
            query,
            (
                "title__icontains",
                "project__title__icontains",
                "project__national_code__icontains",
                "park__name__icontains",
            ),
        ).order_by("-id")
    else:
        raise ValueError(field)
    rows = list(queryset[: SOURCE_MATCH_LIMIT + 2])
    supervised = dict(
        SupervisionItem.objects.filter(**{f"{field}__in": [row.pk for row in rows]})
        .exclude(status=SupervisionItem.Status.CANCELLED)
        .order_by(field, "created_at", "id")
        .values_list(field, "pk")
    )  # on the rows shown only: as a subquery, SQLite would compute it for every matching row
    for row in rows:
        row.supervised_by = supervised.get(row.pk)
    kept = [row for row in rows if row.pk != exclude]
    return SourceMatches(
        field=field,
        query=query,
        records=kept[:SOURCE_MATCH_LIMIT],
        more=len(kept) > SOURCE_MATCH_LIMIT,
        chosen_matches=len(kept) < len(rows),
    )
