"""Issue #3's walk-through, entirely in the browser: 辽宁 drafts this year's (2026) annual plan of 辽宁–江苏 with three
items and confirms; 江苏 edits an item (辽宁's confirmation is cleared and the change can be compared) and
confirms; 辽宁 submits; the NDRC office returns it with comments, both sides confirm again, it is submitted
again and acknowledged. 吉林 cannot see any of it (404); 辽宁's notification centre has the news.

Screenshots for a human to look at go to tests/e2e/screenshots/ (gitignored)."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LIAONING, JIANGSU = "210000", "320000"
# The demo has this year's plans for the other pairings and last year's for 辽宁–江苏, but not this year's.
YEAR = str(datetime.date.today().year)
PLAN_URL = re.compile(r"/work/plans/(\d+)/$")
ITEM_URL = re.compile(r"/work/plan-items/(\d+)/$")
SCREENSHOT_SUFFIX = "1366"  # as in test_screenshots.py: <name>-<viewport width>.png


def unique(text: str) -> str:
    return f"{text}（e2e {time.strftime('%H%M%S')}{time.monotonic_ns() % 1000:03d}）"


def pairing_id(page, northeast: str, east: str) -> str:
    """The pairing's id, read from the open API in the browser (public, paginated)."""
    url = "/api/v1/pairings/?format=json"
    while url:
        answer = page.request.get(url)
        assert answer.status == 200, f"{url} answered {answer.status}"
        data = answer.json()
        for pairing in data["results"]:
            if pairing["northeast"] == northeast and pairing["east"] == east:
                return str(pairing["id"])
        url = data.get("next")
    raise AssertionError(f"no pairing {northeast}–{east} in /api/v1/pairings/")


def option_values(page, selector: str, predicate) -> list[str]:
    """Values of a select's options whose text passes ``predicate``."""
    options = page.locator(f"{selector} option").evaluate_all(
        "options => options.map(o => [o.value, o.textContent.trim()])")
    return [value for value, text in options if value and predicate(text)]


def submit_form(page) -> None:
    """Save (not "save and add another")."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]:not([name=_another])").click()


def click_and_wait(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def status_of(page) -> str:
    return page.locator("#plan-title + div span[data-status]").get_attribute("data-status")


def expect_no_errors_on_form(page) -> None:
    expect(page.locator("main .invalid-feedback, main .alert-danger")).to_have_count(0)


def shoot(page, directory, name: str) -> str:
    page.evaluate("document.fonts.ready")
    path = directory / f"{name}-{SCREENSHOT_SUFFIX}.png"
    page.screenshot(path=str(path), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    return str(path)


def set_language(page, language: str) -> None:
    if page.locator("#language-select").input_value() != language:
        with page.expect_navigation():
            page.select_option("#language-select", language)


# --- the steps -------------------------------------------------------------------------------------------


def draft_plan(page, title: str, screenshots_dir) -> str:
    """As 辽宁: the new annual plan of 辽宁–江苏 for this year, with a goals section; its id."""
    pairing = pairing_id(page, LIAONING, JIANGSU)
    page.goto("/work/plans/new/")
    labelled = option_values(page, "#id_pairing", lambda text: "辽宁" in text and "江苏" in text)
    assert pairing in labelled, f"pairing {pairing} is not offered as 辽宁–江苏 ({labelled})"
    page.select_option("#id_pairing", pairing)
    page.select_option("#id_kind", "annual")
    page.fill("#id_title", title)
    page.fill("#id_period_start", YEAR)
    page.fill("#id_period_end", YEAR)
    page.fill("#id_goals", "<p>深化两省对口合作，推动产业链协同和干部人才交流取得新进展（e2e）。</p>")
    shoot(page, screenshots_dir, "plan-new-liaoning")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = PLAN_URL.search(page.url)
    assert match, f"saving the plan did not lead to its page: {page.url}"
    expect(page.locator("#plan-title")).to_have_text(title)
    assert status_of(page) == "draft"
    expect(page.locator("main")).to_contain_text("深化两省对口合作")
    return match.group(1)


def add_item(page, plan_id: str, number: str, title: str, key_task: str, lead_side: str, supporting_side: str,
             screenshots_dir=None) -> str:
    """Add an item through the plan page's "add-item" link; its id."""
    page.goto(f"/work/plans/{plan_id}/")
    click_and_wait(page, "#add-item")
    assert page.url.endswith(f"/work/plans/{plan_id}/items/new/"), page.url
    page.fill("#id_number", number)
    page.fill("#id_title", title)
    task = option_values(page, "#id_key_task", lambda text: text.startswith(f"{key_task} "))
    assert len(task) == 1, f"key task {key_task}: {task}"
    page.select_option("#id_key_task", task[0])
    leads = option_values(page, "#id_lead_organisation", lambda text: lead_side in text)
    assert leads, f"no lead organisation of {lead_side}"
    page.select_option("#id_lead_organisation", leads[0])
    supporting = option_values(page, "#id_supporting_organisations", lambda text: supporting_side in text)
    assert supporting, f"no supporting organisation of {supporting_side}"
    page.select_option("#id_supporting_organisations", supporting[:2])
    page.fill("#id_start_date", f"{YEAR}-02-01")
    page.fill("#id_due_date", f"{YEAR}-12-20")
    if screenshots_dir is not None:
        shoot(page, screenshots_dir, "plan-item-new-liaoning")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = ITEM_URL.search(page.url)
    assert match, f"saving the item did not lead to its page: {page.url}"
    expect(page.locator("h1")).to_contain_text(title)
    return match.group(1)


