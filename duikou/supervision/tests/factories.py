"""Supervision records saved directly (no service, no audit) for scope and query-count tests; workflow
tests go through the services."""

import datetime

from django.utils import timezone

from duikou.core.testing import OrganisationFactory, pairing

from ..models import (
    LightSnapshot,
    RectificationAnswer,
    RectificationItem,
    RectificationRequirement,
    SupervisionItem,
    SupervisionNode,
    UrgingNotice,
)


def days(n, today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=n)


def item(pairing_obj, *, nodes=(30,), assignee=None, title="测试督办事项", **values):
    """An open item with one node per entry of ``nodes`` (days from today)."""
    assignee = assignee or OrganisationFactory(region_id=pairing_obj.northeast_id)
    record = SupervisionItem.objects.create(pairing=pairing_obj, assignee=assignee, title=title, **values)
    for order, offset in enumerate(nodes, start=1):
        SupervisionNode.objects.create(item=record, title=f"节点{order}", due_date=days(offset), order=order)
    SupervisionItem.objects.filter(pk=record.pk).refresh_open_due()  # as the node services do
    record.refresh_from_db()
    return record


def three_items():
    return {
        "lj": item(pairing("210000", "320000")),
        "jz": item(pairing("220000", "330000")),
        "sb": item(pairing("210100", "110000")),
    }


def urging(item_obj, *, sent_on=None):
    return UrgingNotice.objects.create(
        item=item_obj, sent_on=sent_on or timezone.localdate(), message="请加快推进"
    )


def snapshot(pairing_obj, month="2026-05", **counts):
    return LightSnapshot.objects.create(pairing=pairing_obj, month=month, **counts)


def requirement(pairing_obj, **values):
    return RectificationRequirement.objects.create(
        pairing=pairing_obj,
        title="测试整改要求",
        basis="评估发现进展缓慢",
        issued_on=timezone.localdate(),
        **values,
    )


def rect_item(requirement_obj, *, region=None, **values):
    return RectificationItem.objects.create(
        requirement=requirement_obj,
        title="测试整改事项",
        responsible_region_id=region or requirement_obj.pairing.northeast_id,
        deadline=days(20),
        **values,
    )


def answer(item_obj, *, by=None):
    return RectificationAnswer.objects.create(
        item=item_obj, measures="已采取措施", answered_by=by, answered_at=timezone.now()
    )


def three_requirements():
    return {
        "lj": requirement(pairing("210000", "320000")),
        "jz": requirement(pairing("220000", "330000")),
        "sb": requirement(pairing("210100", "110000")),
    }
