"""List pages filter with htmx: the table is swapped in place and the address keeps the filter."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def record_count(page) -> int:
    return int(re.search(r"\d+", page.locator("#result-count").inner_text()).group())


def test_searching_organisations_updates_the_table_in_place(page, session):
    session.login("ndrc")
    page.goto("/work/organisations/")
    count_before = page.locator("#result-count").inner_text()
    everything = record_count(page)
    page.evaluate("window.e2eSamePage = true")

    page.locator("form[role=search] [name=q]").fill("江苏")

    expect(page.locator("#result-count")).not_to_have_text(count_before)
    found = record_count(page)
    assert 0 < found < everything
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(found)
    for name in rows.locator("td:first-child").all_inner_texts():
        assert "江苏" in name
    assert parse_qs(urlparse(page.url).query)["q"] == ["江苏"]
    assert page.evaluate("window.e2eSamePage") is True, "htmx should have swapped the table, not reloaded the page"


def test_filtering_pairings_by_tier(page, session):
    session.login("ndrc")
    page.goto("/work/pairings/")
    results = page.locator("#results")
    province_pair = results.get_by_role("link", name="辽宁省–江苏省", exact=True)
    expect(province_pair).to_be_visible()
    everything = record_count(page)

    page.locator("form[role=search] [name=tier]").select_option("city")

    expect(page).to_have_url(re.compile(r"[?&]tier=city"))
    expect(province_pair).to_have_count(0)  # only named below 锦州市–苏州市, as the pairing it is arranged under
    for city_pair in ["沈阳市–北京市", "大连市–上海市", "长春市–天津市", "哈尔滨市–深圳市", "锦州市–苏州市"]:
        expect(results.get_by_role("link", name=city_pair, exact=True)).to_be_visible()
    assert record_count(page) == 5 < everything
