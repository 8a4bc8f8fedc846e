"""Reads for the funding ledger: totals by stage and the rate of money in place against money committed,
per project, park, pairing or source, for what the user may see."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import FundingStage, Source

GROUPS = ("pairing", "source", "project", "park")
PAGED_GROUPS = ("project", "park")  # as many groups as projects or parks: shown a page at a time


def _stage_sum(stage):
    return Coalesce(Sum("amount", filter=Q(stage=stage)), Value(Decimal(0)),
                    output_field=DecimalField(max_digits=18, decimal_places=2))


def rate(in_place: Decimal, committed: Decimal) -> Decimal | None:
    """Money in place as a percentage of money committed (None when nothing is committed)."""
    if not committed:
        return None
    return (in_place * 100 / committed).quantize(Decimal("0.1"))


def funding_groups(*, entries, by: str):
    """``entries`` (an already scoped and filtered queryset) grouped by ``by`` on its own column (no join):
    planned, committed and in-place totals and the number of entries per group, as a values queryset to
    list or page."""
    queryset = entries.order_by()
    if by in PAGED_GROUPS:
        queryset = queryset.filter(**{f"{by}__isnull": False})
    return queryset.values(by).annotate(
        planned=_stage_sum(FundingStage.PLANNED), committed=_stage_sum(FundingStage.COMMITTED),
        in_place=_stage_sum(FundingStage.IN_PLACE), entries=Count("id")).order_by(by)


def label_groups(rows, *, by: str) -> list[dict]:
    """The rows of ``funding_groups`` with their key, label and in-place rate: one query for the labels of
    pairings, projects or parks (whatever the number of rows)."""
    rows = [dict(row) for row in rows]
    keys = [row[by] for row in rows]
    if by == "source":
        labels = dict(Source.choices)
    elif by == "pairing":
        from duikou.regions.models import Pairing

        labels = {p.pk: str(p) for p in Pairing.objects.filter(pk__in=keys).select_related("northeast", "east")}
    elif by == "project":
        from duikou.projects.models import Project

        labels = dict(Project.objects.filter(pk__in=keys).values_list("pk", "title"))
    else:
        from duikou.parks.models import Park

        labels = dict(Park.objects.filter(pk__in=keys).values_list("pk", "name"))
    for row in rows:
        row["key"] = row[by]
        row["label"] = str(labels.get(row[by], row[by]))
        row["rate"] = rate(row["in_place"], row["committed"])
    return rows


def funding_rates(*, entries, by: str) -> list[dict]:
    """Every group of ``entries`` by ``by``, labelled, with its rate (two queries)."""
    return label_groups(funding_groups(entries=entries, by=by), by=by)


def totals_of(rows: list[dict]) -> dict:
    """The totals of grouped rows (the groups of one scan add up to the whole)."""
    totals = {name: sum((row[name] for row in rows), Decimal(0)) for name in ("planned", "committed", "in_place")}
    totals["rate"] = rate(totals["in_place"], totals["committed"])
    return totals


def funding_totals(*, entries) -> dict:
    """Planned, committed and in-place totals of ``entries`` and the in-place rate (one query)."""
    totals = entries.order_by().aggregate(planned=_stage_sum(FundingStage.PLANNED),
                                          committed=_stage_sum(FundingStage.COMMITTED),
                                          in_place=_stage_sum(FundingStage.IN_PLACE))
    totals["rate"] = rate(totals["in_place"], totals["committed"])
    return totals
