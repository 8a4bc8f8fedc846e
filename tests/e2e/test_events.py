"""Issue #5's events in the browser: 黑龙江 records a 东北行 activity of 黑龙江–广东 (a first try ending before it
starts is refused on the field), adds an agreement signed there on the event's page, linked to the pairing's
signed project in the project library, sees it counted in the pairing's yearly figures, finds it on its days
in the month calendar and in its own calendar feed (fetched without a session, as a calendar client does);
吉林 gets 404 on the event and finds it neither in its calendar nor in its feed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_plans import expect_no_errors_on_form, option_values, pairing_id, shoot, submit_form, unique

pytestmark = pytest.mark.e2e

HEILONGJIANG, GUANGDONG = "230000", "440000"
EVENT_URL = re.compile(r"/work/events/(\d+)/$")


def feed_url_of(page) -> str:
    page.goto("/work/events/calendar/")
    if not page.locator("#feed-url").count():
        with page.expect_navigation():
            page.locator("#feed-button").click()
    return page.locator("#feed-url").input_value()


def test_event_recorded_with_outcome_in_calendar_and_feed(page, session, browser_errors, playwright,
                                                          screenshots_dir):
    title = unique("广东企业黑龙江行")
    session.login("heilongjiang")
    page.goto("/work/events/new/")
    page.select_option("#id_kind", "northeast_tour")
    page.fill("#id_title", title)
    page.fill("#id_start", "2027-03-10")
    page.fill("#id_end", "2027-03-08")
    page.fill("#id_place", "哈尔滨")
    page.select_option("#id_pairings", [pairing_id(page, HEILONGJIANG, GUANGDONG)])
    chosen = option_values(page, "#id_organisations",
                           lambda t: "黑龙江省发展和改革委员会" in t or "广东省发展和改革委员会" in t)
    assert len(chosen) == 2, chosen
    page.select_option("#id_organisations", chosen)
    page.fill("#id_leaders", "黑龙江省副省长（e2e）")
    submit_form(page)
    expect(page.locator("#id_end.is-invalid")).to_have_count(1)
    page.fill("#id_end", "2027-03-12")
    submit_form(page)
    expect_no_errors_on_form(page)
    match = EVENT_URL.search(page.url)
    assert match, f"saving the event did not lead to its page: {page.url}"
    url = f"/work/events/{match.group(1)}/"
    expect(page.locator("#event-title")).to_have_text(title)

    form = page.locator("#outcome-form")
    form.locator("#id_title").fill("新材料合作协议（e2e）")
    form.locator("#id_agreements").fill("3")
    form.locator("#id_amount").fill("98000")
    signed = option_values(page, "#outcome-form #id_project", lambda t: "黑龙江—广东新材料产业合作项目" in t)
    assert len(signed) == 1, signed
    form.locator("#id_project").select_option(signed[0])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#outcome-table")).to_contain_text("新材料合作协议（e2e）")
    expect(page.locator("#outcome-table")).to_contain_text("黑龙江—广东新材料产业合作项目")
    expect(page.locator("#agreements-total")).to_have_text("3")
    shoot(page, screenshots_dir, "event-detail")

    # Counted in the pairing's yearly figures (2027: this run's event is the only one of that year).
    page.goto(f"/work/pairings/{pairing_id(page, HEILONGJIANG, GUANGDONG)}/")
    figures = page.locator("#pairing-figures tr[data-year='2027']")
    expect(figures.locator("[data-field='agreements']")).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(figures.locator("[data-field='events']")).not_to_have_text("0")
    shoot(page, screenshots_dir, "pairing-exchange-figures")

    page.goto("/work/events/calendar/?month=2027-03")
    for day in ("2027-03-10", "2027-03-11", "2027-03-12"):
        expect(page.locator(f"td[data-date='{day}']")).to_contain_text(title)
    expect(page.locator("td[data-date='2027-03-13']")).not_to_contain_text(title)
    page.locator("#next-month").click()
    expect(page.locator("#calendar-month")).to_contain_text("2027-04")
    page.goto("/work/events/calendar/?month=2027-03")
    shoot(page, screenshots_dir, "event-calendar")

    feed = feed_url_of(page)
    client = playwright.request.new_context()  # no session: a calendar application
    try:
        answer = client.get(feed)
        assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
        text = answer.text()
        assert "SUMMARY:" + title in text.replace("\r\n ", "") and "DTSTART;VALUE=DATE:20270310" in text
        assert "DTEND;VALUE=DATE:20270313" in text

        session.login_as("jilin")
        browser_errors.allow(url)  # Chromium logs the 404 answer as a console error; it is the expected answer
        assert page.goto(url).status == 404
        page.goto("/work/events/calendar/?month=2027-03")
        expect(page.locator("#calendar-grid")).not_to_contain_text(title)
        jilin_feed = client.get(feed_url_of(page))
        assert jilin_feed.status == 200 and title not in jilin_feed.text().replace("\r\n ", "")
    finally:
        client.dispose()
