"""Logging in, the workbench of a coordinator, and the language switch."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LIAONING_PAIRINGS = ["辽宁省–江苏省", "沈阳市–北京市", "大连市–上海市", "锦州市–苏州市"]


def test_liaoning_logs_in_and_sees_only_the_pairings_of_liaoning(page, session):
    session.login("liaoning")

    expect(page).to_have_url(re.compile(r"/work/$"))
    my_pairings = page.locator("#my-pairings")
    for pairing in LIAONING_PAIRINGS:
        expect(my_pairings.get_by_role("link", name=pairing, exact=True)).to_be_visible()
    expect(my_pairings.locator("tbody tr")).to_have_count(len(LIAONING_PAIRINGS))
    expect(my_pairings).not_to_contain_text("吉林省–浙江省")


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(page, session):
    session.login("liaoning", password="not-the-password")

    expect(page).to_have_url(re.compile(r"/work/login/"))
    expect(page.locator("#login-error")).to_be_visible()
    expect(page.locator("#login-error")).not_to_be_empty()
    expect(page.locator("#user-menu")).to_have_count(0)
    expect(page.locator("#id_username")).to_have_value("liaoning")


def test_the_language_switches_to_english_and_back(page, session):
    session.login("liaoning")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-CN")

    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/work/$"))  # back on the page where the switch was made
    expect(page.locator("#my-pairings")).to_contain_text("Liaoning")  # region names from the data, in English

    page.goto("/work/catalogue/")  # the choice is kept from page to page
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".catalogue-task")).to_have_count(18)

    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_url(re.compile(r"/work/catalogue/$"))
    expect(page.locator(".catalogue-task[data-code='1.3']")).to_contain_text("民营经济发展")
    page.goto("/work/")
    expect(page.locator("#my-pairings")).to_contain_text("辽宁省–江苏省")


def test_the_public_portal_switches_language_without_logging_in(page):
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#province-pairings")).to_contain_text("Liaoning")
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#province-pairings")).to_contain_text("辽宁省")
