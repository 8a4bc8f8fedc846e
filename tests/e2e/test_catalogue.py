"""The public catalogue of the founding document's key tasks (国办发〔2017〕22号), searched as one types."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

POLICY_PARAGRAPH = "支持东北地区积极借鉴东部地区民营经济发展经验"


def test_the_catalogue_lists_18_key_tasks_in_4_groups(page):
    page.goto("/work/catalogue/")

    tasks = page.locator(".catalogue-task")
    expect(tasks).to_have_count(18)
    expect(page.locator(".catalogue-group")).to_have_count(4)
    codes = tasks.evaluate_all("elements => elements.map(e => e.dataset.code)")
    assert sorted({code.split(".")[0] for code in codes}) == ["1", "2", "3", "4"]
    assert len(set(codes)) == 18


def test_typing_in_the_search_box_narrows_the_catalogue_without_a_reload(page):
    page.goto("/work/catalogue/")
    page.evaluate("window.e2eSamePage = true")

    page.locator("form[role=search] [name=q]").fill("民营")

    tasks = page.locator(".catalogue-task")
    expect(tasks).to_have_count(1)
    expect(tasks.first).to_have_attribute("data-code", "1.3")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert parse_qs(urlparse(page.url).query)["q"] == ["民营"]
    assert page.evaluate("window.e2eSamePage") is True, "htmx should have swapped the list, not reloaded the page"


def test_a_key_task_shows_its_policy_text(page):
    page.goto("/work/catalogue/")
    page.locator(".catalogue-task[data-code='1.3'] a").click()

    expect(page).to_have_url(re.compile(r"/work/catalogue/1\.3/$"))
    expect(page.locator("h1")).to_contain_text("民营经济发展")
    expect(page.locator("#policy-text")).to_contain_text(POLICY_PARAGRAPH)
