"""Reads for the dashboards (issue #7): the programme's figures for the pairings a user may see.

The figures are read from maintained aggregates, never by scanning the records on a view: ``Figure`` rows (one
number per pairing, month, measure and, where the dashboard breaks it down, stage, light or key task) that
``services.figures_refresh`` rebuilds from the records (a job, or the NDRC office's "refresh now"). The page shows
when they were last rebuilt (``refreshed_at``). A dashboard is a handful of queries whatever the pairings and the
records: the visible pairings, the last refresh, the facts summed per pairing, per key task and per month, and
the key tasks' names. The totals are summed in Python from the per-pairing rows, so a regional dashboard is
exactly the national one filtered to the region's pairings.

The period counts whole months: from the first day of its first month to the last day of its last month (the
facts are monthly). Stock measures are read as at the period's end: their all-time totals less what was added
after the period's last month (for the current year, the totals alone: a few rows per pairing whatever the
records); flow measures over the period's months.

Counting bases (a number without its basis misleads):

* projects, by stage, by key task, and planned investment (stock): the projects registered (entered on the
  platform) by the end of the period's last month, in their stage at the last refresh; "registered" in the
  trend counts them by the month they were entered;
* investment completed (flow): the sum of the monthly reports' "investment completed in the month" for the
  months of the period;
* funds in place (flow): funding entries in the "in place" stage (at the last refresh) dated in the period;
* parks (stock): the co-built parks established by the end of the period (or without a date);
* cadres seconded (flow): secondments starting in the period, those still planned at the last refresh not
  counted (as exchanges' figures);
* trainees (flow): the trainees of the trainings held (at the last refresh) that started in the period;
* events (flow): events starting in the period, an event of two pairings counting once for each (as events');
* agreements signed and their amount (flow): the outcomes of the events starting in the period (as events');
* reform practices replicated (flow): replications that reached "replicated" in the period, once per month in
  which they reached it (as reforms', which counts them once per period: the same unless a practice reached
  "replicated" twice within the period);
* plan items, by light and by key task (flow): the items of the pairings' plans **due** in the period, with
  their light as of the day of the last refresh. (The live figures counted the items open during the period,
  an overlap of two dates that monthly facts cannot hold; the due month can.)
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import KeyTask, Pairing
from duikou.regions.selectors import pairings_of

from .models import Figure, Refresh

ZERO = Decimal("0")

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
# Read as at the period's end (every month up to its last); the others over the months of the period.
STOCK_MEASURES = frozenset({"projects", "planned_investment", "parks"})
TASK_MEASURES = ("projects", "planned_investment", "plan_items")  # broken down by key task
TREND_MEASURES = ("projects", "investment_completed")  # by month: projects registered, investment completed


def _blank() -> dict:
    return {key: (ZERO if key in AMOUNT_KEYS else 0) for key in MEASURE_KEYS}


def _number(key: str, value) -> Decimal | int:
    value = value if value is not None else ZERO
    return Decimal(value) if key in AMOUNT_KEYS else int(value)


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
    pairing: int | None = None  # the pairing filter, if any
    refreshed_at: datetime.datetime | None = None  # the figures are as of this moment; None: never refreshed

    def by_pairing(self, pairing_id: int) -> PairingFigures | None:
        return next((row for row in self.pairings if row.pairing_id == pairing_id), None)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def whole_months(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period the monthly facts count: from the first day of ``start``'s month to the last of ``end``'s."""
    last = calendar.monthrange(end.year, end.month)[1]
    return start.replace(day=1), end.replace(day=last)