def confirm(page, plan_id: str, side: str) -> None:
    page.goto(f"/work/plans/{plan_id}/")
    click_and_wait(page, "#confirm-button")
    expect(page.locator(f'#workflow tr[data-side="{side}"] .dk-light-green')).to_be_visible()
    expect(page.locator("#confirm-button")).to_have_count(0)


def submit(page, plan_id: str) -> None:
    page.goto(f"/work/plans/{plan_id}/")
    click_and_wait(page, "#submit-button")
    assert status_of(page) == "submitted"
    expect(page.locator("#submit-button, #confirm-button, #add-item")).to_have_count(0)


# --- the walk-through ------------------------------------------------------------------------------------


def test_annual_plan_drafted_confirmed_returned_and_acknowledged(page, session, browser_errors, screenshots_dir):
    title = unique(f"辽宁省–江苏省{YEAR}年对口合作工作计划")
    items = [("1", unique("召开两省对口合作联席会议"), "1.1", "辽宁", "江苏"),
             ("2", unique("共建辽宁—江苏产业合作园区"), "4.1", "江苏", "辽宁"),
             ("3", unique("互派干部挂职交流"), "3.4", "辽宁", "江苏")]
    new_title = unique("共建辽宁—江苏产业合作园区并引进重点项目")
    comment = unique("请补充产业园区的量化指标和完成时限")

    # 辽宁 drafts the plan, adds three items and confirms.
    session.login("liaoning")
    plan_id = draft_plan(page, title, screenshots_dir)
    plan_url = f"/work/plans/{plan_id}/"
    item_ids = [add_item(page, plan_id, *item, screenshots_dir=screenshots_dir if item is items[0] else None)
                for item in items]
    page.goto(plan_url)
    expect(page.locator("#items tbody tr[data-item]")).to_have_count(3)
    for item_id in item_ids:
        expect(page.locator(f'#items tr[data-item="{item_id}"] a[href="/work/plan-items/{item_id}/"]')).to_be_visible()
    confirm(page, plan_id, "northeast")
    expect(page.locator('#workflow tr[data-side="east"] .dk-light-yellow')).to_be_visible()
    expect(page.locator("#submit-button")).to_have_count(0)  # the other side has not confirmed yet

    # 江苏 changes an item's title: 辽宁's confirmation is cleared, and the change can be compared.
    session.login_as("jiangsu")
    changed_item = item_ids[1]
    page.goto(f"/work/plan-items/{changed_item}/")
    click_and_wait(page, f'main a[href="/work/plan-items/{changed_item}/edit/"]')
    expect(page.locator("#id_title")).to_have_value(items[1][1])
    page.fill("#id_title", new_title)
    submit_form(page)
    expect_no_errors_on_form(page)
    page.goto(plan_url)
    cleared = page.locator('[data-cleared-side="northeast"]')
    expect(cleared).to_be_visible()
    expect(cleared).to_contain_text(new_title)
    expect(page.locator('#workflow tr[data-side="northeast"] .dk-light-green')).to_have_count(0)
    expect(page.locator('#workflow tr[data-side="northeast"] .dk-light-yellow')).to_be_visible()
    shoot(page, screenshots_dir, "plan-cleared-jiangsu")
    click_and_wait(page, f'[data-cleared-side="northeast"] a[href^="/work/plans/{plan_id}/versions/"]')
    changed = page.locator('#comparison tr[data-status="changed"]')
    expect(changed).to_have_count(1)
    expect(changed.locator("ins", has_text=new_title)).to_have_count(1)
    expect(changed.locator("del", has_text=items[1][1])).to_have_count(1)
    shoot(page, screenshots_dir, "plan-comparison-jiangsu")
    confirm(page, plan_id, "east")

    # 辽宁 confirms the new revision and submits.
    session.login_as("liaoning")
    confirm(page, plan_id, "northeast")
    submit(page, plan_id)

    # The NDRC office returns it with comments.
    session.login_as("ndrc")
    page.goto(plan_url)
    assert status_of(page) == "submitted"
    expect(page.locator("#acknowledge-button")).to_be_visible()
    expect(page.locator("#return-form")).to_be_visible()
    shoot(page, screenshots_dir, "plan-submitted-ndrc")
    page.fill("#id_comment", comment)
    click_and_wait(page, "#return-button")
    assert status_of(page) == "draft"
    expect(page.locator("#acknowledge-button, #return-form")).to_have_count(0)

    # Both sides see the comments, confirm again, and 辽宁 submits again.
    session.login_as("liaoning")
    page.goto(plan_url)
    assert status_of(page) == "draft"
    expect(page.locator("#return-comments")).to_contain_text(comment)
    expect(page.locator('#workflow tr[data-side="northeast"] .dk-light-green')).to_have_count(0)
    shoot(page, screenshots_dir, "plan-returned-liaoning")
    confirm(page, plan_id, "northeast")
    session.login_as("jiangsu")
    confirm(page, plan_id, "east")
    session.login_as("liaoning")
    submit(page, plan_id)

    # The NDRC office acknowledges it; the compliance table has it; red items across all plans.
    session.login_as("ndrc")
    page.goto(plan_url)
    click_and_wait(page, "#acknowledge-button")
    assert status_of(page) == "acknowledged"
    expect(page.locator("#acknowledge-button, #return-form")).to_have_count(0)
    page.goto("/work/plans/compliance/")
    cell = page.locator(f'#compliance td[data-state]:has(a[href="{plan_url}"])')
    expect(cell).to_have_count(1)
    assert cell.get_attribute("data-state") in {"on_time", "late"}
    shoot(page, screenshots_dir, "plans-compliance-ndrc")
    page.goto("/work/plan-items/?light=red")
    expect(page.locator("#results tbody tr .dk-light-red").first).to_be_visible()
    expect(page.locator("#results tbody .dk-light-yellow, #results tbody .dk-light-green")).to_have_count(0)
    shoot(page, screenshots_dir, "plan-items-red-ndrc")

    # 吉林 is outside the pairing: the plan does not exist for it.
    session.login_as("jilin")
    for url in (plan_url, f"{plan_url}edit/", f"{plan_url}versions/", f"/work/plan-items/{item_ids[0]}/"):
        browser_errors.allow(url)  # Chromium logs the 404 answer as a console error; it is the expected answer
        response = page.goto(url)
        assert response.status == 404, f"jilin: {url} answered {response.status}"
        expect(page.locator("body")).not_to_contain_text(title)

    # 辽宁's notification centre: unread news, among them the return (with the comment) and the acknowledgement.
    session.login_as("liaoning")
    expect(page.locator("#notifications-link #unread-count")).to_be_visible()
    assert int(page.locator("#unread-count").inner_text()) > 0
    notifications = page.request.get("/api/v1/notifications/?format=json").json()["results"]
    news = {n["kind"]: n for n in notifications if n["url"] == plan_url}
    assert {"returned", "acknowledged"} <= news.keys(), sorted(news)
    assert news["returned"]["body"] == comment
    click_and_wait(page, "#notifications-link")
    assert page.url.endswith("/work/notifications/"), page.url
    listed = page.locator("main .list-group")
    for kind in ("returned", "acknowledged"):
        expect(listed.get_by_text(news[kind]["title"], exact=True)).to_be_visible()
    expect(listed).to_contain_text(comment)
    shoot(page, screenshots_dir, "notifications-liaoning")

    # The plan page once in English (then back to Chinese).
    page.goto(plan_url)
    set_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#plan-title")).to_have_text(title)
    shoot(page, screenshots_dir, "plan-acknowledged-liaoning-en")
    set_language(page, "zh-hans")
    shoot(page, screenshots_dir, "plan-acknowledged-liaoning-zh")
