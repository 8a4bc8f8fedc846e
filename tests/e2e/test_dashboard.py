"""Issue #7's dashboard in the browser: the national dashboard for ndrc and the regional one for 辽宁, in
Chinese and in English, with the map drawn from the vendored boundary file (a canvas, no CDN) and the
charts' tables under them; the map's shading measure can be changed."""

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
    base = page.url.split("/work/")[0]
    assert all(url.startswith(base) or url.startswith("data:") for url in requests), "no CDN"
    shoot(page, screenshots_dir, f"dashboard-national-{language}")
    session.logout()
    session.login("liaoning")
    page.goto("/work/dashboard/")
    expect(page.locator("#chart-map[data-rendered='1'] canvas").first).to_be_visible(timeout=15000)
    assert 3 <= page.locator("#table-pairings tbody tr").count() < national  # 辽宁's pairings only
    shoot(page, screenshots_dir, f"dashboard-liaoning-{language}")
