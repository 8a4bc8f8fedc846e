"""The key-task coverage matrix (issue #7, point 3): the pairings a user sees × the 18 key tasks of
国办发〔2017〕22号 (in their four groups), each cell counting the work that stands under the task, so the
gaps show at a glance; and the records behind one cell.

The matrix counts the records themselves (grouped, one query per kind), not the dashboard's monthly
aggregates, because it is about the work standing under a task during the period rather than about a flow
of months. Counting bases:

* plan items: the items of the pairing's plans open during the period (started by its end and due on or
  after its start: an item of a three-year plan is work under its task every year), with their light today
  as the plans compute it in SQL (``with_light``). The dashboard's monthly figures count the items *due* in
  the period;
* projects: the projects registered on or before the period's end, in their current stage; terminated
  projects are not work under the task and are not counted (they are reported beside the cell; the
  dashboard's "by key task" counts them);
* events: the events starting in the period, an event of two pairings counting once for each; an event
  without a key task is in no cell (it is counted per pairing as "without a key task").

A cell with none of the three is a gap. The matrix takes a constant number of queries whatever the
pairings and records: the pairings, the catalogue, and one grouped query per kind of record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F
from django.utils import timezone

from duikou.core.roles import NATIONAL_ROLES
from duikou.plans import lights
from duikou.regions.models import KeyTask, KeyTaskGroup, Pairing

from .selectors import default_period, visible_pairings

CELL_LIMIT = 50  # records listed per kind on a cell's page; the rest through the list pages


def _light_counts() -> dict:
    return dict.fromkeys(lights.LIGHTS, 0)


@dataclass
class CoverageCell:
    """The work under one key task (or under all of them, for a total)."""

    plan_items: int = 0
    lights: dict = field(default_factory=_light_counts)  # light -> plan items
    projects: int = 0
    stages: dict = field(default_factory=dict)  # stage -> projects counted (terminated ones not)
    terminated: int = 0  # projects terminated: beside the cell, not in it
    events: int = 0

    @property
    def work(self) -> int:
        return self.plan_items + self.projects + self.events

    @property
    def gap(self) -> bool:
        return self.work == 0

    def add(self, other: CoverageCell) -> None:
        self.plan_items += other.plan_items
        self.projects += other.projects
        self.events += other.events
        self.terminated += other.terminated
        for light, n in other.lights.items():
            self.lights[light] = self.lights.get(light, 0) + n
        for stage, n in other.stages.items():
            self.stages[stage] = self.stages.get(stage, 0) + n


@dataclass
class CoverageRow:
    pairing: Pairing
    cells: list[CoverageCell]  # in the order of ``CoverageMatrix.key_tasks``
    total: CoverageCell = field(default_factory=CoverageCell)
    untagged_events: int = 0  # events of the period without a key task

    @property
    def gaps(self) -> int:
        return sum(1 for cell in self.cells if cell.gap)

    def cell_pairs(self, key_tasks):
        return list(zip(key_tasks, self.cells, strict=True))


@dataclass
class CoverageColumn:
    key_task: KeyTask
    total: CoverageCell = field(default_factory=CoverageCell)
    gaps: int = 0  # pairings with nothing under the task


@dataclass
class CoverageGroup:
    group: KeyTaskGroup
    columns: list[CoverageColumn]


@dataclass
class CoverageMatrix:
    start: datetime.date
    end: datetime.date
    tier: str | None
    pairing: Pairing | None
    national: bool
    groups: list[CoverageGroup] = field(default_factory=list)
    columns: list[CoverageColumn] = field(default_factory=list)
    rows: list[CoverageRow] = field(default_factory=list)
    total: CoverageCell = field(default_factory=CoverageCell)
    untagged_events: int = 0

    @property
    def key_tasks(self) -> list[KeyTask]:
        return [column.key_task for column in self.columns]

    @property
    def gaps(self) -> int:
        return sum(row.gaps for row in self.rows)

    @property
    def cell_count(self) -> int:
        return len(self.rows) * len(self.columns)

    @property
    def fullest(self) -> int:
        """The most work in one cell: the darkest shade."""
        return max((cell.work for row in self.rows for cell in row.cells), default=0)

    def cell(self, pairing_id: int, key_task_id: int) -> CoverageCell | None:
        index = next((i for i, c in enumerate(self.columns) if c.key_task.pk == key_task_id), None)
        row = next((r for r in self.rows if r.pairing.pk == pairing_id), None)
        return None if index is None or row is None else row.cells[index]


def _period(start, end, today=None) -> tuple[datetime.date, datetime.date]:
    default_start, default_end = default_period(today)
    return start or default_start, end or default_end


def _registered_by(end: datetime.date) -> datetime.datetime:
    """The first moment after the period (projects are registered before it)."""
    return datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def coverage_pairings(*, user, tier: str | None = None, pairing=None):
    """The pairings that are rows of the user's matrix: those it sees (national roles all, a coordinator
    its own), narrowed to a tier and to one pairing when given (a pairing it does not see gives none);
    province pairs first, as pairings are listed everywhere."""
    qs = visible_pairings(user=user, tier=tier or None).order_by("-tier", "northeast_id", "east_id")
    if pairing:
        qs = qs.filter(pk=getattr(pairing, "pk", pairing))
    return qs


def coverage_matrix(
    *,
    user,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    tier: str | None = None,
    pairing=None,
    today: datetime.date | None = None,
) -> CoverageMatrix:
    """The coverage matrix of ``user``'s scope for the period [start, end] (default: the current year), a
    pairing tier and one pairing (each optional). Five queries, whatever the pairings and records."""
    from duikou.events.models import Event
    from duikou.plans.models import PlanItem
    from duikou.projects.models import Project, Stage

    start, end = _period(start, end, today)
    national = bool(getattr(user, "is_authenticated", False) and user.scope.roles & NATIONAL_ROLES)
    pairings = list(coverage_pairings(user=user, tier=tier, pairing=pairing))
    chosen = pairings[0] if pairing and pairings else None
    matrix = CoverageMatrix(start=start, end=end, tier=tier or None, pairing=chosen, national=national)

    tasks = list(KeyTask.objects.select_related("group").order_by("group__code", "code"))
    index = {task.pk: i for i, task in enumerate(tasks)}
    matrix.columns = [CoverageColumn(key_task=task) for task in tasks]
    for column in matrix.columns:
        group = column.key_task.group
        if not matrix.groups or matrix.groups[-1].group.pk != group.pk:
            matrix.groups.append(CoverageGroup(group=group, columns=[]))
        matrix.groups[-1].columns.append(column)
    rows = {p.pk: CoverageRow(pairing=p, cells=[CoverageCell() for _ in tasks]) for p in pairings}
    matrix.rows = list(rows.values())
    if rows:
        ids = list(rows)

        # 1. plan items by pairing, key task and light
        for item in (
            PlanItem.objects.filter(plan__pairing_id__in=ids, start_date__lte=end, due_date__gte=start)
            .with_light(today=today)
            .order_by()
            .values("plan__pairing_id", "key_task_id", "light")
            .annotate(n=Count("id"))
        ):
            cell = rows[item["plan__pairing_id"]].cells[index[item["key_task_id"]]]
            cell.plan_items += item["n"]
            cell.lights[item["light"]] += item["n"]

        # 2. projects by pairing, key task and stage
        for item in (
            Project.objects.filter(pairing_id__in=ids, created_at__lt=_registered_by(end))
            .order_by()
            .values("pairing_id", "key_task_id", "stage")
            .annotate(n=Count("id"))
        ):
            cell = rows[item["pairing_id"]].cells[index[item["key_task_id"]]]
            if item["stage"] == Stage.TERMINATED:
                cell.terminated += item["n"]
            else:
                cell.projects += item["n"]
                cell.stages[item["stage"]] = cell.stages.get(item["stage"], 0) + item["n"]

        # 3. events by pairing and key task (an event of two pairings counts once for each)
        for item in (
            Event.pairings.through.objects.filter(
                pairing_id__in=ids, event__start__gte=start, event__start__lte=end
            )
            .order_by()
            .values("pairing_id", task_id=F("event__key_task_id"))
            .annotate(n=Count("event_id"))
        ):
            row = rows[item["pairing_id"]]
            if item["task_id"] is None:
                row.untagged_events += item["n"]
            else:
                row.cells[index[item["task_id"]]].events += item["n"]

    # Totals: summed from the cells, never counted again.
    for row in matrix.rows:
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            row.total.add(cell)
            column.total.add(cell)
            column.gaps += cell.gap
        matrix.total.add(row.total)
        matrix.untagged_events += row.untagged_events
    return matrix


@dataclass
class CellRecords:
    """The records behind one cell: the first ``CELL_LIMIT`` of each kind and how many there are."""

    pairing: Pairing
    key_task: KeyTask
    start: datetime.date
    end: datetime.date
    plan_items: list
    plan_item_count: int
    projects: list
    project_count: int
    terminated: int
    events: list
    event_count: int

    @property
    def work(self) -> int:
        return self.plan_item_count + self.project_count + self.event_count


def coverage_cell_records(
    *,
    user,
    pairing: Pairing,
    key_task: KeyTask,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    limit: int | None = None,
    today: datetime.date | None = None,
) -> CellRecords:
    """The plan items, projects and events counted in the cell (pairing, key task) of the matrix, on its
    counting bases, each scoped to the user. The caller has checked that the user sees the pairing."""
    from duikou.events.models import Event
    from duikou.events.selectors import PAIRINGS
    from duikou.plans.models import PlanItem
    from duikou.projects.models import Project, Stage

    start, end = _period(start, end, today)
    limit = CELL_LIMIT if limit is None else limit
    items = (
        PlanItem.objects.for_user(user, "view")
        .filter(plan__pairing=pairing, key_task=key_task, start_date__lte=end, due_date__gte=start)
        .with_light(today=today)
        .select_related("plan", "lead_organisation")
        .order_by(F("completed_on").asc(nulls_first=True), "due_date", "id")
    )
    projects = (
        Project.objects.for_user(user, "view")
        .filter(pairing=pairing, key_task=key_task, created_at__lt=_registered_by(end))
        .select_related("host_organisation")
        .order_by("-created_at", "-id")
    )
    events = (
        Event.objects.for_user(user, "view")
        .filter(pairings=pairing, key_task=key_task, start__gte=start, start__lte=end)
        .prefetch_related(PAIRINGS)
        .order_by("-start", "-id")
    )
    counted = projects.exclude(stage=Stage.TERMINATED)
    return CellRecords(
        pairing=pairing,
        key_task=key_task,
        start=start,
        end=end,
        plan_items=list(items[:limit]),
        plan_item_count=items.count(),
        projects=list(counted[:limit]),
        project_count=counted.count(),
        terminated=projects.filter(stage=Stage.TERMINATED).count(),
        events=list(events[:limit]),
        event_count=events.count(),
    )
