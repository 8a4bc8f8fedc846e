"""Rectification (整改) end to end: the NDRC office issues, each item goes under supervision with the
responsible side's coordination office as assignee; only that side's coordinators answer; only the NDRC
office decides, never on its own answer; when every item is accepted the requirement closes and its
supervision items are done."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from duikou.accounts.models import Organisation, RoleGrant
from duikou.core.testing import OrganisationFactory, pairing
from duikou.notifications.models import Notification

from .. import services
from ..models import RectificationAnswer, RectificationItem, RectificationRequirement, SupervisionItem


@pytest.fixture
def offices(db):
    return {
        "jilin": OrganisationFactory(name="吉林省发展和改革委员会（对口合作办公室）", region_id="220000"),
        "jilin_other": OrganisationFactory(name="吉林省商务厅", region_id="220000"),
        "zhejiang": OrganisationFactory(name="浙江省发展和改革委员会", region_id="330000"),
    }


@pytest.fixture
def zhejiang(db):
    from duikou.core.testing import UserFactory

    user = UserFactory(username="zhejiang", organisation=OrganisationFactory(region_id="330000"))
    RoleGrant.objects.create(user=user, role="coordinator", region_id="330000")
    return user


def issue(user, *, today=None):
    jz = pairing("220000", "330000")
    today = today or timezone.localdate()
    return services.rectification_issue(
        user=user,
        data={"pairing": jz, "title": "整改要求", "basis": "进展缓慢", "round_ref": "2026年度评估"},
        items=[
            {
                "title": "招商引资",
                "requirement_text": "新引进项目",
                "responsible_region": jz.northeast,
                "deadline": today + datetime.timedelta(days=20),
            },
            {
                "title": "干部挂职",
                "requirement_text": "选派干部",
                "responsible_region": jz.east,
                "deadline": today + datetime.timedelta(days=30),
            },
        ],
    )


def test_the_whole_workflow(personas, offices, zhejiang):
    ndrc, jilin = personas["ndrc"], personas["jilin"]
    requirement = issue(ndrc)
    first, second = requirement.items.order_by("id")
    supervised = {s.rectification_item_id: s for s in SupervisionItem.objects.all()}
    assert supervised[first.pk].assignee == offices["jilin"]
    assert supervised[second.pk].assignee == offices["zhejiang"]
    assert supervised[first.pk].source_kind == "rectification"
    assert supervised[first.pk].nodes.get().due_date == first.deadline
    assert Notification.objects.filter(recipient=jilin, kind="rectification_issued").count() == 1
    assert Notification.objects.filter(recipient=zhejiang, kind="rectification_issued").count() == 1

    services.rectification_answer(user=jilin, item=first, measures="签约3个项目", evidence="清单")
    first.refresh_from_db()
    assert first.status == RectificationItem.Status.ANSWERED
    assert Notification.objects.filter(recipient=ndrc, kind="rectification_answered").count() == 1
    with pytest.raises(ValidationError, match="awaits"):
        services.rectification_answer(user=jilin, item=first, measures="再答")

    answer = first.answers.get()
    with pytest.raises(ValidationError):
        services.rectification_decide(user=ndrc, answer=answer, decision="sent_back", note="")
    services.rectification_decide(user=ndrc, answer=answer, decision="sent_back", note="项目数量不足")
    first.refresh_from_db()
    assert first.status == RectificationItem.Status.SENT_BACK
    assert Notification.objects.filter(recipient=jilin, kind="rectification_sent_back").count() == 1
    with pytest.raises(ValidationError, match="already decided"):
        services.rectification_decide(user=ndrc, answer=answer, decision="accepted")

    again = services.rectification_answer(user=jilin, item=first, measures="签约5个项目")
    services.rectification_decide(user=ndrc, answer=again, decision="accepted")
    assert SupervisionItem.objects.get(rectification_item=first).status == "done"
    requirement.refresh_from_db()
    assert requirement.status == RectificationRequirement.Status.OPEN

    reply = services.rectification_answer(user=zhejiang, item=second, measures="已选派2名干部")
    services.rectification_decide(user=ndrc, answer=reply, decision="accepted")
    requirement.refresh_from_db()
    assert requirement.status == RectificationRequirement.Status.CLOSED
    assert requirement.closed_on == timezone.localdate()
    assert set(SupervisionItem.objects.values_list("status", flat=True)) == {"done"}
    with pytest.raises(ValidationError, match="closed"):
        services.rectification_answer(user=zhejiang, item=second, measures="x")


def test_only_the_ndrc_office_issues(personas, offices):
    for name in ("jilin", "cod", "liaoning_reporter"):
        with pytest.raises(PermissionDenied):
            issue(personas[name])
    assert not RectificationRequirement.objects.exists()


def test_answering_another_regions_item_is_refused(personas, offices, zhejiang):
    requirement = issue(personas["ndrc"])
    first, second = requirement.items.order_by("id")
    with pytest.raises(PermissionDenied, match="Only the coordinators of"):
        services.rectification_answer(user=zhejiang, item=first, measures="替吉林回答")
    with pytest.raises(PermissionDenied):
        services.rectification_answer(user=personas["jilin"], item=second, measures="替浙江回答")
    with pytest.raises(PermissionDenied):
        services.rectification_answer(user=personas["ndrc"], item=first, measures="x")
    assert not RectificationAnswer.objects.exists()


def test_a_non_ndrc_user_cannot_decide(personas, offices, zhejiang):
    requirement = issue(personas["ndrc"])
    answer = services.rectification_answer(
        user=personas["jilin"], item=requirement.items.order_by("id")[0], measures="措施"
    )
    for user in (personas["jilin"], zhejiang, personas["cod"]):
        with pytest.raises(PermissionDenied, match="Only the NDRC office decides"):
            services.rectification_decide(user=user, answer=answer, decision="accepted")


def test_nobody_accepts_their_own_answer(personas, offices):
    requirement = issue(personas["ndrc"])
    jilin = personas["jilin"]
    answer = services.rectification_answer(
        user=jilin, item=requirement.items.order_by("id")[0], measures="措施"
    )
    # the same account later moves to the NDRC office
    RoleGrant.objects.filter(user=jilin).delete()
    RoleGrant.objects.create(user=jilin, role="national_admin")
    jilin.__dict__.pop("scope", None)
    with pytest.raises(PermissionDenied, match="own answer"):
        services.rectification_decide(user=jilin, answer=answer, decision="accepted")
    services.rectification_decide(user=personas["ndrc"], answer=answer, decision="accepted")


def test_the_coordination_office_rule_and_a_region_without_one(personas, offices):
    assert services.coordination_office("220000") == offices["jilin"]
    Organisation.objects.filter(region_id="330000").delete()
    with pytest.raises(ValidationError, match="no coordination office"):
        issue(personas["ndrc"])
    assert not RectificationRequirement.objects.exists() and not SupervisionItem.objects.exists()


def test_the_responsible_side_must_be_a_side_of_the_pairing(personas, offices):
    jz = pairing("220000", "330000")
    with pytest.raises(ValidationError, match="not a side"):
        services.rectification_issue(
            user=personas["ndrc"],
            data={"pairing": jz, "title": "t", "basis": "b"},
            items=[{"title": "x", "responsible_region_id": "210000", "deadline": timezone.localdate()}],
        )
    with pytest.raises(ValidationError, match="at least one item"):
        services.rectification_issue(
            user=personas["ndrc"], data={"pairing": jz, "title": "t", "basis": "b"}, items=[]
        )


def test_the_pages(client, personas, offices, zhejiang):
    ndrc, jilin = personas["ndrc"], personas["jilin"]
    client.force_login(ndrc)
    jz = pairing("220000", "330000")
    response = client.post(
        "/work/rectifications/new/",
        {
            "pairing": jz.pk,
            "title": "页面整改要求",
            "basis": "进展缓慢",
            "round_ref": "",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "1",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-title": "招商",
            "items-0-side": "northeast",
            "items-0-deadline": "2026-12-31",
            "items-0-requirement_text": "",
            "items-1-title": "",
            "items-1-side": "east",
            "items-1-deadline": "",
            "items-2-title": "",
            "items-2-side": "northeast",
            "items-2-deadline": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    requirement = RectificationRequirement.objects.get()
    item = requirement.items.get()
    assert item.responsible_region_id == "220000"
    url = requirement.get_absolute_url()

    client.force_login(zhejiang)
    page = client.get(url).content.decode()
    assert "answer-form" not in page
    client.post(f"/work/rectification-items/{item.pk}/answer/", {"measures": "浙江替答"})
    assert not RectificationAnswer.objects.exists()

    client.force_login(jilin)
    assert "answer-form" in client.get(url).content.decode()
    response = client.post(
        f"/work/rectification-items/{item.pk}/answer/", {"measures": "已落实", "evidence": ""}
    )
    assert response.status_code == 302
    answer = RectificationAnswer.objects.get()
    client.force_login(ndrc)
    assert "decide-form" in client.get(url).content.decode()
    client.post(f"/work/rectification-answers/{answer.pk}/decide/", {"decision": "accepted", "note": ""})
    requirement.refresh_from_db()
    assert requirement.status == "closed"

    client.force_login(personas["liaoning"])
    assert client.get(url).status_code == 404
    assert client.post(f"/work/rectification-items/{item.pk}/answer/", {"measures": "x"}).status_code == 404
    assert (
        client.post(f"/work/rectification-answers/{answer.pk}/decide/", {"decision": "accepted"}).status_code
        == 404
    )
    client.force_login(jilin)
    assert client.get("/work/rectifications/new/").status_code == 403
