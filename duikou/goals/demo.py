"""Demo goals, targets and reported figures, through the real services (after the dashboards' demo, which
rebuilt the platform's figures from the demo records).

* Targets for the founding document's 2020 goals over 2017-03-01 – 2020-12-31: reform practices replicated
  and co-built parks (the demo has such records in those years, so some are reached) and landmark projects
  (the demo's projects were all registered lately, so those read "missed": the platform holds nothing from
  then).
* A later goal the NDRC office enters for this year, with this year's targets for projects, investment,
  funds in place, trainees and events, per pairing and for the whole programme.
* Reported figures (通报数据) of four pairings and one for the programme as of today, by the pairings'
  coordinators and the NDRC office. Each equals the platform's own figure except 黑龙江–广东's agreements
  signed: its bulletin counts signed projects with the intention agreements (签约项目，含意向), the platform
  only the agreements signed at recorded events, so the difference is above the tolerance and the two bases
  explain it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duikou.accounts.models import User
from duikou.regions.models import Goal, Pairing, PolicyDocument

from . import services
from .models import EnteredGoal, GoalTarget, ReportedFigure
from .selectors import figure_period, platform_values

FOUNDING = "国办发〔2017〕22号"
START_2017, END_2020 = datetime.date(2017, 3, 1), datetime.date(2020, 12, 31)

# (goal code, measure, pairing (northeast, east) or None for the programme, target value, note)
TARGETS_2020 = [
    ("4", "replicated", ("210000", "320000"), "1", "演示：辽宁复制推广江苏改革举措至少1项。"),
    ("4", "replicated", ("220000", "330000"), "1", "演示：吉林复制推广浙江改革举措至少1项。"),
    ("4", "replicated", ("230000", "440000"), "2", "演示：黑龙江复制推广广东改革举措2项。"),
    ("5", "parks", ("210100", "110000"), "1", "演示：沈阳、北京共建1个合作园区。"),
    ("5", "parks", ("210200", "310000"), "1", "演示：大连、上海共建1个合作园区。"),
    ("5", "parks", ("230100", "440300"), "1", "演示：哈尔滨、深圳共建1个合作园区。"),
    ("6", "projects", ("210000", "320000"), "10", "演示：实施一批标志性跨区域合作项目。"),
    ("6", "projects", ("230000", "440000"), "8", "演示：实施一批标志性跨区域合作项目。"),
    ("6", "planned_investment", ("230000", "440000"), "500000", "演示：计划总投资50亿元。"),
]
# This year's targets under the goal the NDRC office enters: (measure, pairing or None, target value, note)
TARGETS_THIS_YEAR = [
    ("projects", ("230100", "440300"), "3", "演示：哈深年度新入库合作项目。"),
    ("planned_investment", ("230100", "440300"), "300000", "演示：哈深合作项目计划总投资30亿元。"),
    ("funds_in_place", ("210200", "310000"), "50000", "演示：大连—上海合作项目资金到位5亿元。"),
    ("trainees", ("210000", "320000"), "50", "演示：辽宁—江苏年度干部人才培训50人次。"),
    ("investment_completed", None, "80000", "演示：全国对口合作项目年度完成投资8亿元。"),
    ("events", None, "12", "演示：全国年度对接活动12场。"),
]
# Reported figures as of today: (user, measure, pairing or None, difference from the platform's figure,
# source, counting basis, note)
FIGURES = [
    ("heilongjiang", "agreements", ("230000", "440000"), Decimal("4"),
     "黑龙江省 广东省对口合作工作进展通报（演示）黑发改振兴〔2026〕18号（演示）", "签约合作项目，含意向协议",
     "演示：通报把4项意向协议计入签约项目；平台只记录对接活动上正式签署的协议，意向协议不计，故差4项。"),
    ("heilongjiang", "agreement_amount", ("230000", "440000"), Decimal("0"),
     "黑龙江省 广东省对口合作工作进展通报（演示）黑发改振兴〔2026〕18号（演示）", "正式签约协议金额（万元）", ""),
    ("liaoning", "trainees", ("210000", "320000"), Decimal("0"),
     "辽宁省对口合作干部人才交流情况通报（演示）辽发改振兴〔2026〕7号（演示）", "举办培训班参训人次", ""),
    ("dalian", "funds_in_place", ("210200", "310000"), Decimal("0"),
     "大连市对口合作项目资金到位情况（演示）大发改〔2026〕31号（演示）", "到位资金（万元），以银行到账为准", ""),
    ("harbin", "projects", ("230100", "440300"), Decimal("0"),
     "哈尔滨市—深圳市对口合作简报第12期（演示）", "在库合作项目个数（含签约、开工、投产）", ""),
    ("ndrc", "events", None, Decimal("0"),
     "东北地区与东部地区对口合作工作简报（演示）", "各结对省市举办的对接交流活动，跨结对活动分别计入", ""),
]


def _pairing(sides):
    return None if sides is None else Pairing.objects.get(northeast_id=sides[0], east_id=sides[1])


@transaction.atomic
def load(*, stdout):
    if GoalTarget.objects.exists() or ReportedFigure.objects.exists():
        stdout.write(f"  goals: {GoalTarget.objects.count()} targets, {ReportedFigure.objects.count()} reported "
                     "figures (kept)")
        return
    ndrc = User.objects.get(username="ndrc")
    today = timezone.localdate()
    goals = {goal.code: goal for goal in Goal.objects.all()}
    for code, measure, sides, value, note in TARGETS_2020:
        services.goal_target_create(user=ndrc, data={
            "goal": goals[code], "measure": measure, "pairing": _pairing(sides), "period_start": START_2017,
            "period_end": END_2020, "target_value": Decimal(value), "note": note})
    code = f"{today.year}-1"
    later = goals.get(code) or services.goal_create(user=ndrc, data={
        "code": code, "title": f"{today.year}年深化对口合作：项目、资金和人才交流持续推进（演示）",
        "title_en": f"Deepening the paired cooperation in {today.year}: projects, funds and talent exchange "
                    "(demo)",
        "target_year": today.year, "document": PolicyDocument.objects.get(number=FOUNDING),
        "text": "演示：国家发展改革委在2020年主要目标基础上提出的年度深化目标，用于展示平台功能，不是官方文本。"})
    for measure, sides, value, note in TARGETS_THIS_YEAR:
        services.goal_target_create(user=ndrc, data={
            "goal": later, "measure": measure, "pairing": _pairing(sides),
            "period_start": datetime.date(today.year, 1, 1), "period_end": datetime.date(today.year, 12, 31),
            "target_value": Decimal(value), "note": note})
    # The reported figures: the platform's own figure as of today, plus the difference the bulletin makes.
    rows = [(row, _pairing(row[2])) for row in FIGURES]
    period = figure_period(ReportedFigure(as_of=today))
    values = platform_values((p.pk if p else None, period) for _row, p in rows)
    for (username, measure, _sides, difference, source, basis, note), pairing in rows:
        platform = values[(pairing.pk if pairing else None, period)][measure]
        services.reported_figure_create(user=User.objects.get(username=username), data={
            "measure": measure, "pairing": pairing, "value": Decimal(platform) + difference, "as_of": today,
            "source": source, "basis": basis, "note": note})
    stdout.write(f"  goals: 1 entered goal ({EnteredGoal.objects.count()} in all), {GoalTarget.objects.count()} "
                 f"targets, {ReportedFigure.objects.count()} reported figures")
