"""Demo secondments and trainings through the real services, with clearly fake names: secondments 黑龙江 ⇄
广东 and 辽宁 ⇄ 江苏, one each way per pairing, recorded by the northeastern coordinator; four trainings of
northeastern cadres, managers and technical staff by eastern institutions, one with a short roster."""

from __future__ import annotations

import datetime

from django.db import transaction

from duikou.accounts.models import Organisation, User
from duikou.regions.models import Pairing

from . import services
from .models import Secondment, Training

# (northeast, east, coordinator, name, sex, birth year, rank, home side, home post, host post, start, months, status)
SECONDMENTS = [
    ("230000", "440000", "heilongjiang", "张某某（演示）", "male", 1982, Secondment.Rank.DIVISION, "northeast",
     "省发展改革委对口合作处处长（演示）", "省发展改革委区域协调处副处长（挂职，演示）", (2025, 3, 1), 12, "completed"),
    ("230000", "440000", "heilongjiang", "李某某（演示）", "female", 1986, Secondment.Rank.SECTION, "east",
     "省发展改革委科员（演示）", "省发展改革委对口合作处副科长（挂职，演示）", (2026, 3, 1), 12, "ongoing"),
    ("210000", "320000", "liaoning", "王某某（演示）", "male", 1979, Secondment.Rank.BUREAU, "northeast",
     "省发展改革委副主任（演示）", "省发展改革委副主任（挂职，演示）", (2026, 1, 1), 24, "ongoing"),
    ("210000", "320000", "liaoning", "赵某某（演示）", "female", 1984, Secondment.Rank.DIVISION, "east",
     "省发展改革委处长（演示）", "省发展改革委对口合作处副处长（挂职，演示）", (2026, 6, 1), 12, "planned"),
]


def _office(region: str) -> Organisation | None:
    return Organisation.objects.filter(region_id=region, name__contains="发展和改革委员会").order_by("id").first()


# (northeast, east, coordinator, title, host institution, place, start, days, leaders, managers, technical, status)
TRAININGS = [
    ("230000", "440000", "heilongjiang", "黑龙江省领导干部赴广东改革开放专题培训班（演示）", "中山大学", "广州",
     (2026, 4, 13), 7, 36, 0, 0, "held"),
    ("230000", "440000", "heilongjiang", "黑龙江省民营企业经营管理人员赴深圳研修班（演示）", "深圳大学", "深圳",
     (2026, 9, 7), 5, 0, 48, 6, "held"),
    ("210000", "320000", "liaoning", "辽宁省专业技术人才赴江苏智能制造培训班（演示）", "南京大学", "南京",
     (2026, 6, 15), 10, 4, 10, 38, "held"),
    ("220000", "330000", "jilin", "吉林省干部赴浙江数字经济专题培训班（演示）", "浙江大学", "杭州",
     (2027, 3, 8), 7, 30, 10, 0, "planned"),
]
# A short roster for the first training: clearly fake names (category, name, sex, organisation, post)
ROSTER = [("leaders", "陈某某（演示）", "male", "哈尔滨市发展和改革委员会（演示）", "副主任（演示）"),
          ("leaders", "刘某某（演示）", "female", "齐齐哈尔市商务局（演示）", "局长（演示）")]


@transaction.atomic
def load(*, stdout):
    _load_trainings(stdout)
    if Secondment.objects.exists():
        stdout.write(f"  exchanges: {Secondment.objects.count()} secondments (kept)")
        return
    for ne, east, username, name, sex, born, rank, home_side, home_post, host_post, start, months, status in SECONDMENTS:
        user = User.objects.filter(username=username).first()
        pairing = Pairing.objects.filter(northeast_id=ne, east_id=east).first()
        home, host = (_office(ne), _office(east)) if home_side == "northeast" else (_office(east), _office(ne))
        if not (user and pairing and home and host):
            continue
        begin = datetime.date(*start)
        end_month = begin.month - 1 + months
        end = datetime.date(begin.year + end_month // 12, end_month % 12 + 1, 1) - datetime.timedelta(days=1)
        services.secondment_create(user=user, data={
            "pairing": pairing, "person_name": name, "sex": sex, "birth_year": born, "rank": rank,
            "home_organisation": home, "home_post": home_post, "host_organisation": host, "host_post": host_post,
            "start": begin, "end": end, "status": status})
    stdout.write(f"  exchanges: {Secondment.objects.count()} demo secondments (fake names, marked 演示)")


def _load_trainings(stdout):
    if Training.objects.exists():
        stdout.write(f"  exchanges: {Training.objects.count()} trainings (kept)")
        return
    for ne, east, username, title, host, place, start, days, leaders, managers, technical, status in TRAININGS:
        user = User.objects.filter(username=username).first()
        pairing = Pairing.objects.filter(northeast_id=ne, east_id=east).first()
        if not (user and pairing):
            continue
        begin = datetime.date(*start)
        training = services.training_create(user=user, data={
            "pairing": pairing, "title": title, "host_institution": host, "place": place, "start": begin,
            "end": begin + datetime.timedelta(days=days - 1), "status": status, "leaders": leaders,
            "managers": managers, "technical": technical, "total": leaders + managers + technical})
        if training.title == TRAININGS[0][3]:
            for category, name, sex, organisation, post in ROSTER:
                services.trainee_create(user=user, training=training, data={
                    "category": category, "person_name": name, "sex": sex, "organisation_name": organisation,
                    "post": post})
    stdout.write(f"  exchanges: {Training.objects.count()} demo trainings")
