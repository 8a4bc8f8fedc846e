"""The joint workflow of issue #3, as a specification: liaoning drafts the 2026 annual plan of 辽宁–江苏
with three items; jiangsu edits one (liaoning's confirmation is cleared, with what changed) and confirms;
liaoning confirms and submits (to the NDRC office and the Central Organization Department); ndrc returns it
with a comment, then acknowledges the resubmission. Through the API, with the same services as the pages;
jilin gets 404 on every page and API call of that plan. Bad input is refused and nothing changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duikou.accounts.models import Organisation
from duikou.core.models import AuditEntry
from duikou.core.services import ConflictError
from duikou.core.testing import OrganisationFactory, pairing
from duikou.notifications.models import Notification
from duikou.regions.models import KeyTask

from .. import services
from ..models import Plan, PlanEvent, PlanItem, PlanVersion, TimeNode


@pytest.fixture
def lj(db):
    return pairing("210000", "320000")


@pytest.fixture
def orgs(db):
    return {"ln": OrganisationFactory(name="辽宁省发展改革委", region_id="210000"),
            "js": OrganisationFactory(name="江苏省发展改革委", region_id="320000")}


def item_data(orgs, number, **extra):
    return {"number": number, "title": f"工作任务{number}", "key_task": "2.1", "lead_organisation": orgs["ln"].pk,
            "supporting_organisations": [orgs["js"].pk], "start_date": "2026-01-01", "due_date": "2026-12-31",
            **extra}


def api(client, method, url, data=None):
    response = getattr(client, method)(url, data or {}, content_type="application/json")
    return response.status_code, (response.json() if response.content and response["Content-Type"].startswith(
        "application/json") else None)


def test_the_whole_workflow_through_the_api(personas, client, lj, orgs):
    liaoning, jiangsu, ndrc, cod, jilin = (personas[p] for p in ("liaoning", "jiangsu", "ndrc", "cod", "jilin"))

    client.force_login(liaoning)
    status, plan = api(client, "post", "/api/v1/plans/", {
        "pairing": lj.pk, "kind": "annual", "title": "辽宁—江苏2026年对口合作工作计划", "period_start": 2026,
        "period_end": 2026, "goals": "<p>目标</p><script>alert(1)</script>"})
    assert status == 201, plan
    assert plan["goals"] == "<p>目标</p>" and plan["status"] == "draft"
    items = []
    for number in ("1", "2", "3"):
        status, item = api(client, "post", "/api/v1/plan-items/", {"plan": plan["id"], **item_data(orgs, number)})
        assert status == 201, item
        items.append(item)
    status, body = api(client, "get", f"/api/v1/plans/{plan['id']}/")
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/confirm/", {"revision": body["revision"]})
    assert status == 200 and body["northeast_confirmed"] and not body["east_confirmed"]

    # jiangsu edits item 2: liaoning's confirmation is cleared and the change is recorded.
    client.force_login(jiangsu)
    status, edited = api(client, "patch", f"/api/v1/plan-items/{items[1]['id']}/",
                         {"title": "工作任务2（修改）", "version": items[1]["version"]})
    assert status == 200, edited
    status, body = api(client, "get", f"/api/v1/plans/{plan['id']}/")
    assert body["northeast_confirmed"] is False and body["northeast_confirmed_revision"] is None
    cleared = PlanEvent.objects.get(plan_id=plan["id"], action=PlanEvent.Action.CONFIRMATION_CLEARED)
    assert cleared.side == "northeast" and cleared.user == jiangsu
    assert cleared.changes[0]["changes"]["title"] == ["工作任务2", "工作任务2（修改）"]
    assert Notification.objects.filter(recipient=liaoning, kind="confirmation_requested").exists()
    # Submitting before both confirmations is refused; nothing changes.
    status, error = api(client, "post", f"/api/v1/plans/{plan['id']}/submit/")
    assert status == 400 and Plan.objects.get(pk=plan["id"]).status == "draft"
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/confirm/", {"revision": body["revision"]})
    assert status == 200 and body["east_confirmed"]

    client.force_login(liaoning)
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/confirm/", {"revision": body["revision"]})
    assert status == 200
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/submit/")
    assert status == 200 and body["status"] == "submitted"
    # The submission reaches the NDRC office and the Central Organization Department.
    assert Notification.objects.filter(recipient=ndrc, kind="submitted").exists()
    assert Notification.objects.filter(recipient=cod, kind="submitted").exists()
    # Only the NDRC office acknowledges or returns.
    status, _ = api(client, "post", f"/api/v1/plans/{plan['id']}/acknowledge/")
    assert status == 403
    client.force_login(cod)
    status, _ = api(client, "post", f"/api/v1/plans/{plan['id']}/acknowledge/")
    assert status == 403 and Plan.objects.get(pk=plan["id"]).status == "submitted"

    client.force_login(ndrc)
    status, _ = api(client, "post", f"/api/v1/plans/{plan['id']}/return/", {"comment": ""})
    assert status == 400
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/return/", {"comment": "请补充量化指标。"})
    assert status == 200 and body["status"] == "draft" and body["returned_comment"] == "请补充量化指标。"
    assert not body["northeast_confirmed"] and not body["east_confirmed"]

    for user in (liaoning, jiangsu):
        client.force_login(user)
        status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/confirm/", {"revision": body["revision"]})
        assert status == 200
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/submit/")
    assert status == 200
    client.force_login(ndrc)
    status, body = api(client, "post", f"/api/v1/plans/{plan['id']}/acknowledge/")
    assert status == 200 and body["status"] == "acknowledged"
    assert Notification.objects.filter(recipient=liaoning, kind="acknowledged").exists()

    # Every confirmed or submitted version is kept.
    assert set(PlanVersion.objects.filter(plan_id=plan["id"]).values_list("revision", flat=True)) == {
        r for r in PlanEvent.objects.filter(plan_id=plan["id"], action="confirmed").values_list("revision", flat=True)}
    # The audit trail has the steps.
    assert AuditEntry.objects.filter(object_type="plans.plan", object_id=str(plan["id"]), action="workflow").count() == 9  # 5 confirmations, 2 submissions, return, acknowledgement

    # Jilin: every page and API call on that plan is a 404.
    client.force_login(jilin)
    item_id = items[0]["id"]
    for url in (f"/api/v1/plans/{plan['id']}/", f"/api/v1/plans/{plan['id']}/events/",
                f"/api/v1/plans/{plan['id']}/document.xlsx/", f"/api/v1/plan-items/{item_id}/",
                reverse("plans:plan_detail", args=[plan["id"]]), reverse("plans:plan_update", args=[plan["id"]]),
                reverse("plans:plan_versions", args=[plan["id"]]), reverse("plans:item_detail", args=[item_id]),
                reverse("plans:item_update", args=[item_id]), reverse("plans:item_create", args=[plan["id"]]),
                reverse("plans:node_create", args=[item_id]), reverse("plans:progress_create", args=[item_id]),
                reverse("plans:attachment_upload", args=[plan["id"]]),
                reverse("plans:plan_document", args=[plan["id"], "docx"])):
        assert client.get(url).status_code == 404, url
    for url in (f"/api/v1/plans/{plan['id']}/confirm/", f"/api/v1/plans/{plan['id']}/submit/",
                reverse("plans:plan_confirm", args=[plan["id"]]), reverse("plans:plan_submit", args=[plan["id"]]),
                reverse("plans:plan_return", args=[plan["id"]])):
        assert client.post(url, {"revision": 1}).status_code == 404, url
    assert api(client, "get", "/api/v1/plans/")[1]["count"] == 0
    assert api(client, "get", "/api/v1/plan-items/")[1]["count"] == 0


def test_the_workflow_through_the_pages(personas, client, lj, orgs):
    """The same steps by form posts; errors come back as messages on the plan."""
    liaoning, jiangsu, ndrc = personas["liaoning"], personas["jiangsu"], personas["ndrc"]
    client.force_login(liaoning)
    response = client.post(reverse("plans:plan_create"), {
        "pairing": lj.pk, "kind": "annual", "title": "年度计划", "period_start": 2026, "period_end": 2026})
    plan = Plan.objects.get(title="年度计划")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    data = item_data(orgs, "1")
    data["key_task"] = KeyTask.objects.get(code="2.1").pk
    response = client.post(reverse("plans:item_create", args=[plan.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    plan.refresh_from_db()
    client.post(reverse("plans:plan_confirm", args=[plan.pk]), {"revision": plan.revision})
    response = client.post(reverse("plans:plan_submit", args=[plan.pk]), follow=True)
    assert "东部地区一方" in response.content.decode() or "Eastern side" in response.content.decode()
    client.force_login(jiangsu)
    client.post(reverse("plans:plan_confirm", args=[plan.pk]), {"revision": plan.revision})
    client.post(reverse("plans:plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "submitted"
    client.force_login(ndrc)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'id="acknowledge-button"' in page and 'id="return-form"' in page
    client.post(reverse("plans:plan_return", args=[plan.pk]), {"comment": "请补充指标"})
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'id="return-comments"' in page and "请补充指标" in page


# --- bad input: refused with a clear message, nothing changes -------------------------------------------


def test_a_time_node_before_the_period_starts_is_refused(personas, lj, orgs):
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    item = services.item_create(user=personas["liaoning"], plan=plan, data={
        "number": "1", "title": "任务", "key_task": KeyTask.objects.get(code="1.1"),
        "lead_organisation": orgs["ln"], "start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 6, 30)})
    revision = Plan.objects.get(pk=plan.pk).revision
    with pytest.raises(ValidationError) as error:
        services.node_create(user=personas["liaoning"], item=item,
                             data={"title": "节点", "due_date": datetime.date(2025, 12, 1)})
    assert "due_date" in error.value.message_dict and "2026-01-01" in error.value.message_dict["due_date"][0]
    assert not TimeNode.objects.exists() and Plan.objects.get(pk=plan.pk).revision == revision


def test_a_target_without_a_unit_is_refused(personas, lj, orgs, client):
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    item = services.item_create(user=personas["liaoning"], plan=plan, data={
        "number": "1", "title": "任务", "key_task": KeyTask.objects.get(code="1.1"),
        "lead_organisation": orgs["ln"], "start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 6, 30)})
    client.force_login(personas["liaoning"])
    status, body = api(client, "post", "/api/v1/indicators/", {"item": item.pk, "name": "签约项目", "unit": "",
                                                               "target": "10"})
    assert status == 400 and "unit" in body
    with pytest.raises(ValidationError) as error:
        services.indicator_create(user=personas["liaoning"], item=item,
                                  data={"name": "签约项目", "unit": "  ", "target": 10})
    assert "unit" in error.value.message_dict
    assert not item.indicators.exists()


def test_an_unknown_key_task_is_refused(personas, lj, orgs, client):
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    client.force_login(personas["liaoning"])
    status, body = api(client, "post", "/api/v1/plan-items/", {"plan": plan.pk, **item_data(orgs, "1", key_task="9.9")})
    assert status == 400 and "key_task" in body
    assert not PlanItem.objects.exists()


def test_a_plan_for_someone_elses_pairing_is_refused(personas, client):
    jz = pairing("220000", "330000")
    client.force_login(personas["liaoning"])
    status, body = api(client, "post", "/api/v1/plans/", {
        "pairing": jz.pk, "kind": "annual", "title": "越权", "period_start": 2026, "period_end": 2026})
    assert status == 400 and "pairing" in body
    with pytest.raises(PermissionDenied):
        services.plan_create(user=personas["liaoning"], data={
            "pairing": jz, "kind": "annual", "title": "越权", "period_start": 2026, "period_end": 2026})
    assert not Plan.objects.exists()


def test_submission_before_both_confirmations_and_steps_out_of_turn(personas, lj):
    liaoning, ndrc = personas["liaoning"], personas["ndrc"]
    plan = services.plan_create(user=liaoning, data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    with pytest.raises(ValidationError, match="东部地区一方|Eastern side"):
        services.plan_submit(user=liaoning, plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_confirm(user=ndrc, plan=plan, revision=plan.revision)
    with pytest.raises(ValidationError):
        services.plan_acknowledge(user=ndrc, plan=plan)  # not submitted
    with pytest.raises(PermissionDenied):
        services.plan_confirm(user=personas["liaoning_reporter"], plan=plan, revision=plan.revision)
    with pytest.raises(ConflictError):
        services.plan_confirm(user=liaoning, plan=plan, revision=plan.revision + 5)
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.northeast_confirmed_revision is None


def test_a_submitted_plan_cannot_be_edited_but_progress_can_be_reported(personas, lj, orgs):
    liaoning, jiangsu = personas["liaoning"], personas["jiangsu"]
    plan = services.plan_create(user=liaoning, data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    item = services.item_create(user=liaoning, plan=plan, data={
        "number": "1", "title": "任务", "key_task": KeyTask.objects.get(code="1.1"),
        "lead_organisation": orgs["ln"], "start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 6, 30)})
    plan.refresh_from_db()
    services.plan_confirm(user=liaoning, plan=plan, revision=plan.revision)
    services.plan_confirm(user=jiangsu, plan=plan, revision=plan.revision)
    services.plan_submit(user=jiangsu, plan=plan)
    with pytest.raises(ValidationError) as error:
        services.item_update(user=liaoning, item=item, data={"title": "改"}, expected_version=item.version)
    assert error.value.code == "not_draft"
    services.progress_report(user=personas["liaoning_reporter"], item=item,
                             data={"reported_on": datetime.date(2026, 5, 1), "progress": 100, "note": "完成"})
    item.refresh_from_db()
    assert item.title == "任务" and item.progress == 100 and item.completed_on == datetime.date(2026, 5, 1)


def test_two_coordinators_editing_the_same_plan(personas, lj, client):
    """The second save is refused as a conflict that shows what the other changed; no update is lost."""
    liaoning, jiangsu = personas["liaoning"], personas["jiangsu"]
    plan = services.plan_create(user=liaoning, data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    loaded = plan.version
    client.force_login(liaoning)
    status, _ = api(client, "patch", f"/api/v1/plans/{plan.pk}/", {"goals": "<p>辽宁的目标</p>", "version": loaded})
    assert status == 200
    client.force_login(jiangsu)
    response = client.post(reverse("plans:plan_update", args=[plan.pk]), {
        "title": "计划", "period_start": 2026, "period_end": 2026, "safeguards": "江苏的保障", "version": loaded})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "辽宁的目标" in errors and "liaoning" in errors
    status, body = api(client, "patch", f"/api/v1/plans/{plan.pk}/", {"safeguards": "江苏", "version": loaded})
    assert status == 409 and "辽宁的目标" in body["detail"]
    plan.refresh_from_db()
    assert plan.goals == "<p>辽宁的目标</p>" and plan.safeguards == ""


def test_parent_progress_rolls_up_from_children(personas, lj, orgs):
    liaoning = personas["liaoning"]
    plan = services.plan_create(user=liaoning, data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    common = {"key_task": KeyTask.objects.get(code="2.1"), "lead_organisation": orgs["ln"],
              "start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 12, 31)}
    parent = services.item_create(user=liaoning, plan=plan, data={"number": "1", "title": "总任务", **common})
    a = services.item_create(user=liaoning, plan=plan, data={"number": "1.1", "title": "子任务一", "parent": parent, **common})
    b = services.item_create(user=liaoning, plan=plan, data={"number": "1.2", "title": "子任务二", "parent": parent, **common})
    services.progress_report(user=liaoning, item=a, data={"reported_on": datetime.date(2026, 3, 1), "progress": 100, "note": "x"})
    services.progress_report(user=liaoning, item=b, data={"reported_on": datetime.date(2026, 3, 1), "progress": 50, "note": "y"})
    parent.refresh_from_db()
    assert parent.progress == 75 and parent.completed_on is None
    with pytest.raises(ValidationError):
        services.progress_report(user=liaoning, item=parent, data={"progress": 90, "note": "z"})
    services.progress_report(user=liaoning, item=b, data={"reported_on": datetime.date(2026, 4, 2), "progress": 100, "note": "y"})
    parent.refresh_from_db()
    assert parent.progress == 100 and parent.completed_on == datetime.date(2026, 4, 2)


def test_organisation_choices_come_from_the_pairing(personas, lj, orgs, client):
    """The item form offers only the two sides' organisations (and central bodies)."""
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    outsider = OrganisationFactory(name="吉林某单位", region_id="220000")
    client.force_login(personas["liaoning"])
    form = client.get(reverse("plans:item_create", args=[plan.pk])).context["form"]
    offered = set(form.fields["lead_organisation"].queryset.values_list("pk", flat=True))
    assert orgs["ln"].pk in offered and orgs["js"].pk in offered and outsider.pk not in offered
    assert Organisation.objects.count() > len(offered)


