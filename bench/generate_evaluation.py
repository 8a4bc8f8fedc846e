"""An evaluation round of the synthetic programme (issue #6), added by ``bench/generate.py`` last, over everything
generated before it: the framework of 30 computed indicators (every registered query in turn, 6 dimensions,
weights 4 × 10 + 3 × 20) that the round workload computes again, and a round of every pairing with two sides over
the twelve months up to ``AS_OF``, created, computed and published through the services (``rounds.round_create``,
``round_compute`` with an override reason, as no self-assessment is collected; ``round_publish`` with each
pairing's own scores), so the score breakdown and score records pages have a real round to show."""

from __future__ import annotations

import datetime
from decimal import Decimal

from duikou.accounts.models import User
from duikou.evaluation import rounds
from duikou.evaluation.indicators import REGISTRY
from duikou.evaluation.models import (
    Dimension,
    EvaluationRound,
    Framework,
    Indicator,
    IndicatorScore,
    ScoreRecord,
)
from duikou.regions.models import Pairing

ROUND_INDICATORS = 30  # a framework of 30 indicators, cycling through the registered queries
ROUND_PERIOD = ("2025-11-01", "2026-10-31")  # the twelve months up to AS_OF
FRAMEWORK_CODE = "BENCH-30"
ROUND_NAME = "基准评估轮次（已计算）"
COUNTED_MODELS = [IndicatorScore, ScoreRecord]


def round_framework(*, user: User) -> Framework:
    """The published framework of ROUND_INDICATORS computed indicators (made once, then found again)."""
    found = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    if found is not None:
        return found
    framework = Framework.objects.create(name="基准评估指标体系（30项）", code=FRAMEWORK_CODE, notes="基准",
                                         status=Framework.Status.PUBLISHED, published_by=user)
    dimensions = [Dimension.objects.create(framework=framework, name=f"维度{n}", order=n) for n in range(1, 7)]
    queries = list(REGISTRY.values())
    for n in range(ROUND_INDICATORS):
        query = queries[n % len(queries)]
        Indicator.objects.create(
            framework=framework, dimension=dimensions[n % len(dimensions)], code=f"{n // 5 + 1}.{n % 5 + 1}",
            name=f"{query.label}（基准{n + 1}）", unit=str(getattr(query, "unit", "") or "项"),
            direction=Indicator.Direction.HIGHER, weight=Decimal(4 if n < 10 else 3),
            normalisation=Indicator.Normalisation.RELATIVE, source=Indicator.Source.COMPUTED, query=query.name,
            per_side=bool(getattr(query, "per_side", False)), order=n + 1)
    return framework


def round_pairings() -> list[Pairing]:
    return list(Pairing.objects.filter(east__isnull=False).order_by("pk"))


def round_period() -> tuple[datetime.date, datetime.date]:
    start, end = (datetime.date.fromisoformat(day) for day in ROUND_PERIOD)
    return start, end


def add_round(*, national: User) -> dict[str, int]:
    """The computed, published round of every pairing (its scores and score records written by the services)."""
    start, end = round_period()
    round_ = rounds.round_create(
        user=national,
        data={"name": ROUND_NAME, "framework": round_framework(user=national), "period_start": start,
              "period_end": end},
        pairings=round_pairings(),
    )
    round_ = rounds.round_compute(user=national, round_=round_, override_reason="基准数据：未收集自评")
    rounds.round_publish(user=national, round_=round_, publish_scores=True)
    return {"scores": IndicatorScore.objects.filter(round=round_).count(),
            "score records": ScoreRecord.objects.filter(round=round_).count()}


def generated_round() -> EvaluationRound:
    return EvaluationRound.objects.get(name=ROUND_NAME)
