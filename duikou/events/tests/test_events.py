"""Events: bad input refused on the field with nothing written, the pages (list, export, detail with its
outcomes, forms, stale edits), the month calendar, the secret iCalendar feed scoped to its owner, the API,
the yearly figures and the demo."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from duikou.accounts.models import RoleGrant
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.projects.tests.factories import ProjectFactory

from .. import services
from ..models import Event, EventFeedToken, EventOutcome
from ..selectors import event_figures_by_pairing_year, outcome_figures_by_pairing_year
from .factories import event, outcome


def person(username, role, region):
    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {
        "heilongjiang": person("heilongjiang", "coordinator", "230000"),
        "heilongjiang_reporter": person("heilongjiang_reporter", "reporter", "230000"),
        "guangdong": person("guangdong", "coordinator", "440000"),
        "jilin": person("jilin", "coordinator", "220000"),
        "ndrc": person("ndrc", "national_admin", None),
    }


@pytest.fixture
def orgs(db):
    return {
        "hlj": OrganisationFactory(name="黑龙江省测试厅", region_id="230000"),
        "harbin": OrganisationFactory(name="哈尔滨市测试局", region_id="230100"),
        "gd": OrganisationFactory(name="广东省测试厅", region_id="440000"),
        "js": OrganisationFactory(name="江苏省测试厅", region_id="320000"),
    }


def hg():
    return pairing("230000", "440000")


def data(orgs, **values):
    return {
        "kind": "northeast_tour",
        "title": "广东企业黑龙江行（测试）",
        "start": datetime.date(2026, 6, 16),
        "end": datetime.date(2026, 6, 18),
        "place": "哈尔滨",
        "pairings": [hg()],
        "organisations": [orgs["hlj"], orgs["gd"]],
        "leaders": "黑龙江省副省长 某某\n广东省副省长 某某",
        "description": "",
        **values,
    }


def test_an_event_is_recorded_with_its_links_and_audited(people, orgs):
    record = services.event_create(user=people["heilongjiang"], data=data(orgs))
    assert set(record.pairings.all()) == {hg()} and record.organisations.count() == 2
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(record.pk))
    assert entry.changes["pairings"][1] == [hg().pk]
    assert "某某" not in str(record) and "某某" not in entry.object_repr


def test_bad_input_is_refused_naming_the_field_and_nothing_changes(people, orgs):
    user = people["heilongjiang"]
    too_far = timezone.localdate() + datetime.timedelta(days=2 * 366 + 2)
    cases = [
        (data(orgs, end=datetime.date(2026, 6, 1)), "end"),
        (data(orgs, start=datetime.date(2017, 2, 28)), "start"),
        (data(orgs, start=too_far, end=too_far), "start"),
        (data(orgs, end=too_far), "end"),
        (data(orgs, organisations=[orgs["hlj"], orgs["js"]]), "organisations"),
        (data(orgs, pairings=[]), "pairings"),
        (data(orgs, pairings=[pairing("220000", "330000")]), "pairings"),  # none of heilongjiang's own
    ]
    audit_before = AuditEntry.objects.count()
    for values, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.event_create(user=user, data=values)
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
    assert Event.objects.count() == 0 and AuditEntry.objects.count() == audit_before
    # the programme's first day and a central body are fine
    services.event_create(
        user=user,
        data=data(
            orgs,
            start=datetime.date(2017, 3, 1),
            end=datetime.date(2017, 3, 1),
            organisations=[OrganisationFactory(region_id=None, kind="central")],
        ),
    )


def test_bad_outcomes_are_refused_and_nothing_changes(people, orgs):
    user = people["heilongjiang"]
    record = services.event_create(user=user, data=data(orgs))
    own = ProjectFactory(pairing=hg(), title="本结对项目")
    other = ProjectFactory(
        pairing=pairing("230100", "440300"), title="哈深项目"
    )  # in heilongjiang's scope, another pairing
    cases = [
        ({"title": "x", "agreements": 1, "amount": Decimal("-1")}, "amount"),
        ({"title": "x", "agreements": 0}, "agreements"),
        ({"title": "x", "agreements": 1, "project": other}, "project"),
        ({"title": "x", "agreements": 1, "pairing": pairing("220000", "330000")}, "pairing"),
    ]
    audit_before = AuditEntry.objects.count()
    for values, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.event_outcome_create(user=user, event=record, data=values)
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
    assert EventOutcome.objects.count() == 0 and AuditEntry.objects.count() == audit_before
    made = services.event_outcome_create(
        user=user, event=record, data={"title": "协议", "agreements": 2, "project": own}
    )
    assert made.pairing == hg()  # from the project
    # a project outside the user's scope reads as not existing
    far = ProjectFactory(pairing=pairing("220000", "330000"), title="吉浙项目")
    record.pairings.add(pairing("220000", "330000"))
    with pytest.raises(ValidationError) as caught:
        services.event_outcome_create(
            user=user, event=record, data={"title": "y", "agreements": 1, "project": far}
        )
    assert "project" in caught.value.message_dict
    # a pairing with outcomes cannot be dropped from the event
    with pytest.raises(ValidationError) as caught:
        services.event_update(
            user=user, event=record, data={"pairings": [pairing("220000", "330000")]}, expected_version=None
        )
    assert "pairings" in caught.value.message_dict


def test_the_pages_create_edit_and_refuse_a_stale_form(people, orgs, client):
    client.force_login(people["heilongjiang"])
    page = client.get(reverse("events:event_create")).content.decode()
    assert 'name="pairings"' in page and 'name="organisations"' in page
    form = {k: ([x.pk for x in v] if isinstance(v, list) else v) for k, v in data(orgs).items()}
    response = client.post(reverse("events:event_create"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = Event.objects.get()
    bad = client.post(
        reverse("events:event_update", args=[record.pk]), {**form, "end": "2026-06-01", "version": 1}
    )
    assert bad.status_code == 200 and "end" in bad.context["form"].errors
    assert (
        client.post(
            reverse("events:event_update", args=[record.pk]), {**form, "place": "齐齐哈尔", "version": 1}
        ).status_code
        == 302
    )
    stale = client.post(
        reverse("events:event_update", args=[record.pk]), {**form, "place": "大庆", "version": 1}
    )
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    record.refresh_from_db()
    assert record.place == "齐齐哈尔" and record.version == 2

    detail = client.get(record.get_absolute_url())
    page = detail.content.decode()
    assert 'id="outcome-form"' in page and "黑龙江省副省长 某某" in page
    response = client.post(
        reverse("events:outcome_create", args=[record.pk]),
        {"title": "新材料协议", "agreements": 3, "amount": "98000", "pairing": hg().pk},
    )
    assert response.status_code == 302
    made = EventOutcome.objects.get()
    assert response["Location"].endswith(f"#outcome-{made.pk}")
    bad = client.post(reverse("events:outcome_create", args=[record.pk]), {"title": "零", "agreements": 0})
    assert bad.status_code == 200 and "agreements" in bad.context["form"].errors
    page = client.get(record.get_absolute_url()).content.decode()
    assert "新材料协议" in page and reverse("events:outcome_update", args=[made.pk]) in page
    # guangdong sees and keeps the outcome of its own pairing; jilin gets 404; the reporter reads only
    client.force_login(people["guangdong"])
    assert client.get(reverse("events:outcome_update", args=[made.pk])).status_code == 200
    client.force_login(people["jilin"])
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:outcome_update", args=[made.pk])).status_code == 404
    client.force_login(people["heilongjiang_reporter"])
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="outcome-form"' not in page and reverse("events:outcome_update", args=[made.pk]) not in page
    assert (
        client.post(
            reverse("events:outcome_create", args=[record.pk]), {"title": "x", "agreements": 1}
        ).status_code
        == 403
    )
    client.force_login(people["heilongjiang"])
    assert client.post(reverse("events:outcome_delete", args=[made.pk])).status_code == 302
    assert client.post(reverse("events:event_delete", args=[record.pk])).status_code == 302
    assert not Event.objects.exists()


def test_the_list_filters_and_exports(people, orgs, client):
    services.event_create(user=people["heilongjiang"], data=data(orgs))
    services.event_create(
        user=people["heilongjiang"],
        data=data(
            orgs,
            kind="forum",
            title="2025论坛",
            start=datetime.date(2025, 3, 1),
            end=datetime.date(2025, 3, 1),
        ),
    )
    event(pairing("220000", "330000"), title="吉浙活动")
    client.force_login(people["heilongjiang"])
    url = reverse("events:event_list")
    titles = lambda response: [e.title for e in response.context["object_list"]]  # noqa: E731
    assert set(titles(client.get(url))) == {"广东企业黑龙江行（测试）", "2025论坛"}
    assert titles(client.get(url, {"kind": "forum"})) == ["2025论坛"]
    assert titles(client.get(url, {"year": 2026})) == ["广东企业黑龙江行（测试）"]
    assert titles(client.get(url, {"pairing": hg().pk, "since": "2026-06-18", "until": "2026-12-31"})) == [
        "广东企业黑龙江行（测试）"
    ]
    assert titles(client.get(url, {"since": "2026-06-19"})) == []
    from openpyxl import load_workbook

    response = client.get(url, {"export": "xlsx", "year": 2026})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][2] == "广东企业黑龙江行（测试）" and "黑龙江省–广东省" in rows[1][6]


def test_list_query_count_does_not_grow_with_rows(people, client):
    client.force_login(people["heilongjiang"])
    url = reverse("events:event_list")

    def build(n):
        for i in range(n):
            record = event(hg(), pairing("230100", "440300"), title=f"活动{n}-{i}")
            outcome(record, hg())
            outcome(record, hg(), amount=None)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    build(2)
    few = count()
    build(12)
    assert count() == few
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("api:event-list"))
    first = len(queries)
    build(5)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("api:event-list"))
    assert len(queries) == first


def test_the_calendar_places_events_on_their_days_scoped_to_the_user(people, orgs, client):
    services.event_create(user=people["heilongjiang"], data=data(orgs))  # 16–18 June 2026
    event(pairing("220000", "330000"), title="吉浙六月活动", start=datetime.date(2026, 6, 17))
    client.force_login(people["heilongjiang"])
    url = reverse("events:event_calendar")
    response = client.get(url, {"month": "2026-06"})
    days = {day.date: [e.title for e in day.events] for week in response.context["weeks"] for day in week}
    for d in (16, 17, 18):
        assert days[datetime.date(2026, 6, d)] == ["广东企业黑龙江行（测试）"]
    assert days[datetime.date(2026, 6, 15)] == [] and days[datetime.date(2026, 6, 19)] == []
    page = response.content.decode()
    assert (
        "吉浙六月活动" not in page and Event.objects.get(title__startswith="广东").get_absolute_url() in page
    )
    assert "?month=2026-05" in page and "?month=2026-07" in page
    assert response.context["weeks"][0][0].date.weekday() == 0  # Monday first
    december = client.get(url, {"month": "2026-12"})
    assert december.context["next_month"] == datetime.date(2027, 1, 1)
    assert client.get(url, {"month": "nonsense"}).status_code == 200
    client.force_login(people["jilin"])
    page = client.get(url, {"month": "2026-06"}).content.decode()
    assert "吉浙六月活动" in page and "广东企业黑龙江行" not in page


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_holds_exactly_the_users_events(people, orgs, client):
    mine = services.event_create(user=people["heilongjiang"], data=data(orgs))
    jz = event(
        pairing("220000", "330000"),
        title="吉浙活动",
        kind="expo",
        start=datetime.date(2026, 8, 25),
        end=datetime.date(2026, 8, 29),
    )
    expo = event(pairing("220000", "330000"), hg(), title="多结对博览会", kind="expo")

    client.force_login(people["jilin"])
    page = client.get(reverse("events:event_calendar")).content.decode()
    assert 'id="feed-url"' not in page
    assert client.post(reverse("events:event_feed_regenerate")).status_code == 302
    token = EventFeedToken.objects.get(user=people["jilin"])
    assert len(token.key) >= 32
    page = client.get(reverse("events:event_calendar")).content.decode()
    feed_url = reverse("events:event_feed", args=[token.key])
    assert feed_url in page
    client.logout()  # a calendar client has no session
    calendar = _feed(client, feed_url)
    items = {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}
    assert set(items) == {"吉浙活动", "多结对博览会"}  # jilin's feed lacks the 黑龙江–广东 event
    assert mine.title not in items
    item = items["吉浙活动"]
    assert item.decoded("DTSTART") == datetime.date(2026, 8, 25)
    assert item.decoded("DTEND") == datetime.date(2026, 8, 30)  # exclusive
    assert item["DTSTART"].params.get("VALUE") == "DATE" or not isinstance(
        item.decoded("DTSTART"), datetime.datetime
    )
    assert str(item["LOCATION"]) == "测试地点"
    assert str(item["URL"]).endswith(jz.get_absolute_url())
    assert [str(c) for c in item["CATEGORIES"].cats] == [str(jz.get_kind_display())]
    uid = str(item["UID"])
    assert uid == str(
        {str(i["SUMMARY"]): i for i in _feed(client, feed_url).walk("VEVENT")}["吉浙活动"]["UID"]
    )
    assert str(items["多结对博览会"]["UID"]) != uid and str(expo.pk) in str(items["多结对博览会"]["UID"])

    # heilongjiang's feed has its own event and the expo, not 吉浙活动
    client.force_login(people["heilongjiang"])
    client.post(reverse("events:event_feed_regenerate"))
    hlj = EventFeedToken.objects.get(user=people["heilongjiang"]).key
    summaries = {
        str(i["SUMMARY"]) for i in _feed(client, reverse("events:event_feed", args=[hlj])).walk("VEVENT")
    }
    assert summaries == {mine.title, "多结对博览会"}

    # regenerating ends the old URL; an unknown key and an inactive user's key are 404
    client.force_login(people["jilin"])
    client.post(reverse("events:event_feed_regenerate"))
    assert client.get(feed_url).status_code == 404
    new_key = EventFeedToken.objects.get(user=people["jilin"]).key
    assert (
        new_key != token.key and client.get(reverse("events:event_feed", args=[new_key])).status_code == 200
    )
    assert client.get(reverse("events:event_feed", args=["x" * 43])).status_code == 404
    people["jilin"].is_active = False
    people["jilin"].save()
    assert client.get(reverse("events:event_feed", args=[new_key])).status_code == 404
    assert not any(new_key in str(e.changes) or token.key in str(e.changes) for e in AuditEntry.objects.all())


def test_the_national_feed_and_calendar_see_all(people, client):
    event(hg(), title="黑粤活动")
    event(pairing("220000", "330000"), title="吉浙活动")
    token = services.event_feed_token_get_or_create(user=people["ndrc"])
    calendar = _feed(client, reverse("events:event_feed", args=[token.key]))
    assert {str(i["SUMMARY"]) for i in calendar.walk("VEVENT")} == {"黑粤活动", "吉浙活动"}


def test_the_api_writes_through_the_services(people, orgs, client):
    client.force_login(people["heilongjiang"])
    payload = {
        **data(orgs),
        "pairings": [hg().pk],
        "organisations": [orgs["hlj"].pk, orgs["gd"].pk],
        "start": "2026-06-16",
        "end": "2026-06-18",
    }
    response = client.post(reverse("api:event-list"), payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    event_id = response.json()["id"]
    bad = client.post(
        reverse("api:event-list"), {**payload, "end": "2026-06-01"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "end" in bad.json()
    bad = client.post(
        reverse("api:event-list"),
        {**payload, "organisations": [orgs["js"].pk]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "organisations" in bad.json()
    bad = client.post(reverse("api:event-list"), {**payload, "pairings": []}, content_type="application/json")
    assert bad.status_code == 400 and "pairings" in bad.json()

    outcomes_url = reverse("api:eventoutcome-list")
    made = client.post(
        outcomes_url,
        {"event": event_id, "title": "协议", "agreements": 2, "amount": "500"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["pairing"] == hg().pk
    for values, field in (({"agreements": 0}, "agreements"), ({"amount": "-1"}, "amount")):
        bad = client.post(
            outcomes_url,
            {"event": event_id, "title": "x", "agreements": 1, **values},
            content_type="application/json",
        )
        assert bad.status_code == 400 and field in bad.json(), bad.json()
    body = client.get(reverse("api:event-detail", args=[event_id])).json()
    assert [o["title"] for o in body["outcomes"]] == ["协议"]
    url = reverse("api:event-detail", args=[event_id])
    assert (
        client.patch(url, {"place": "大庆", "version": 1}, content_type="application/json").status_code == 200
    )
    assert (
        client.patch(url, {"place": "牡丹江", "version": 1}, content_type="application/json").status_code
        == 409
    )
    client.force_login(people["heilongjiang_reporter"])
    assert client.post(reverse("api:event-list"), payload, content_type="application/json").status_code == 403
    client.force_login(people["jilin"])
    assert client.get(url).status_code == 404
    assert Event.objects.count() == 1 and EventOutcome.objects.count() == 1


def test_an_event_names_the_key_task_it_serves_in_the_form_the_api_and_the_filters(people, orgs, client):
    from duikou.regions.models import KeyTask

    industry, talent = KeyTask.objects.get(code="2.1"), KeyTask.objects.get(code="3.4")
    client.force_login(people["heilongjiang"])
    page = client.get(reverse("events:event_create")).content.decode()
    assert 'name="key_task"' in page and "2.1 " in page
    form = {k: ([x.pk for x in v] if isinstance(v, list) else v) for k, v in data(orgs).items()}
    assert client.post(reverse("events:event_create"), {**form, "key_task": industry.pk}).status_code == 302
    tour = Event.objects.get()
    assert tour.key_task == industry
    assert f'id="event-key-task"><a href="{industry.get_absolute_url()}"' in client.get(
        tour.get_absolute_url()
    ).content.decode()
    bad = client.post(reverse("events:event_create"), {**form, "key_task": 999999})
    assert bad.status_code == 200 and "key_task" in bad.context["form"].errors
    payload = {
        **data(orgs, title="人才交流（测试）"),
        "pairings": [hg().pk],
        "organisations": [],
        "start": "2026-07-01",
        "end": "2026-07-01",
        "key_task": talent.pk,
    }
    made = client.post(reverse("api:event-list"), payload, content_type="application/json")
    assert made.status_code == 201 and made.json()["key_task"] == talent.pk
    untagged = client.post(
        reverse("api:event-list"),
        {**payload, "title": "无任务（测试）", "key_task": None},
        content_type="application/json",
    )
    assert untagged.status_code == 201 and untagged.json()["key_task"] is None
    titles = lambda response: [e.title for e in response.context["object_list"]]  # noqa: E731
    assert titles(client.get(reverse("events:event_list"), {"key_task": talent.pk})) == ["人才交流（测试）"]
    body = client.get(reverse("api:event-list"), {"key_task": industry.pk}).json()
    results = body["results"] if isinstance(body, dict) else body
    assert [row["title"] for row in results] == ["广东企业黑龙江行（测试）"]


def test_yearly_figures_count_an_event_once_per_pairing(db):
    hlj, jz = hg(), pairing("220000", "330000")
    expo = event(hlj, jz, kind="expo", start=datetime.date(2026, 8, 25))
    event(hlj, kind="expo", start=datetime.date(2026, 9, 1))
    event(hlj, kind="forum", start=datetime.date(2025, 12, 31), end=datetime.date(2026, 1, 2))
    outcome(expo, hlj, agreements=3, amount="100.50")
    outcome(expo, hlj, agreements=2, amount=None)
    outcome(expo, jz, agreements=1, amount="7")
    with CaptureQueriesContext(connection) as queries:
        rows = event_figures_by_pairing_year()
    assert len(queries) == 1
    assert {(r["pairing_id"], r["year"], r["kind"]): r["events"] for r in rows} == {
        (hlj.pk, 2026, "expo"): 2,
        (hlj.pk, 2025, "forum"): 1,
        (jz.pk, 2026, "expo"): 1,
    }
    assert event_figures_by_pairing_year(pairing_ids=[jz.pk]) == [
        {"pairing_id": jz.pk, "year": 2026, "kind": "expo", "events": 1}
    ]
    with CaptureQueriesContext(connection) as queries:
        rows = outcome_figures_by_pairing_year()
    assert len(queries) == 1
    assert {(r["pairing_id"], r["year"]): (r["agreements"], Decimal(r["amount"])) for r in rows} == {
        (hlj.pk, 2026): (5, Decimal("100.50")),
        (jz.pk, 2026): (1, Decimal("7")),
    }
    assert [r["pairing_id"] for r in outcome_figures_by_pairing_year(pairing_ids=[hlj.pk])] == [hlj.pk]


@pytest.mark.django_db
def test_the_demo_loads_once():
    out = io.StringIO()
    call_command("demo", stdout=out)
    counts = (Event.objects.count(), EventOutcome.objects.count())
    call_command("demo", stdout=out)
    assert (Event.objects.count(), EventOutcome.objects.count()) == counts and counts[0] >= 4
    tour = Event.objects.get(kind="northeast_tour", start__year=2026)
    assert tour.pairings.get() == hg()
    linked = tour.outcomes.get(project__isnull=False)
    assert linked.project.pairing == hg() and linked.pairing == hg()
    assert tour.key_task.code == "2.1" and not Event.objects.filter(key_task__isnull=True).exists()
    assert Event.objects.get(kind="expo").pairings.count() >= 3
    assert Event.objects.filter(kind="joint_meeting", pairings=pairing("210000", "320000")).exists()
    assert Event.objects.filter(kind="theme_day", pairings=pairing("230100", "440300")).exists()
