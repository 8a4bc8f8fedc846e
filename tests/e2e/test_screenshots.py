"""Full-page screenshots of the main pages for a human to look at, in tests/e2e/screenshots/ (gitignored).

Each page must also answer as expected, show no template syntax, and fit the window's width: no sideways
scrolling, on a laptop or on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
ZH, EN = "zh-hans", "en"

# (file name, who is logged in, address, interface language, expected status); in order, one login per user.
PAGES = [
    ("portal-zh", None, "/", ZH, 200),
    ("portal-en", None, "/", EN, 200),
    ("login", None, "/work/login/", ZH, 200),
    ("catalogue", None, "/work/catalogue/", ZH, 200),
    ("keytask-1.3", None, "/work/catalogue/1.3/", ZH, 200),
    ("workbench-liaoning", "liaoning", "/work/", ZH, 200),
    ("organisations-liaoning", "liaoning", "/work/organisations/", ZH, 200),
    ("pairing-liaoning-jiangsu", "liaoning", "pairing:辽宁省–江苏省", ZH, 200),
    ("not-found-liaoning", "liaoning", "/work/agreements/999999/", ZH, 404),
    ("forbidden-liaoning", "liaoning", "/work/system/", ZH, 403),
    ("audit-auditor", "auditor", "/work/audit/", ZH, 200),
]
MOBILE_PAGES = [
    ("portal-zh", None, "/", ZH, 200),
    ("catalogue", None, "/work/catalogue/", ZH, 200),
    ("workbench-liaoning", "liaoning", "/work/", ZH, 200),
    ("organisations-liaoning", "liaoning", "/work/organisations/", ZH, 200),
]


def set_language(page, language):
    if page.locator("html").get_attribute("lang") != {ZH: "zh-CN"}.get(language, language):
        with page.expect_navigation():
            page.select_option("#language-select", language)


def open_page(page, address, status, browser_errors):
    if address.startswith("pairing:"):  # a pairing's address depends on the database: follow its link
        page.goto("/work/pairings/")
        with page.expect_navigation():
            page.get_by_role("link", name=address.removeprefix("pairing:"), exact=True).click()
        return
    if status != 200:
        browser_errors.allow(address)  # Chromium logs an error answer in the console
    response = page.goto(address)
    assert response.status == status, f"{address} answered {response.status}, not {status}"


def shoot(page, session, browser_errors, pages, viewport, suffix, directory):
    page.set_viewport_size(viewport)
    logged_in = None
    for name, username, address, language, status in pages:
        if username != logged_in:
            if username is None:
                session.logout()
            else:
                session.login_as(username)
            logged_in = username
        open_page(page, address, status, browser_errors)
        set_language(page, language)
        expect(page.locator("main")).to_be_visible()
        text = page.locator("body").inner_text()
        for syntax in ("{#", "#}", "{%", "%}", "{{", "}}"):
            assert syntax not in text, f"{name}: template syntax {syntax!r} shows on the page"
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(directory / f"{name}-{suffix}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: at {viewport['width']}px the page is {overflow}px wider than the window"


def test_screenshots_at_laptop_width(page, session, browser_errors, screenshots_dir):
    shoot(page, session, browser_errors, PAGES, DESKTOP, "1366", screenshots_dir)


def test_screenshots_at_phone_width(page, session, browser_errors, screenshots_dir):
    shoot(page, session, browser_errors, MOBILE_PAGES, MOBILE, "390", screenshots_dir)
