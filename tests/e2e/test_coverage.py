"""Issue #7's key-task coverage matrix in the browser, with the demo data: the NDRC office's matrix has the seven
founding pairings × the 18 key tasks in their four groups, gaps hatched and marked "—"; a non-empty cell
(黑龙江–广东 × 2.1: a plan item, a project and the 东北行 event) opens the records behind it and one of them
opens; 辽宁's matrix has only its own pairings. In Chinese and in English, with screenshots; and the
dashboard's per-pairing chart, one small chart per measure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_plans import SCREENSHOT_SUFFIX, pairing_id, set_language, shoot

pytestmark = pytest.mark.e2e

FOUNDING = [
    ("210000", "320000"),  # 辽宁–江苏
    ("220000", "330000"),  # 吉林–浙江
    ("230000", "440000"),  # 黑龙江–广东
    ("210100", "110000"),  # 沈阳–北京
    ("210200", "310000"),  # 大连–上海
    ("220100", "120000"),  # 长春–天津
    ("230100", "440300"),  # 哈尔滨–深圳
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_matrix_shows_the_founding_pairings_and_a_cell_opens_its_records(
    page, session, screenshots_dir, browser_errors, language
):
    session.login("ndrc")
    ids = {pair: pairing_id(page, *pair) for pair in FOUNDING}
    page.goto("/work/dashboard/")
    set_language(page, language)
    with page.expect_navigation():
        page.locator("#coverage-link").click()
    assert "/work/dashboard/coverage/" in page.url
    matrix = page.locator("#coverage-matrix")
    expect(matrix).to_be_visible()
    for pair, pk in ids.items():
        expect(matrix.locator(f"tbody tr[data-pairing='{pk}']"), f"{pair} is a row").to_have_count(1)
    expect(matrix.locator("thead th[data-task]")).to_have_count(18)
    expect(matrix.locator("thead th[data-group]")).to_have_count(4)
    rows = matrix.locator("tbody tr[data-pairing]").count()
    assert rows >= 7
    gaps = matrix.locator("tbody td.dk-cov-gap[data-task]")
    assert gaps.count() > 0 and gaps.first.inner_text().strip() == "—"
    assert matrix.locator("tbody td[data-task]").count() == rows * 18
    shoot(page, screenshots_dir, f"coverage-national-{language}")

    cell = matrix.locator(f"tr[data-pairing='{ids[('230000', '440000')]}'] td[data-task='2.1']")
    assert int(cell.get_attribute("data-work")) >= 3  # the plan item, the project and the 东北行 event
    with page.expect_navigation():
        cell.locator("a").click()
    assert re.search(rf"/work/dashboard/coverage/{ids[('230000', '440000')]}/2\.1/\?", page.url)
    expect(page.locator("#cell-plan-items tr[data-item]")).not_to_have_count(0)
    expect(page.locator("#cell-projects tr[data-project]")).not_to_have_count(0)
    events = page.locator("#cell-events tr[data-event] a")
    expect(events).not_to_have_count(0)
    shoot(page, screenshots_dir, f"coverage-cell-{language}")
    title = events.first.inner_text().strip()
    with page.expect_navigation():
        events.first.click()
    expect(page.locator("#event-title")).to_have_text(title)
    expect(page.locator("#event-key-task")).to_contain_text("2.1")

    session.logout()
    session.login("liaoning")
    page.goto("/work/dashboard/coverage/")
    own = page.locator("#coverage-matrix tbody tr[data-pairing]")
    assert 1 <= own.count() < rows
    expect(page.locator(f"#coverage-matrix tr[data-pairing='{ids[('220000', '330000')]}']")).to_have_count(0)
    expect(page.locator(f"#coverage-matrix tr[data-pairing='{ids[('210000', '320000')]}']")).to_have_count(1)
    foreign = f"/work/dashboard/coverage/{ids[('220000', '330000')]}/2.1/"
    browser_errors.allow(foreign)  # Chromium logs the 404 answer as a console error; it is the expected answer
    assert page.goto(foreign).status == 404  # 吉林–浙江 is not 辽宁's
    page.goto("/work/dashboard/coverage/?print=1")
    expect(page.locator(".dk-sidebar")).to_have_count(0)
    shoot(page, screenshots_dir, f"coverage-liaoning-print-{language}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_per_pairing_chart_gives_each_measure_its_own_scale(page, session, screenshots_dir, language):
    session.login("ndrc")
    page.goto("/work/dashboard/")
    set_language(page, language)
    chart = page.locator("#chart-pairings")
    expect(chart.locator("canvas").first).to_be_visible(timeout=15000)
    rows = page.locator("#table-pairings tbody tr").count()
    box = chart.bounding_box()
    assert box and box["height"] >= rows * 26  # a row per pairing, every measure beside it
    page.evaluate("document.fonts.ready")
    chart.screenshot(path=str(screenshots_dir / f"dashboard-pairings-{language}-{SCREENSHOT_SUFFIX}.png"))
