"""Issue #7's dashboard in the browser: the national dashboard for ndrc and the regional one for 辽宁, in
Chinese and in English, with the map drawn from the vendored boundary file (a canvas, no CDN) and the
charts' tables under them; the map's shading measure can be changed. The figures are the demo's refreshed
aggregates ("as of" shown); the NDRC office has the "refresh now" button, a coordinator does not; the pairing
filter offers a coordinator its own pairings only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_plans import set_language, shoot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dashboard_map_and_charts(page, session, screenshots_dir, language):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    session.login("ndrc")
    page.goto("/work/dashboard/")
    set_language(page, language)
    expect(page.locator("#chart-map[data-rendered='1'] canvas").first).to_be_visible(timeout=15000)
    expect(page.locator("#chart-stages canvas").first).to_be_visible()
    expect(page.locator("#chart-months canvas").first).to_be_visible()
    page.select_option("#map-measure", "investment_completed")
    national = page.locator("#table-pairings tbody tr").count()
    assert national >= 7
    expect(page.locator("#dashboard-refreshed")).to_contain_text("2")  # "figures as of <date>"
    expect(page.locator("#dashboard-never-refreshed")).to_have_count(0)
    expect(page.locator("#dashboard-refresh button")).to_be_visible()
    base = page.url.split("/work/")[0]
    assert all(url.startswith(base) or url.startswith("data:") for url in requests), "no CDN"
    shoot(page, screenshots_dir, f"dashboard-national-{language}")
    session.logout()
    session.login("liaoning")
    page.goto("/work/dashboard/")
    expect(page.locator("#chart-map[data-rendered='1'] canvas").first).to_be_visible(timeout=15000)
    regional = page.locator("#table-pairings tbody tr").count()
    assert 3 <= regional < national  # 辽宁's pairings only
    expect(page.locator("#dashboard-refresh")).to_have_count(0)
    assert page.locator("#id_pairing option").count() == regional + 1  # its own pairings, and "all"
    shoot(page, screenshots_dir, f"dashboard-liaoning-{language}")
