"""Demo experts and engagements through the real services, with clearly fake names (（演示）): eastern experts
of 广东, 江苏, 浙江, 上海 and 深圳, most with a recorded consent and a public profile, one without; three
engagements with northeastern organisations of the accounts demo."""

from __future__ import annotations

import datetime

from django.db import transaction

from duikou.accounts.models import Organisation, User
from duikou.projects.models import Industry

from . import services
from .models import Engagement, Expert

T = Expert.Title
# (key, recorded by, region, name, title, field, industry, affiliation, forms offered, public, biography)
EXPERTS = [
    ("gd", "guangdong", "440000", "陈某某（演示）", T.ACADEMICIAN, "先进材料与表面工程", "26", "广东省某研究院（演示）",
     ("consulting", "joint_research"), True, "中国工程院院士（演示数据），长期从事新材料研究。"),
    ("js", "jiangsu", "320000", "周某某（演示）", T.PROFESSOR, "智能制造与工业机器人", "34", "江苏某大学机械工程学院（演示）",
     ("consulting", "joint_research", "training"), True, "教授、博士生导师（演示数据）。"),
    ("zj", "zhejiang", "330000", "吴某某（演示）", T.SENIOR_ENGINEER, "农产品精深加工", "13", "浙江大学（演示）",
     ("consulting", "part_time"), True, "正高级工程师（演示数据），从事食品加工工艺研究。"),
    ("sh", "shanghai", "310000", "郑某某（演示）", T.PROFESSOR, "港航物流与供应链", None, "上海某大学（演示）",
     ("consulting", "training"), True, "教授（演示数据），研究港口物流。"),
    ("sz", "shenzhen", "440300", "王某某（演示）", T.OTHER, "电子信息与集成电路设计", "39", "深圳演示智能装备有限公司",
     ("joint_research", "part_time"), True, "国家级高层次人才（演示数据）。"),
    ("js2", "jiangsu", "320000", "孙某某（演示）", T.SENIOR_ENGINEER, "装备制造质量管理", "35", "江苏演示装备制造有限公司",
     ("consulting",), False, "高级工程师（演示数据）。尚未签署公开同意书，档案不公开。"),
]

# (expert key, recorded by, organisation, form, start, end, status, outcome)
ENGAGEMENTS = [
    ("gd", "heilongjiang", "哈尔滨—深圳产业园区（演示）", "consulting", (2025, 9, 1), (2025, 12, 31), "completed",
     "为园区新材料产业规划提供咨询意见（演示）。"),
    ("js", "liaoning", "辽宁省发展和改革委员会（对口合作办公室）", "training", (2026, 4, 1), None, "ongoing",
     "为辽宁装备制造企业开展智能制造专题培训（演示）。"),
    ("zj", "jilin", "吉林演示农产品加工有限公司", "consulting", (2026, 5, 10), None, "agreed",
     "商定农产品精深加工工艺咨询（演示）。"),
]

FORMS = {"consulting": "offers_consulting", "joint_research": "offers_joint_research",
         "part_time": "offers_part_time", "training": "offers_training"}


@transaction.atomic
def load(*, stdout):
    if Expert.objects.filter(name__endswith="（演示）").exists():
        stdout.write(f"  talent: {Expert.objects.count()} experts, {Engagement.objects.count()} engagements (kept)")
        return
    experts = {}
    for key, username, region, name, title, field, industry, affiliation, forms, public, bio in EXPERTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        digits = f"{len(experts) + 1:04d}"
        data = {"name": name, "title_category": title, "field_of_expertise": field,
                "industry": Industry.objects.filter(code=industry).first() if industry else None,
                "affiliation": affiliation, "organisation": Organisation.objects.filter(name=affiliation).first(),
                "region_id": region, "contact_phone": f"000-0000-{digits}",
                "contact_email": f"expert{digits}@demo.duikou.invalid", "biography": bio,
                **{FORMS[form]: True for form in forms}}
        if public:
            data.update(public_profile=True, consent_recorded_at=datetime.date(2026, 1, 15),
                        consent_evidence=f"对口合作办公室档案 2026-{digits}（演示）")
        experts[key] = services.expert_create(user=user, data=data)
    for key, username, org_name, form, start, end, status, outcome in ENGAGEMENTS:
        user = User.objects.filter(username=username).first()
        organisation = Organisation.objects.filter(name=org_name).first()
        if not (user and organisation and key in experts):
            continue
        services.engagement_create(user=user, data={
            "expert": experts[key], "organisation": organisation, "support_form": form,
            "start": datetime.date(*start), "end": datetime.date(*end) if end else None, "status": status,
            "outcome": outcome})
    stdout.write(f"  talent: {Expert.objects.count()} demo experts (fake names, marked 演示), "
                 f"{Engagement.objects.count()} engagements")
