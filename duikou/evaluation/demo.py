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
    else:
        load_framework(user=user, stdout=stdout)
    load_round(user=user, stdout=stdout)


def load_framework(*, user, stdout):
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


# --- the 2026 evaluation round --------------------------------------------------------------------------------

ROUND_NAME = "2026年度对口合作成效评估（演示）"
# the seven founding pairings with demo accounts: (northeast, east, northeast account, east account)
FOUNDING = [
    ("210000", "320000", "liaoning", "jiangsu"),
    ("220000", "330000", "jilin", "zhejiang"),
    ("230000", "440000", "heilongjiang", "guangdong"),
    ("210100", "110000", "shenyang", "beijing"),
    ("210200", "310000", "dalian", "shanghai"),
    ("220100", "120000", "changchun", "tianjin"),
    ("230100", "440300", "harbin", "shenzhen"),
]
LATE = ("220100", "120000")  # 长春–天津: its self-assessment is not confirmed by the east side in time


def load_round(*, user, stdout):
    """A 2026 round on version 1 over the seven founding pairings: self-assessments entered and confirmed by
    both sides for all but one, computed with an override reason for that one, the best pairing commended, the
    last one given a rectification requirement of two items, published with scores and ranks."""
    import datetime

    from duikou.regions.models import Pairing

    from . import rounds
    from .models import EvaluationRound, PairingResult, SelfAssessment

    if EvaluationRound.objects.filter(name=ROUND_NAME).exists():
        stdout.write("  evaluation: the 2026 round (kept)")
        return
    framework = Framework.objects.filter(code=CODE, version_number=1).first()
    accounts = {u.username: u for u in User.objects.filter(username__in=[a for r in FOUNDING for a in r[2:]])}
    pairings = []
    for ne, east, *_names in FOUNDING:
        found = Pairing.objects.filter(northeast_id=ne, east_id=east).first()
        if found is not None:
            pairings.append(found)
    if framework is None or not pairings:
        return
    with transaction.atomic():
        round_ = rounds.round_create(
            user=user,
            data={
                "name": ROUND_NAME,
                "period_start": datetime.date(2026, 1, 1),
                "period_end": datetime.date(2026, 12, 31),
                "framework": framework,
            },
            pairings=pairings,
        )
        entered = rounds.entry_keys(rounds.entered_indicators(framework))
        sides = {(ne, east): (accounts.get(a), accounts.get(b)) for ne, east, a, b in FOUNDING}
        for number, pairing in enumerate(pairings):
            northeast_user, east_user = sides[(pairing.northeast_id, pairing.east_id)]
            if northeast_user is None or east_user is None:
                continue
            assessment = SelfAssessment.objects.get(round=round_, pairing=pairing)
            values = [
                {
                    "indicator": indicator,
                    "side": side,
                    "value": Decimal(1 + (number * 3 + position) % 4),
                    "evidence": f"{pairing}2026年度联席会议纪要及工作简报（演示）",
                }
                for position, (indicator, side) in enumerate(entered)
            ]
            assessment = rounds.self_assessment_update(
                user=northeast_user,
                assessment=assessment,
                narrative=f"{pairing}2026年对口合作自评：机制运行顺畅，重点项目有序推进（演示）。",
                values=values,
                revision=assessment.revision,
            )
            confirmers = (
                [northeast_user]
                if (pairing.northeast_id, pairing.east_id) == LATE
                else [
                    northeast_user,
                    east_user,
                ]
            )
            for confirmer in confirmers:
                assessment = rounds.self_assessment_confirm(
                    user=confirmer, assessment=assessment, revision=assessment.revision
                )
        round_ = rounds.round_compute(
            user=user,
            round_=round_,
            override_reason="长春市—天津市自评报告逾期未经天津市确认，按已录入数据先行计算（演示）。",
        )
        results = list(
            PairingResult.objects.filter(round=round_)
            .select_related("pairing")
            .order_by("rank", "pairing_id")
        )
        best, last = results[0].pairing, results[-1].pairing
        for result in results:
            pairing = result.pairing
            if pairing == best:
                rounds.outcome_decide(
                    user=user,
                    round_=round_,
                    pairing=pairing,
                    kind="commendation",
                    assessment="合作机制健全，项目投资和园区共建成效突出，予以通报表扬（演示）。",
                )
            elif pairing == last:
                rounds.outcome_decide(
                    user=user,
                    round_=round_,
                    pairing=pairing,
                    kind="rectification",
                    assessment="合作进展相对缓慢，重点任务完成率偏低，要求限期整改（演示）。",
                    rectification={"title": f"{pairing}对口合作整改要求（2026年度评估，演示）"},
                    items=[
                        {
                            "title": "加快重点合作项目落地",
                            "requirement_text": "梳理在谈项目清单，明确责任单位和时间节点（演示）。",
                            "responsible_region": pairing.northeast,
                            "deadline": datetime.date(2027, 6, 30),
                        },
                        {
                            "title": "补齐干部交流短板",
                            "requirement_text": "年内选派挂职干部不少于2名（演示）。",
                            "responsible_region": pairing.east,
                            "deadline": datetime.date(2027, 6, 30),
                        },
                    ],
                )
            else:
                rounds.outcome_decide(
                    user=user,
                    round_=round_,
                    pairing=pairing,
                    kind="none",
                    assessment="合作总体平稳推进，各项工作按计划开展（演示）。",
                )
        rounds.round_publish(user=user, round_=round_, publish_scores=True, publish_ranks=True)
    stdout.write(f"  evaluation: the 2026 round over {len(pairings)} pairings, computed and published")
