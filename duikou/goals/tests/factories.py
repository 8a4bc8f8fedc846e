import datetime
from decimal import Decimal

from duikou.core.testing import pairing
from duikou.regions.models import Goal, PolicyDocument

from ..models import EnteredGoal, GoalTarget, ReportedFigure

YEAR_START, YEAR_END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def goal(code="6"):
    """One of the founding document's goals (loaded by migration)."""
    return Goal.objects.get(code=code)


def entered_goal(code="2026-1", year=2026, user=None):
    record = Goal.objects.create(code=code, title=f"测试目标{code}", target_year=year, text="测试目标的表述。",
                                 document=PolicyDocument.objects.get(number="国办发〔2017〕22号"))
    EnteredGoal.objects.create(goal=record, entered_by=user)
    return record


def target(pairing_obj=None, *, measure="projects", value="10", start=YEAR_START, end=YEAR_END, goal_obj=None,
           **values):
    """A target saved directly (no service, no audit); no pairing: the whole programme."""
    return GoalTarget.objects.create(goal=goal_obj or goal(), measure=measure, pairing=pairing_obj,
                                     period_start=start, period_end=end, target_value=Decimal(value), **values)


def figure(pairing_obj=None, *, measure="projects", value="10", as_of=datetime.date(2026, 6, 30), **values):
    return ReportedFigure.objects.create(measure=measure, pairing=pairing_obj, value=Decimal(value), as_of=as_of,
                                         source=values.pop("source", "测试通报"),
                                         basis=values.pop("basis", "测试口径"), **values)


def four(make):
    """lj 辽宁–江苏, jz 吉林–浙江, sb 沈阳–北京, and pw the whole programme."""
    return {"lj": make(pairing("210000", "320000")), "jz": make(pairing("220000", "330000")),
            "sb": make(pairing("210100", "110000")), "pw": make(None)}
