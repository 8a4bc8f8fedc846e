"""Writes of the dashboards (STYLE convention 2): rebuilding the facts the dashboard reads.

``figures_refresh`` replaces every ``Figure`` in one transaction: all of them or, if anything fails, none (the
previous facts stay as they were). Each measure family is ONE ``INSERT INTO dashboards_figure (…) SELECT …
GROUP BY …`` whose SELECT the ORM builds (``values(...).annotate(...)``) over the records: the database adds the
rows up, nothing is read into Python, so neither memory nor time in Python grows with the records. The counting
bases are those of ``selectors`` (its docstring); the plan items' lights are as of the day of the refresh.

It runs from cron (``manage.py dashboards_refresh``) or when the NDRC office presses "refresh now" on the
dashboard; either way the refresh is recorded (``Refresh``) and audited."""

from __future__ import annotations

import datetime
import time

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.roles import Role
from duikou.core.services import audit_record

from .models import Figure, Refresh

JOB = "dashboards_refresh"
AMOUNT = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(0, output_field=AMOUNT)
COLUMNS = ("pairing_id", "month", "measure", "stage", "light", "key_task_id", "value")
ALIASES = ("f_pairing", "f_month", "f_measure", "f_stage", "f_light", "f_key_task", "f_value")


class MonthKey(Func):
    """``YYYY-MM`` of a date, or of a datetime already truncated to its month in the local time zone."""

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):  # others: the ISO text of the value, cut
        return super().as_sql(compiler, connection, template="SUBSTR(CAST(%(expressions)s AS CHAR(19)), 1, 7)")

    def as_sqlite(self, compiler, connection, **extra):  # dates and truncated datetimes are ISO text
        return super().as_sql(compiler, connection, template="SUBSTR(%(expressions)s, 1, 7)")

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM')")


def _family(qs: QuerySet, *, pairing: str, month, measure, value, stage=None, light=None, key_task=None) -> QuerySet:
    """The SELECT of one measure family: one row per pairing, month (and stage, light, key task where given)
    with its ``value`` summed in SQL."""
    return (
        qs.order_by()
        .annotate(
            f_pairing=F(pairing),
            f_month=month,
            f_measure=Value(measure, output_field=CharField()) if isinstance(measure, str) else measure,
            f_stage=F(stage) if stage else Value("", output_field=CharField()),
            f_light=F(light) if light else Value("", output_field=CharField()),
            f_key_task=F(key_task) if key_task else Cast(Value(None), IntegerField()),
        )
        .values(*ALIASES[:-1])
        .annotate(f_value=value)
    )


def _month(field: str):
    return MonthKey(field)


ALL_TIME = Value("", output_field=CharField())  # the month of a stock measure's all-time total


