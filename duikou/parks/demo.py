"""Demo parks through the real services: the 哈尔滨–深圳 enclave with a 60/40 tax agreement, fourteen
months of figures (reported by the park's own statistician) and the two Harbin projects settled in it; a
沈阳–北京 demonstration park and a 大连–上海 sub-park."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duikou.accounts.models import Organisation, User
from duikou.projects import services as project_services
from duikou.projects.models import Project
from duikou.projects.selectors import month, months_between
from duikou.regions.models import Pairing

from . import services
from .models import Park

# (northeast, east, coordinator, name, kind, host, partner, partner park, km², established, model, operator)
PARKS = [
    ("230100", "440300", "harbin", "深圳（哈尔滨）产业园区（演示）", Park.Kind.ENCLAVE, "230100", "440300",
     "深圳市投资控股有限公司园区", "26.00", datetime.date(2019, 8, 1), Park.Model.COMPANY, "哈尔滨—深圳产业园区（演示）"),
    ("210100", "110000", "shenyang", "沈阳—北京对口合作示范园（演示）", Park.Kind.DEMONSTRATION, "210100", "110000",
     "中关村科技园区", "12.50", datetime.date(2018, 6, 1), Park.Model.JOINT_COMMITTEE, "沈阳—北京对口合作示范园（演示）"),
    ("210200", "310000", "dalian", "大连—上海合作产业园（演示）", Park.Kind.SUB_PARK, "210200", "310000",
     "上海漕河泾新兴技术开发区", "8.00", datetime.date(2018, 9, 1), Park.Model.ENTRUSTED, "大连—上海合作产业园（演示）"),
]

SETTLED = {"深圳（哈尔滨）产业园区（演示）": ["深圳演示智能装备有限公司"]}


@transaction.atomic
def load(*, stdout):
    if Park.objects.exists():
        stdout.write(f"  parks: {Park.objects.count()} parks (kept)")
        return
    today = timezone.localdate()
    for ne, east, username, name, kind, host, partner, partner_park, area, established, model, operator in PARKS:
        user = User.objects.get(username=username)
        park = services.park_create(user=user, data={
            "pairing": Pairing.objects.get(northeast_id=ne, east_id=east), "name": name, "kind": kind,
            "host_region_id": host, "partner_region_id": partner, "partner_park": partner_park,
            "area": Decimal(area), "established_on": established, "management_model": model,
            "operator": Organisation.objects.get(name=operator),
            "enterprises": list(Organisation.objects.filter(name__in=SETTLED.get(name, []))),
            "is_key": kind == Park.Kind.ENCLAVE, "green_channel_officer": user if kind == Park.Kind.ENCLAVE else None,
            "description": "演示数据：用于展示共建园区功能，不是真实园区。"})
        for project in Project.objects.filter(pairing=park.pairing, host_organisation__name=operator):
            project_services.project_update(user=user, project=project, data={"park": park}, expected_version=None)
    _enclave(today=today)
    stdout.write(f"  parks: {Park.objects.count()} parks, the enclave with a 60/40 tax agreement and its ledger")


def _enclave(*, today):
    park = Park.objects.get(kind=Park.Kind.ENCLAVE)
    harbin = User.objects.get(username="harbin")
    services.agreement_create(user=harbin, park=park, data={
        "title": "深哈产业园区税收分成和统计分算协议（演示）", "document_number": "哈深合〔2024〕1号（演示）",
        "signed_on": datetime.date(today.year - 2, 12, 1), "effective_from": datetime.date(today.year - 1, 1, 1),
        "effective_to": datetime.date(today.year + 3, 12, 31),
        "tax_host": Decimal(40), "tax_partner": Decimal(60), "gdp_host": Decimal(50), "gdp_partner": Decimal(50),
        "notes": "园区新增税收地方留成部分深圳方分享60%，哈尔滨方40%；地区生产总值统计各计50%。（演示）"})
    reporter = User.objects.filter(username="hspark").first() or harbin
    last = month(today.replace(day=1) - datetime.timedelta(days=1))
    periods = months_between(f"{today.year - 1}-01", last)
    for index, period in enumerate(periods, start=1):
        services.park_figure_record(user=reporter, park=park, data={
            "period": period, "output_value": Decimal(18000 + 650 * index),
            "tax_revenue": Decimal("860.35") + Decimal("37.21") * index, "gdp": Decimal(5200 + 180 * index),
            "employment": 2100 + 45 * index, "basis": "园区管委会统计月报，税务部门入库数（演示）"})
    project_services.coordination_request_create(user=reporter, park=park, data={
        "kind": "energy", "title": "园区二期110千伏变电站接入（演示）",
        "description": "二期企业投产用电负荷增加，请协调电网公司加快变电站接入。"})
