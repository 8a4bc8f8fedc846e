"""Reads for goals, targets and reported figures: the platform's own figure beside each target and each
reported figure, computed by ``duikou.dashboards.selectors.measure_values`` on the dashboard's counting
bases (``duikou.goals.measures``).

Whatever the number of rows, a page asks ``measure_values`` once: every (pairing, period) the rows need is
collected first. A row of the programme as a whole (no pairing) is the sum over every pairing, as the
national dashboard's totals are.

* A target's progress is the measure over the target's period (a stock such as projects or parks as it
  stands at the period's end, a flow summed over the period), as a percentage of the target, set against the
  share of the period elapsed: on track when the percentage reached is at least the share elapsed.
* A reported figure is compared with the measure from the programme's start (2017-03-01) to its "as of"
  date: the difference is the platform's figure minus the reported one, and its percentage is of the
  reported figure; above the tolerance it is highlighted, and the two counting bases explain it.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import Goal, Pairing

from . import measures
from .models import EnteredGoal, GoalTarget, ReportedFigure

ZERO = Decimal("0")
HUNDRED = Decimal("100")
ONE_PLACE = Decimal("0.1")
DEFAULT_TOLERANCE = Decimal("5")  # percent of the reported figure

PAIRING_RELATED = ("pairing__northeast", "pairing__east")
TARGET_RELATED = ("goal", *PAIRING_RELATED)


class State:
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_STARTED = "not_started"


STATE_LABELS = {
    State.REACHED: _("Reached"),
    State.ON_TRACK: _("On track"),
    State.BEHIND: _("Behind schedule"),
    State.MISSED: _("Missed"),
    State.NOT_STARTED: _("Not started"),
}
# The traffic-light classes of duikou.css: colour plus a shape and a word.
STATE_LIGHTS = {
    State.REACHED: "green",
    State.ON_TRACK: "green",
    State.BEHIND: "yellow",
    State.MISSED: "red",
    State.NOT_STARTED: "done",
}


def tolerance_of(request) -> Decimal:
    """The tolerance a request asks for (``?tolerance=``, percent, 0 to 100), else the default."""
    raw = request.GET.get("tolerance", "") if request is not None else ""
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        return DEFAULT_TOLERANCE
    return value if value.is_finite() and 0 <= value <= 100 else DEFAULT_TOLERANCE


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


# --- the platform's figures ----------------------------------------------------------------------------------

Request = tuple[int | None, tuple[datetime.date, datetime.date]]


def platform_values(requests: Iterable[Request]) -> dict[Request, dict]:
    """The MEASURES values for each (pairing id or None for the programme, (start, end)) asked: ONE call of
    ``measure_values`` for all of them (plus one query for the pairings' ids if the programme is asked)."""
    from duikou.dashboards.selectors import measure_values

    requests = set(requests)
    if not requests:
        return {}
    ids = {pairing_id for pairing_id, _period in requests if pairing_id is not None}
    every: list[int] = []
    if any(pairing_id is None for pairing_id, _period in requests):
        every = list(Pairing.objects.order_by("pk").values_list("pk", flat=True))
        ids |= set(every)
    periods = sorted({period for _pairing, period in requests})
    values = measure_values(pairing_ids=sorted(ids), periods=periods) if ids else {}
    blank = {key: (ZERO if measures.is_amount(key) else 0) for key in measures.MEASURE_KEYS}
    result = {}
    for pairing_id, period in requests:
        if pairing_id is not None:
            result[(pairing_id, period)] = {**blank, **values.get((pairing_id, period), {})}
            continue
        total = dict(blank)
        for each in every:
            for key, value in values.get((each, period), {}).items():
                if key in total:
                    total[key] += value or 0
        result[(None, period)] = total
    return result


def figures_as_of() -> datetime.datetime | None:
    """When the platform's figures were last rebuilt (the dashboards' last refresh), None if never."""
    from duikou.dashboards.selectors import last_refresh

    refresh = last_refresh()
    return refresh.started_at if refresh else None


# --- targets -------------------------------------------------------------------------------------------------


@dataclass
class TargetProgress:
    target: GoalTarget
    value: Decimal | int
    percent: Decimal | None  # of the target, one decimal, not capped
    elapsed: Decimal  # share of the period elapsed today, percent
    state: str

    @property
    def bar(self) -> Decimal:
        """The progress bar's width: the percentage, capped at 100."""
        return min(self.percent or ZERO, HUNDRED)

    @property
    def on_track(self) -> bool | None:
        if self.state == State.NOT_STARTED:
            return None
        return self.state in (State.REACHED, State.ON_TRACK)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def light(self) -> str:
        return STATE_LIGHTS[self.state]

    @property
    def basis(self) -> str:
        return measures.basis(self.target.measure)


def elapsed_share(start: datetime.date, end: datetime.date, today: datetime.date) -> Decimal:
    """The share of [start, end] (both days included) gone by the end of ``today``, in percent."""
    total = (end - start).days + 1
    gone = min(max((today - start).days + 1, 0), total)
    return _percent(gone, total) or ZERO


def progress_of(target: GoalTarget, value, today: datetime.date) -> TargetProgress:
    percent = _percent(value, target.target_value)
    elapsed = elapsed_share(target.period_start, target.period_end, today)
    if percent is not None and percent >= HUNDRED:
        state = State.REACHED
    elif today > target.period_end:
        state = State.MISSED
    elif today < target.period_start:
        state = State.NOT_STARTED
    elif (percent or ZERO) >= elapsed:
        state = State.ON_TRACK
    else:
        state = State.BEHIND
    return TargetProgress(target=target, value=value, percent=percent, elapsed=elapsed, state=state)


def target_progress(*, targets: Iterable[GoalTarget], today: datetime.date | None = None) -> list[TargetProgress]:
    """Each target with the platform's figure over its period and its progress (one ``measure_values``)."""
    today = today or timezone.localdate()
    targets = list(targets)
    values = platform_values((t.pairing_id, (t.period_start, t.period_end)) for t in targets)
    return [progress_of(t, values[(t.pairing_id, (t.period_start, t.period_end))][t.measure], today)
            for t in targets]


def target_queryset(*, user):
    return GoalTarget.objects.for_user(user, "view").select_related(*TARGET_RELATED)


@dataclass
class GoalRow:
    goal: Goal
    entered: bool
    targets: list[TargetProgress]


def goal_overview(*, user, targets=None, today: datetime.date | None = None) -> list[GoalRow]:
    """Every goal (the founding document's and the entered ones), each with the targets ``user`` sees
    (``targets``: a filtered queryset of them) and their progress: three queries and one ``measure_values``
    (one more if a target is programme-wide), whatever the goals and targets."""
    targets = target_queryset(user=user) if targets is None else targets
    goals = list(
        Goal.objects.select_related("document")
        .annotate(entered=Exists(EnteredGoal.objects.filter(pk=OuterRef("pk"))))
        .order_by("target_year", "code")
    )
    rows = {goal.pk: GoalRow(goal=goal, entered=goal.entered, targets=[]) for goal in goals}
    for progress in target_progress(targets=targets.select_related(*TARGET_RELATED), today=today):
        rows[progress.target.goal_id].targets.append(progress)
    return list(rows.values())


def goal_with_targets(*, user, goal: Goal, today: datetime.date | None = None) -> list[TargetProgress]:
    return target_progress(targets=target_queryset(user=user).filter(goal=goal), today=today)


# --- reported figures ----------------------------------------------------------------------------------------


@dataclass
class FigureComparison:
    figure: ReportedFigure
    computed: Decimal | int
    tolerance: Decimal

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return figure_period(self.figure)

    @property
    def difference(self) -> Decimal | int:
        """The platform's figure minus the reported one (a whole number for a count)."""
        difference = Decimal(self.computed) - self.figure.value
        return difference if self.is_amount else int(difference)

    @property
    def percent(self) -> Decimal | None:
        """The difference as a percentage of the reported figure (None when the reported figure is 0)."""
        return _percent(self.difference, self.figure.value)

    @property
    def exceeds(self) -> bool:
        """Is the difference above the tolerance (any difference, when the reported figure is 0)?"""
        if self.percent is None:
            return self.difference != 0
        return abs(self.percent) > self.tolerance

    @property
    def counted_to(self) -> datetime.date:
        """The last day the platform's figure counts: the end of the month of the "as of" date (whole months)."""
        return month_end(self.figure.as_of)

    @property
    def platform_basis(self) -> str:
        return measures.basis(self.figure.measure)

    @property
    def is_amount(self) -> bool:
        return measures.is_amount(self.figure.measure)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def figure_period(figure: ReportedFigure) -> tuple[datetime.date, datetime.date]:
    return (measures.PROGRAMME_START, figure.as_of)


def figure_comparisons(*, figures: Iterable[ReportedFigure],
                       tolerance: Decimal = DEFAULT_TOLERANCE) -> list[FigureComparison]:
    """Each reported figure beside the platform's figure of the same measure, pairing (or the programme) and
    cumulative period (one ``measure_values``)."""
    figures = list(figures)
    values = platform_values((f.pairing_id, figure_period(f)) for f in figures)
    return [FigureComparison(figure=f, computed=values[(f.pairing_id, figure_period(f))][f.measure],
                             tolerance=tolerance) for f in figures]


def figure_queryset(*, user):
    return ReportedFigure.objects.for_user(user, "view").select_related(*PAIRING_RELATED, "recorded_by")


def in_chunks(queryset, size: int = 500):
    """The rows of ``queryset`` a chunk at a time (for an export: one ``measure_values`` per chunk)."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
