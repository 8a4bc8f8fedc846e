"""Issue #4's walk-through, in the browser: 深圳 registers a key project of 哈尔滨–深圳 with a green-channel
officer, moves it to 开工, reports two months through the form (the second with a total that goes down,
questioned and then confirmed) and a third by Excel import, and raises a coordination request. Time passes
(the deadline is moved into the past) and the daily escalation job runs: the NDRC office finds the request
flagged overdue and escalated, and is notified; the officer then answers it. 大连 cannot see any of it (404).

Screenshots for a human to look at go to tests/e2e/screenshots/ (gitignored)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from .test_plans import (
    click_and_wait,
    expect_no_errors_on_form,
    option_values,
    pairing_id,
    shoot,
    submit_form,
    unique,
)
from .test_project_import import BATCH_URL, fill_report_template

pytestmark = pytest.mark.e2e

HARBIN, SHENZHEN = "230100", "440300"
PROJECT_URL = re.compile(r"/work/projects/(\d+)/$")
PROJECT_REPORTS_URL = re.compile(r"/work/projects/(\d+)/#reports$")  # a saved report leads to the project's reports
REQUEST_URL = re.compile(r"/work/coordination-requests/(\d+)/$")
USERNAME_IN_OPTION = re.compile(r"\(([^()]+)\)\s*$")  # a user's option reads "Full name (username)"
DEMO_OVERDUE_REQUEST = "二期用地指标尚未落实（演示）"


def start_of_month(months_ago: int) -> datetime.date:
    day = datetime.date.today().replace(day=1)
    for _ in range(months_ago):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def months() -> tuple[str, str, str]:
    """The month before last, last month and this month, YYYY-MM: the last three months that have begun."""
    return tuple(start_of_month(n).strftime("%Y-%m") for n in (2, 1, 0))


# --- the steps -------------------------------------------------------------------------------------------


def register_project(page, title: str, screenshots_dir) -> tuple[str, str]:
    """As 深圳: a key project of 哈尔滨–深圳 with a green-channel officer; its id and the officer's username."""
    pairing = pairing_id(page, HARBIN, SHENZHEN)
    page.goto("/work/projects/new/")
    labelled = option_values(page, "#id_pairing", lambda text: "哈尔滨" in text and "深圳" in text)
    assert pairing in labelled, f"pairing {pairing} is not offered as 哈尔滨–深圳 ({labelled})"
    page.select_option("#id_pairing", pairing)
    page.fill("#id_title", title)
    task = option_values(page, "#id_key_task", lambda text: text.startswith("4.1"))
    assert len(task) == 1, f"key task 4.1: {task}"
    page.select_option("#id_key_task", task[0])
    page.select_option("#id_industry", "34")
    page.select_option("#id_location", HARBIN)
    host = option_values(page, "#id_host_organisation", lambda text: "哈尔滨—深圳产业园区" in text)
    assert host, "no host organisation 哈尔滨—深圳产业园区"
    page.select_option("#id_host_organisation", host[0])
    page.fill("#id_planned_investment", "120000")
    page.check("#id_is_key")
    officers = page.locator("#id_green_channel_officer option").evaluate_all(
        "options => options.filter(o => o.value).map(o => [o.value, o.textContent.trim()])")
    assert officers, "no green-channel officer is offered"
    # The first officer offered; harbin (the officer of the demo's key project) if offered.
    value, text = next(((v, t) for v, t in officers if t.endswith("(harbin)")), officers[0])
    username = USERNAME_IN_OPTION.search(text)
    assert username, f"cannot read the officer's username from {text!r}"
    page.select_option("#id_green_channel_officer", value)
    page.fill("#id_description", "两期建设智能装备整机及关键零部件生产线（e2e）。")
    # Already signed at the start of last month: registered at that stage, from that date.
    page.select_option("#id_stage", "signed")
    page.fill("#id_stage_since", start_of_month(2).isoformat())
    shoot(page, screenshots_dir, "project-new-shenzhen")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = PROJECT_URL.search(page.url)
    assert match, f"saving the project did not lead to its page: {page.url}"
    expect(page.locator("#project-title")).to_contain_text(title)
    return match.group(1), username.group(1)


def change_stage(page, project_url: str, stage: str, on: datetime.date) -> None:
    page.goto(project_url)
    form = page.locator("#stage-form")
    form.locator('select[name="stage"]').select_option(stage)
    form.locator('input[name="on"]').fill(on.isoformat())
    with page.expect_navigation():
        form.locator("button").click()
    expect(page.locator("main .alert-danger")).to_have_count(0)
    expect(page.locator(f"#project-title + div [data-stage='{stage}']")).to_be_visible()
    expect(page.locator("#stage-history")).to_contain_text(on.isoformat())


