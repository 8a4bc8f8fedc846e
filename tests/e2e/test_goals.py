"""Issue #7's goals and reported figures in the browser, with the demo data, in Chinese and in English: the goals
page shows every goal of 国办发〔2017〕22号 and the goal the NDRC office entered, with their targets' progress
bars; the reported-figures page sets each figure beside the platform's own and highlights the one that differs
(黑龙江–广东's agreements, whose bulletin counts intention agreements), with both counting bases; a coordinator
sees its own pairings' targets and the programme-wide ones only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_plans import set_language, shoot

pytestmark = pytest.mark.e2e

LANG = {"zh-hans": "zh-CN", "en": "en"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_goals_and_reported_figures(page, session, screenshots_dir, language):
    session.login("ndrc")
    page.goto("/work/goals/")
    set_language(page, language)
    expect(page.locator("html")).to_have_attribute("lang", LANG[language])
    assert page.locator("section[data-goal]").count() >= 8  # the seven 2020 goals and the one entered
    entered = page.locator("section[data-goal]:has([data-entered])")
    expect(entered).to_have_count(1)
    rows = page.locator("tr[data-target]")
    assert rows.count() >= 15
    expect(entered.locator("tr[data-target] .progress-bar").first).to_be_visible()
    states = set(page.locator("[data-state]").evaluate_all("nodes => nodes.map(n => n.dataset.state)"))
    assert {"reached", "missed"} <= states and states & {"behind", "on_track"}, states
    shoot(page, screenshots_dir, f"goals-ndrc-{language}")

    page.goto("/work/reported-figures/")
    expect(page.locator("html")).to_have_attribute("lang", LANG[language])
    figures = page.locator("#figure-table tbody tr[data-figure]")
    expect(figures).to_have_count(6)
    over = page.locator("#figure-table tbody tr[data-over]")
    expect(over).to_have_count(1)
    expect(over).to_contain_text("黑龙江" if language == "zh-hans" else "Heilongjiang")
    expect(over).to_contain_text("含意向协议")  # the bulletin's basis beside the platform's
    expect(over.locator("[data-difference]")).to_contain_text("−4")
    shoot(page, screenshots_dir, f"reported-figures-ndrc-{language}")
    with page.expect_navigation():
        over.locator("a").first.click()
    expect(page.locator("#difference")).to_contain_text("−4")
    expect(page.locator("#comparison")).to_contain_text("含意向协议")

    session.logout()
    session.login("liaoning")
    page.goto("/work/goals/")
    pairings = " ".join(page.locator("tr[data-target] td:nth-child(2)").all_inner_texts())
    assert ("辽宁" in pairings or "Liaoning" in pairings) and "黑龙江" not in pairings and "Heilongjiang" not in pairings
    expect(page.locator("#add-target")).to_have_count(0)
    shoot(page, screenshots_dir, f"goals-liaoning-{language}")
