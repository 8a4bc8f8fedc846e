"""Scoping seen from the browser: a record outside one's regions does not exist (404), for pages and API."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

JILIN_ZHEJIANG_AGREEMENT = "吉林省人民政府 浙江省人民政府对口合作框架协议（演示）"


def test_liaoning_gets_404_for_an_agreement_of_jilin_and_zhejiang_which_ndrc_sees(page, session, browser_errors):
    session.login("ndrc")
    page.goto("/work/agreements/?q=吉林")
    url = page.get_by_role("link", name=JILIN_ZHEJIANG_AGREEMENT, exact=True).get_attribute("href")
    assert re.fullmatch(r"/work/agreements/\d+/", url), url
    agreement_id = url.rstrip("/").rsplit("/", 1)[1]
    api_url = f"/api/v1/agreements/{agreement_id}/"

    session.login_as("liaoning")
    browser_errors.allow(url)  # Chromium logs the 404 answer as a console error; it is the expected answer
    response = page.goto(url)
    assert response.status == 404
    expect(page.locator("#not-found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("吉林省人民政府")
    expect(page.locator("#user-menu")).to_be_visible()  # still logged in, with the navigation at hand
    assert page.request.get(api_url).status == 404

    session.login_as("ndrc")
    response = page.goto(url)
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(JILIN_ZHEJIANG_AGREEMENT)
    expect(page.locator("main")).to_contain_text("吉林省–浙江省")
    api = page.request.get(api_url)
    assert api.status == 200
    assert api.json()["title"] == JILIN_ZHEJIANG_AGREEMENT
