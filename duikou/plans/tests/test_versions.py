"""Every confirmed or submitted version is kept, and any two (or one and the current draft) can be
compared side by side."""

import datetime

from django.urls import reverse

from duikou.core.testing import OrganisationFactory, pairing
from duikou.regions.models import KeyTask

from .. import services
from ..models import PlanVersion


def test_compare_a_confirmed_version_with_the_current_draft(personas, client, db):
    liaoning, jiangsu = personas["liaoning"], personas["jiangsu"]
    org = OrganisationFactory(region_id="210000")
    plan = services.plan_create(user=liaoning, data={
        "pairing": pairing("210000", "320000"), "kind": "annual", "title": "计划", "period_start": 2026,
        "period_end": 2026, "goals": "<p>第一段</p><p>第二段</p>"})
    common = {"key_task": KeyTask.objects.get(code="1.1"), "lead_organisation": org,
              "start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 6, 30)}
    kept = services.item_create(user=liaoning, plan=plan, data={"number": "1", "title": "保留的任务", **common})
    gone = services.item_create(user=liaoning, plan=plan, data={"number": "2", "title": "将删除的任务", **common})
    plan.refresh_from_db()
    services.plan_confirm(user=liaoning, plan=plan, revision=plan.revision)
    confirmed = plan.revision
    services.item_delete(user=jiangsu, item=gone)
    services.item_update(user=jiangsu, item=kept, data={"title": "保留并修改的任务"}, expected_version=kept.version)
    services.item_create(user=jiangsu, plan=plan, data={"number": "3", "title": "新增的任务", **common})
    plan.refresh_from_db()
    services.plan_update(user=jiangsu, plan=plan, data={"goals": "<p>第一段</p><p>第二段（修改）</p>"},
                         expected_version=plan.version)
    assert list(PlanVersion.objects.filter(plan=plan).values_list("revision", flat=True)) == [confirmed]

    client.force_login(liaoning)
    response = client.get(reverse("plans:plan_versions", args=[plan.pk]), {"a": confirmed, "b": "current"})
    assert response.status_code == 200
    blocks = {block.label: block for block in response.context["blocks"]}
    statuses = [block.status for block in response.context["blocks"]]
    assert statuses.count("removed") == 1 and statuses.count("added") == 1
    removed = next(b for b in blocks.values() if b.status == "removed")
    assert ("del", "2 将删除的任务") in removed.left and removed.right == []
    changed = [b for b in blocks.values() if b.status == "changed"]
    texts = [text for b in changed for tag, text in b.right if tag == "ins"]
    assert "1 保留并修改的任务" in texts and "第二段（修改）" in texts
    assert ("", "第一段") in next(b for b in changed if ("ins", "第二段（修改）") in b.right).left
    page = response.content.decode()
    assert "<del>2 将删除的任务</del>" in page and "<ins>3 新增的任务</ins>" in page
    # A revision that was never kept is a 404, as is the page for another region.
    assert client.get(reverse("plans:plan_versions", args=[plan.pk]), {"a": 99}).status_code == 404
    client.force_login(personas["jilin"])
    assert client.get(reverse("plans:plan_versions", args=[plan.pk])).status_code == 404
