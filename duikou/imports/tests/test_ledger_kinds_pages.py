"""The funding ledger and park figures kinds on the pages and the API: offered to who may import them, their
templates (drop-down lists for the coded columns, an explanation of every column), upload and commit."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from duikou.core.testing import make_persona
from duikou.funding.models import FundingEntry
from duikou.parks.models import ParkFigure

from .helpers import FIGURE_HEADERS, FUNDING_HEADERS, PARK_NAME, figure_row, funding_row, xlsx_bytes
from .test_views import list_values


def workbook_of(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def validations(sheet) -> dict:
    return {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}


def explained(workbook, headers) -> dict:
    return {row[0]: row for row in workbook["说明"].iter_rows(values_only=True) if row and row[0] in headers}


def test_the_funding_template_has_its_lists_and_explains_every_column(client, shenzhen, park):
    client.force_login(shenzhen)
    response = client.get("/work/imports/templates/funding/")
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    workbook = workbook_of(response)
    assert workbook.sheetnames[:2] == ["资金台账", "说明"]
    sheet = workbook["资金台账"]
    assert [cell.value for cell in sheet[1]] == FUNDING_HEADERS
    lists = validations(sheet)
    assert list_values(workbook, lists["B2"].formula1) == ["哈尔滨市–深圳市"]
    assert list_values(workbook, lists["D2"].formula1) == [PARK_NAME]
    assert lists["D2"].errorStyle == "warning"  # a park's name is suggested, not imposed
    sources = list_values(workbook, lists["E2"].formula1)
    assert len(sources) == 6 and "银行贷款" in sources and lists["E2"].errorStyle == "stop"
    assert list_values(workbook, lists["F2"].formula1) == ["计划", "已承诺", "已到位"]
    described = explained(workbook, FUNDING_HEADERS)
    assert set(described) == set(FUNDING_HEADERS)
    assert [described[h][1] for h in ("资金来源", "资金阶段", "金额（万元）", "日期", "园区名称", "文号")] == [
        "是", "是", "是", "是", "否", "否"]
    assert described["金额（万元）"][4] == "万元" and "亿元" in described["金额（万元）"][5]
    assert "银行贷款" in described["资金来源"][2]
    notes = " ".join(row[0] for row in workbook["说明"].iter_rows(values_only=True) if row and row[0])
    assert "项目或园区、资金来源、资金阶段、日期和文号均与台账中已有记录相同" in notes


def test_the_park_figures_template_has_its_lists_and_explains_every_column(client, shenzhen, park):
    client.force_login(shenzhen)
    workbook = workbook_of(client.get("/api/v1/imports/templates/park_figures/"))
    sheet = workbook["园区月度指标"]
    assert [cell.value for cell in sheet[1]] == FIGURE_HEADERS
    lists = validations(sheet)
    assert list_values(workbook, lists["A2"].formula1) == ["哈尔滨市–深圳市"]
    assert list_values(workbook, lists["B2"].formula1) == [PARK_NAME]
    assert sheet["C2"].number_format == "@"  # a month typed as 2026-05 stays text
    described = explained(workbook, FIGURE_HEADERS)
    assert set(described) == set(FIGURE_HEADERS) and {row[1] for row in described.values()} == {"是"}
    assert "整数" in described["从业人员（人）"][2]
    assert "地区生产总值" in described["地区生产总值（万元）"][5]


def test_who_may_import_funding_and_park_figures(client, db):
    for persona in ("liaoning", "liaoning_reporter"):
        client.force_login(make_persona(persona))
        page = client.get("/work/imports/").content.decode()
        for kind in ("funding", "park_figures"):
            assert f'id="template-{kind}"' in page and f'value="{kind}"' in page, (persona, kind)
            assert client.get(f"/work/imports/templates/{kind}/").status_code == 200
            assert client.get(f"/api/v1/imports/templates/{kind}/").status_code == 200
    for persona in ("cod", "ndrc"):  # the national roles read the ledger, they do not record in it
        client.force_login(make_persona(persona))
        for kind in ("funding", "park_figures"):
            assert client.get(f"/work/imports/templates/{kind}/").status_code == 403
            assert client.post("/api/v1/imports/", {"kind": kind, "file": SimpleUploadedFile(
                "x.xlsx", xlsx_bytes(FUNDING_HEADERS, [funding_row(park=PARK_NAME)]))}).status_code == 403


def test_upload_preview_and_commit_through_the_pages(client, shenzhen, park):
    client.force_login(shenzhen)
    content = xlsx_bytes(FIGURE_HEADERS, [figure_row("2025-11"), figure_row("2025-12", employment="很多")],
                         title="园区月度指标")
    response = client.post("/work/imports/", {"kind": "park_figures",
                                              "file": SimpleUploadedFile("园区.xlsx", content)})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert '<tr data-row="3">' in detail and "从业人员（人）" in detail and 'id="commit-button" disabled' in detail
    content = xlsx_bytes(FIGURE_HEADERS, [figure_row("2025-11")], title="园区月度指标")
    location = client.post("/work/imports/", {"kind": "park_figures",
                                              "file": SimpleUploadedFile("园区.xlsx", content)})["Location"]
    assert "园区月度指标" in client.get(location).content.decode()
    client.post(location + "commit/")
    detail = client.get(location).content.decode()
    assert 'data-status="committed"' in detail
    assert f'href="{park.get_absolute_url()}#figures"' in detail and ParkFigure.objects.count() == 1


def test_the_api_imports_funding_and_names_the_records_written(client, shenzhen, project, park):
    client.force_login(shenzhen)
    content = xlsx_bytes(FUNDING_HEADERS, [funding_row(title=project.title), funding_row(park=PARK_NAME)],
                         title="资金台账")
    body = client.post("/api/v1/imports/", {"kind": "funding", "file": SimpleUploadedFile("资金.xlsx", content)}).json()
    assert body["kind"] == "funding" and body["can_commit"] is True, body
    response = client.post(f"/api/v1/imports/{body['id']}/commit/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "committed"
    results = response.json()["results"]
    for_project, for_park = FundingEntry.objects.order_by("id")
    assert [(r["row"], r["project"], r["record"], r["url"]) for r in results] == [
        (2, project.pk, for_project.pk, for_project.get_absolute_url()),
        (3, None, for_park.pk, for_park.get_absolute_url())]
    assert client.get("/api/v1/imports/?kind=funding").json()["count"] == 1


def test_the_schema_offers_the_new_kinds(client):
    schema = client.get("/api/schema/?format=json").json()
    template = schema["paths"]["/api/v1/imports/templates/{kind}/"]["get"]
    (kind,) = [p for p in template["parameters"] if p["name"] == "kind"]
    assert {"funding", "park_figures"} <= set(kind["schema"]["enum"])
    assert {"funding", "park_figures"} <= set(schema["components"]["schemas"]["ImportBatchKindEnum"]["enum"])
