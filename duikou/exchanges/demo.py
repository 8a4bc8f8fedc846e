"""Demo secondments through the real services, with clearly fake names: 黑龙江 ⇄ 广东 and 辽宁 ⇄ 江苏,
one each way per pairing, recorded by the northeastern coordinator."""

from __future__ import annotations

import datetime

from django.db import transaction

from duikou.accounts.models import Organisation, User
from duikou.regions.models import Pairing

from . import services
from .models import Secondment

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


@transaction.atomic
def load(*, stdout):
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
