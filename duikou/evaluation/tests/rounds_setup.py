"""A small world for round tests: a published framework of three indicators (trainees, relative; cadres
seconded per side, against a target of 2; an entered indicator, relative), three pairings with records, and
coordinators for each side."""

import datetime
from decimal import Decimal

from duikou.accounts.models import RoleGrant
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.exchanges.models import Secondment
from duikou.exchanges.tests.factories import secondment, training

from .. import rounds
from ..models import Framework, Indicator
from .factories import dimension, framework, indicator

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def coordinator(username, region):
    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role="coordinator", region_id=region)
    return user


def national(username, role):
    from duikou.accounts.models import Organisation

    organisation = OrganisationFactory(
        name=f"{username}中央单位", kind=Organisation.Kind.CENTRAL, region_id=None
    )
    user = UserFactory(username=username, organisation=organisation)
    RoleGrant.objects.create(user=user, role=role, region_id=None)
    return user


def published_framework():
    record = framework(code="RND", status=Framework.Status.PUBLISHED)
    people = dimension(record, name="人才交流", order=1)
    work = dimension(record, name="工作机制", order=2)
    indicator(people, code="1.1", weight="40", query="trainees", name="培训人数")
    indicator(
        people,
        code="1.2",
        weight="30",
        query="cadres_seconded",
        per_side=True,
        name="挂职干部",
        normalisation="target",
        target_value=Decimal("2"),
    )
    indicator(
        work,
        code="2.1",
        weight="30",
        query="",
        source=Indicator.Source.ENTERED,
        name="机制建设",
        order=3,
    )
    return record


def make_world():
    lj, jz, sb = pairing("210000", "320000"), pairing("220000", "330000"), pairing("210100", "110000")
    users = {
        "ndrc": national("w_ndrc", "national_admin"),
        "cod": national("w_cod", "national_reviewer"),
        "liaoning": coordinator("w_liaoning", "210000"),
        "jiangsu": coordinator("w_jiangsu", "320000"),
        "jilin": coordinator("w_jilin", "220000"),
        "zhejiang": coordinator("w_zhejiang", "330000"),
        "shenyang": coordinator("w_shenyang", "210100"),
        "beijing": coordinator("w_beijing", "110000"),
    }
    OrganisationFactory(name="吉林省发展和改革委员会（对口合作办公室）", region_id="220000")
    OrganisationFactory(name="浙江省发展和改革委员会", region_id="330000")
    # records: trainings (inside and outside the period), secondments both ways
    for i, p in enumerate((lj, jz, sb)):
        training(p, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 5), leaders=10 * (i + 1))
        training(p, start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 5), leaders=99)
        for k in range(i + 1):
            secondment(p, name=f"测试{i}{k}", start=datetime.date(2026, 2, 1), status="ongoing")
        if i != 1:
            secondment(
                p,
                name=f"测试回{i}",
                start=datetime.date(2026, 4, 1),
                status="ongoing",
                direction=Secondment.Direction.EAST_TO_NE,
            )
    fw = published_framework()
    round_ = rounds.round_create(
        user=users["ndrc"],
        data={"name": "2026年度对口合作成效评估", "period_start": START, "period_end": END, "framework": fw},
        pairings=[lj, jz, sb],
    )
    return {"round": round_, "framework": fw, "lj": lj, "jz": jz, "sb": sb, **users}


SIDES = {"lj": ("liaoning", "jiangsu"), "jz": ("jilin", "zhejiang"), "sb": ("shenyang", "beijing")}
ENTERED = {"lj": Decimal("8"), "jz": Decimal("5"), "sb": Decimal("10")}


def assess(world, key, *, confirm=True):
    from ..models import SelfAssessment

    round_ = world["round"]
    entered = round_.framework.indicators.get(code="2.1")
    assessment = SelfAssessment.objects.get(round=round_, pairing=world[key])
    ne, east = SIDES[key]
    assessment = rounds.self_assessment_update(
        user=world[ne],
        assessment=assessment,
        narrative="自评报告",
        values=[{"indicator": entered, "side": "", "value": ENTERED[key], "evidence": "会议纪要"}],
        revision=assessment.revision,
    )
    if confirm:
        for username in (ne, east):
            assessment = rounds.self_assessment_confirm(
                user=world[username], assessment=assessment, revision=assessment.revision
            )
    return assessment


def scored_world():
    world = make_world()
    for key in ("lj", "jz", "sb"):
        assess(world, key)
    world["round"] = rounds.round_compute(user=world["ndrc"], round_=world["round"])
    return world


def published_world(**options):
    """A scored round with outcomes for lj (commendation) and jz (none), published with ``options``."""
    world = scored_world()
    for key, kind in (("lj", "commendation"), ("jz", "none"), ("sb", "none")):
        rounds.outcome_decide(
            user=world["ndrc"], round_=world["round"], pairing=world[key], kind=kind, assessment="评价"
        )
    world["round"] = rounds.round_publish(user=world["ndrc"], round_=world["round"], **options)
    return world
