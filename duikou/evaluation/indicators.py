"""The registry of indicator queries: named, tested computations of an indicator's raw value from the
platform's records, for many pairings at once.

Each query offers

* ``compute(*, pairing_ids, start, end) -> dict[(pairing_id, side), Decimal | None]``: ONE aggregate query
  over all the given pairings (the query count does not grow with them). ``side`` is ``None`` for a query of
  the pairing as a whole, or ``"northeast"`` / ``"east"`` for a query counted per side (``per_side``). Every
  given pairing (and, per side, both of its sides) has a key: a count with no records is ``Decimal(0)``; a
  ratio with nothing to divide by is ``None`` (no basis in the period: see ``duikou.evaluation.scoring``).
* ``trace_records(*, pairing_ids, start, end, side)``: the records the values came from, read with the same
  filter (``records``), as one query of (pairing, record) rows that a round copies into its score records in
  the database; ``trace`` lists them for one pairing. So a number can always be taken back to its records.

``start`` and ``end`` are dates, both included; a monthly figure (``"2026-05"``) counts when its month lies
within the months of ``start`` to ``end``. The queries are unscoped: a caller passes the pairings it may
evaluate. Each query's docstring states its counting basis; ``label`` is shown in the indicator form."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

NORTHEAST, EAST = "northeast", "east"
SIDES = (NORTHEAST, EAST)
ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

REGISTRY: dict[str, IndicatorQuery] = {}


def register(cls):
    instance = cls()
    assert instance.name not in REGISTRY, instance.name
    REGISTRY[instance.name] = instance
    return cls


def query_choices() -> list[tuple[str, str]]:
    """(name, label) of every registered query, for the indicator form's dropdown."""
    return [(name, query.label) for name, query in REGISTRY.items()]


