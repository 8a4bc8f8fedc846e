"""Issue #4, item 6 in the browser: 深圳 downloads the monthly-report template from a 哈尔滨–深圳 project's page,
fills in one month with openpyxl (as a user would in Excel), uploads it, sees the preview, commits it and finds
the report on the project's page. The list's export link follows the filters."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from .test_plans import click_and_wait, shoot, unique

pytestmark = pytest.mark.e2e

DEMO_PROJECT = "哈尔滨—深圳跨境电商服务中心（演示）"  # signed, no report yet
BATCH_URL = re.compile(r"/work/imports/(\d+)/$")


def fill_report_template(template, target, *, title: str, period: str, narrative: str, in_period="５００",
                         cumulative=500) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(template)
    sheet = workbook["月度进展"]
    headers = [cell.value for cell in sheet[1]]
    assert "说明" in workbook.sheetnames, workbook.sheetnames
    # The pairing as the template's own drop-down list writes it.
    validation = next(v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("B2"))
    pairings = validation.formula1.strip('"').split(",") if validation.formula1.startswith('"') else [
        row[0].value for row in workbook["列表"][validation.formula1.split("!")[1].replace("$", "")]]
    pairing = next(p for p in pairings if "哈尔滨" in p and "深圳" in p)
    values = {"对口合作关系": pairing, "项目名称": f"{title} ", "月份": period, "本月完成投资（万元）": in_period,
              "累计完成投资（万元）": cumulative, "本月进展": narrative, "存在问题": "", "确认提示": "否"}
    for column, header in enumerate(headers, start=1):
        if header in values:
            sheet.cell(row=2, column=column, value=values[header])
    workbook.save(target)


def test_a_month_reported_by_excel_import(page, session, tmp_path, screenshots_dir):
    period = datetime.date.today().strftime("%Y-%m")
    narrative = unique("完成跨境电商平台系统部署（Excel 导入）")
    session.login("shenzhen")

    # The project's page leads to the import, the kind already chosen.
    page.goto("/work/projects/?q=跨境电商服务中心")
    click_and_wait(page, f'main table a:has-text("{DEMO_PROJECT}")')
    project_url = page.url.split("#")[0]
    click_and_wait(page, "#excel-import")
    expect(page.locator("#id_kind")).to_have_value("project_reports")

    with page.expect_download() as download:
        page.locator("#template-project_reports").click()
    template = tmp_path / download.value.suggested_filename
    assert template.suffix == ".xlsx", download.value.suggested_filename
    download.value.save_as(template)
    filled = tmp_path / "月度进展.xlsx"
    fill_report_template(template, filled, title=DEMO_PROJECT, period=period, narrative=narrative)

    page.set_input_files("#id_file", str(filled))
    click_and_wait(page, "#upload-button")
    assert BATCH_URL.search(page.url), f"the upload did not lead to its preview: {page.url}"
    expect(page.locator('#batch-title [data-status="previewed"]')).to_be_visible()
    expect(page.locator('[data-count="created"]')).to_have_text("1")
    expect(page.locator('[data-count="errors"]')).to_have_text("0")
    expect(page.locator("#errors")).to_have_count(0)
    shoot(page, screenshots_dir, "import-preview-shenzhen")
    expect(page.locator("#commit-button")).to_be_enabled()
    click_and_wait(page, "#commit-button")
    expect(page.locator('#batch-title [data-status="committed"]')).to_be_visible()
    shoot(page, screenshots_dir, "import-committed-shenzhen")

    click_and_wait(page, '#results a')
    assert page.url.startswith(project_url), page.url
    row = page.locator(f'#reports tr[data-period="{period}"]')
    expect(row).to_contain_text(narrative)
    expect(row).to_contain_text("500")


def test_the_export_link_follows_the_filters(page, session):
    session.login("shenzhen")
    page.goto("/work/projects/")
    expect(page.locator("#export-xlsx")).to_have_attribute("href", re.compile(r"export=xlsx"))
    page.select_option("#id_stage", "building")
    expect(page.locator("#export-xlsx")).to_have_attribute("href", re.compile(r"stage=building.*export=xlsx"))
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
