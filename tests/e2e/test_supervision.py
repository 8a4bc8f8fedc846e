"""Issue #6's supervision in the browser: the NDRC office puts a matter of 吉林–浙江 under supervision by hand with
two time nodes (one already past due): red on the overdue board; urged (a second urging the same day is refused
with a message); 吉林's coordinator (its office is the assignee: the urging notifies it) finds the urging in the
notification centre and marks the overdue node done; 辽宁 gets 404. Then a rectification requirement of two items
for 吉林: answered by 吉林, one sent back and one accepted, answered again and accepted: the requirement closes and
its supervision items are done.

The source of an item is searched, never picked from a list of every record: the NDRC office finds 吉林–浙江's
plan item by two words, chooses it and puts it under supervision; the search then marks it as supervised;
辽宁's coordinator finds none of 吉林's items, whatever it types."""

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

pytestmark = pytest.mark.e2e

JILIN, ZHEJIANG = "220000", "330000"
JILIN_OFFICE = "吉林省发展和改革委员会"
ITEM_URL = re.compile(r"/work/supervision/(\d+)/$")
RECTIFICATION_URL = re.compile(r"/work/rectifications/(\d+)/$")


def day(offset: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def zh(text: str) -> str:
    """A status as the pages show it in Chinese (the browser asks for zh-CN)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return translation.gettext(text)


def test_supervised_urged_completed_and_rectified(page, session, browser_errors, screenshots_dir):
    title = unique("推进吉浙合作园区共建督办事项")
    session.login("ndrc")

    # By hand, with a first node already past due; a second node added on the item's page.
    page.goto("/work/supervision/new/")
    page.check("input[name=source][value=manual]")
    page.fill("#id_title", title)
    page.fill("#id_description", "督促吉林省对口合作办公室按节点推进园区共建。（e2e）")
    page.select_option("#id_pairing", pairing_id(page, JILIN, ZHEJIANG))
    page.select_option("#id_assignee", option_values(page, "#id_assignee", lambda t: JILIN_OFFICE in t)[0])
    page.fill("#id_node_title", "完成园区规划编制")
    page.fill("#id_node_due", day(-10))
    submit_form(page)
    expect_no_errors_on_form(page)
    match = ITEM_URL.search(page.url)
    assert match, f"saving the supervision item did not lead to its page: {page.url}"
    item_pk = match.group(1)
    item_url = f"/work/supervision/{item_pk}/"
    page.fill("#node-add input[name=title]", "首批项目签约入园")
    page.fill("#node-add input[name=due_date]", day(60))
    with page.expect_navigation():
        page.locator("#node-add button[type=submit]").click()
    expect(page.locator("#node-table tbody tr")).to_have_count(2)
    expect(page.locator("#node-table tbody tr").first.locator(".dk-light-red")).to_have_count(1)

    # Red on the overdue board.
    page.goto("/work/supervision/overdue/")
    row = page.locator(f"tr[data-item='{item_pk}']")
    expect(row).to_have_attribute("data-light", "red")
    expect(row).to_contain_text(title)
    shoot(page, screenshots_dir, "supervision-overdue-board")

    # Urged once; a second urging the same day is refused with a message.
    page.goto(item_url)
    page.fill("#urge-form textarea[name=message]", "园区规划编制已逾期，请抓紧完成并说明原因。（e2e）")
    click_and_wait(page, "#urge-form button[type=submit]")
    expect(page.locator("main .alert-success")).to_have_count(1)
    expect(page.locator("#urging-table tbody tr")).to_have_count(1)
    page.fill("#urge-form textarea[name=message]", "再次催办。（e2e）")
    click_and_wait(page, "#urge-form button[type=submit]")
    expect(page.locator("main .alert-danger")).to_have_count(1)
    expect(page.locator("#urging-table tbody tr")).to_have_count(1)
    shoot(page, screenshots_dir, "supervision-item-urged")

    # 吉林's coordinator (of the assignee office) is notified, and marks the overdue node done.
    session.login_as("jilin")
    page.goto("/work/notifications/")
    notification = page.locator("main form.list-group-item", has_text=title)
    expect(notification).to_have_count(1)
    with page.expect_navigation():
        notification.locator("button").click()
    assert page.url.endswith(item_url), f"the notification did not open the item: {page.url}"
    overdue = page.locator("#node-table tbody tr").first
    overdue.locator("input[name=note]").fill("园区规划已编制完成并报批。（e2e）")
    with page.expect_navigation():
        overdue.locator("button[type=submit]").click()
    expect(page.locator("main .alert-danger")).to_have_count(0)
    expect(page.locator("#node-table tbody tr").first.locator(".dk-light-done")).to_have_count(1)
    expect(page.locator("#node-table tbody tr").first).to_contain_text("园区规划已编制完成并报批")
    page.goto("/work/supervision/overdue/")
    expect(page.locator(f"tr[data-item='{item_pk}']")).to_have_count(0)  # next node due in 60 days: green

    session.login_as("liaoning")
    browser_errors.allow(item_url)  # Chromium logs the 404 answer as a console error; it is the expected answer
    assert page.goto(item_url).status == 404

    # A rectification requirement with two items for 吉林.
    session.login_as("ndrc")
    requirement = unique("吉林—浙江对口合作进展缓慢整改要求")
    page.goto("/work/rectifications/new/")
    page.select_option("#id_pairing", pairing_id(page, JILIN, ZHEJIANG))
    page.fill("#id_title", requirement)
    page.fill("#id_basis", "2026年度评估发现园区共建和项目落地进展缓慢。（e2e）")
    for index, (what, offset) in enumerate((("补齐园区共建工作台账", 30), ("制定项目落地攻坚方案", 45))):
        page.fill(f"#id_items-{index}-title", what)
        page.select_option(f"#id_items-{index}-side", "northeast")
        page.fill(f"#id_items-{index}-deadline", day(offset))
    submit_form(page)
    expect_no_errors_on_form(page)
    match = RECTIFICATION_URL.search(page.url)
    assert match, f"issuing the requirement did not lead to its page: {page.url}"
    requirement_url = page.url
    items = page.locator("section[data-rectification-item]")
    expect(items).to_have_count(2)

    def answer_all(measures: str) -> None:
        while page.locator("form.answer-form").count():
            form = page.locator("form.answer-form").first
            form.locator("textarea[name=measures]").fill(measures)
            form.locator("textarea[name=evidence]").fill("工作台账、会议纪要（e2e）")
            with page.expect_navigation():
                form.locator("button[type=submit]").click()
            expect(page.locator("main .alert-danger")).to_have_count(0)

    def decide(section, decision: str, note: str = "") -> None:
        form = section.locator("form.decide-form")
        form.locator("select[name=decision]").select_option(decision)
        if note:
            form.locator("textarea[name=note]").fill(note)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(page.locator("main .alert-danger")).to_have_count(0)

    session.login_as("jilin")
    page.goto(requirement_url)
    answer_all("已建立园区共建工作台账并按月更新。（e2e）")
    expect(page.locator("section[data-rectification-item] [data-status=answered]")).to_have_count(2)

    session.login_as("ndrc")
    page.goto(requirement_url)
    first, second = items.nth(0), items.nth(1)
    decide(first, "sent_back", "台账缺少项目投资数据，请补充。（e2e）")
    decide(second, "accepted")
    expect(first.locator("[data-status=sent_back]")).to_have_count(1)
    expect(second.locator("[data-status=accepted]")).to_have_count(1)

    session.login_as("jilin")
    page.goto(requirement_url)
    expect(page.locator("form.answer-form")).to_have_count(1)
    answer_all("已补充项目投资数据。（e2e）")

    session.login_as("ndrc")
    page.goto(requirement_url)
    decide(items.nth(0), "accepted")
    expect(page.locator("section[data-rectification-item] [data-status=accepted]")).to_have_count(2)
    expect(page.locator("#rectification-status")).to_have_text(zh("Closed"))
    shoot(page, screenshots_dir, "rectification-closed")
    links = page.locator("section[data-rectification-item] a[href^='/work/supervision/']")
    expect(links).to_have_count(2)
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        page.goto(href)
        expect(page.locator("#item-title + div .dk-light-done")).to_have_count(1)
        expect(page.locator("#urge-form")).to_have_count(0)


PLAN_ITEM_TITLE = "开展干部挂职交流和专业技术人才培训"  # item 4 of every demo annual plan (duikou/plans/demo.py)


def search_sources(page, field: str, words: str):
    """Type into the source search of ``field`` and wait for htmx's answer; return the matches' locator."""
    with page.expect_response(lambda r: "/work/supervision/sources/" in r.url and r.status == 200):
        page.fill(f"#id_{field}", words)
    return page.locator(f"#id_{field}_matches [data-source-match]")


def test_the_source_is_searched_not_listed(page, session, browser_errors, screenshots_dir):
    session.login("ndrc")
    page.goto("/work/supervision/new/")
    expect(page.locator("select#id_plan_item, select#id_coordination_request")).to_have_count(0)
    page.check("input[name=source][value=manual]")
    matches = search_sources(page, "plan_item", "干部挂职 吉林")
    expect(matches).to_have_count(1)
    expect(matches.first).to_contain_text(PLAN_ITEM_TITLE)
    expect(matches.first).to_contain_text("吉林")
    matches.first.locator("input[type=radio]").check()
    # choosing a match chooses its kind of source too
    expect(page.locator("input[name=source][value=plan_item]")).to_be_checked()
    # Enter in the search box searches again; it does not send the form
    with page.expect_response(lambda r: "/work/supervision/sources/" in r.url):
        page.locator("#id_plan_item").press("Enter")
    expect(page).to_have_url(re.compile(r"/work/supervision/new/$"))
    expect(page.locator("main .invalid-feedback")).to_have_count(0)
    # the choice stays above the matches, and is not repeated among them
    expect(page.locator("#id_plan_item_chosen input[name=plan_item]")).to_be_checked()
    expect(page.locator("#id_plan_item_matches [data-only-chosen]")).to_have_count(1)
    shoot(page, screenshots_dir, "supervision-source-search")
    submit_form(page)
    expect_no_errors_on_form(page)
    assert ITEM_URL.search(page.url), f"choosing the plan item did not lead to the new item: {page.url}"
    expect(page.locator("#item-title")).to_contain_text(PLAN_ITEM_TITLE)
    item_url = page.url

    # searched again, it is marked as supervised, with the way to its item
    page.goto("/work/supervision/new/")
    matches = search_sources(page, "plan_item", "干部挂职 吉林")
    expect(matches.first.locator("input[type=radio]")).to_be_disabled()
    assert item_url.endswith(matches.first.locator("a").get_attribute("href"))

    # 辽宁 finds its own pairings' items, never 吉林's
    session.login_as("liaoning")
    page.goto("/work/supervision/new/")
    matches = search_sources(page, "plan_item", "干部挂职 吉林")
    expect(matches).to_have_count(0)
    expect(page.locator("#id_plan_item_matches [data-no-match]")).to_have_count(1)
    matches = search_sources(page, "plan_item", "干部挂职")
    expect(matches.first).to_be_visible()
    for text in matches.all_inner_texts():
        assert "吉林" not in text and any(side in text for side in ("辽宁", "沈阳", "大连")), text
