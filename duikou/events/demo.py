"""Demo events through the real services (titles marked 演示): a 东北行 activity of 黑龙江–广东 whose outcome
names that pairing's project from the projects demo, a joint working meeting of 辽宁–江苏, the 中国—东北亚博览会
joined by three pairings (each names its own organisations), a city theme day of 哈尔滨–深圳 and an investment promotion of
沈阳–北京, each under the key task it serves."""

from __future__ import annotations

import datetime

from django.db import transaction

from duikou.accounts.models import Organisation, User
from duikou.projects.models import Project, Stage
from duikou.regions.models import KeyTask, Pairing

from . import services
from .models import Event, EventKind

D = datetime.date


def _office(region: str) -> Organisation | None:
    return (
        Organisation.objects.filter(region_id=region, name__contains="发展和改革委员会")
        .order_by("id")
        .first()
    )


def _orgs(*names_or_regions) -> list[Organisation]:
    found = []
    for item in names_or_regions:
        org = _office(item) if item.isdigit() else Organisation.objects.filter(name=item).first()
        if org is not None:
            found.append(org)
    return found


# (coordinator, northeast, east, kind, title, start, end, place, organisations, leaders, description)
EVENTS = [
    (
        "heilongjiang",
        "230000",
        "440000",
        EventKind.NORTHEAST_TOUR,
        "2026年广东企业黑龙江行（演示）",
        D(2026, 6, 16),
        D(2026, 6, 18),
        "哈尔滨",
        ["230000", "440000", "广东演示新材料股份有限公司"],
        "黑龙江省副省长（演示）\n广东省副省长（演示）",
        "组织广东60余家企业赴黑龙江考察对接新材料、装备制造项目。（演示数据）",
    ),
    (
        "liaoning",
        "210000",
        "320000",
        EventKind.JOINT_MEETING,
        "辽宁—江苏对口合作联席会议（演示）",
        D(2026, 4, 22),
        D(2026, 4, 22),
        "南京",
        ["210000", "320000"],
        "辽宁省发展改革委主任（演示）\n江苏省发展改革委主任（演示）",
        "总结上一年度对口合作进展，审议年度工作要点。（演示数据）",
    ),
    (
        "jilin",
        "220000",
        "330000",
        EventKind.EXPO,
        "2026中国—东北亚博览会对口合作专场（演示）",
        D(2026, 8, 25),
        D(2026, 8, 29),
        "长春",
        ["220000", "330000", "浙江演示绿色食品有限公司"],
        "吉林省领导（演示）",
        "博览会设对口合作专区，东北与东部省市企业集中签约。（演示数据）",
    ),
    (
        "harbin",
        "230100",
        "440300",
        EventKind.THEME_DAY,
        "深圳·哈尔滨城市主题日（演示）",
        D(2026, 9, 12),
        D(2026, 9, 13),
        "深圳",
        ["230100", "440300"],
        "",
        "冰雪文化、旅游和特色产品推介。（演示数据）",
    ),
    (
        "shenyang",
        "210100",
        "110000",
        EventKind.INVESTMENT_PROMOTION,
        "沈阳—北京科技成果转化招商推介会（演示）",
        D(2025, 11, 6),
        D(2025, 11, 6),
        "北京",
        ["210100", "110000"],
        "",
        "推介沈阳中试基地和产业园区。（演示数据）",
    ),
]
# The key task each demo event serves (国办发〔2017〕22号 三), by title: counted in the coverage matrix.
KEY_TASKS = {
    "2026年广东企业黑龙江行（演示）": "2.1",  # equipment manufacturing, new materials
    "辽宁—江苏对口合作联席会议（演示）": "1.1",  # the working mechanism, as the plans' item 1
    "2026中国—东北亚博览会对口合作专场（演示）": "2.3",  # green food
    "深圳·哈尔滨城市主题日（演示）": "2.5",  # culture and tourism
    "沈阳—北京科技成果转化招商推介会（演示）": "3.1",  # technology transfer
}
# Pairings that join the expo; each one's coordinator names its own organisations: (coordinator, northeast, east)
EXPO_JOINERS = [("liaoning", "210000", "320000"), ("heilongjiang", "230000", "440000")]
SIGNED_STAGES = [Stage.SIGNED, Stage.STARTED, Stage.BUILDING, Stage.OPERATING, Stage.COMPLETED]


