"""Reads for events: the scoped list with its pairings and outcome totals (a flat number of queries), the
month grid of the calendar, the events of a calendar feed, and the yearly figures by pairing."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from duikou.accounts.models import Organisation
from duikou.projects.models import Project
from duikou.regions.models import Pairing

from .models import Event, EventOutcome

PAIRINGS = Prefetch("pairings", queryset=Pairing.objects.select_related("northeast", "east"))


def _outcome_total(column: str, output):
    rows = (
        EventOutcome.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum(column))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=output), Value(0), output_field=output)


def event_list(*, user, queryset=None):
    """The events the user may view, with their pairings prefetched and their outcome totals annotated
    (``agreements_total``, ``amount_total`` in 万元) by subqueries, so a list takes the same queries for 5
    rows as for 500."""
    queryset = Event.objects.all() if queryset is None else queryset
    return (
        queryset.for_user(user, "view")
        .select_related("key_task")
        .prefetch_related(PAIRINGS)
        .annotate(
            agreements_total=_outcome_total("agreements", IntegerField()),
            amount_total=_outcome_total("amount", DecimalField(max_digits=16, decimal_places=2)),
        )
    )


def event_detail_queryset(*, user):
    return Event.objects.for_user(user, "view").select_related("key_task").prefetch_related(
        PAIRINGS,
        Prefetch("organisations", queryset=Organisation.objects.select_related("region")),
        Prefetch(
            "outcomes",
            queryset=EventOutcome.objects.select_related("pairing__northeast", "pairing__east", "project"),
        ),
    )


def outcome_projects(*, user, event: Event):
    """The projects an outcome of the event may name: the user's, of one of the event's pairings."""
    return (
        Project.objects.for_user(user, "view")
        .filter(pairing__in=event.pairings.values("pk"))
        .select_related("pairing__northeast", "pairing__east")
        .order_by("pairing_id", "title")
    )


# --- the calendar ------------------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def calendar_month(*, user, year: int, month: int, today: datetime.date) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with the user's events under way that day: an event of
    several days shows on each of them. One query."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    events = list(
        Event.objects.for_user(user, "view")
        .filter(start__lte=last, end__gte=first)
        .order_by("start", "id")
        .only("id", "title", "kind", "start", "end")
    )
    grid = []
    for week in weeks:
        row = []
        for day in week:
            row.append(
                CalendarDay(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    events=[e for e in events if e.start <= day <= e.end],
                )
            )
        grid.append(row)
    return grid


def feed_events(*, user):
    """Exactly the events the user may view, for its calendar feed."""
    return (
        Event.objects.for_user(user, "view")
        .order_by("start", "id")
        .only("id", "title", "kind", "start", "end", "place", "updated_at", "created_at")
    )


# --- yearly figures ---------------------------------------------------------------------------------------


def event_figures_by_pairing_year(*, pairing_ids=None) -> list[dict]:
    """One row per (pairing, year, kind) with the number of ``events``: an event of two pairings counts once
    for each; the year is the start date's. One aggregate query over the event–pairing table. Not scoped:
    the caller passes the pairings a user may see (``pairing_ids``)."""
    rows = Event.pairings.through.objects.all()
    if pairing_ids is not None:
        rows = rows.filter(pairing_id__in=list(pairing_ids))
    return list(
        rows.values("pairing_id", year=ExtractYear("event__start"), kind=F("event__kind"))
        .annotate(events=Count("event_id"))
        .order_by("pairing_id", "year", "kind")
    )


def outcome_figures_by_pairing_year(*, pairing_ids=None) -> list[dict]:
    """One row per (pairing, year of the event's start) with the ``agreements`` signed (the sum of the
    counts) and their ``amount`` in 万元 (the sum; 0 when none was announced). One aggregate query."""
    rows = EventOutcome.objects.all()
    if pairing_ids is not None:
        rows = rows.filter(pairing_id__in=list(pairing_ids))
    amount = DecimalField(max_digits=16, decimal_places=2)
    return list(
        rows.values("pairing_id", year=ExtractYear("event__start"))
        .annotate(
            agreements=Sum("agreements"),
            amount=Coalesce(Sum("amount"), Value(Decimal("0")), output_field=amount),
        )
        .order_by("pairing_id", "year")
    )
