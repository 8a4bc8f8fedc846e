"""Issue #6's evaluation round, end to end in the browser, on a round of its own (not the demo's): the NDRC office
defines a framework of two dimensions and four computed indicators (publishing with weights adding up to 90 is
refused with the sum shown; fixed to 100 and published), opens a round of 辽宁–江苏 and 吉林–浙江 for 2026; both
sides of each pairing confirm their self-assessment (辽宁 gets 404 on 吉林–浙江's); the office computes (no
override needed), reads a breakdown (raw, normalised, weighted, a traced record), commends 辽宁–江苏, gives 吉林–浙江
a rectification of two items and publishes. 吉林 sees its pairing's published scores (404 on 辽宁–江苏's breakdown)
and answers both items; one is sent back with a note and the other accepted; answered again and accepted, the
requirement is closed."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from .test_plans import expect_no_errors_on_form, option_values, pairing_id, shoot, submit_form, unique
from .test_supervision import day, zh

pytestmark = pytest.mark.e2e

LIAONING, JIANGSU, JILIN, ZHEJIANG = "210000", "320000", "220000", "330000"
YEAR = "2026"
FRAMEWORK_URL = re.compile(r"/work/frameworks/(\d+)/")
ROUND_URL = re.compile(r"/work/evaluation-rounds/(\d+)/$")

# (dimension index, code, name, query, weight): 90 in all at first; 3.1 is raised to 40 before publishing.
INDICATORS = [
    (0, "1.1", "项目开工", "projects_started", "30"),
    (0, "1.2", "活动举办", "events_held", "20"),
    (1, "2.1", "协议签署", "agreements_signed", "10"),
    (1, "2.2", "完成投资", "investment_completed", "30"),
]


def post_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def define_framework(page, name: str, code: str) -> None:
    """As ndrc: the framework, refused at 90, fixed to 100 and published."""
    page.goto("/work/frameworks/new/")
    page.fill("#id_name", name)
    page.fill("#id_code", code)
    page.fill("#id_notes", "对口合作年度评估指标体系（e2e）")
    submit_form(page)
    expect_no_errors_on_form(page)
    assert FRAMEWORK_URL.search(page.url), f"saving the framework did not lead to its page: {page.url}"
    framework_url = page.url.split("#")[0]
    expect(page.locator("#framework-title")).to_have_text(name)

    dimensions = []
    for order, dimension in enumerate(("合作成效", "交流合作"), start=1):
        page.goto(framework_url)
        post_and_wait(page, page.locator("#add-dimension"))
        page.fill("#id_name", dimension)
        page.fill("#id_order", str(order))
        submit_form(page)
        expect_no_errors_on_form(page)
        row = page.locator("#indicator-table tr[data-dimension]", has_text=dimension)
        expect(row).to_have_count(1)
        dimensions.append(row.get_attribute("data-dimension"))

    for index, (dim, code_, what, query, weight) in enumerate(INDICATORS, start=1):
        page.goto(framework_url)
        post_and_wait(page, page.locator(f"tr[data-dimension='{dimensions[dim]}'] a[href*='/indicators/new/']"))
        expect(page.locator("#id_dimension")).to_have_value(dimensions[dim])
        page.fill("#id_code", code_)
        page.fill("#id_name", what)
        page.select_option("#id_direction", "higher")
        page.fill("#id_weight", weight)
        page.select_option("#id_normalisation", "relative")
        page.select_option("#id_source", "computed")
        page.select_option("#id_query", query)
        page.fill("#id_order", str(index))
        submit_form(page)
        expect_no_errors_on_form(page)
        expect(page.locator(f"#indicator-table tr[data-indicator='{code_}']")).to_have_count(1)

    # Weights adding up to 90: the warning shows it, and publishing is refused with the sum.
    page.goto(framework_url)
    expect(page.locator("#weight-total")).to_have_text("90.00")
    expect(page.locator("#weight-warning")).to_contain_text("90")
    post_and_wait(page, page.locator("#publish-button"))
    expect(page.locator("main .alert-danger")).to_contain_text("90")
    expect(page.locator("#framework-status")).to_have_text(zh("Draft"))

    # Fixed: 2.1 from 10 to 20.
    post_and_wait(page, page.locator("#indicator-table tr[data-indicator='2.1'] a[href$='/edit/']"))
    page.fill("#id_weight", "20")
    submit_form(page)
    expect_no_errors_on_form(page)
    page.goto(framework_url)
    expect(page.locator("#weight-total")).to_have_text("100.00")
    expect(page.locator("#weight-warning")).to_have_count(0)
    post_and_wait(page, page.locator("#publish-button"))
    expect(page.locator("main .alert-danger")).to_have_count(0)
    expect(page.locator("#framework-status")).to_have_text(zh("Published"))
    expect(page.locator("#frozen-note")).to_have_count(1)


def test_round_scored_outcomes_and_rectification(page, session, browser_errors, screenshots_dir):
    framework = unique("对口合作评估指标体系")
    code = f"E2E-{time.strftime('%H%M%S')}{time.monotonic_ns() % 1000:03d}"
    round_name = unique(f"{YEAR}年度对口合作评估")
    session.login("ndrc")
    define_framework(page, framework, code)

    # 2. A round on that framework, for 辽宁–江苏 and 吉林–浙江 only.
    lj, jz = pairing_id(page, LIAONING, JIANGSU), pairing_id(page, JILIN, ZHEJIANG)
    page.goto("/work/evaluation-rounds/new/")
    page.fill("#id_name", round_name)
    page.fill("#id_period_start", f"{YEAR}-01-01")
    page.fill("#id_period_end", f"{YEAR}-12-31")
    choices = option_values(page, "#id_framework", lambda text: framework in text)
    assert len(choices) == 1, f"the published framework is not offered once: {choices}"
    page.select_option("#id_framework", choices[0])
    boxes = page.locator("input[name=pairings]")
    assert boxes.count() >= 2
    for value in boxes.evaluate_all("boxes => boxes.map(b => b.value)"):
        box = page.locator(f"input[name=pairings][value='{value}']")
        if value in (lj, jz):
            box.check()
        else:
            box.uncheck()
    submit_form(page)
    expect_no_errors_on_form(page)
    match = ROUND_URL.search(page.url)
    assert match, f"creating the round did not lead to its page: {page.url}"
    round_pk, round_url = match.group(1), page.url
    rows = page.locator("#assessment-table tbody tr[data-pairing]")
    expect(rows).to_have_count(2)
    assessment_url = {
        pid: page.locator(f"#assessment-table tr[data-pairing='{pid}'] a").get_attribute("href") for pid in (lj, jz)
    }
    expect(page.locator("#compute-form textarea[name=override_reason]")).to_have_count(1)  # nothing confirmed yet

    # 3. Self-assessments, confirmed by both sides of each pairing.
    def confirm(username: str, pid: str, narrative: str = "") -> None:
        session.login_as(username)
        page.goto(assessment_url[pid])
        if narrative:
            page.fill("#narrative", narrative)
            post_and_wait(page, page.locator("#assessment-form button[name=save]"))
            expect(page.locator("main .alert-danger")).to_have_count(0)
        post_and_wait(page, page.locator("#assessment-form button[name=confirm]"))
        expect(page.locator("main .alert-danger")).to_have_count(0)
        expect(page.locator("main .alert-success")).to_have_count(1)

    confirm("liaoning", lj, "辽宁、江苏两省年度对口合作自评：重点项目推进顺利。（e2e）")
    browser_errors.allow(assessment_url[jz])  # Chromium logs the 404 answer as a console error
    assert page.goto(assessment_url[jz]).status == 404
    confirm("jiangsu", lj)
    confirm("jilin", jz, "吉林、浙江两省年度对口合作自评：园区共建有待加快。（e2e）")
    confirm("zhejiang", jz)
    expect(page.locator("main h1 + p")).to_contain_text(zh("Submitted"))

    # 4. Computed without an override; the breakdown of 辽宁–江苏.
    session.login_as("ndrc")
    page.goto(round_url)
    expect(page.locator("#compute-form textarea[name=override_reason]")).to_have_count(0)
    post_and_wait(page, page.locator("#compute-form button[type=submit]"))
    expect(page.locator("main .alert-danger")).to_have_count(0)
    results = page.locator("#results-table tbody tr[data-pairing]")
    expect(results).to_have_count(2)
    post_and_wait(page, page.locator(f"#results-table tr[data-pairing='{lj}'] a[href*='/pairings/{lj}/']").first)
    assert page.url.endswith(f"/work/evaluation-rounds/{round_pk}/pairings/{lj}/"), page.url
    lines = page.locator("#breakdown-table tbody tr[data-indicator]")
    expect(lines).to_have_count(len(INDICATORS))
    total = 0.0
    for line in lines.all():
        for field in ("raw", "normalised", "weighted"):
            expect(line.locator(f"td[data-field={field}]")).not_to_have_text("")
        weighted = line.locator("td[data-field=weighted]").inner_text().strip()
        normalised = line.locator("td[data-field=normalised]").inner_text().strip()
        assert 0 <= float(normalised) <= 100, normalised
        total += float(weighted)
    assert abs(total - float(page.locator("#breakdown-total").inner_text())) < 0.02
    traced = page.locator("#breakdown-table a[data-records]")
    assert traced.count() >= 1, "no indicator of 辽宁–江苏 traces a record"
    shoot(page, screenshots_dir, "evaluation-breakdown")
    post_and_wait(page, traced.first)  # the score's records, a page at a time
    record = page.locator("#score-records tbody a")
    assert record.count() >= 1, "the score's records page lists no record"
    shoot(page, screenshots_dir, "evaluation-score-records")
    post_and_wait(page, record.first)
    assert "/records/" not in page.url, f"the traced record did not lead to its page: {page.url}"
    expect(page.locator("main h1")).to_have_count(1)

    # 5. Outcomes: 辽宁–江苏 commended, 吉林–浙江 a rectification of two items; published.
    def outcome(pid: str) -> None:
        page.goto(round_url)
        post_and_wait(page, page.locator(f"#results-table tr[data-pairing='{pid}'] a[href$='/outcome/']"))
        expect(page.locator("#outcome-form")).to_have_count(1)

    outcome(lj)
    page.select_option("#id_kind", "commendation")
    page.fill("#id_assessment", "重点项目推进有力，成效明显，予以表扬。（e2e）")
    post_and_wait(page, page.locator("#outcome-form button[type=submit]"))
    expect_no_errors_on_form(page)
    requirement = unique("吉林—浙江评估整改要求")
    outcome(jz)
    page.select_option("#id_kind", "rectification")
    page.fill("#id_assessment", "园区共建和项目落地进展缓慢，需限期整改。（e2e）")
    page.fill("#id_rectification_title", requirement)
    for n, (what, offset) in enumerate((("补齐园区共建工作台账", 30), ("制定项目落地攻坚方案", 45)), start=1):
        page.fill(f"#id_item{n}_title", what)
        page.fill(f"#id_item{n}_text", f"{what}，按期报送。（e2e）")
        page.select_option(f"#id_item{n}_side", JILIN)
        page.fill(f"#id_item{n}_deadline", day(offset))
    post_and_wait(page, page.locator("#outcome-form button[type=submit]"))
    expect_no_errors_on_form(page)
    assert page.url == round_url, page.url
    expect(page.locator(f"#results-table tr[data-pairing='{lj}']")).to_contain_text(zh("Commendation (表扬)"))
    jz_row = page.locator(f"#results-table tr[data-pairing='{jz}']")
    expect(jz_row).to_contain_text(zh("Rectification (整改)"))
    expect(jz_row.locator("a[href*='/rectifications/']")).to_have_count(1)
    page.locator("#publish-form input[name=publish_scores]").check()
    page.locator("#publish-form input[name=publish_ranks]").check()
    post_and_wait(page, page.locator("#publish-form button[type=submit]"))
    expect(page.locator("main .alert-danger")).to_have_count(0)
    expect(page.locator("#round-status")).to_contain_text(zh("Published"))
    shoot(page, screenshots_dir, "evaluation-results")

    # 6. 吉林 sees its own pairing's published scores, not 辽宁–江苏's breakdown; answers both items.
    session.login_as("jilin")
    page.goto(round_url)
    expect(page.locator(f"#results-table tr[data-pairing='{jz}'] td[data-field=total]")).not_to_have_text("—")
    expect(page.locator(f"#results-table tr[data-pairing='{lj}'] a[href*='/pairings/']")).to_have_count(0)
    post_and_wait(page, page.locator(f"#results-table tr[data-pairing='{jz}'] a[href*='/pairings/{jz}/']").first)
    expect(page.locator("#breakdown-table tbody tr[data-indicator]")).to_have_count(len(INDICATORS))
    lj_breakdown = f"/work/evaluation-rounds/{round_pk}/pairings/{lj}/"
    browser_errors.allow(lj_breakdown)
    assert page.goto(lj_breakdown).status == 404
    page.goto(round_url)
    post_and_wait(page, page.locator(f"#results-table tr[data-pairing='{jz}'] a[href*='/rectifications/']"))
    requirement_url = page.url
    assert re.search(r"/work/rectifications/\d+/$", requirement_url), requirement_url
    expect(page.locator("main h1")).to_contain_text(requirement)
    items = page.locator("section[data-rectification-item]")
    expect(items).to_have_count(2)

    def answer_all(measures: str) -> None:
        while page.locator("form.answer-form").count():
            form = page.locator("form.answer-form").first
            form.locator("textarea[name=measures]").fill(measures)
            form.locator("textarea[name=evidence]").fill("工作台账、会议纪要（e2e）")
            post_and_wait(page, form.locator("button[type=submit]"))
            expect(page.locator("main .alert-danger")).to_have_count(0)

    def decide(section, decision: str, note: str = "") -> None:
        form = section.locator("form.decide-form")
        form.locator("select[name=decision]").select_option(decision)
        if note:
            form.locator("textarea[name=note]").fill(note)
        post_and_wait(page, form.locator("button[type=submit]"))
        expect(page.locator("main .alert-danger")).to_have_count(0)

    answer_all("已建立园区共建工作台账并按月更新。（e2e）")
    expect(page.locator("section[data-rectification-item] [data-status=answered]")).to_have_count(2)

    # 7. One sent back with a note, the other accepted.
    session.login_as("ndrc")
    page.goto(requirement_url)
    first, second = items.nth(0), items.nth(1)
    decide(first, "sent_back", "台账缺少项目投资数据，请补充。（e2e）")
    decide(second, "accepted")
    expect(first.locator("[data-status=sent_back]")).to_have_count(1)
    expect(second.locator("[data-status=accepted]")).to_have_count(1)

    # 8. Answered again by 吉林, accepted: the requirement is closed.
    session.login_as("jilin")
    page.goto(requirement_url)
    expect(page.locator("form.answer-form")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("台账缺少项目投资数据")
    answer_all("已补充项目投资数据。（e2e）")

    session.login_as("ndrc")
    page.goto(requirement_url)
    decide(items.nth(0), "accepted")
    expect(page.locator("section[data-rectification-item] [data-status=accepted]")).to_have_count(2)
    expect(page.locator("#rectification-status")).to_have_text(zh("Closed"))
    shoot(page, screenshots_dir, "evaluation-rectification-closed")