def _pairing(ne, east):
    return Pairing.objects.filter(northeast_id=ne, east_id=east).first()


@transaction.atomic
def load(*, stdout):
    if Event.objects.exists():
        stdout.write(f"  events: {Event.objects.count()} events (kept)")
        return
    made, tasks = {}, {task.code: task for task in KeyTask.objects.filter(code__in=KEY_TASKS.values())}
    for username, ne, east, kind, title, start, end, place, orgs, leaders, description in EVENTS:
        user, pairing = User.objects.filter(username=username).first(), _pairing(ne, east)
        if not (user and pairing):
            continue
        made[title] = services.event_create(
            user=user,
            data={
                "kind": kind,
                "title": title,
                "start": start,
                "end": end,
                "place": place,
                "pairings": [pairing],
                "key_task": tasks.get(KEY_TASKS.get(title, "")),
                "organisations": _orgs(*orgs),
                "leaders": leaders,
                "description": description,
            },
        )
    _outcomes(made)
    stdout.write(f"  events: {Event.objects.count()} demo events")


def _outcomes(made):
    tour = made.get(EVENTS[0][4])
    heilongjiang = User.objects.filter(username="heilongjiang").first()
    if tour and heilongjiang:
        pairing = tour.pairings.get()
        projects = Project.objects.filter(pairing=pairing)
        project = projects.filter(stage__in=SIGNED_STAGES).first() or projects.first()
        services.event_outcome_create(
            user=heilongjiang,
            event=tour,
            data={
                "title": "新材料产业合作框架协议（演示）",
                "agreements": 3,
                "amount": "98000",
                "project": project,
            },
        )
        services.event_outcome_create(
            user=heilongjiang,
            event=tour,
            data={"title": "装备制造产业对接意向（演示）", "agreements": 5, "amount": None},
        )
    meeting = made.get(EVENTS[1][4])
    if meeting:
        services.event_outcome_create(
            user=User.objects.get(username="liaoning"),
            event=meeting,
            data={"title": "辽宁—江苏对口合作年度工作要点（演示）", "agreements": 1},
        )
    expo = made.get(EVENTS[2][4])
    if expo:
        # The organiser adds the pairings taking part; each side's coordinator names its own organisations.
        joiners = [(u, _pairing(ne, east), ne, east) for u, ne, east in EXPO_JOINERS]
        joiners = [
            (User.objects.get(username=u), p, ne, east)
            for u, p, ne, east in joiners
            if p and User.objects.filter(username=u).exists()
        ]
        expo = services.event_update(
            user=User.objects.get(username="jilin"),
            event=expo,
            data={"pairings": [*expo.pairings.all(), *(p for _, p, _, _ in joiners)]},
            expected_version=None,
        )
        for user, _, ne, east in joiners:
            expo = services.event_update(
                user=user,
                event=expo,
                data={"organisations": [*expo.organisations.all(), *_orgs(ne, east)]},
                expected_version=None,
            )
        jilin = User.objects.get(username="jilin")
        services.event_outcome_create(
            user=jilin,
            event=expo,
            data={
                "title": "吉浙绿色食品产业合作协议（演示）",
                "agreements": 2,
                "amount": "65000",
                "pairing": _pairing("220000", "330000"),
            },
        )
        if User.objects.filter(username="liaoning").exists():
            services.event_outcome_create(
                user=User.objects.get(username="liaoning"),
                event=expo,
                data={
                    "title": "辽苏智能制造合作协议（演示）",
                    "agreements": 4,
                    "amount": "120000",
                    "pairing": _pairing("210000", "320000"),
                },
            )
    theme = made.get(EVENTS[3][4])
    if theme:
        services.event_outcome_create(
            user=User.objects.get(username="harbin"),
            event=theme,
            data={"title": "冰雪旅游合作协议（演示）", "agreements": 2, "amount": "15000"},
        )