def test_lead_and_supporting_organisations_come_from_the_two_sides(personas, lj, orgs, client):
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    jilin_org = OrganisationFactory(name="吉林某单位", region_id="220000")
    shenyang_org = OrganisationFactory(name="沈阳某单位", region_id="210100")
    client.force_login(personas["liaoning"])
    status, body = api(client, "post", "/api/v1/plan-items/",
                       {"plan": plan.pk, **item_data(orgs, "1", lead_organisation=jilin_org.pk)})
    assert status == 400 and "lead_organisation" in body  # invisible to liaoning: "does not exist"
    with pytest.raises(ValidationError) as error:
        services.item_create(user=personas["liaoning"], plan=plan, data={
            "number": "1", "title": "任务", "key_task": KeyTask.objects.get(code="1.1"), "lead_organisation": jilin_org,
            "start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 6, 30)})
    assert "lead_organisation" in error.value.message_dict
    status, body = api(client, "post", "/api/v1/plan-items/",
                       {"plan": plan.pk, **item_data(orgs, "1", lead_organisation=shenyang_org.pk)})
    assert status == 201, body  # a city of a side is on that side
    assert not PlanItem.objects.filter(lead_organisation=jilin_org).exists()


def test_the_workbench_shows_what_waits_for_each_user(personas, lj, client):
    liaoning, jiangsu, ndrc = personas["liaoning"], personas["jiangsu"], personas["ndrc"]
    plan = services.plan_create(user=liaoning, data={
        "pairing": lj, "kind": "annual", "title": "待确认的计划", "period_start": 2026, "period_end": 2026})
    services.plan_confirm(user=liaoning, plan=plan, revision=plan.revision)
    client.force_login(jiangsu)
    inbox = client.get("/work/").context["inbox"]
    assert inbox.to_confirm == [plan] and not inbox.to_submit
    services.plan_confirm(user=jiangsu, plan=plan, revision=plan.revision)
    client.force_login(liaoning)
    inbox = client.get("/work/").context["inbox"]
    assert inbox.to_submit == [plan] and not inbox.to_confirm
    services.plan_submit(user=liaoning, plan=plan)
    client.force_login(ndrc)
    inbox = client.get("/work/").context["inbox"]
    assert inbox.to_acknowledge == [plan]
    client.force_login(personas["jilin"])
    assert client.get("/work/").context["inbox"].empty


def test_sections_typed_as_plain_text_keep_their_paragraphs(personas, lj):
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026,
        "goals": "第一段：深化合作。\n\n第二段：<共建> 园区。\n", "scope": "<p>已有<strong>格式</strong></p><img src=x onerror=alert(1)>"})
    assert plan.goals == "<p>第一段：深化合作。</p><p>第二段：&lt;共建&gt; 园区。</p>"
    assert plan.scope == "<p>已有<strong>格式</strong></p>"


def test_save_and_add_another_item(personas, lj, orgs, client):
    plan = services.plan_create(user=personas["liaoning"], data={
        "pairing": lj, "kind": "annual", "title": "计划", "period_start": 2026, "period_end": 2026})
    client.force_login(personas["liaoning"])
    data = {**item_data(orgs, "1"), "key_task": KeyTask.objects.get(code="2.1").pk, "_another": "1"}
    response = client.post(reverse("plans:item_create", args=[plan.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("plans:item_create", args=[plan.pk])
    assert plan.items.count() == 1


def test_a_one_year_plan_needs_only_its_first_year(personas, lj, client):
    client.force_login(personas["liaoning"])
    response = client.post(reverse("plans:plan_create"), {
        "pairing": lj.pk, "kind": "annual", "title": "一年计划", "period_start": 2027})
    assert response.status_code == 302
    plan = Plan.objects.get(title="一年计划")
    assert (plan.period_start, plan.period_end) == (2027, 2027)
