"""Every change leaves a trace: an edit through the form shows up in the audit log with before and after."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

JIANGSU_OFFICE = "江苏省发展和改革委员会（对口合作办公室）"
NEW_CONTACT = "王晓明（端到端测试）"


def test_jiangsu_edits_its_office_and_the_auditor_sees_before_and_after(page, session):
    session.login("jiangsu")
    page.goto("/work/organisations/")
    page.locator("form[role=search] [name=q]").fill(JIANGSU_OFFICE)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.get_by_role("link", name=JIANGSU_OFFICE, exact=True).click()
    expect(page.locator("h1")).to_have_text(JIANGSU_OFFICE)
    page.locator("main a[href$='/edit/']").click()

    contact = page.locator("#id_contact_name")
    previous_contact = contact.input_value()
    assert previous_contact and previous_contact != NEW_CONTACT
    contact.fill(NEW_CONTACT)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("h1")).to_have_text(JIANGSU_OFFICE)
    expect(page.locator("main dl")).to_contain_text(NEW_CONTACT)

    session.login_as("auditor")
    page.goto("/work/audit/")
    page.locator("form[role=search] [name=q]").fill(JIANGSU_OFFICE)
    change = page.locator("#results tbody tr", has=page.locator("ins", has_text=NEW_CONTACT))
    expect(change).to_have_count(1)
    expect(change).to_contain_text("jiangsu")
    contact_line = change.locator("td div", has=page.locator(".dk-code", has_text="contact_name"))
    expect(contact_line.locator("del")).to_have_text(previous_contact)
    expect(contact_line.locator("ins")).to_have_text(NEW_CONTACT)


def test_a_failed_login_is_in_the_audit_log(page, session):
    session.login("heilongjiang", password="not-the-password")
    expect(page.locator("#login-error")).to_be_visible()

    session.login("auditor")
    page.goto("/work/audit/")
    page.locator("form[role=search] [name=q]").fill("heilongjiang")
    page.locator("form[role=search] [name=action]").select_option("login_failed")

    expect(page).to_have_url(re.compile(r"[?&]action=login_failed"))
    failed = page.locator("#results tbody tr")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("heilongjiang")
    expect(failed).to_contain_text("127.0.0.1")


def test_a_coordinator_is_refused_the_audit_log(page, session, browser_errors):
    session.login("jiangsu")
    expect(page.locator(".dk-sidebar a[href='/work/audit/']")).to_have_count(0)
    browser_errors.allow("/work/audit/")
    response = page.goto("/work/audit/")
    assert response.status == 403
    expect(page.locator("#forbidden")).to_be_visible()
