"""Writes for projects (STYLE convention 2): registry edits through the shared create/update/delete, and
stage changes, dated and, for a step back, explained."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.accounts.selectors import users_with_roles
from duikou.core.models import AuditAction
from duikou.core.services import audit_record, instance_create, instance_delete, instance_update
from duikou.regions.selectors import pairing_coordinators
from duikou.search.services import search_index_remove, search_index_update

from .models import STAGE_ORDER, Project, ProjectStageChange, Stage


def _check_investors(project_pairing, data: dict):
    """Investors are organisations of either side of the pairing (or central bodies)."""
    outside = [str(o) for o in data.get("investors") or () if not project_pairing.admits(o)]
    if outside:
        raise ValidationError({"investors": _("Not on either side of %(pairing)s: %(orgs)s.")
                               % {"pairing": project_pairing, "orgs": "、".join(outside)}})


@transaction.atomic
def project_create(*, user, data: dict) -> Project:
    """Register a project: by default as an intention from today; a project already under way is
    registered at its current stage with the date it entered it."""
    if data.get("pairing") is not None:
        _check_investors(data["pairing"], data)
    today = timezone.localdate()
    data = {**data, "stage": data.get("stage") or Stage.INTENTION, "stage_since": data.get("stage_since") or today}
    if data["stage_since"] > today:
        raise ValidationError({"stage_since": _("A stage cannot be entered in the future.")})
    project = instance_create(model=Project, user=user, data=data)
    ProjectStageChange.objects.create(project=project, from_stage="", to_stage=project.stage, on=project.stage_since,
                                      user=user)
    search_index_update(instance=project)
    return project


@transaction.atomic
def project_update(*, user, project: Project, data: dict, expected_version: int | None) -> Project:
    if "pairing" in data and data["pairing"].pk != project.pairing_id:
        raise ValidationError({"pairing": _("A project cannot move to another pairing.")})
    _check_investors(project.pairing, data)
    project = instance_update(instance=project, user=user, data=data, expected_version=expected_version)
    search_index_update(instance=project)
    return project


@transaction.atomic
def project_delete(*, user, project: Project) -> None:
    if project.funding_entries.exists():
        raise ValidationError(_("Funding is recorded for this project: delete its funding entries first (the "
                                "ledger keeps what was committed and paid)."))
    search_index_remove(instance=project)  # undone with the transaction if the delete is refused
    instance_delete(instance=project, user=user)


@transaction.atomic
def project_change_stage(*, user, project: Project, stage: str, on: datetime.date, reason: str = "") -> Project:
    """Move a project to another stage on a date. A step back (e.g. from 在建 to 签约) needs a reason;
    a date in the future or before the last change is refused."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    if not Project.objects.allows(user, "change", current):
        raise PermissionDenied(_("You may not change this project's stage."))
    if stage not in Stage.values:
        raise ValidationError({"stage": _("“%(stage)s” is not a stage.") % {"stage": stage}})
    if stage == current.stage:
        raise ValidationError({"stage": _("The project is already in this stage.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("A stage change cannot be dated in the future.")})
    if current.stage_since and on < current.stage_since:
        raise ValidationError({"on": _("The project entered its current stage on %(date)s: the change cannot be "
                                       "dated earlier.") % {"date": current.stage_since}})
    reason = (reason or "").strip()
    backwards = stage != Stage.TERMINATED and STAGE_ORDER[stage] < STAGE_ORDER[current.stage]
    if (backwards or current.stage == Stage.TERMINATED or stage == Stage.TERMINATED) and not reason:
        raise ValidationError({"reason": _("Moving from “%(from)s” to “%(to)s” needs a reason: say why.") % {
            "from": current.get_stage_display(), "to": Stage(stage).label}})
    ProjectStageChange.objects.create(project=current, from_stage=current.stage, to_stage=stage, on=on,
                                      reason=reason, user=user)
    before = current.stage
    current.stage, current.stage_since = stage, on
    current.version += 1
    current.save(update_fields=["stage", "stage_since", "version", "updated_at"])
    audit_record(action=AuditAction.UPDATE, user=user, instance=current,
                 changes={"stage": [before, stage], "stage_since": [None, on.isoformat()]})
    return current


# --- monthly progress reports ----------------------------------------------------------------------------


class NeedsConfirmation(ValidationError):
    """The figures look wrong: nothing was saved; send them again with ``confirm`` to keep them."""

    def __init__(self, warnings: dict[str, str]):
        super().__init__(list(warnings.values()), code="needs_confirmation")
        self.warnings = warnings


def report_warnings(*, project: Project, period: str, cumulative, in_period,
                    excluding: int | None = None) -> dict[str, str]:
    """Figures to question before they are kept: a total that goes down, a total beyond the plan, a month
    that does not add up with the previous total. ``excluding``: the report being corrected (not its own
    previous month)."""
    from .models import ProjectReport

    warnings = {}
    previous = (ProjectReport.objects.filter(project=project, period__lt=period).exclude(pk=excluding)
                .order_by("-period").first())
    if previous is not None and cumulative < previous.investment_cumulative:
        warnings["cumulative_down"] = _(
            "The total completed (%(now)s) is less than the %(previous)s reported for %(month)s. A total does not "
            "go down: check it, or confirm it if the earlier figure was wrong.") % {
            "now": cumulative, "previous": previous.investment_cumulative, "month": previous.period}
    from .selectors import construction_started

    started = construction_started(project)
    if started is not None and period < started.on.strftime("%Y-%m"):
        warnings["before_start"] = _(
            "%(month)s is before construction started (%(started)s): confirm it if the month's investment is "
            "preparatory work.") % {"month": period, "started": started.on}
    if cumulative > project.planned_investment:
        warnings["beyond_plan"] = _(
            "The total completed (%(now)s) is more than the planned total investment (%(plan)s, 10,000 yuan). "
            "Confirm it if the plan was exceeded.") % {"now": cumulative, "plan": project.planned_investment}
    if previous is not None and cumulative >= previous.investment_cumulative and \
            previous.investment_cumulative + in_period != cumulative:
        warnings["does_not_add_up"] = _(
            "%(previous)s (total of %(month)s) plus %(in_period)s (this month) is not %(now)s. Confirm it if the "
            "difference is explained.") % {"previous": previous.investment_cumulative, "month": previous.period,
                                           "in_period": in_period, "now": cumulative}
    return warnings


def _report_checks(*, user, report, action: str, confirm: bool) -> list[str]:
    """What a month's report passes before it is kept, new or corrected: the month has begun, the user may
    report on the project, the fields are valid, and questionable figures are confirmed. Returns the
    warnings confirmed."""
    from .models import ProjectReport

    today = timezone.localdate()
    if report.period and report.period > today.strftime("%Y-%m"):
        raise ValidationError({"period": _("%(month)s has not begun: a report covers a month that has started.")
                               % {"month": report.period}})
    if not ProjectReport.objects.allows(user, action, report):
        raise PermissionDenied(_("You may report only on projects your organisation hosts."))
    # Everything but the reporter, the user acting (full_clean() before the save checks it again): an import
    # does not ask twice per row whether the user exists.
    report.full_clean(exclude=["reported_by"])
    warnings = report_warnings(project=report.project, period=report.period, cumulative=report.investment_cumulative,
                               in_period=report.investment_in_period, excluding=report.pk)
    if warnings and not confirm:
        raise NeedsConfirmation(warnings)
    return sorted(warnings)


@transaction.atomic
def project_report_create(*, user, project: Project, data: dict, confirm: bool = False):
    """Record a month's report. A month in the future is refused; questionable figures are refused with
    their warnings unless ``confirm`` is given (then the confirmed warnings are kept with the report)."""
    from .models import ProjectReport

    project = Project.objects.select_for_update().get(pk=project.pk)
    report = ProjectReport(project=project, reported_by=user, **data)
    warnings = _report_checks(user=user, report=report, action="add", confirm=confirm)
    return instance_create(model=ProjectReport, user=user, data={
        **data, "project": project, "reported_by": user, "confirmed_warnings": warnings})


REPORT_CORRECTABLE = ("period", "investment_in_period", "investment_cumulative", "narrative", "problems")


@transaction.atomic
def project_report_update(*, user, report, data: dict, expected_version: int | None = None,
                          confirm: bool = False):
    """Correct a month's report (who may report on the project may correct its reports): the same checks
    as a new report, questionable figures confirmed again. The project and the reporter stay."""
    from .models import ProjectReport

    unknown = sorted(set(data) - set(REPORT_CORRECTABLE))
    if unknown:
        from .models import ProjectReport as Report

        names = "、".join(str(Report._meta.get_field(name).verbose_name) if name in {f.name for f in Report._meta.fields}
                         else name for name in unknown)
        raise ValidationError(_("A report's %(fields)s cannot be changed.") % {"fields": names})
    project = Project.objects.select_for_update().get(pk=report.project_id)
    candidate = ProjectReport.objects.get(pk=report.pk)
    candidate.project = project
    for name, value in data.items():
        setattr(candidate, name, value)
    warnings = _report_checks(user=user, report=candidate, action="change", confirm=confirm)
    return instance_update(instance=report, user=user, data={**data, "confirmed_warnings": warnings},
                           expected_version=expected_version)


# --- coordination requests (问题协调) ----------------------------------------------------------------------


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``days`` working days (Monday to Friday) after ``start``. Public holidays are not known to the
    platform: a deadline that falls in one is the office's to extend."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@transaction.atomic
def coordination_request_create(*, user, data: dict, project: Project | None = None, park=None):
    """Raise a request on a project or a park: routed to its green-channel officer (or, without one, to
    the pairing's coordinators), to be answered within the configured number of working days."""
    from django.conf import settings

    from duikou.notifications.models import Notification
    from duikou.notifications.services import notify

    from .models import CoordinationRequest

    target = project if project is not None else park
    officer = target.green_channel_officer
    links = {"project": project, "park": park, "pairing": target.pairing, "raised_by": user, "officer": officer,
             "due_on": add_working_days(timezone.localdate(), settings.DUIKOU_COORDINATION_WORKING_DAYS)}
    request = CoordinationRequest(**links, **data)
    if not CoordinationRequest.objects.allows(user, "add", request):
        raise PermissionDenied(_("You may not raise requests on this %(kind)s.") % {
            "kind": target._meta.verbose_name})
    request = instance_create(model=CoordinationRequest, user=user, data={**data, **links})
    recipients = [officer] if officer else list(pairing_coordinators(pairing=target.pairing))
    notify(actor=user, recipients=recipients, kind=Notification.Kind.REQUEST_RAISED,
           title=_("Coordination request on %(project)s: %(title)s (answer by %(due)s)") % {
               "project": target, "title": request.title, "due": request.due_on},
           body=request.description, url=request.get_absolute_url())
    return request


def _keeps_target(user, request) -> bool:
    """May the user change the project or park the request is about (a coordinator of its pairing)?"""
    target = request.target
    return type(target).objects.allows(user, "change", target)


def may_answer(*, user, request) -> bool:
    """The officer the request is routed to answers it; without an officer, the pairing's coordinators;
    the NDRC office always may."""
    from duikou.core.roles import Role

    return user.pk == request.officer_id or (
        request.officer_id is None and Role.COORDINATOR in user.scope.roles
        and _keeps_target(user, request)) or Role.NATIONAL_ADMIN in user.scope.roles


def _require_officer(user, request):
    if not may_answer(user=user, request=request):
        raise PermissionDenied(_("Only the officer the request is routed to (or the NDRC office) answers it."))


@transaction.atomic
def coordination_request_answer(*, user, request, answer: str):
    from .models import CoordinationRequest

    current = CoordinationRequest.objects.select_for_update().get(pk=request.pk)
    _require_officer(user, current)
    if current.status != CoordinationRequest.Status.OPEN:
        raise ValidationError(_("This request has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer: what was done or decided.")})
    current.answer, current.answered_at, current.answered_by = answer, timezone.now(), user
    current.status = CoordinationRequest.Status.ANSWERED
    current.version += 1
    current.save(update_fields=["answer", "answered_at", "answered_by", "status", "version", "updated_at"])
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=current, changes={"status": ["open", "answered"]})
    from duikou.notifications.models import Notification
    from duikou.notifications.services import notify

    if current.raised_by_id:
        notify(actor=user, recipients=[current.raised_by], kind=Notification.Kind.REQUEST_ANSWERED,
               title=_("Your coordination request was answered: %(title)s") % {"title": current.title},
               body=answer, url=current.get_absolute_url())
    return current


@transaction.atomic
def coordination_request_close(*, user, request):
    """The side that raised it closes an answered request (or the NDRC office closes any)."""
    from duikou.core.roles import Role

    from .models import CoordinationRequest

    current = CoordinationRequest.objects.select_for_update().get(pk=request.pk)
    if not (user.pk == current.raised_by_id or Role.NATIONAL_ADMIN in user.scope.roles
            or _keeps_target(user, current)):
        raise PermissionDenied(_("You may not close this request."))
    if current.status != CoordinationRequest.Status.ANSWERED:
        raise ValidationError(_("Only an answered request can be closed."))
    current.status, current.closed_at = CoordinationRequest.Status.CLOSED, timezone.now()
    current.version += 1
    current.save(update_fields=["status", "closed_at", "version", "updated_at"])
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=current, changes={"status": ["answered", "closed"]})
    return current


@transaction.atomic
def coordination_requests_escalate(*, today: datetime.date) -> int:
    """Open requests past their deadline escalate, once, to the pairing's coordinators and the NDRC office."""
    from duikou.core.roles import Role
    from duikou.notifications.models import Notification
    from duikou.notifications.services import notify

    from .models import CoordinationRequest

    office = list(users_with_roles(roles=[Role.NATIONAL_ADMIN]))
    overdue = (CoordinationRequest.objects.select_for_update(of=("self",))
               .filter(status=CoordinationRequest.Status.OPEN, due_on__lt=today, escalated_at__isnull=True)
               .select_related("pairing__northeast", "pairing__east", "project", "park"))
    count = 0
    for request in overdue:
        notify(recipients=list(pairing_coordinators(pairing=request.pairing)) + office, kind=Notification.Kind.OVERDUE,
               title=_("Coordination request overdue since %(due)s: %(title)s (%(project)s)") % {
                   "due": request.due_on, "title": request.title, "project": request.target},
               body=request.description, url=request.get_absolute_url(), key=f"coordination-overdue:{request.pk}")
        CoordinationRequest.objects.filter(pk=request.pk).update(escalated_at=timezone.now())
        count += 1
    return count