def fill_report(page, period: str, in_period: str, cumulative: str, narrative: str) -> None:
    page.fill("#id_period", period)
    page.fill("#id_investment_in_period", in_period)
    page.fill("#id_investment_cumulative", cumulative)
    page.fill("#id_narrative", narrative)


def add_report(page, project_url: str, period: str, in_period: str, cumulative: str, narrative: str) -> None:
    page.goto(project_url)
    click_and_wait(page, "#add-report")
    assert page.url.endswith(f"{project_url}reports/new/"), page.url
    fill_report(page, period, in_period, cumulative, narrative)
    submit_form(page)
    expect_no_errors_on_form(page)
    assert PROJECT_REPORTS_URL.search(page.url), f"saving the report did not lead to the project: {page.url}"
    expect(page.locator(f'#reports tr[data-period="{period}"]')).to_contain_text(narrative)


# --- the walk-through ------------------------------------------------------------------------------------


def test_key_project_registered_reported_and_coordinated(page, session, browser_errors, screenshots_dir, tmp_path,
                                                         e2e_manage):
    title = unique("哈深产业园新能源汽车零部件项目")
    request_title = unique("二期厂房用电增容尚未批复")
    answer = unique("已协调国网哈尔滨供电公司，增容方案本周批复")
    before_last, last_month, this_month = months()

    # 深圳 registers the key project (signed at the start of the month before last).
    session.login("shenzhen")
    project_id, officer = register_project(page, title, screenshots_dir)
    project_url = f"/work/projects/{project_id}/"
    expect(page.locator("#project-title .badge")).to_have_count(1)  # 重点项目
    expect(page.locator("main")).to_contain_text(f"({officer})")

    # Construction started the same day.
    change_stage(page, project_url, "started", start_of_month(2))

    # Two monthly reports through the form: the month before last, and last month whose total goes down
    # (questioned, then confirmed).
    add_report(page, project_url, before_last, "3000", "3000", "完成场地平整和桩基施工（e2e）。")
    page.goto(project_url)
    click_and_wait(page, "#add-report")
    fill_report(page, last_month, "1500", "2500", "主体结构施工；上月累计数多报，本月更正（e2e）。")
    submit_form(page)
    assert page.url.endswith(f"{project_url}reports/new/"), f"the questioned report was kept: {page.url}"
    confirm = page.locator("#id_confirm")
    expect(confirm).to_be_visible()
    expect(page.locator("#id_confirm ~ .invalid-feedback, #id_confirm.is-invalid")).not_to_have_count(0)
    expect(page.locator("main .invalid-feedback")).not_to_have_count(0)
    expect(page.locator("#id_investment_cumulative")).to_have_value("2500")  # the figures are kept on the form
    shoot(page, screenshots_dir, "project-report-questioned-shenzhen")
    confirm.check()
    submit_form(page)
    expect_no_errors_on_form(page)
    assert PROJECT_REPORTS_URL.search(page.url), f"the confirmed report did not lead to the project: {page.url}"
    expect(page.locator(f'#reports tr[data-period="{last_month}"] td.text-end .badge')).to_have_count(1)  # confirmed

    # The third month by Excel import: the template from the project's page, filled in, previewed, committed.
    click_and_wait(page, "#excel-import")
    expect(page.locator("#id_kind")).to_have_value("project_reports")
    with page.expect_download() as download:
        page.locator("#template-project_reports").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    filled = tmp_path / "第三个月.xlsx"
    fill_report_template(template, filled, title=title, period=this_month, in_period="５００", cumulative=3000,
                         narrative="主体结构封顶（Excel 导入，e2e）。")
    page.set_input_files("#id_file", str(filled))
    click_and_wait(page, "#upload-button")
    assert BATCH_URL.search(page.url), f"the upload did not lead to its preview: {page.url}"
    expect(page.locator('[data-count="created"]')).to_have_text("1")
    expect(page.locator('[data-count="errors"]')).to_have_text("0")
    click_and_wait(page, "#commit-button")
    expect(page.locator('#batch-title [data-status="committed"]')).to_be_visible()
    page.goto(project_url)
    rows = page.locator("#reports tbody tr[data-period]")
    expect(rows).to_have_count(3)
    expect(page.locator(f'#reports tr[data-period="{before_last}"]')).to_contain_text("3000")
    expect(page.locator(f'#reports tr[data-period="{last_month}"]')).to_contain_text("2500")
    expect(page.locator(f'#reports tr[data-period="{this_month}"]')).to_contain_text("主体结构封顶")
    expect(page.locator(f'#reports tr[data-period="{this_month}"]')).to_contain_text("3000")
    shoot(page, screenshots_dir, "project-reports-shenzhen")

    # 深圳 raises a coordination request; it is open and routed to the officer.
    click_and_wait(page, "#raise-request")
    assert page.url.endswith(f"{project_url}requests/new/"), page.url
    page.select_option("#id_kind", "energy")
    page.fill("#id_title", request_title)
    page.fill("#id_description", "二期厂房需新增用电容量8000千伏安，请协调供电部门尽快批复（e2e）。")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = REQUEST_URL.search(page.url)
    assert match, f"raising the request did not lead to its page: {page.url}"
    request_id = match.group(1)
    request_url = f"/work/coordination-requests/{request_id}/"
    expect(page.locator("#request-title")).to_contain_text(request_title)
    expect(page.locator('#request-title span[data-status="open"]')).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"({officer})")
    shoot(page, screenshots_dir, "request-open-shenzhen")
    page.goto(project_url)
    expect(page.locator(f'#requests li:has(a[href="{request_url}"]) span[data-status="open"]')).to_be_visible()

    # Time passes without an answer: the deadline (15 working days) is moved three weeks into the past, and the
    # daily escalation job runs.
    e2e_manage("shell", "-c", (
        "import datetime; from django.utils import timezone; "
        "from duikou.projects.models import CoordinationRequest as R; "
        "weeks = datetime.timedelta(weeks=6); "
        f"R.objects.filter(pk={request_id}).update(created_at=timezone.now() - weeks, "
        "due_on=timezone.localdate() - datetime.timedelta(weeks=3))"))
    e2e_manage("coordination_escalate")

    # The NDRC office: the request is flagged overdue and escalated, and the office was notified.
    session.login_as("ndrc")
    page.goto("/work/coordination-requests/?overdue=true")
    overdue = page.locator("main table tbody tr", has=page.get_by_role("link", name=request_title))
    expect(overdue).to_have_count(1)
    expect(overdue.locator('span[data-status="open"]')).to_be_visible()
    expect(overdue.locator(".badge.text-bg-dark")).to_be_visible()  # escalated
    demo = page.locator("main table tbody tr", has=page.get_by_role("link", name=DEMO_OVERDUE_REQUEST))
    expect(demo).to_have_count(1)  # the demo's, escalated when the demo was loaded
    shoot(page, screenshots_dir, "requests-overdue-ndrc")
    page.goto("/work/notifications/")
    expect(page.locator("main")).to_contain_text(request_title)

    # The officer answers it, late.
    session.login_as(officer)
    page.goto(request_url)
    page.fill("#answer-form #id_answer", answer)
    with page.expect_navigation():
        page.locator("#answer-form button").click()
    expect(page.locator('#request-title span[data-status="answered"]')).to_be_visible()
    expect(page.locator("#answer")).to_contain_text(answer)
    expect(page.locator("#answer-form")).to_have_count(0)
    shoot(page, screenshots_dir, "request-answered-officer")

    # 大连 is outside the pairing: none of it exists for it.
    session.login_as("dalian")
    for url in (project_url, f"{project_url}edit/", f"{project_url}reports/new/", request_url):
        browser_errors.allow(url)  # Chromium logs the 404 answer as a console error; it is the expected answer
        response = page.goto(url)
        assert response.status == 404, f"dalian: {url} answered {response.status}"
        expect(page.locator("body")).not_to_contain_text(title)
    for url in (f"/api/v1/projects/{project_id}/", f"/api/v1/projects/{project_id}/reports/",
                f"/api/v1/coordination-requests/{request_id}/"):
        assert page.request.get(url).status == 404, f"dalian: {url}"
    page.goto("/work/projects/?q=新能源汽车零部件")
    expect(page.locator("main")).not_to_contain_text(title)

    # The NDRC office: response times by pairing count the late answer.
    session.login_as("ndrc")
    page.goto("/work/coordination-requests/response-times/")
    pairing = pairing_id(page, HARBIN, SHENZHEN)
    row = page.locator(f'#response-times tbody tr:has(a[href$="?pairing={pairing}"])')
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_contain_text("哈尔滨市")
    expect(row.locator("td").first).to_contain_text("深圳市")
    shoot(page, screenshots_dir, "response-times-ndrc")
