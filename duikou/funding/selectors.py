"""Reads for the funding ledger: totals by stage and the rate of money in place against money committed,
per project, park, pairing or source, for what the user may see."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import FundingStage, Source

GROUPS = {
    "source": ("source",),
    "pairing": ("pairing", "pairing__northeast__name", "pairing__east__name"),
    "project": ("project", "project__title"),
    "park": ("park", "park__name"),
}


def _stage_sum(stage):
    return Coalesce(Sum("amount", filter=Q(stage=stage)), Value(Decimal(0)),
                    output_field=DecimalField(max_digits=18, decimal_places=2))


def rate(in_place: Decimal, committed: Decimal) -> Decimal | None:
    """Money in place as a percentage of money committed (None when nothing is committed)."""
    if not committed:
        return None
    return (in_place * 100 / committed).quantize(Decimal("0.1"))


def funding_rates(*, entries, by: str) -> list[dict]:
    """One row per group of ``entries`` (an already scoped and filtered queryset): planned, committed
    and in-place totals, the number of entries and the in-place rate. One query."""
    fields = GROUPS[by]
    queryset = entries
    if by in ("project", "park"):
        queryset = queryset.filter(**{f"{by}__isnull": False})
    rows = list(queryset.order_by().values(*fields).annotate(
        planned=_stage_sum(FundingStage.PLANNED), committed=_stage_sum(FundingStage.COMMITTED),
        in_place=_stage_sum(FundingStage.IN_PLACE), entries=Count("id")).order_by(*fields[:1]))
    labels = dict(Source.choices)
    for row in rows:
        row["rate"] = rate(row["in_place"], row["committed"])
        if by == "source":
            row["label"] = labels.get(row["source"], row["source"])
        elif by == "pairing":
            row["label"] = f"{row['pairing__northeast__name']}–{row['pairing__east__name'] or '?'}"
        else:
            row["label"] = row[f"{fields[1]}"]
        row["key"] = row[fields[0]]
    return rows


def funding_totals(*, entries) -> dict:
    """Planned, committed and in-place totals of ``entries`` and the in-place rate (one query)."""
    totals = entries.order_by().aggregate(planned=_stage_sum(FundingStage.PLANNED),
                                          committed=_stage_sum(FundingStage.COMMITTED),
                                          in_place=_stage_sum(FundingStage.IN_PLACE))
    totals["rate"] = rate(totals["in_place"], totals["committed"])
    return totals
