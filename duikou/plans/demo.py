"""Demo plans: each pairing's plans of this year at a different step of the joint workflow, run through the
real services by the demo accounts, so every light, confirmation and due flag can be seen.

辽宁–江苏 has last year's annual plan (acknowledged) but not this year's: the compliance table flags it as
overdue, and a newcomer can draft it (the issue's walk-through)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from duikou.accounts.models import Organisation, User
from duikou.regions.models import KeyTask, Pairing

from . import services
from .models import Plan, PlanEvent, PlanItem, PlanVersion

# (northeast, east, northeast account, east account, target state)
PAIRINGS = [
    ("220000", "330000", "jilin", "zhejiang", "acknowledged"),
    ("230000", "440000", "heilongjiang", "guangdong", "submitted"),
    ("210100", "110000", "shenyang", "beijing", "cleared"),
    ("210200", "310000", "dalian", "shanghai", "returned"),
    ("220100", "120000", "changchun", "tianjin", "confirmed_one"),
    ("230100", "440300", "harbin", "shenzhen", "draft"),
]

# (number, title, key task, days from today to the due date, progress, description)
ITEMS = [
    ("1", "建立健全对口合作工作机制，召开年度联席会议", "1.1", -40, 100, "两地主要领导互访，召开对口合作联席会议，印发年度工作要点。"),
    ("2", "共建对口合作产业园区，引进一批重点项目落地", "4.1", -20, 60, "推进合作园区基础设施建设和招商引资，明确利益分享机制。"),
    ("3", "推动装备制造、新材料等产业链协同合作", "2.1", 10, 70, "组织企业对接洽谈，推动重点项目签约、开工。"),
    ("4", "开展干部挂职交流和专业技术人才培训", "3.4", 120, 55, "互派干部挂职，举办专题培训班。"),
    ("5", "复制推广东部地区营商环境改革经验", "1.3", 200, 30, "学习借鉴“放管服”改革、“最多跑一次”等经验做法。"),
]


def _clamp(day: datetime.date, year: int) -> datetime.date:
    return min(max(day, datetime.date(year, 1, 10)), datetime.date(year, 12, 31))


def _lead(region_code: str):
    return Organisation.objects.filter(region_id=region_code, kind=Organisation.Kind.GOVERNMENT).first()


def _annual_plan(*, pairing: Pairing, year: int, northeast: User, east: User, today: datetime.date) -> Plan:
    plan = services.plan_create(user=northeast, data={
        "pairing": pairing, "kind": "annual", "title": f"{pairing}{year}年对口合作工作计划（演示）",
        "period_start": year, "period_end": year,
        "goals": f"<p>围绕国办发〔2017〕22号确定的重点任务，{year}年推动两地在体制机制、产业合作、创新创业和"
                 "合作平台建设等方面取得新进展。</p>",
        "scope": "<p>两地发展改革部门牵头，有关部门、园区和企业共同参与。</p>",
        "key_tasks_text": "<ol><li>深化体制机制改革合作；</li><li>推进产业务实合作；</li><li>加强创新创业合作；"
                          "</li><li>共建合作平台载体。</li></ol>",
        "major_projects": "<p>重点推进合作园区建设和一批标志性跨区域合作项目（演示数据）。</p>",
        "schedule": "<p>一季度完成计划编制和联合确认，二、三季度集中推进，四季度总结评估。</p>",
        "safeguards": "<p>建立工作协调机制，加强干部交流和政策、资金支持，实行定期督查评估。</p>",
    })
    leads = [_lead(pairing.northeast_id), _lead(pairing.east_id)]
    start = datetime.date(year, 1, 1)
    for index, (number, title, code, days, _progress, description) in enumerate(ITEMS):
        due = _clamp(today + datetime.timedelta(days=days), year)
        item = services.item_create(user=northeast, plan=plan, data={
            "number": number, "title": title, "key_task": KeyTask.objects.get(code=code),
            "lead_organisation": leads[index % 2] or leads[0], "description": description,
            "start_date": start, "due_date": due})
        item.supporting_organisations.set([o for o in leads if o and o != item.lead_organisation])
        if index < 3:
            services.node_create(user=northeast, item=item, data={
                "title": "完成阶段目标", "due_date": _clamp(due - datetime.timedelta(days=30), year)})
        if index == 1:
            services.indicator_create(user=northeast, item=item, data={
                "name": "新签约合作项目", "unit": "个", "baseline": 12, "target": 20, "direction": "increase",
                "counting_basis": "以正式签订合作协议为准"})
        if index == 2:
            services.indicator_create(user=northeast, item=item, data={
                "name": "合作项目完成投资", "unit": "亿元", "baseline": 35, "target": 60, "direction": "increase",
                "counting_basis": "以项目单位报送的统计数据为准"})
    plan.refresh_from_db()
    return plan


def _report_progress(*, plan: Plan, reporter: User, today: datetime.date):
    for item, (_, _, _, _, progress, _) in zip(plan.items.order_by("number"), ITEMS, strict=True):
        when = min(today, item.due_date) if progress >= 100 else today
        services.progress_report(user=reporter, item=item, data={
            "reported_on": when, "progress": progress, "note": "按计划推进（演示数据）。"})
        for indicator in item.indicators.all():
            services.actual_record(user=reporter, indicator=indicator, data={
                "period": f"{plan.period_start}-H1", "value": indicator.target * 6 / 10,
                "evidence": "上半年工作进展情况通报（演示）", "counting_basis": indicator.counting_basis or "演示口径"})
    for node in plan.items.order_by("number").first().nodes.all():
        services.node_complete(user=reporter, node=node, completed_on=min(today, node.due_date))


def _backdate(plan: Plan, when: datetime.datetime):
    """Demo only: let the plan's history so far look as if it happened before ``when`` (the submission)."""
    shift = timezone.now() - when
    Plan.objects.filter(pk=plan.pk, submitted_at__isnull=False).update(submitted_at=when)
    PlanEvent.objects.filter(plan=plan).update(at=F("at") - shift)
    PlanVersion.objects.filter(plan=plan).update(created_at=F("created_at") - shift)


