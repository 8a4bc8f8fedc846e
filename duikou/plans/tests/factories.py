"""Factories for plan records (direct ORM rows for scope and query-count tests; workflow tests go through
the services)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from duikou.core.testing import OrganisationFactory, pairing
from duikou.regions.models import KeyTask

from ..models import Indicator, IndicatorActual, Plan, PlanItem, ProgressUpdate, TimeNode


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    pairing = factory.LazyFunction(lambda: pairing("210000", "320000"))
    kind = "special"
    title = factory.Sequence(lambda n: f"测试专项实施方案{n}")
    period_start = 2026
    period_end = 2026


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"测试工作任务{n}")
    key_task = factory.LazyFunction(lambda: KeyTask.objects.get(code="2.1"))
    lead_organisation = factory.LazyAttribute(lambda o: OrganisationFactory(region_id=o.plan.pairing.northeast_id))
    start_date = datetime.date(2026, 1, 1)
    due_date = datetime.date(2026, 12, 31)


class TimeNodeFactory(DjangoModelFactory):
    class Meta:
        model = TimeNode

    item = factory.SubFactory(PlanItemFactory)
    title = "阶段目标"
    due_date = datetime.date(2026, 6, 30)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    item = factory.SubFactory(PlanItemFactory)
    name = "签约项目"
    unit = "个"
    target = 10


class IndicatorActualFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorActual

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2026-H1"
    value = 4
    evidence = "通报"
    counting_basis = "以签约为准"


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    item = factory.SubFactory(PlanItemFactory)
    reported_on = datetime.date(2026, 6, 1)
    progress = 40
    note = "进展顺利"


def three_plans():
    """One plan in each of 辽宁–江苏 (lj), 吉林–浙江 (jz) and 沈阳–北京 (sb)."""
    return {
        "lj": PlanFactory(pairing=pairing("210000", "320000")),
        "jz": PlanFactory(pairing=pairing("220000", "330000")),
        "sb": PlanFactory(pairing=pairing("210100", "110000")),
    }