def month_key(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


ALL_TIME = ""  # the month of a stock measure's all-time total


def period_window(start: datetime.date, end: datetime.date) -> Q:
    """The facts a period reads: a stock measure's all-time totals and what was added after the period's last
    month (to take away), a flow measure's months of the period. Read at the current year, a stock measure is its
    totals alone: nothing registered after the year yet."""
    first, last = month_key(start), month_key(end)
    return (  # three ranges of the (pairing, measure, month) index
        Q(measure__in=STOCK_MEASURES, month=ALL_TIME)
        | Q(measure__in=STOCK_MEASURES, month__gt=last)
        | (~Q(measure__in=STOCK_MEASURES) & Q(month__gte=first, month__lte=last))
    )


def period_value(start: datetime.date, end: datetime.date):
    """What a fact adds to the period's figure: a stock measure is its all-time total less what was added after the
    period's last month (so, at the period's end); a flow measure its months in the period; anything else none."""
    first, last = month_key(start), month_key(end)
    stock = Q(measure__in=STOCK_MEASURES)
    return Case(
        When(stock & Q(month=ALL_TIME), then=F("value")),
        When(stock & Q(month__gt=last), then=-F("value")),
        When(~stock & Q(month__gte=first, month__lte=last), then=F("value")),
        default=Value(ZERO),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


def visible_pairings(*, user, tier: str | None = None):
    """The pairings whose figures the user sees: all for national roles, a coordinator's or reporter's own,
    none for anyone else; narrowed to a tier (province / city) when given."""
    qs = pairings_of(user=user)
    if tier:
        qs = qs.filter(tier=tier)
    return qs.order_by("tier", "northeast_id", "east_id")


def last_refresh() -> Refresh | None:
    return Refresh.objects.order_by("-started_at", "-id").first()


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
    pairing: int | None = None,
    today: datetime.date | None = None,
) -> DashboardFigures:
    """The dashboard of ``user``'s scope for the period [start, end] in whole months (default: the current
    year), an optional pairing tier and an optional pairing (one the user may see: another is simply not among
    its pairings, so nothing is shown). At most six queries, whatever the pairings and records."""
    from duikou.core.roles import NATIONAL_ROLES
    from duikou.plans import lights
    from duikou.projects.models import Stage

    default_start, default_end = default_period(today)
    start, end = whole_months(start or default_start, end or default_end)
    national = bool(getattr(user, "is_authenticated", False) and user.scope.roles & NATIONAL_ROLES)
    qs = visible_pairings(user=user, tier=tier)
    if pairing is not None:
        qs = qs.filter(pk=pairing)
    refresh = last_refresh()
    result = DashboardFigures(
        start=start,
        end=end,
        tier=tier or None,
        national=national,
        pairing=pairing,
        refreshed_at=refresh.started_at if refresh else None,
    )
    rows = {row.pk: PairingFigures(pairing=row) for row in qs}
    result.pairings = list(rows.values())
    stage_keys = list(Stage.values)
    result.stages = dict.fromkeys(stage_keys, 0)
    result.lights = dict.fromkeys(lights.LIGHTS, 0)
    for row in rows.values():
        row.stages = dict.fromkeys(stage_keys, 0)
        row.lights = dict.fromkeys(lights.LIGHTS, 0)
    months = _months(start, end)
    month_rows = {month: {"month": month, "projects": 0, "investment_completed": ZERO} for month in months}
    if rows:
        facts = Figure.objects.filter(pairing_id__in=list(rows)).order_by()
        window, summed = period_window(start, end), Sum(period_value(start, end))

        # 1. every measure per pairing, with the stages of its projects and the lights of its plan items
        for item in facts.filter(window).values("pairing_id", "measure", "stage", "light").annotate(n=summed):
            key, row = item["measure"], rows[item["pairing_id"]]
            if key not in row.values:
                continue
            value = _number(key, item["n"])
            row.values[key] += value
            if key == "projects" and item["stage"] in row.stages:
                row.stages[item["stage"]] += value
            if key == "plan_items" and item["light"] in row.lights:
                row.lights[item["light"]] += value

        # 2. by key task, and 3. the key tasks' names (the catalogue: 18 rows)
        task_figures: dict[int, dict] = defaultdict(
            lambda: {"projects": 0, "planned_investment": ZERO, "plan_items": 0}
        )
        for item in (
            facts.filter(window, measure__in=TASK_MEASURES, key_task__isnull=False)
            .values("key_task_id", "measure")
            .annotate(n=summed)
        ):
            task_figures[item["key_task_id"]][item["measure"]] += _number(item["measure"], item["n"])
        task_figures = {pk: figures for pk, figures in task_figures.items() if any(figures.values())}
        if task_figures:
            for task in KeyTask.objects.filter(pk__in=list(task_figures)).order_by("code"):
                result.key_tasks.append({"key_task": task, **task_figures[task.pk]})

        # 4. the trend: projects registered and investment completed, by month
        for item in (
            facts.filter(measure__in=TREND_MEASURES, month__gte=months[0], month__lte=months[-1])
            .values("month", "measure")
            .annotate(n=Sum("value"))
        ):
            if item["month"] in month_rows:
                month_rows[item["month"]][item["measure"]] += _number(item["measure"], item["n"])

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


def measure_values(
    *, pairing_ids: list[int], periods: list[tuple[datetime.date, datetime.date]]
) -> dict[tuple[int, tuple[datetime.date, datetime.date]], dict[str, Decimal | int]]:
    """For each pairing id and each (start, end) period, the MEASURES values on the dashboard's counting bases
    (stock measures as at the period's end, flow measures summed over its months; whole months, see the module
    docstring), from the facts of the last refresh. ONE query whatever the number of periods (a conditional sum
    per period). Unscoped: callers pass the pairing ids the user may see. Every (pairing id, period) asked for is
    in the answer, with zeros where nothing is recorded; the period keys are the tuples passed in."""
    periods = [tuple(period) for period in periods]
    result = {(pk, period): _blank() for pk in pairing_ids for period in periods}
    if not result:
        return result
    sums = {f"p{index}": Sum(period_value(*whole_months(*period))) for index, period in enumerate(periods)}
    # every period reads the all-time totals and months from the earliest period's first on, nothing older
    first = month_key(min(start for start, _end in periods))
    rows = (
        Figure.objects.filter(Q(month=ALL_TIME) | Q(month__gte=first))
        .filter(pairing_id__in=list(pairing_ids), measure__in=MEASURE_KEYS)
        .order_by()
        .values("pairing_id", "measure")
        .annotate(**sums)
    )
    for item in rows:
        key = item["measure"]
        for index, period in enumerate(periods):
            target = result.get((item["pairing_id"], period))
            if target is not None:
                target[key] += _number(key, item[f"p{index}"])
    return result


def _years(months: list[dict]) -> list[dict]:
    years: dict[int, dict] = {}
    for month in months:
        year = int(month["month"][:4])
        entry = years.setdefault(year, {"year": year, "projects": 0, "investment_completed": ZERO})
        entry["projects"] += month["projects"]
        entry["investment_completed"] += month["investment_completed"]
    return list(years.values())
