"""Reads for indicator frameworks: the list (with indicator counts and weight totals in the same query), a
framework's dimensions and indicators grouped, and the preview that computes every computed indicator for all
pairings over a period (not stored: an evaluation round stores its scores)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from duikou.regions.models import Pairing

from . import scoring
from .indicators import REGISTRY
from .models import WEIGHT_TOTAL, Framework, Indicator


def framework_list(*, user, queryset=None):
    queryset = Framework.objects.all() if queryset is None else queryset
    weights = DecimalField(max_digits=7, decimal_places=2)
    return (
        queryset.for_user(user, "view")
        .annotate(
            indicator_count=Count("indicators"),
            weight_sum=Coalesce(Sum("indicators__weight"), Value(Decimal("0")), output_field=weights),
        )
        .order_by("code", "-version_number")
    )


@dataclass
class DimensionBlock:
    dimension: object
    indicators: list
    weight: Decimal


@dataclass
class FrameworkOutline:
    framework: Framework
    blocks: list[DimensionBlock]
    total: Decimal

    @property
    def complete(self) -> bool:
        return self.total == WEIGHT_TOTAL

    @property
    def indicators(self) -> list:
        return [indicator for block in self.blocks for indicator in block.indicators]


def framework_outline(*, framework: Framework) -> FrameworkOutline:
    """The dimensions in order, each with its indicators and their weight; the framework's total weight.
    Two queries."""
    dimensions = framework.dimensions.order_by("order", "id").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
    )
    blocks = []
    for dimension in dimensions:
        indicators = list(dimension.indicators.all())
        blocks.append(
            DimensionBlock(
                dimension=dimension,
                indicators=indicators,
                weight=sum((i.weight for i in indicators), Decimal("0")),
            )
        )
    return FrameworkOutline(
        framework=framework, blocks=blocks, total=sum((b.weight for b in blocks), Decimal("0"))
    )


def last_calendar_year(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)


def preview_pairings():
    """The pairings a preview covers: every formal pairing (both sides known)."""
    return Pairing.objects.filter(status=Pairing.Status.FORMAL, east__isnull=False).select_related(
        "northeast", "east"
    )


@dataclass
class PreviewColumn:
    indicator: Indicator
    computed: bool
    scores: dict = field(default_factory=dict)  # pairing id -> scoring.Score


@dataclass
class PreviewRow:
    pairing: Pairing
    cells: list  # scoring.Score | None, in the order of the columns
    total: Decimal


@dataclass
class Preview:
    framework: Framework
    start: datetime.date
    end: datetime.date
    columns: list[PreviewColumn]
    rows: list[PreviewRow]

    @property
    def computed_weight(self) -> Decimal:
        return sum((c.indicator.weight for c in self.columns if c.computed), Decimal("0"))


def indicator_raw(*, indicator: Indicator, pairing_ids, start, end) -> dict:
    """The raw values of one computed indicator for the pairings, keyed (pairing id, side): one query.
    A per-side query used by an indicator of the whole pairing adds up the sides."""
    query = REGISTRY[indicator.query]
    raw = query.compute(pairing_ids=pairing_ids, start=start, end=end)
    return scoring.pairing_raw(raw, per_side=indicator.per_side)


def framework_preview(
    *, framework: Framework, start: datetime.date, end: datetime.date, pairings=None
) -> Preview:
    """Every computed indicator of the framework for every pairing over ``start``–``end``: raw, normalised and
    weighted values and the total per pairing, ranked by total. One query per computed indicator (plus the
    framework's indicators and the pairings): the count does not grow with the pairings. Entered indicators
    have no value before a round collects them: they are shown, and count 0."""
    pairings = list(preview_pairings() if pairings is None else pairings)
    pairing_ids = [p.pk for p in pairings]
    columns = []
    for indicator in framework.indicators.select_related("dimension").order_by(
        "dimension__order", "dimension_id", "order", "id"
    ):
        computed = indicator.source == Indicator.Source.COMPUTED and indicator.query in REGISTRY
        column = PreviewColumn(indicator=indicator, computed=computed)
        if computed:
            raw = indicator_raw(indicator=indicator, pairing_ids=pairing_ids, start=start, end=end)
            column.scores = scoring.score_indicator(raw, indicator)
        columns.append(column)
    rows = []
    for pairing in pairings:
        cells = [column.scores.get(pairing.pk) if column.computed else None for column in columns]
        rows.append(
            PreviewRow(
                pairing=pairing, cells=cells, total=scoring.total(c.weighted for c in cells if c is not None)
            )
        )
    rows.sort(key=lambda row: (-row.total, str(row.pairing)))
    return Preview(framework=framework, start=start, end=end, columns=columns, rows=rows)


# --- evaluation rounds ---------------------------------------------------------------------------------------


def round_list(*, user):
    from .models import EvaluationRound

    return (
        EvaluationRound.objects.for_user(user, "view")
        .select_related("framework")
        .annotate(pairing_count=Count("pairings", distinct=True))
        .order_by("-period_start", "-id")
    )


@dataclass
class ResultRow:
    pairing: Pairing
    dimensions: list  # Decimal per dimension, in the order of the round's dimensions
    total: Decimal | None
    rank: int | None
    outcome: object = None


@dataclass
class RoundResults:
    dimensions: list
    rows: list[ResultRow]
    show_ranks: bool
    show_totals: bool


def round_results(*, user, round_) -> RoundResults:
    """The results table the user may see: the pairings × the dimensions' totals, the total and the rank,
    ordered by rank. Four queries whatever the number of pairings and indicators."""
    from duikou.core.roles import NATIONAL_ROLES

    from .models import IndicatorScore, PairingOutcome, PairingResult

    national = bool(user.scope.roles & NATIONAL_ROLES)
    results = list(
        PairingResult.objects.for_user(user, "view")
        .filter(round=round_)
        .select_related("pairing__northeast", "pairing__east")
        .order_by("rank", "pairing_id")
    )
    visible_scores = IndicatorScore.objects.for_user(user, "view").filter(round=round_, side="")
    sums = {}
    for row in (
        visible_scores.order_by()
        .values("pairing_id", "indicator__dimension_id")
        .annotate(total=Sum("weighted"))
    ):
        # SQLite sums decimals as floats: back to points with two places, as every other score
        sums[(row["pairing_id"], row["indicator__dimension_id"])] = scoring.q2(Decimal(str(row["total"] or 0)))
    dimensions = list(round_.framework.dimensions.order_by("order", "id"))
    outcomes = {o.pairing_id: o for o in PairingOutcome.objects.for_user(user, "view").filter(round=round_)}
    show_ranks = national or round_.publish_ranks or round_.publish_all
    rows = []
    for result in results:
        shown = national or round_.publish_all or round_.publish_scores
        rows.append(
            ResultRow(
                pairing=result.pairing,
                dimensions=[sums.get((result.pairing_id, d.pk)) for d in dimensions],
                total=result.total if shown else None,
                rank=result.rank if show_ranks else None,
                outcome=outcomes.get(result.pairing_id),
            )
        )
    return RoundResults(
        dimensions=dimensions,
        rows=rows,
        show_ranks=show_ranks,
        show_totals=national or round_.publish_all or round_.publish_scores,
    )


@dataclass
class BreakdownLine:
    score: object
    sides: list = field(default_factory=list)


def round_breakdown(*, user, round_, pairing) -> list[BreakdownLine]:
    """Every indicator's score for the pairing (and its sides' for a per-side indicator), in the framework's
    order, as far as the user may see them: one query."""
    from .models import IndicatorScore

    rows = list(
        IndicatorScore.objects.for_user(user, "view")
        .filter(round=round_, pairing=pairing)
        .select_related("indicator__dimension")
        .order_by(
            "indicator__dimension__order",
            "indicator__dimension_id",
            "indicator__order",
            "indicator_id",
            "side",
        )
    )
    lines, by_indicator = [], {}
    for row in rows:
        if not row.side:
            by_indicator[row.indicator_id] = BreakdownLine(score=row)
            lines.append(by_indicator[row.indicator_id])
    for row in rows:
        if row.side and row.indicator_id in by_indicator:
            by_indicator[row.indicator_id].sides.append(row)
    return lines


def score_records(*, user, score) -> QuerySet:
    """The records one score came from (a visible ``IndicatorScore``), in a stable order, to be read a page at
    a time: a score of a year's monthly reports has hundreds of thousands."""
    from .models import ScoreRecord

    return ScoreRecord.objects.for_user(user, "view").filter(
        round_id=score.round_id, pairing_id=score.pairing_id, indicator_id=score.indicator_id, side=score.side
    )


def record_titles(*, user, rows) -> dict[tuple[str, int], tuple[str, str | None]]:
    """{(model label, pk): (the model's readable name, the record's title)} for the records of a page: one
    query per kind of record (a page has one or two), each scoped to the user; ``None`` for a record the user
    may not see (or one since deleted). Titles never name a person (the models' ``__str__`` rule)."""
    from django.apps import apps

    by_label: dict[str, list[int]] = {}
    for row in rows:
        by_label.setdefault(row.label, []).append(row.record_id)
    titles = {}
    for label, pks in by_label.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            titles.update({(label, pk): (label, None) for pk in pks})
            continue
        name = str(model._meta.verbose_name)
        manager = model._default_manager
        found = {}
        if hasattr(manager, "for_user"):
            related = [f.name for f in model._meta.concrete_fields if f.many_to_one]
            found = {
                obj.pk: str(obj) for obj in manager.for_user(user, "view").filter(pk__in=pks).select_related(*related)
            }
        titles.update({(label, pk): (name, found.get(pk)) for pk in pks})
    return titles
