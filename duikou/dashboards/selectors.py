"""Reads for the dashboards (issue #7, first slice): the programme's figures for the pairings a user may see.

Every figure is ONE aggregate query over all the visible pairings, grouped by pairing (and by stage, month,
key task or light where the figure is broken down); the totals are summed in Python from the per-pairing
rows. So a regional dashboard is exactly the national one filtered to the region's pairings, and the
number of queries does not grow with the pairings or the records.

Counting bases (a number without its basis misleads):

* projects, by stage and planned investment: the projects registered on or before the period's end, in
  their current stage; "registered" in the trend is the date the project was entered;
* investment completed: the sum of the monthly reports' "investment completed in the month" for the
  months of the period;
* funds in place: funding entries in the "in place" stage dated in the period;
* parks: the co-built parks established on or before the period's end (or without a date);
* cadres seconded: secondments starting in the period, planned ones not counted (as exchanges' figures);
* trainees: the trainees of the trainings held that started in the period (as exchanges' figures);
* events: events starting in the period, an event of two pairings counting once for each (as events');
* agreements signed and their amount: the outcomes of the events starting in the period (as events');
* reform practices replicated: replications that reached "replicated" in the period (as reforms');
* plan items by light: the items of the pairings' plans open during the period (started by its end and
  due on or after its start), with their light today as the plans compute it in SQL.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import KeyTask, Pairing
from duikou.regions.selectors import pairings_of

ZERO = Decimal("0")
AMOUNT = DecimalField(max_digits=18, decimal_places=2)

# The measures of a pairing (and of the totals), in the order of the cards and the tables.
MEASURES = (
    ("projects", _("Projects"), False),
    ("planned_investment", _("Planned investment (10,000 yuan)"), True),
    ("investment_completed", _("Investment completed in the period (10,000 yuan)"), True),
    ("funds_in_place", _("Funds in place (10,000 yuan)"), True),
    ("parks", _("Parks"), False),
    ("cadres_ne_to_east", _("Cadres seconded, northeast to east"), False),
    ("cadres_east_to_ne", _("Cadres seconded, east to northeast"), False),
    ("trainees", _("Trainees"), False),
    ("events", _("Events"), False),
    ("agreements", _("Agreements signed"), False),
    ("agreement_amount", _("Amount of agreements signed (10,000 yuan)"), True),
    ("replicated", _("Reform practices replicated"), False),
    ("plan_items", _("Plan items"), False),
)
MEASURE_KEYS = tuple(key for key, _label, _amount in MEASURES)
AMOUNT_KEYS = frozenset(key for key, _label, amount in MEASURES if amount)


def _blank() -> dict:
    return {key: (ZERO if key in AMOUNT_KEYS else 0) for key in MEASURE_KEYS}


@dataclass
class PairingFigures:
    pairing: Pairing
    values: dict = field(default_factory=_blank)
    stages: dict = field(default_factory=dict)
    lights: dict = field(default_factory=dict)

    @property
    def pairing_id(self) -> int:
        return self.pairing.pk

    @property
    def cadres(self) -> int:
        return self.values["cadres_ne_to_east"] + self.values["cadres_east_to_ne"]


@dataclass
class DashboardFigures:
    start: datetime.date
    end: datetime.date
    tier: str | None
    national: bool
    totals: dict = field(default_factory=_blank)
    stages: dict = field(default_factory=dict)  # stage -> projects
    lights: dict = field(default_factory=dict)  # light -> plan items
    pairings: list[PairingFigures] = field(default_factory=list)
    key_tasks: list[dict] = field(
        default_factory=list
    )  # {key_task, projects, planned_investment, plan_items}
    months: list[dict] = field(default_factory=list)  # {month: "YYYY-MM", projects, investment_completed}
    years: list[dict] = field(default_factory=list)  # {year, projects, investment_completed}

    def by_pairing(self, pairing_id: int) -> PairingFigures | None:
        return next((row for row in self.pairings if row.pairing_id == pairing_id), None)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def visible_pairings(*, user, tier: str | None = None):
    """The pairings whose figures the user sees: all for national roles, a coordinator's or reporter's own,
    none for anyone else; narrowed to a tier (province / city) when given."""
    qs = pairings_of(user=user)
    if tier:
        qs = qs.filter(tier=tier)
    return qs.order_by("tier", "northeast_id", "east_id")


def _months(start: datetime.date, end: datetime.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def dashboard_figures(
    *,
    user,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    tier: str | None = None,
    today: datetime.date | None = None,
) -> DashboardFigures:
    """The dashboard of ``user``'s scope for the period [start, end] (default: the current year) and an
    optional pairing tier. A constant number of queries, whatever the pairings and records."""
    from duikou.core.roles import NATIONAL_ROLES
    from duikou.events.models import Event, EventOutcome
    from duikou.exchanges.models import Secondment, Training
    from duikou.funding.models import FundingEntry, FundingStage
    from duikou.parks.models import Park
    from duikou.plans import lights
    from duikou.plans.models import PlanItem
    from duikou.projects.models import Project, ProjectReport, Stage
    from duikou.reforms.models import ReplicationStatus, ReplicationStatusChange

    default_start, default_end = default_period(today)
    start, end = start or default_start, end or default_end
    national = bool(getattr(user, "is_authenticated", False) and user.scope.roles & NATIONAL_ROLES)
    result = DashboardFigures(start=start, end=end, tier=tier or None, national=national)
    pairings = list(visible_pairings(user=user, tier=tier))
    rows = {pairing.pk: PairingFigures(pairing=pairing) for pairing in pairings}
    result.pairings = list(rows.values())
    stage_keys = list(Stage.values)
    result.stages = dict.fromkeys(stage_keys, 0)
    result.lights = dict.fromkeys(lights.LIGHTS, 0)
    for row in rows.values():
        row.stages = dict.fromkeys(stage_keys, 0)
        row.lights = dict.fromkeys(lights.LIGHTS, 0)
    months = _months(start, end)
    month_rows = {month: {"month": month, "projects": 0, "investment_completed": ZERO} for month in months}
    if not rows:
        result.months = list(month_rows.values())
        result.years = _years(result.months)
        return result
    ids = list(rows)
    end_next = end + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    registered_by_end = Q(created_at__lt=datetime.datetime.combine(end_next, datetime.time.min, tzinfo=tz))

    def add(pairing_id, key, value):
        rows[pairing_id].values[key] += value or (ZERO if key in AMOUNT_KEYS else 0)

    # 1. projects by stage, with their planned investment
    for item in (
        Project.objects.filter(registered_by_end, pairing_id__in=ids)
        .order_by()
        .values("pairing_id", "stage")
        .annotate(
            n=Count("id"), planned=Coalesce(Sum("planned_investment"), Value(ZERO), output_field=AMOUNT)
        )
    ):
        add(item["pairing_id"], "projects", item["n"])
        add(item["pairing_id"], "planned_investment", item["planned"])
        rows[item["pairing_id"]].stages[item["stage"]] += item["n"]

    # 2. investment completed by pairing and report month
    for item in (
        ProjectReport.objects.filter(
            project__pairing_id__in=ids, period__gte=months[0], period__lte=months[-1]
        )
        .order_by()
        .values("project__pairing_id", "period")
        .annotate(amount=Coalesce(Sum("investment_in_period"), Value(ZERO), output_field=AMOUNT))
    ):
        add(item["project__pairing_id"], "investment_completed", item["amount"])
        if item["period"] in month_rows:
            month_rows[item["period"]]["investment_completed"] += item["amount"]

    # 3. projects registered by pairing and month (the trend)
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    for item in (
        Project.objects.filter(registered_by_end, pairing_id__in=ids, created_at__gte=begin)
        .order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("pairing_id", "month")
        .annotate(n=Count("id"))
    ):
        key = item["month"].strftime("%Y-%m")
        if key in month_rows:
            month_rows[key]["projects"] += item["n"]

    # 4. funds in place
    for item in (
        FundingEntry.objects.filter(
            pairing_id__in=ids, stage=FundingStage.IN_PLACE, on__gte=start, on__lte=end
        )
        .order_by()
        .values("pairing_id")
        .annotate(amount=Coalesce(Sum("amount"), Value(ZERO), output_field=AMOUNT))
    ):
        add(item["pairing_id"], "funds_in_place", item["amount"])

    # 5. parks
    for item in (
        Park.objects.filter(Q(established_on__isnull=True) | Q(established_on__lte=end), pairing_id__in=ids)
        .order_by()
        .values("pairing_id")
        .annotate(n=Count("id"))
    ):
        add(item["pairing_id"], "parks", item["n"])

    # 6. cadres seconded each way
    for item in (
        Secondment.objects.exclude(status=Secondment.Status.PLANNED)
        .filter(pairing_id__in=ids, start__gte=start, start__lte=end)
        .order_by()
        .values("pairing_id", "direction")
        .annotate(n=Count("id"))
    ):
        key = (
            "cadres_ne_to_east"
            if item["direction"] == Secondment.Direction.NE_TO_EAST
            else "cadres_east_to_ne"
        )
        add(item["pairing_id"], key, item["n"])

    # 7. trainees of the trainings held
    for item in (
        Training.objects.filter(
            status=Training.Status.HELD, pairing_id__in=ids, start__gte=start, start__lte=end
        )
        .order_by()
        .values("pairing_id")
        .annotate(n=Sum("total"))
    ):
        add(item["pairing_id"], "trainees", item["n"])

    # 8. events (an event of two pairings counts once for each)
    for item in (
        Event.pairings.through.objects.filter(
            pairing_id__in=ids, event__start__gte=start, event__start__lte=end
        )
        .order_by()
        .values("pairing_id")
        .annotate(n=Count("event_id"))
    ):
        add(item["pairing_id"], "events", item["n"])

    # 9. agreements signed at the events and their amount
    for item in (
        EventOutcome.objects.filter(pairing_id__in=ids, event__start__gte=start, event__start__lte=end)
        .order_by()
        .values("pairing_id")
        .annotate(n=Sum("agreements"), amount=Coalesce(Sum("amount"), Value(ZERO), output_field=AMOUNT))
    ):
        add(item["pairing_id"], "agreements", item["n"])
        add(item["pairing_id"], "agreement_amount", item["amount"])

    # 10. reform practices replicated
    for item in (
        ReplicationStatusChange.objects.filter(
            to_status=ReplicationStatus.REPLICATED,
            replication__pairing_id__in=ids,
            on__gte=start,
            on__lte=end,
        )
        .order_by()
        .values("replication__pairing_id")
        .annotate(n=Count("replication", distinct=True))
    ):
        add(item["replication__pairing_id"], "replicated", item["n"])

    # 11. plan items by light and key task
    task_figures: dict[int, dict] = defaultdict(
        lambda: {"projects": 0, "planned_investment": ZERO, "plan_items": 0}
    )
    for item in (
        PlanItem.objects.filter(plan__pairing_id__in=ids, start_date__lte=end, due_date__gte=start)
        .with_light(today=today)
        .order_by()
        .values("plan__pairing_id", "key_task_id", "light")
        .annotate(n=Count("id"))
    ):
        add(item["plan__pairing_id"], "plan_items", item["n"])
        rows[item["plan__pairing_id"]].lights[item["light"]] += item["n"]
        task_figures[item["key_task_id"]]["plan_items"] += item["n"]

    # 12. projects by key task
    for item in (
        Project.objects.filter(registered_by_end, pairing_id__in=ids)
        .order_by()
        .values("pairing_id", "key_task_id")
        .annotate(
            n=Count("id"), planned=Coalesce(Sum("planned_investment"), Value(ZERO), output_field=AMOUNT)
        )
    ):
        task_figures[item["key_task_id"]]["projects"] += item["n"]
        task_figures[item["key_task_id"]]["planned_investment"] += item["planned"]

    # 13. the key tasks' names (the catalogue: 18 rows)
    for task in KeyTask.objects.filter(pk__in=list(task_figures)).order_by("code"):
        result.key_tasks.append({"key_task": task, **task_figures[task.pk]})

    # Totals: summed from the per-pairing rows, never counted again.
    for row in result.pairings:
        for key in MEASURE_KEYS:
            result.totals[key] += row.values[key]
        for stage, n in row.stages.items():
            result.stages[stage] += n
        for light, n in row.lights.items():
            result.lights[light] += n
    result.months = list(month_rows.values())
    result.years = _years(result.months)
    return result


def _years(months: list[dict]) -> list[dict]:
    years: dict[int, dict] = {}
    for month in months:
        year = int(month["month"][:4])
        entry = years.setdefault(year, {"year": year, "projects": 0, "investment_completed": ZERO})
        entry["projects"] += month["projects"]
        entry["investment_completed"] += month["investment_completed"]
    return list(years.values())
