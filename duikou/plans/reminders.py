"""Due-date reminders for required plans: "due soon" to both sides' coordinators within the rule's
reminder window, "overdue" to them and to the NDRC office once the date has passed. Each reminder is sent
once (the notification's key), so the job can run every day, or twice, without repeating itself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from duikou.notifications.models import Notification
from duikou.notifications.services import notify
from duikou.regions.models import Pairing
from duikou.regions.selectors import pairing_coordinators

from . import lights
from .models import Plan, PlanDueRule, TimeNode
from .selectors import due_state
from .services import coordinators_of, national_office


@dataclass
class ReminderRun:
    checked: int = 0
    due_soon: int = 0
    overdue: int = 0
    nodes_due_soon: int = 0
    nodes_overdue: int = 0


@transaction.atomic
def plan_reminders_send(*, today: datetime.date) -> ReminderRun:
    run = ReminderRun()
    rules = list(PlanDueRule.objects.filter(required=True))
    pairings = list(Pairing.objects.filter(status=Pairing.Status.FORMAL).select_related("northeast", "east"))
    office = list(national_office())
    coordinators: dict[int, list] = {}  # per pairing, read once per run

    def coordinators_of_pairing(pairing):
        if pairing.pk not in coordinators:
            coordinators[pairing.pk] = list(pairing_coordinators(pairing=pairing))
        return coordinators[pairing.pk]

    for rule in rules:
        # Every year whose due date is past or within the reminder window, from the rule's first year.
        years = [y for y in range(rule.first_year, today.year + 2)
                 if rule.due_date(y) <= today + datetime.timedelta(days=rule.remind_days)]
        plans = {(p.pairing_id, p.period_start): p for p in Plan.objects.filter(kind=rule.kind, period_start__in=years)}
        for year in years:
            for pairing in pairings:
                run.checked += 1
                plan = plans.get((pairing.pk, year))
                state = due_state(rule=rule, year=year, plan=plan, today=today)
                if state not in ("due_soon", "overdue"):
                    continue
                names = {"kind": rule.get_kind_display(), "year": year, "pairing": pairing,
                         "due": rule.due_date(year).isoformat()}
                url = plan.get_absolute_url() if plan else f"/work/plans/compliance/?year={year}"
                if state == "due_soon":
                    sent = notify(recipients=coordinators_of_pairing(pairing), kind=Notification.Kind.DUE_SOON,
                                  title=_("Due %(due)s: the %(year)s %(kind)s of %(pairing)s") % names,
                                  body=_("Both sides must confirm it before it is submitted."), url=url,
                                  key=f"plan-due-soon:{rule.kind}:{pairing.pk}:{year}")
                    run.due_soon += len(sent)
                else:
                    sent = notify(recipients=coordinators_of_pairing(pairing) + office,
                                  kind=Notification.Kind.OVERDUE,
                                  title=_("Overdue since %(due)s: the %(year)s %(kind)s of %(pairing)s") % names,
                                  body=_("It has not been submitted."), url=url,
                                  key=f"plan-overdue:{rule.kind}:{pairing.pk}:{year}")
                    run.overdue += len(sent)
    _time_node_reminders(run=run, today=today)
    return run


def _time_node_reminders(*, run: ReminderRun, today: datetime.date):
    """Time nodes of plans in force (submitted or acknowledged), not yet met: due within the warning
    window, or past due. Both sides' coordinators are told once per node and state."""
    soon = lights.window(today)[1]
    nodes = (TimeNode.objects.filter(completed_on__isnull=True, due_date__lte=soon,
                                     item__plan__status__in=[Plan.Status.SUBMITTED, Plan.Status.ACKNOWLEDGED])
             .select_related("item__plan__pairing__northeast", "item__plan__pairing__east"))
    recipients: dict[int, list] = {}
    for node in nodes:
        plan = node.item.plan
        if plan.pk not in recipients:
            recipients[plan.pk] = list(coordinators_of(plan=plan))
        names = {"node": node.title, "item": node.item, "plan": plan, "due": node.due_date.isoformat()}
        if node.due_date < today:
            sent = notify(recipients=recipients[plan.pk], kind=Notification.Kind.OVERDUE,
                          title=_("Time node overdue since %(due)s: %(node)s (%(item)s)") % names,
                          body=str(plan), url=node.item.get_absolute_url(), key=f"node-overdue:{node.pk}")
            run.nodes_overdue += len(sent)
        else:
            sent = notify(recipients=recipients[plan.pk], kind=Notification.Kind.DUE_SOON,
                          title=_("Time node due %(due)s: %(node)s (%(item)s)") % names,
                          body=str(plan), url=node.item.get_absolute_url(), key=f"node-due-soon:{node.pk}")
            run.nodes_due_soon += len(sent)
