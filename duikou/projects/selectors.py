"""Reads for projects: which monthly reports are due, missing or late."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import Project, ProjectReport, Stage

# Projects report monthly from the month they start construction until they are completed or end.
REPORTING_STAGES = (Stage.STARTED, Stage.BUILDING, Stage.OPERATING)


def month(day: datetime.date) -> str:
    return day.strftime("%Y-%m")


def due_date(period: str) -> datetime.date:
    """A month's report is due by the configured day of the next month."""
    year, number = (int(part) for part in period.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return datetime.date(year, number, settings.DUIKOU_PROJECT_REPORT_DUE_DAY)


def months_between(first: str, last: str) -> list[str]:
    year, number = (int(part) for part in first.split("-"))
    months = []
    while f"{year:04d}-{number:02d}" <= last:
        months.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return months


@dataclass
class ReportRow:
    period: str
    due: datetime.date
    report: ProjectReport | None
    state: str  # on_time, late, missing, open

    @property
    def css(self):
        return {"on_time": "success", "late": "warning", "missing": "danger", "open": "secondary"}[self.state]


def construction_started(project: Project):
    """The first change into a stage that reports (started, under construction or in operation)."""
    return project.stage_changes.filter(to_stage__in=REPORTING_STAGES).order_by("on", "id").first()


def project_report_rows(*, project: Project, today: datetime.date | None = None) -> list[ReportRow]:
    """Every month a report is expected for (from the month construction started), newest first, with
    its report and whether it came in time, late, or is missing."""
    today = today or timezone.localdate()
    reports = {r.period: r for r in project.reports.select_related("reported_by")}
    started = construction_started(project)
    expected: list[str] = []
    if started is not None:
        last = month(today)
        if project.stage not in REPORTING_STAGES and project.stage_since:
            last = min(last, month(project.stage_since))
        expected = months_between(month(started.on), last)
    periods = sorted(set(expected) | set(reports), reverse=True)
    rows = []
    for period in periods:
        report, due = reports.get(period), due_date(period)
        if report is not None:
            state = "on_time" if timezone.localdate(report.created_at) <= due else "late"
        else:
            state = "missing" if due < today else "open"
        rows.append(ReportRow(period=period, due=due, report=report, state=state))
    return rows


def latest_overdue_period(today: datetime.date | None = None) -> str:
    """The latest month whose report is already due (e.g. on 15 June with reports due by the 10th: May)."""
    today = today or timezone.localdate()
    period = month(today.replace(day=1) - datetime.timedelta(days=1))
    while due_date(period) >= today:
        first = datetime.date(int(period[:4]), int(period[5:]), 1)
        period = month(first - datetime.timedelta(days=1))
    return period


@dataclass
class ResponseRow:
    pairing: object
    raised: int = 0
    answered: int = 0
    answered_in_time: int = 0
    open_overdue: int = 0
    total_days: float = 0.0

    @property
    def average_days(self) -> float | None:
        return round(self.total_days / self.answered, 1) if self.answered else None


def response_times(*, user, today: datetime.date | None = None) -> list[ResponseRow]:
    """Per pairing: requests raised, answered (in time), still open past their deadline, and the mean
    days from raising to answer. One query over the requests the user may see."""
    from .models import CoordinationRequest

    today = today or timezone.localdate()
    rows: dict[int, ResponseRow] = {}
    requests = (CoordinationRequest.objects.for_user(user, "view")
                .select_related("pairing__northeast", "pairing__east"))
    for request in requests:
        row = rows.setdefault(request.pairing_id, ResponseRow(pairing=request.pairing))
        row.raised += 1
        if request.answered_at:
            row.answered += 1
            row.total_days += (request.answered_at - request.created_at).total_seconds() / 86400
            if timezone.localdate(request.answered_at) <= request.due_on:
                row.answered_in_time += 1
        elif request.status == CoordinationRequest.Status.OPEN and request.due_on < today:
            row.open_overdue += 1
    return sorted(rows.values(), key=lambda r: str(r.pairing))


@dataclass
class ProjectInbox:
    to_answer: list
    missing_reports: int
    overdue_requests: int

    @property
    def empty(self) -> bool:
        return not (self.to_answer or self.missing_reports or self.overdue_requests)


def project_inbox(*, user, limit: int = 10) -> ProjectInbox:
    """Requests routed to the user and not answered; projects in the user's scope missing last month's
    report; open requests past their deadline. Three queries."""
    from .models import CoordinationRequest

    if not getattr(user, "is_authenticated", False):
        return ProjectInbox([], 0, 0)
    requests = CoordinationRequest.objects.for_user(user, "view").filter(status=CoordinationRequest.Status.OPEN)
    to_answer = list(requests.filter(officer=user).select_related("project", "park").order_by("due_on")[:limit])
    missing = (Project.objects.for_user(user, "view").filter(stage__in=REPORTING_STAGES)
               .exclude(reports__period=latest_overdue_period()).count())
    overdue = requests.filter(due_on__lt=timezone.localdate()).count()
    return ProjectInbox(to_answer=to_answer, missing_reports=missing, overdue_requests=overdue)
