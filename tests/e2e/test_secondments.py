"""Issue #5's cadre secondments in the browser: 黑龙江 records a secondment to 广东 (a first try ending before
it starts is refused on the field); 广东 sees the named record; 吉林 gets 404; the NDRC office and the
Central Organization Department see the name, and the audit administrator finds each view in the audit
log; the list masks the name until a user who may see it asks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_plans import expect_no_errors_on_form, option_values, pairing_id, shoot, submit_form, unique

pytestmark = pytest.mark.e2e

HEILONGJIANG, GUANGDONG = "230000", "440000"
SECONDMENT_URL = re.compile(r"/work/secondments/(\d+)/$")


def test_secondment_recorded_seen_by_both_sides_and_the_centre_and_audited(page, session, browser_errors,
                                                                           screenshots_dir):
    name = unique("测试挂职干部")
    session.login("heilongjiang")
    page.goto("/work/secondments/new/")
    page.select_option("#id_pairing", pairing_id(page, HEILONGJIANG, GUANGDONG))
    page.fill("#id_person_name", name)
    page.select_option("#id_sex", "male")
    page.fill("#id_birth_year", "1983")
    page.select_option("#id_rank", "division")
    page.select_option("#id_home_organisation",
                       option_values(page, "#id_home_organisation", lambda t: "黑龙江省发展和改革委员会" in t)[0])
    page.fill("#id_home_post", "对口合作处处长（e2e）")
    page.select_option("#id_host_organisation",
                       option_values(page, "#id_host_organisation", lambda t: "广东省发展和改革委员会" in t)[0])
    page.fill("#id_host_post", "区域协调处副处长（挂职，e2e）")
    page.fill("#id_start", "2027-03-01")
    page.fill("#id_end", "2027-01-31")
    page.select_option("#id_status", "planned")
    submit_form(page)
    expect(page.locator("#id_end.is-invalid")).to_have_count(1)
    expect(page.locator("main .invalid-feedback, main .alert-danger").first).not_to_contain_text(name)
    page.fill("#id_end", "2028-02-29")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = SECONDMENT_URL.search(page.url)
    assert match, f"saving the secondment did not lead to its page: {page.url}"
    number = match.group(1)
    url = f"/work/secondments/{number}/"
    expect(page.locator("#person-name")).to_have_text(name)

    # The list masks the name until asked.
    page.goto("/work/secondments/")
    row = page.locator(f"tr[data-secondment='{number}']")
    expect(row).not_to_contain_text(name)
    page.locator("#toggle-names").click()
    expect(page.locator(f"tr[data-secondment='{number}']")).to_contain_text(name)

    for username in ("guangdong", "ndrc", "cod"):
        session.login_as(username)
        page.goto(url)
        expect(page.locator("#person-name")).to_have_text(name)
        expect(page.locator("#personal-note")).to_be_visible()
    shoot(page, screenshots_dir, "secondment-detail")

    session.login_as("jilin")
    browser_errors.allow(url)  # Chromium logs the 404 answer as a console error; it is the expected answer
    answer = page.goto(url)
    assert answer.status == 404

    session.login_as("auditor")
    page.goto(f"/work/audit/?action=view_personal&q={number}")
    table = page.locator("#results")
    for username in ("heilongjiang", "guangdong", "ndrc", "cod"):
        expect(table).to_contain_text(username)
    expect(table).not_to_contain_text(name)


TRAINING_URL = re.compile(r"/work/trainings/(\d+)/$")


def test_training_recorded_with_counts_and_a_protected_roster(page, session, browser_errors, screenshots_dir):
    """黑龙江 records a training in 广东 (counts that do not add up are refused on the total), names a trainee;
    广东 sees the roster masked until it asks; 吉林 gets 404."""
    title = unique("黑龙江干部赴广东培训班")
    trainee = unique("测试学员")
    session.login("heilongjiang")
    page.goto("/work/trainings/new/")
    page.select_option("#id_pairing", pairing_id(page, HEILONGJIANG, GUANGDONG))
    page.fill("#id_title", title)
    page.fill("#id_host_institution", "中山大学")
    page.fill("#id_place", "广州")
    page.fill("#id_start", "2027-04-12")
    page.fill("#id_end", "2027-04-18")
    page.select_option("#id_status", "planned")
    page.fill("#id_leaders", "20")
    page.fill("#id_managers", "15")
    page.fill("#id_technical", "5")
    page.fill("#id_total", "41")
    submit_form(page)
    expect(page.locator("#id_total.is-invalid")).to_have_count(1)
    page.fill("#id_total", "40")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = TRAINING_URL.search(page.url)
    assert match, f"saving the training did not lead to its page: {page.url}"
    url = page.url
    expect(page.locator("#trainee-total")).to_have_text("40")

    page.locator("#add-trainee").click()
    page.fill("#id_person_name", trainee)
    page.select_option("#id_sex", "female")
    page.select_option("#id_category", "leaders")
    page.fill("#id_organisation_name", "哈尔滨市发展和改革委员会")
    page.fill("#id_post", "副主任（e2e）")
    submit_form(page)
    expect_no_errors_on_form(page)
    expect(page.locator("#roster-table")).not_to_contain_text(trainee)

    session.login_as("guangdong")
    page.goto(url)
    expect(page.locator("#roster-table")).not_to_contain_text(trainee)
    page.locator("#toggle-names").click()
    expect(page.locator("#roster-table")).to_contain_text(trainee)
    shoot(page, screenshots_dir, "training-detail")

    session.login_as("jilin")
    browser_errors.allow(url)
    assert page.goto(url).status == 404
