"""Demo indicator framework through the real services: "对口合作成效评估指标体系" version 1, published, with seven
dimensions and thirteen indicators whose weights add up to 100 (eleven computed by registered queries, two
entered by the regions, one counted per side), and a draft version 2 copied from it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from duikou.accounts.models import User

from . import services
from .models import Framework

CODE = "DKHZ-CXPG"
NAME = "对口合作成效评估指标体系"
C, E = "computed", "entered"
H = "higher"
T, R = "target", "relative"

# dimension, [(code, name, unit, weight, normalisation, target, source, query, per side, basis)]
DIMENSIONS = [
    (
        "合作机制",
        [
            (
                "1.1",
                "年度工作任务按期完成率",
                "%",
                "8",
                T,
                "90",
                C,
                "plan_items_on_time",
                False,
                "对口合作方案中到期工作任务（末级）按期完成的比例，目标值 90%。",
            ),
            (
                "1.2",
                "问题协调按时答复率",
                "%",
                "6",
                T,
                "95",
                C,
                "requests_answered_in_time",
                False,
                "期内到期的协调请求在答复时限内答复的比例，目标值 95%。",
            ),
            (
                "1.3",
                "联席会议与协调机制运行情况",
                "次",
                "6",
                T,
                "2",
                E,
                "",
                False,
                "双方召开联席会议、建立专班等机制运行情况，由地方填报并附会议纪要等佐证材料，目标每年 2 次。",
            ),
        ],
    ),
    (
        "项目与投资",
        [
            (
                "2.1",
                "新开工合作项目数",
                "个",
                "10",
                R,
                None,
                C,
                "projects_started",
                False,
                "期内进入开工阶段的合作项目数，以项目库阶段变更日期为准。",
            ),
            (
                "2.2",
                "合作项目完成投资额",
                "万元",
                "12",
                R,
                None,
                C,
                "investment_completed",
                False,
                "期内各月项目进展报告中当月完成投资之和。",
            ),
        ],
    ),
    (
        "园区共建",
        [
            (
                "3.1",
                "共建园区工业产值",
                "万元",
                "10",
                R,
                None,
                C,
                "park_output_value",
                False,
                "对口合作共建园区期内各月工业产值之和（非累计）。",
            ),
        ],
    ),
    (
        "资金保障",
        [
            (
                "4.1",
                "承诺资金到位率",
                "%",
                "8",
                T,
                "80",
                C,
                "funds_in_place_ratio",
                False,
                "期内到位资金与承诺资金之比，目标值 80%。",
            ),
        ],
    ),
    (
        "人才交流",
        [
            (
                "5.1",
                "互派挂职干部人数",
                "人",
                "8",
                T,
                "3",
                C,
                "cadres_seconded",
                True,
                "期内开始挂职的干部，按派出方分别计算，每方目标 3 人；结对得分取双方平均。",
            ),
            ("5.2", "培训人数", "人次", "6", R, None, C, "trainees", False, "期内已举办培训班的培训总人数。"),
        ],
    ),
    (
        "改革经验",
        [
            (
                "6.1",
                "复制推广改革经验数",
                "项",
                "8",
                R,
                None,
                C,
                "reforms_replicated",
                False,
                "期内状态变更为“已复制推广”的改革经验数。",
            ),
            (
                "6.2",
                "改革创新成果获评推广情况",
                "项",
                "4",
                T,
                "1",
                E,
                "",
                False,
                "改革创新成果被国家部委通报表扬或推广的项数，由地方填报并附文件佐证，目标 1 项。",
            ),
        ],
    ),
    (
        "交流活动与创新合作",
        [
            (
                "7.1",
                "举办交流合作活动次数",
                "次",
                "6",
                R,
                None,
                C,
                "events_held",
                False,
                "期内开始的对口合作活动次数。",
            ),
            (
                "7.2",
                "活动签约协议数",
                "项",
                "8",
                R,
                None,
                C,
                "agreements_signed",
                False,
                "期内活动上签署的合作协议数量之和。",
            ),
        ],
    ),
]


@transaction.atomic
def load(*, stdout):
    user = User.objects.filter(username="ndrc").first()
    if user is None:
        return
    if Framework.objects.filter(code=CODE).exists():
        stdout.write(f"  evaluation: {Framework.objects.filter(code=CODE).count()} framework versions (kept)")
        return
    framework = services.framework_create(
        user=user,
        data={
            "name": NAME,
            "code": CODE,
            "notes": "依据国办发〔2017〕22号 四（六）：定期评估对口合作成效（演示）。",
        },
    )
    order = 0
    for position, (dimension_name, indicators) in enumerate(DIMENSIONS, start=1):
        dimension = services.dimension_create(
            user=user, framework=framework, data={"name": dimension_name, "order": position}
        )
        for code, name, unit, weight, normalisation, target, source, query, per_side, basis in indicators:
            order += 1
            services.indicator_create(
                user=user,
                data={
                    "dimension": dimension,
                    "code": code,
                    "name": name,
                    "unit": unit,
                    "direction": H,
                    "weight": Decimal(weight),
                    "normalisation": normalisation,
                    "target_value": Decimal(target) if target else None,
                    "source": source,
                    "query": query,
                    "per_side": per_side,
                    "description": basis,
                    "order": order,
                },
            )
    framework = services.framework_publish(user=user, framework=framework)
    services.framework_new_version(user=user, framework=framework)
    stdout.write("  evaluation: demo framework version 1 (published) and version 2 (draft)")
