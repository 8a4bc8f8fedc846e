"""Due date rules set by the NDRC office: late and missing plans are flagged for every pairing, and the
scheduled job reminds each person once."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from duikou.core.testing import pairing
from duikou.notifications.models import Notification
from duikou.regions.models import Pairing

from ..models import Plan, PlanDueRule
from ..selectors import plan_compliance
from .factories import PlanFactory


@pytest.fixture
def rules(db):
    return {rule.kind: rule for rule in PlanDueRule.objects.all()}


def test_default_rules(rules):
    assert rules["annual"].due_date(2026) == datetime.date(2026, 3, 31)
    assert rules["summary"].due_date(2026) == datetime.date(2027, 1, 31)


def test_every_formal_pairing_is_flagged(personas, rules):
    lj, jz = pairing("210000", "320000"), pairing("220000", "330000")
    on_time = PlanFactory(pairing=lj, kind="annual", status="acknowledged",
                          submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 30, 12)))
    late = PlanFactory(pairing=jz, kind="annual", status="submitted",
                       submitted_at=timezone.make_aware(datetime.datetime(2026, 4, 20, 12)))
    rows = plan_compliance(user=personas["ndrc"], year=2026, today=datetime.date(2026, 5, 1))
    annual = {row.pairing.pk: row for row in rows
              if row.rule.kind == "annual"}
    formal = Pairing.objects.filter(status="formal")
    assert set(annual) == set(formal.values_list("pk", flat=True))
    assert annual[lj.pk].state == "on_time" and annual[lj.pk].plan == on_time
    assert annual[jz.pk].state == "late" and annual[jz.pk].days_late == 20 and annual[jz.pk].plan == late
    others = [row.state for pk, row in annual.items() if pk not in (lj.pk, jz.pk)]
    assert others and set(others) == {"overdue"}
    summary = [row.state for row in rows if row.rule.kind == "summary"]
    assert set(summary) == {"open"}
    # A returned plan is back in draft: it counts as not submitted.
    Plan.objects.filter(pk=late.pk).update(status="draft")
    rows = plan_compliance(user=personas["ndrc"], year=2026, today=datetime.date(2026, 5, 1))
    assert next(r for r in rows if r.pairing == jz and r.rule.kind == "annual").state == "overdue"


def test_the_compliance_table_is_scoped(personas, client, rules):
    client.force_login(personas["jiangsu"])
    response = client.get("/work/plans/compliance/", {"year": 2026})
    pairings = set(response.context["by_pairing"])
    assert pairings and all("320000" in (p.northeast_id, p.east_id) or (p.east and p.east.parent_id == "320000")
                            for p in pairings)


def test_reminders_are_sent_once(personas, rules, mailoutbox):
    liaoning, jiangsu, ndrc = personas["liaoning"], personas["jiangsu"], personas["ndrc"]
    call_command("plan_reminders", "--today", "2026-03-20")
    due_soon = Notification.objects.filter(kind="due_soon")
    assert due_soon.filter(recipient=liaoning).exists() and due_soon.filter(recipient=jiangsu).exists()
    assert not due_soon.filter(recipient=ndrc).exists()
    sent = Notification.objects.count()
    call_command("plan_reminders", "--today", "2026-03-21")
    assert Notification.objects.count() == sent  # nothing repeated
    call_command("plan_reminders", "--today", "2026-04-02")
    overdue = Notification.objects.filter(kind="overdue")
    assert overdue.filter(recipient=liaoning).exists() and overdue.filter(recipient=ndrc).exists()
    sent = Notification.objects.count()
    call_command("plan_reminders", "--today", "2026-04-03")
    assert Notification.objects.count() == sent
    # A plan submitted in time is not reminded about.
    lj = pairing("210000", "320000")
    PlanFactory(pairing=lj, kind="annual", period_start=2027, period_end=2027, status="submitted",
                submitted_at=timezone.make_aware(datetime.datetime(2027, 3, 1)))
    call_command("plan_reminders", "--today", "2027-03-25")
    assert not Notification.objects.filter(recipient=jiangsu, kind="due_soon", key__contains=":2027").filter(
        key__contains=f":{lj.pk}:").exists()


def test_the_office_changes_a_rule(personas, client, rules):
    client.force_login(personas["ndrc"])
    rule = rules["annual"]
    response = client.patch(f"/api/v1/plan-due-rules/{rule.pk}/", {"month": 2, "day": 30, "version": rule.version},
                            content_type="application/json")
    assert response.status_code == 400 and "day" in response.json()
    response = client.patch(f"/api/v1/plan-due-rules/{rule.pk}/", {"month": 4, "day": 15, "version": rule.version},
                            content_type="application/json")
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.due_date(2026) == datetime.date(2026, 4, 15)
    client.force_login(personas["liaoning"])
    response = client.patch(f"/api/v1/plan-due-rules/{rule.pk}/", {"month": 5, "version": rule.version},
                            content_type="application/json")
    assert response.status_code == 403


def test_time_nodes_of_plans_in_force_are_reminded_once(personas, rules):
    from .factories import PlanItemFactory, TimeNodeFactory

    liaoning = personas["liaoning"]
    plan = PlanFactory(pairing=pairing("210000", "320000"), status="acknowledged")
    draft = PlanFactory(pairing=pairing("210000", "320000"), status="draft")
    soon = TimeNodeFactory(item=PlanItemFactory(plan=plan), due_date=datetime.date(2026, 6, 10))
    late = TimeNodeFactory(item=PlanItemFactory(plan=plan), due_date=datetime.date(2026, 5, 10))
    TimeNodeFactory(item=PlanItemFactory(plan=plan), due_date=datetime.date(2026, 5, 10),
                    completed_on=datetime.date(2026, 5, 9))
    TimeNodeFactory(item=PlanItemFactory(plan=draft), due_date=datetime.date(2026, 5, 10))
    call_command("plan_reminders", "--today", "2026-06-01")
    mine = Notification.objects.filter(recipient=liaoning, key__startswith="node-")
    assert set(mine.values_list("key", flat=True)) == {f"node-due-soon:{soon.pk}", f"node-overdue:{late.pk}"}
    call_command("plan_reminders", "--today", "2026-06-02")
    assert mine.count() == 2
