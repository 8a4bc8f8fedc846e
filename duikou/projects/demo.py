"""Demo projects: one or two per pairing, at different stages, through the real services; a key project
of 哈尔滨–深圳 with its green-channel officer."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from duikou.accounts.models import Organisation, User
from duikou.regions.models import KeyTask, Pairing

from . import services
from .models import CoordinationRequest, Industry, Project, ProjectReport, ProjectStageChange
from .selectors import REPORTING_STAGES, due_date, month, months_between

# (northeast, east, coordinator, title, key task, industry, location, host, investors, 万元, stages, key, landmark)
PROJECTS = [
    ("230100", "440300", "harbin", "哈深产业园智能装备制造基地（演示）", "4.1", "34", "230100",
     "哈尔滨—深圳产业园区（演示）", ["深圳演示智能装备有限公司"], "350000", ["signed", "started", "building"], True, True),
    ("230100", "440300", "harbin", "哈尔滨—深圳跨境电商服务中心（演示）", "2.4", "51", "230100",
     "哈尔滨—深圳产业园区（演示）", [], "42000", ["signed"], False, False),
    ("210100", "110000", "shenyang", "沈阳—北京科技成果转化中试基地（演示）", "3.1", "73", "210100",
     "沈阳—北京对口合作示范园（演示）", [], "86000", ["signed", "started"], False, True),
    ("210200", "310000", "dalian", "大连—上海冷链物流园（演示）", "2.4", "59", "210200",
     "大连—上海合作产业园（演示）", [], "120000", ["signed", "started", "building", "operating"], True, False),
    ("220000", "330000", "jilin", "吉林长白山绿色食品精深加工项目（演示）", "2.3", "14", "220200",
     "吉林演示农产品加工有限公司", ["浙江演示绿色食品有限公司"], "65000", ["signed", "started"], False, False),
    ("230000", "440000", "heilongjiang", "黑龙江—广东新材料产业合作项目（演示）", "2.1", "30", "230100",
     "哈尔滨—深圳产业园区（演示）", ["广东演示新材料股份有限公司"], "98000", ["signed"], False, False),
]


@transaction.atomic
def load(*, stdout):
    if Project.objects.exists():
        stdout.write(f"  projects: {Project.objects.count()} projects (kept)")
        return
    today = timezone.localdate()
    for (ne, east, username, title, task, industry, location, host, investors, amount, stages, key,
         landmark) in PROJECTS:
        user = User.objects.get(username=username)
        pairing = Pairing.objects.get(northeast_id=ne, east_id=east)
        officer = User.objects.get(username="harbin") if key and ne == "230100" else user
        project = services.project_create(user=user, data={
            "pairing": pairing, "title": title, "key_task": KeyTask.objects.get(code=task),
            "industry": Industry.objects.get(code=industry), "location_id": location,
            "host_organisation": Organisation.objects.get(name=host),
            "investors": list(Organisation.objects.filter(name__in=investors)),
            "planned_investment": amount, "is_key": key, "is_landmark": landmark,
            "green_channel_officer": officer if key else None,
            "description": "演示数据：用于展示项目库功能，不是真实项目。"})
        # Demo only: the project was registered some months ago, then moved stage by stage.
        registered = today - datetime.timedelta(days=30 * (len(stages) + 1))
        Project.objects.filter(pk=project.pk).update(stage_since=registered)
        ProjectStageChange.objects.filter(project=project).update(on=registered)
        for index, stage in enumerate(stages):
            services.project_change_stage(user=user, project=Project.objects.get(pk=project.pk), stage=stage,
                                          on=today - datetime.timedelta(days=30 * (len(stages) - index)))
    _reports(today=today)
    _requests(today=today)
    stdout.write(f"  projects: {Project.objects.count()} projects, {ProjectReport.objects.count()} monthly reports")


def _reports(*, today):
    """Monthly reports from the month construction started to last month; the Dalian project skips last
    month, so it shows as missing."""
    for project in Project.objects.filter(stage__in=REPORTING_STAGES):
        user = project.stage_changes.order_by("-on").first().user
        started = project.stage_changes.filter(to_stage="started").first().on
        last_month = month(today.replace(day=1) - datetime.timedelta(days=1))
        periods = months_between(month(started), last_month)
        if project.location_id == "210200":
            periods = periods[:-1]
        total = 0
        for index, period in enumerate(periods, start=1):
            step = int(project.planned_investment / 20)
            total += step
            report = services.project_report_create(user=user, project=project, data={
                "period": period, "investment_in_period": step, "investment_cumulative": total,
                "narrative": f"第{index}个月：按计划推进施工（演示数据）。",
                "problems": "用地指标尚待落实。" if index == len(periods) and project.is_key else ""})
            # Demo only: reported a few days before the deadline.
            reported = timezone.make_aware(datetime.datetime.combine(due_date(period), datetime.time(9)))
            ProjectReport.objects.filter(pk=report.pk).update(created_at=reported - datetime.timedelta(days=3))


def _requests(*, today):
    """On the Harbin–Shenzhen key project: a land request past its deadline (escalated), and an answered
    financing request."""
    project = Project.objects.get(title="哈深产业园智能装备制造基地（演示）")
    shenzhen, harbin = User.objects.get(username="shenzhen"), User.objects.get(username="harbin")
    land = services.coordination_request_create(user=shenzhen, project=project, data={
        "kind": "land", "title": "二期用地指标尚未落实（演示）",
        "description": "二期厂房需新增建设用地约120亩，请协调落实用地指标。"})
    # Demo only: raised five weeks ago, so it is overdue.
    raised = timezone.now() - datetime.timedelta(days=35)
    CoordinationRequest.objects.filter(pk=land.pk).update(
        created_at=raised, due_on=services.add_working_days(timezone.localdate(raised), 15))
    services.coordination_requests_escalate(today=today)
    financing = services.coordination_request_create(user=shenzhen, project=project, data={
        "kind": "financing", "title": "设备购置贷款对接（演示）", "description": "请协调对接政策性银行设备购置贷款。"})
    services.coordination_request_answer(user=harbin, request=financing,
                                         answer="已组织国家开发银行黑龙江分行对接，授信方案已上报。（演示）")
