"""Demo supervision through the real services, dates relative to today so every light shows: items across
pairings (red, yellow, green), one from a demo plan item, one from a demo coordination request, an urging
notice, a rectification requirement for 吉林–浙江 with two items (one answered), and the light snapshots of
the last six months for the trend."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from duikou.accounts.models import User
from duikou.regions.models import Pairing

from . import services
from .models import RectificationRequirement, SupervisionItem

# (northeast, east, account, title, assignee side, [(node title, days from today)])
ITEMS = [
    (
        "210000",
        "320000",
        "liaoning",
        "沈阳—南京装备制造产业合作园区基础设施建设（演示）",
        "210000",
        [("完成园区道路和管网工程招标", -20), ("园区一期基础设施竣工", 30)],
    ),
    (
        "230000",
        "440000",
        "ndrc",
        "黑龙江—广东农产品“北货南运”物流通道建设（演示）",
        "230000",
        [("签订冷链物流合作协议", 7), ("首批专列开行", 75)],
    ),
    (
        "210100",
        "110000",
        "shenyang",
        "沈阳—北京科技成果转化对接平台上线（演示）",
        "210100",
        [("平台完成测试", 60)],
    ),
    (
        "210200",
        "310000",
        "dalian",
        "大连—上海港航物流合作项目落地（演示）",
        "210200",
        [("完成合作框架协议签署", -5), ("项目开工", 40)],
    ),
]


def _user(username):
    return User.objects.filter(username=username).first()


@transaction.atomic
def load(*, stdout):
    if SupervisionItem.objects.exists():
        stdout.write(f"  supervision: {SupervisionItem.objects.count()} supervision items (kept)")
        return
    today = timezone.localdate()
    ndrc = _user("ndrc")
    if ndrc is None:
        return
    urged = None
    for ne, east, username, title, side, nodes in ITEMS:
        user = _user(username)
        pairing = Pairing.objects.filter(northeast_id=ne, east_id=east).first()
        office = services.coordination_office(side)
        if not (user and pairing and office):
            continue
        item = services.item_create(
            user=user,
            data={"title": title, "description": "演示督办事项。", "pairing": pairing, "assignee": office},
            nodes=[{"title": t, "due_date": today + datetime.timedelta(days=d)} for t, d in nodes],
        )
        urged = urged or item
    if urged is not None:
        services.item_urge(
            user=ndrc, item=urged, message="该事项时间节点已逾期，请抓紧推进并于一周内报送进展情况（演示）。"
        )
    _from_sources(ndrc)
    _rectification(ndrc, today)
    for month in services.previous_months(6, today=today):
        services.snapshot_take(month=month, today=today)
    stdout.write(
        f"  supervision: {SupervisionItem.objects.count()} demo supervision items, "
        f"{RectificationRequirement.objects.count()} rectification requirement(s), 6 months of snapshots"
    )


def _from_sources(ndrc):
    from duikou.plans.models import PlanItem
    from duikou.projects.models import CoordinationRequest

    plan_item = (
        PlanItem.objects.filter(
            completed_on__isnull=True, plan__pairing__northeast_id="230000", plan__pairing__east_id="440000"
        )
        .order_by("due_date", "id")
        .first()
        or PlanItem.objects.filter(completed_on__isnull=True).order_by("due_date", "id").first()
    )
    if plan_item is not None:
        services.item_from_plan_item(user=ndrc, plan_item=plan_item)
    request = (
        CoordinationRequest.objects.exclude(status=CoordinationRequest.Status.CLOSED)
        .order_by("due_on", "id")
        .first()
    )
    if request is not None:
        try:
            services.item_from_request(user=ndrc, request=request)
        except Exception:  # noqa: BLE001 - a request without an organisation to assign: skip it in the demo
            pass


def _rectification(ndrc, today):
    pairing = Pairing.objects.filter(northeast_id="220000", east_id="330000").first()
    jilin = _user("jilin")
    if pairing is None or jilin is None:
        return
    requirement = services.rectification_issue(
        user=ndrc,
        data={
            "pairing": pairing,
            "title": "关于吉林—浙江对口合作重点任务进展缓慢的整改要求（演示）",
            "basis": "年度对口合作成效评估发现，合作园区建设和干部交流两项任务进展滞后于年度工作计划（演示）。",
            "round_ref": "年度对口合作成效评估（演示）",
        },
        items=[
            {
                "title": "加快吉浙合作产业园招商引资",
                "requirement_text": "年内新引进浙江企业项目不少于5个（演示）。",
                "responsible_region": pairing.northeast,
                "deadline": today + datetime.timedelta(days=20),
            },
            {
                "title": "落实干部双向挂职计划",
                "requirement_text": "按计划选派干部赴吉林挂职（演示）。",
                "responsible_region": pairing.east,
                "deadline": today - datetime.timedelta(days=3),
            },
        ],
    )
    first = requirement.items.order_by("id").first()
    services.rectification_answer(
        user=jilin,
        item=first,
        measures="已召开专题招商推介会，签约浙江企业项目3个，另有4个项目在洽谈中（演示）。",
        evidence="招商推介会纪要、项目签约清单（演示）。",
    )
