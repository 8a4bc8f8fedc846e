"""Workbooks built in the tests with openpyxl, and the people and projects of 哈尔滨–深圳."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from duikou.accounts.models import RoleGrant
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.projects.models import ProjectStageChange
from duikou.projects.tests.factories import ProjectFactory

HARBIN, SHENZHEN = "230100", "440300"
PROJECT_HEADERS = ["国家项目代码", "对口合作关系", "项目名称", "重点任务", "所属行业", "建设地点", "承接单位", "投资方",
                   "计划总投资（万元）", "项目阶段", "阶段起始日期", "标志性项目", "重点项目", "绿色通道责任人", "项目简介"]
REPORT_HEADERS = ["国家项目代码", "对口合作关系", "项目名称", "月份", "本月完成投资（万元）", "累计完成投资（万元）", "本月进展",
                  "存在问题", "确认提示"]
FUNDING_HEADERS = ["国家项目代码", "对口合作关系", "项目名称", "园区名称", "资金来源", "资金阶段", "金额（万元）", "日期", "文号",
                   "备注"]
FIGURE_HEADERS = ["对口合作关系", "园区名称", "月份", "工业总产值（万元）", "税收收入（万元）", "地区生产总值（万元）",
                  "从业人员（人）", "统计口径及来源"]
PARK_NAME = "哈尔滨—深圳产业园区"


def person(username, role, region, organisation=None):
    user = UserFactory(username=username, organisation=organisation or OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


def xlsx_bytes(headers, rows, *, title="项目", before=()) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in before:
        sheet.append(line)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="导入.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def xlsx_upload(headers, rows, *, name="导入.xlsx", **kwargs):
    return upload(xlsx_bytes(headers, rows, **kwargs), name)


def read_back(content: bytes, sheet=None):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def project_row(title, *, code="", amount="1200", stage="", since=None, key="否", officer="", investors="",
                host="哈尔滨某产业园", pairing_name="哈尔滨市–深圳市", description="两期建设"):
    return [code, pairing_name, title, "4.1", "34", "哈尔滨市", host, investors, amount, stage, since, "否", key,
            officer, description]


def hs_pairing():
    return pairing(HARBIN, SHENZHEN)


def building_project(*, host, title="哈深产业园智能装备制造基地", planned=1000, **extra):
    project = ProjectFactory(pairing=hs_pairing(), host_organisation=host, location_id=HARBIN, title=title,
                             planned_investment=planned, stage="building", stage_since=datetime.date(2026, 3, 1),
                             **extra)
    ProjectStageChange.objects.create(project=project, from_stage="signed", to_stage="started",
                                      on=datetime.date(2026, 1, 15))
    return project


def report_row(title, period, month, total, *, narrative="按计划推进", problems="", confirm="", code=""):
    return [code, "哈尔滨市–深圳市", title, period, month, total, narrative, problems, confirm]


D = Decimal


def funding_row(*, title="", park="", code="", source="central_budget", stage="in_place", amount="3000",
                on="2025-06-01", document="发改投资〔2025〕123号", note="", pairing_name="哈尔滨市–深圳市"):
    return [code, pairing_name, title, park, source, stage, amount, on, document, note]


def figure_row(period, *, output="52000", tax="3100", gdp="12500", employment="1200", basis="园区管委会统计，税务部门入库数",
               park=PARK_NAME, pairing_name="哈尔滨市–深圳市"):
    return [pairing_name, park, period, output, tax, gdp, employment, basis]


def hs_park(*, operator=None, name=PARK_NAME):
    from duikou.parks.tests.factories import ParkFactory

    return ParkFactory(pairing=hs_pairing(), host_region_id=HARBIN, partner_region_id=SHENZHEN, name=name,
                       operator=operator)