def month(value: datetime.date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def percentage(numerator, denominator) -> Decimal | None:
    """numerator / denominator as a percentage with two places (ROUND_HALF_UP); ``None`` without a basis."""
    if not denominator:
        return None
    return (Decimal(numerator or 0) * HUNDRED / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


class IndicatorQuery:
    """A registered query. Subclasses declare ``name``, ``label``, ``unit``, ``per_side`` and implement
    ``records`` (the filtered records, in SQL) and ``aggregate`` (one aggregate query over them, returning
    rows with ``pairing_id``, and ``side`` for a per-side query)."""

    name: str = ""
    label = ""
    unit = ""
    per_side = False
    pairing_path = "pairing"

    @property
    def basis(self) -> str:
        return (self.__doc__ or "").strip()

    def records(self, *, pairing_ids: Iterable[int], start: datetime.date, end: datetime.date) -> QuerySet:
        raise NotImplementedError

    def side_filter(self, side: str) -> Q:  # pragma: no cover - per-side queries override it
        raise NotImplementedError

    def aggregate(self, records: QuerySet) -> Iterable[dict]:
        raise NotImplementedError

    def value(self, row: dict) -> Decimal | None:
        return Decimal(row["value"] or 0)

    def compute(self, *, pairing_ids, start, end) -> dict:
        pairing_ids = list(pairing_ids)
        keys = [(pid, side) for pid in pairing_ids for side in (SIDES if self.per_side else (None,))]
        result = dict.fromkeys(keys, self.empty())
        if not pairing_ids:
            return result
        for row in self.rows(pairing_ids=pairing_ids, start=start, end=end):
            result[(row["pairing_id"], row.get("side") if self.per_side else None)] = self.value(row)
        return result

    def rows(self, *, pairing_ids, start, end) -> Iterable[dict]:
        return self.aggregate(self.records(pairing_ids=pairing_ids, start=start, end=end))

    def empty(self):
        return ZERO

    @property
    def trace_label(self) -> str:
        """The model label of the records a value comes from (``events.event``, ``projects.projectreport``…)."""
        return self.records(pairing_ids=[], start=datetime.date.min, end=datetime.date.min).model._meta.label_lower

    def trace_records(self, *, pairing_ids, start, end, side: str | None = None) -> QuerySet:
        """The records behind the values as a query of rows (``trace_pairing``, ``trace_record``): the pairing
        each record counts for (read through ``pairing_path``, a chain of foreign keys, so a record comes once)
        and its primary key; for one side of a per-side query, or (``side`` None) every record of the pairing.
        One query, which a round copies into its score records with ``INSERT … SELECT`` (``rounds``), so the
        records never pass through Python."""
        records = self.records(pairing_ids=pairing_ids, start=start, end=end)
        if side is not None:
            records = records.filter(self.side_filter(side))
        return (
            records.order_by()
            .values(trace_pairing=F(self.pairing_path), trace_record=F("pk"))
            .filter(trace_pairing__in=list(pairing_ids))
        )

    def trace_all(self, *, pairing_ids, start, end) -> dict[tuple, list[tuple[str, int]]]:
        """``trace`` of every pairing (and side) at once: one query per side, whatever the pairings."""
        pairing_ids = list(pairing_ids)
        sides = SIDES if self.per_side else (None,)
        result: dict[tuple, list] = {(pid, side): [] for pid in pairing_ids for side in sides}
        if not pairing_ids:
            return result
        label = self.trace_label
        for side in sides:
            rows = self.trace_records(pairing_ids=pairing_ids, start=start, end=end, side=side)
            for row in rows.order_by("trace_pairing", "trace_record"):
                result[(row["trace_pairing"], side)].append((label, row["trace_record"]))
        return result

    def trace(self, *, pairing_id, side=None, start, end) -> list[tuple[str, int]]:
        rows = self.trace_records(
            pairing_ids=[pairing_id], start=start, end=end, side=side if self.per_side else None
        )
        return [(self.trace_label, row["trace_record"]) for row in rows.order_by("trace_record")]


class RatioQuery(IndicatorQuery):
    """A percentage: ``aggregate`` returns ``numerator`` and ``denominator`` per pairing."""

    unit = "%"

    def empty(self):
        return None

    def value(self, row):
        return percentage(row["numerator"], row["denominator"])


# --- projects and investment ---------------------------------------------------------------------------------


@register
class ProjectsStarted(IndicatorQuery):
    """Projects started in the period: projects of the pairing whose recorded stage changed, on a date within
    the period, to "construction started", or jumped from intention or signed straight past it (to under
    construction, in operation or completed). A project counts once however many such changes it has in the
    period. Source: the projects' stage history (ProjectStageChange.on)."""

    name = "projects_started"
    label = _("Projects started in the period")
    unit = _("projects")
    pairing_path = "project__pairing"

    def records(self, *, pairing_ids, start, end):
        from duikou.projects.models import ProjectStageChange, Stage

        crossed = Q(to_stage=Stage.STARTED) | Q(
            from_stage__in=[Stage.INTENTION, Stage.SIGNED],
            to_stage__in=[Stage.BUILDING, Stage.OPERATING, Stage.COMPLETED],
        )
        return ProjectStageChange.objects.filter(
            crossed, project__pairing_id__in=list(pairing_ids), on__gte=start, on__lte=end
        )

    def aggregate(self, records):
        return (
            records.order_by()
            .values(pairing_id=F("project__pairing_id"))
            .annotate(value=Count("project_id", distinct=True))
        )


@register
class InvestmentCompleted(IndicatorQuery):
    """Investment completed in the period, in 10,000 yuan: the sum of the monthly progress reports'
    "investment completed in the month" of the pairing's projects, for the months within the period.
    Source: ProjectReport.investment_in_period."""

    name = "investment_completed"
    label = _("Investment completed in the period (10,000 yuan)")
    unit = _("10,000 yuan")
    pairing_path = "project__pairing"

    def records(self, *, pairing_ids, start, end):
        from duikou.projects.models import ProjectReport

        return ProjectReport.objects.filter(
            project__pairing_id__in=list(pairing_ids), period__gte=month(start), period__lte=month(end)
        )

    def aggregate(self, records):
        return (
            records.order_by()
            .values(pairing_id=F("project__pairing_id"))
            .annotate(value=Sum("investment_in_period"))
        )


@register
class FundsInPlace(RatioQuery):
    """Funds in place against funds committed, as a percentage: the amounts of the pairing's funding entries
    (for its projects and parks) at the stage "in place" dated within the period, divided by those at the
    stage "committed" dated within the period. Planned amounts are not counted. No commitment in the period:
    no value. Source: the funding ledger (FundingEntry.stage, amount, on)."""

    name = "funds_in_place_ratio"
    label = _("Funds in place against funds committed (%)")

    def records(self, *, pairing_ids, start, end):
        from duikou.funding.models import FundingEntry, FundingStage

        return FundingEntry.objects.filter(
            pairing_id__in=list(pairing_ids),
            on__gte=start,
            on__lte=end,
            stage__in=[FundingStage.IN_PLACE, FundingStage.COMMITTED],
        )

    def aggregate(self, records):
        from duikou.funding.models import FundingStage

        money = DecimalField(max_digits=18, decimal_places=2)
        return (
            records.order_by()
            .values("pairing_id")
            .annotate(
                numerator=Coalesce(
                    Sum("amount", filter=Q(stage=FundingStage.IN_PLACE)), Value(ZERO), output_field=money
                ),
                denominator=Coalesce(
                    Sum("amount", filter=Q(stage=FundingStage.COMMITTED)), Value(ZERO), output_field=money
                ),
            )
        )


@register
class CoordinationAnsweredInTime(RatioQuery):
    """Coordination requests answered in time, as a percentage: of the pairing's coordination requests due
    (answer due by) within the period, those answered on or before their due date (the answer's date in
    China Standard Time). A request still unanswered counts as not in time. None due: no value.
    Source: CoordinationRequest.due_on, answered_at."""

    name = "requests_answered_in_time"
    label = _("Coordination requests answered in time (%)")

    def records(self, *, pairing_ids, start, end):
        from duikou.projects.models import CoordinationRequest

        return CoordinationRequest.objects.filter(
            pairing_id__in=list(pairing_ids), due_on__gte=start, due_on__lte=end
        )

    def aggregate(self, records):
        in_time = Q(answered_at__isnull=False, answered_on__lte=F("due_on"))
        return (
            records.order_by()
            .annotate(answered_on=TruncDate("answered_at"))
            .values("pairing_id")
            .annotate(numerator=Count("id", filter=in_time), denominator=Count("id"))
        )


# --- parks ---------------------------------------------------------------------------------------------------


@register
class ParkOutputValue(IndicatorQuery):
    """Industrial output value of the pairing's parks in the period, in 10,000 yuan: the sum of the parks'
    monthly figures (not cumulative) for the months within the period. Source: ParkFigure.output_value."""

    name = "park_output_value"
    label = _("Output value of the pairing's parks (10,000 yuan)")
    unit = _("10,000 yuan")
    pairing_path = "park__pairing"

    def records(self, *, pairing_ids, start, end):
        from duikou.parks.models import ParkFigure

        return ParkFigure.objects.filter(
            park__pairing_id__in=list(pairing_ids), period__gte=month(start), period__lte=month(end)
        )

    def aggregate(self, records):
        return records.order_by().values(pairing_id=F("park__pairing_id")).annotate(value=Sum("output_value"))


# --- people and exchanges ------------------------------------------------------------------------------------


@register
class CadresSeconded(IndicatorQuery):
    """Cadres seconded, for each side: the pairing's secondments starting within the period, counted for the
    side of the home organisation (the side that sends the cadre: northeast to east counts for the northeast
    side). Planned secondments are not counted yet (as in the figures by pairing and year).
    Source: Secondment.start, direction, status."""

    name = "cadres_seconded"
    label = _("Cadres seconded, by sending side")
    unit = _("persons")
    per_side = True

    def records(self, *, pairing_ids, start, end):
        from duikou.exchanges.models import Secondment

        return Secondment.objects.filter(
            pairing_id__in=list(pairing_ids), start__gte=start, start__lte=end
        ).exclude(status=Secondment.Status.PLANNED)

    def side_filter(self, side):
        from duikou.exchanges.models import Secondment

        return Q(
            direction=Secondment.Direction.NE_TO_EAST
            if side == NORTHEAST
            else Secondment.Direction.EAST_TO_NE
        )

    def aggregate(self, records):
        from duikou.exchanges.models import Secondment

        for row in records.order_by().values("pairing_id", "direction").annotate(value=Count("id")):
            row["side"] = NORTHEAST if row["direction"] == Secondment.Direction.NE_TO_EAST else EAST
            yield row


@register
class Trainees(IndicatorQuery):
    """Trainees trained: the total trainees of the pairing's trainings held (status "held") that start within
    the period, all categories together. Source: Training.total, start, status."""

    name = "trainees"
    label = _("Trainees of trainings held")
    unit = _("persons")

    def records(self, *, pairing_ids, start, end):
        from duikou.exchanges.models import Training

        return Training.objects.filter(
            pairing_id__in=list(pairing_ids), status=Training.Status.HELD, start__gte=start, start__lte=end
        )

    def aggregate(self, records):
        return records.order_by().values("pairing_id").annotate(value=Sum("total"))


@register
class EventsHeld(IndicatorQuery):
    """Events held: the events of the pairing (an event of several pairings counts once for each) starting
    within the period, of every kind. Source: Event.start and its pairings."""

    name = "events_held"
    label = _("Events held")
    unit = _("events")
    pairing_path = "pairings"

    def records(self, *, pairing_ids, start, end):
        from duikou.events.models import Event

        return Event.objects.filter(
            pairings__in=list(pairing_ids), start__gte=start, start__lte=end
        ).distinct()

    def rows(self, *, pairing_ids, start, end):
        from duikou.events.models import Event

        # Over the event–pairing table: one row per event and pairing, so an event counts once for each.
        links = Event.pairings.through.objects.filter(
            pairing_id__in=pairing_ids, event__start__gte=start, event__start__lte=end
        )
        return links.order_by().values("pairing_id").annotate(value=Count("event_id", distinct=True))

    def trace_records(self, *, pairing_ids, start, end, side=None):
        from duikou.events.models import Event

        links = Event.pairings.through.objects.filter(
            pairing_id__in=list(pairing_ids), event__start__gte=start, event__start__lte=end
        )
        # One row per event and pairing (the link table's pairs are unique).
        return links.order_by().values(trace_pairing=F("pairing_id"), trace_record=F("event_id"))


@register
class AgreementsSigned(IndicatorQuery):
    """Agreements signed at events: the sum of the agreement counts of the outcomes recorded for the pairing
    at events starting within the period. Source: EventOutcome.agreements, its event's start."""

    name = "agreements_signed"
    label = _("Agreements signed at events")
    unit = _("agreements")

    def records(self, *, pairing_ids, start, end):
        from duikou.events.models import EventOutcome

        return EventOutcome.objects.filter(
            pairing_id__in=list(pairing_ids), event__start__gte=start, event__start__lte=end
        )

    def aggregate(self, records):
        return (
            records.order_by()
            .values("pairing_id")
            .annotate(value=Coalesce(Sum("agreements"), Value(0), output_field=IntegerField()))
        )


# --- plans ---------------------------------------------------------------------------------------------------


@register
class PlanItemsOnTime(RatioQuery):
    """Work items completed on time, as a percentage: of the work items of the pairing's plans (phased,
    special and annual plans; not the annual summaries) due within the period, those completed on or before
    their due date. Counted over leaf items only: a parent item's completion rolls up from its children, so it
    is not counted a second time. None due: no value. Source: PlanItem.due_date, completed_on."""

    name = "plan_items_on_time"
    label = _("Work items completed on time (%)")
    pairing_path = "plan__pairing"

    def records(self, *, pairing_ids, start, end):
        from duikou.plans.models import PlanItem, PlanKind

        return PlanItem.objects.filter(
            plan__pairing_id__in=list(pairing_ids),
            due_date__gte=start,
            due_date__lte=end,
            children__isnull=True,
        ).exclude(plan__kind=PlanKind.SUMMARY)

    def aggregate(self, records):
        on_time = Q(completed_on__isnull=False, completed_on__lte=F("due_date"))
        return (
            records.order_by()
            .values(pairing_id=F("plan__pairing_id"))
            .annotate(numerator=Count("id", filter=on_time), denominator=Count("id"))
        )


# --- reform and innovation -----------------------------------------------------------------------------------


@register
class ReformsReplicated(IndicatorQuery):
    """Reform practices replicated: the pairing's replications whose status changed to "replicated" on a
    date within the period (one that reached it twice in the period counts once). Source: the replications'
    status history (ReplicationStatusChange.on)."""

    name = "reforms_replicated"
    label = _("Reform practices replicated")
    unit = _("practices")
    pairing_path = "replication__pairing"

    def records(self, *, pairing_ids, start, end):
        from duikou.reforms.models import ReplicationStatus, ReplicationStatusChange

        return ReplicationStatusChange.objects.filter(
            to_status=ReplicationStatus.REPLICATED,
            replication__pairing_id__in=list(pairing_ids),
            on__gte=start,
            on__lte=end,
        )

    def aggregate(self, records):
        return (
            records.order_by()
            .values(pairing_id=F("replication__pairing_id"))
            .annotate(value=Count("replication_id", distinct=True))
        )