def _projects(today):
    """Stock: by registration month (the trend, and what a past period takes away) and all-time totals."""
    from duikou.projects.models import Project

    registered = MonthKey(TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
    planned = Coalesce(Sum("planned_investment"), ZERO, output_field=AMOUNT)
    dims = {"pairing": "pairing_id", "stage": "stage", "key_task": "key_task_id"}
    return [
        _family(Project.objects.all(), month=month, measure=measure, value=value, **dims)
        for month in (registered, ALL_TIME)
        for measure, value in (("projects", Count("id")), ("planned_investment", planned))
    ]


def _investment_completed(today):
    from duikou.projects.models import ProjectReport

    return [
        _family(
            ProjectReport.objects.all(),
            pairing="project__pairing_id",
            month=F("period"),
            measure="investment_completed",
            value=Coalesce(Sum("investment_in_period"), ZERO, output_field=AMOUNT),
        )
    ]


def _funds_in_place(today):
    from duikou.funding.models import FundingEntry, FundingStage

    return [
        _family(
            FundingEntry.objects.filter(stage=FundingStage.IN_PLACE),
            pairing="pairing_id",
            month=_month("on"),
            measure="funds_in_place",
            value=Coalesce(Sum("amount"), ZERO, output_field=AMOUNT),
        )
    ]


def _parks(today):
    from duikou.parks.models import Park

    return [  # stock: by establishment month (the dated ones) and all-time totals (undated ones too)
        _family(
            Park.objects.filter(established_on__isnull=False),
            pairing="pairing_id",
            month=_month("established_on"),
            measure="parks",
            value=Count("id"),
        ),
        _family(Park.objects.all(), pairing="pairing_id", month=ALL_TIME, measure="parks", value=Count("id")),
    ]


def _cadres(today):
    from duikou.exchanges.models import Secondment

    direction = Case(
        When(direction=Secondment.Direction.NE_TO_EAST, then=Value("cadres_ne_to_east")),
        default=Value("cadres_east_to_ne"),
        output_field=CharField(),
    )
    return [
        _family(
            Secondment.objects.exclude(status=Secondment.Status.PLANNED),
            pairing="pairing_id",
            month=_month("start"),
            measure=direction,
            value=Count("id"),
        )
    ]


def _trainees(today):
    from duikou.exchanges.models import Training

    return [
        _family(
            Training.objects.filter(status=Training.Status.HELD),
            pairing="pairing_id",
            month=_month("start"),
            measure="trainees",
            value=Coalesce(Sum("total"), Value(0)),
        )
    ]


def _events(today):
    from duikou.events.models import Event, EventOutcome

    return [
        _family(
            Event.pairings.through.objects.all(),
            pairing="pairing_id",
            month=_month("event__start"),
            measure="events",
            value=Count("event_id"),
        ),
        _family(
            EventOutcome.objects.all(),
            pairing="pairing_id",
            month=_month("event__start"),
            measure="agreements",
            value=Coalesce(Sum("agreements"), Value(0)),
        ),
        _family(
            EventOutcome.objects.all(),
            pairing="pairing_id",
            month=_month("event__start"),
            measure="agreement_amount",
            value=Coalesce(Sum("amount"), ZERO, output_field=AMOUNT),
        ),
    ]


def _replicated(today):
    from duikou.reforms.models import ReplicationStatus, ReplicationStatusChange

    return [
        _family(
            ReplicationStatusChange.objects.filter(
                to_status=ReplicationStatus.REPLICATED, replication__pairing__isnull=False
            ),
            pairing="replication__pairing_id",
            month=_month("on"),
            measure="replicated",
            value=Count("replication_id", distinct=True),
        )
    ]


def _plan_items(today):
    from duikou.plans.models import PlanItem

    return [
        _family(
            PlanItem.objects.with_light(today=today),
            pairing="plan__pairing_id",
            month=_month("due_date"),
            measure="plan_items",
            light="light",
            key_task="key_task_id",
            value=Count("id"),
        )
    ]


# The measure families, each one or a few INSERT … SELECT statements (a test may replace one to make it fail).
FAMILIES = [
    _projects,
    _investment_completed,
    _funds_in_place,
    _parks,
    _cadres,
    _trainees,
    _events,
    _replicated,
    _plan_items,
]


def family_statements(*, today: datetime.date) -> list[tuple[str, tuple]]:
    """Every ``INSERT INTO dashboards_figure … SELECT … GROUP BY …`` of a refresh, with its parameters."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    aliases = ", ".join(f"f.{connection.ops.quote_name(alias)}" for alias in ALIASES)
    statements = []
    for family in FAMILIES:
        for qs in family(today):
            sql, params = qs.query.get_compiler(connection=connection).as_sql()
            # Wrapped, so the columns are matched by name, whatever order the ORM writes them in.
            statements.append((f"INSERT INTO {table} ({columns}) SELECT {aliases} FROM ({sql}) f", tuple(params)))
    return statements


def may_refresh(user) -> bool:
    """Only the NDRC office (national administrator) refreshes the figures by hand."""
    return bool(getattr(user, "is_authenticated", False) and Role.NATIONAL_ADMIN in user.scope.roles)


def figures_refresh(*, user=None, trigger: str = Refresh.Trigger.JOB, today: datetime.date | None = None) -> Refresh:
    """Rebuild every dashboard fact from the records, in one transaction (all or nothing), and record it.
    ``trigger`` is ``job`` (cron, no user) or ``user`` (the NDRC office's "refresh now")."""
    if trigger == Refresh.Trigger.USER and not may_refresh(user):
        raise PermissionDenied(_("Only the NDRC office refreshes the dashboard's figures."))
    today = today or timezone.localdate()
    started_at, clock = timezone.now(), time.perf_counter()
    with transaction.atomic():
        statements = family_statements(today=today)
        rows = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One refresh at a time (a second waits); readers are not blocked and see the old facts.
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(Figure._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE"
                )
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(Figure._meta.db_table)}")
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += max(cursor.rowcount, 0)
            if connection.vendor == "postgresql":  # every row replaced: fresh statistics for the dashboard's plans
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Figure._meta.db_table)}")
        refresh = Refresh(
            started_at=started_at,
            finished_at=timezone.now(),
            duration_ms=round((time.perf_counter() - clock) * 1000),
            rows=rows,
            trigger=trigger,
            user=user if trigger == Refresh.Trigger.USER else None,
        )
        refresh.full_clean()
        refresh.save()
        audit_record(
            action=AuditAction.WORKFLOW,
            user=refresh.user,
            instance=refresh,
            username=None if refresh.user else JOB,
            changes={
                "trigger": [None, trigger],
                "rows": [None, rows],
                "duration_ms": [None, refresh.duration_ms],
                "lights_as_of": [None, today.isoformat()],
            },
        )
    return refresh