@transaction.atomic
def load(*, stdout):
    if Plan.objects.exists():
        stdout.write(f"  plans: {Plan.objects.count()} plans (kept)")
        return
    today = timezone.localdate()
    year = today.year
    ndrc = User.objects.get(username="ndrc")
    on_time = timezone.make_aware(datetime.datetime(year, 3, 20, 10, 0))
    for northeast_code, east_code, ne_name, east_name, state in PAIRINGS:
        pairing = Pairing.objects.get(northeast_id=northeast_code, east_id=east_code)
        ne, east = User.objects.get(username=ne_name), User.objects.get(username=east_name)
        plan = _annual_plan(pairing=pairing, year=year, northeast=ne, east=east, today=today)
        if state in ("acknowledged", "submitted", "returned", "cleared", "confirmed_one"):
            services.plan_confirm(user=ne, plan=plan, revision=plan.revision)
        if state in ("acknowledged", "submitted", "returned", "cleared"):
            services.plan_confirm(user=east, plan=plan, revision=plan.revision)
        if state in ("acknowledged", "submitted", "returned"):
            services.plan_submit(user=ne, plan=plan)
            _backdate(plan, on_time)
        if state == "acknowledged":
            services.plan_acknowledge(user=ndrc, plan=plan)
        if state == "returned":
            services.plan_return(user=ndrc, plan=plan, comment="请补充合作园区建设的量化指标和完成时限，"
                                                               "并明确牵头单位。（演示）")
        if state == "cleared":
            item = plan.items.get(number="3")
            services.item_update(user=east, item=item, data={"title": "推动装备制造、新材料、生物医药等产业链协同合作"},
                                 expected_version=item.version)
        _report_progress(plan=Plan.objects.get(pk=plan.pk), reporter=ne, today=today)

    # 辽宁–江苏: last year's plan acknowledged; this year's not yet drafted (flagged as overdue).
    liaoning_jiangsu = Pairing.objects.get(northeast_id="210000", east_id="320000")
    liaoning, jiangsu = User.objects.get(username="liaoning"), User.objects.get(username="jiangsu")
    last = _annual_plan(pairing=liaoning_jiangsu, year=year - 1, northeast=liaoning, east=jiangsu,
                        today=datetime.date(year - 1, 12, 31))
    services.plan_confirm(user=liaoning, plan=last, revision=last.revision)
    services.plan_confirm(user=jiangsu, plan=last, revision=last.revision)
    services.plan_submit(user=jiangsu, plan=last)
    _backdate(last, timezone.make_aware(datetime.datetime(year - 1, 3, 25, 9, 30)))
    services.plan_acknowledge(user=ndrc, plan=last)
    for item in last.items.all():
        services.progress_report(user=liaoning, item=item, data={
            "reported_on": item.due_date, "progress": 100, "note": "已完成（演示数据）。"})

    # 吉林–浙江: a phased plan for the founding period, as the NDRC issued them in March 2018.
    jilin, zhejiang = User.objects.get(username="jilin"), User.objects.get(username="zhejiang")
    phased = services.plan_create(user=jilin, data={
        "pairing": Pairing.objects.get(northeast_id="220000", east_id="330000"), "kind": "phased",
        "title": "吉林省与浙江省对口合作实施方案（2017—2020年）（演示）", "period_start": 2017, "period_end": 2020,
        "document_number": "发改振兴〔2018〕（演示）",
        "goals": "<p>到2020年，两省建立起横向联动、纵向衔接、定期会商、运转高效的工作机制，"
                 "构建政府、企业、研究机构和社会各界多层次、宽领域、全方位合作格局。</p>"})
    phased.refresh_from_db()
    services.plan_confirm(user=jilin, plan=phased, revision=phased.revision)
    services.plan_confirm(user=zhejiang, plan=phased, revision=phased.revision)
    services.plan_submit(user=jilin, plan=phased)
    _backdate(phased, timezone.make_aware(datetime.datetime(2018, 3, 17, 9, 0)))
    services.plan_acknowledge(user=ndrc, plan=phased)
    stdout.write(f"  plans: {Plan.objects.count()} plans, {PlanItem.objects.count()} items")
