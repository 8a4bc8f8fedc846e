"""Reads for parks: the benefit-sharing ledger, computed from the park's monthly figures and the
agreement in force in each month."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import BenefitAgreement, Park, ParkFigure

CENT = Decimal("0.01")


def split(amount: Decimal, host_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Split an amount by the host side's percentage: the host's share is rounded half up to the fen of
    万元 (0.01), the partner gets the rest, so the two always add up to the amount."""
    host = (amount * host_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return host, amount - host


@dataclass
class LedgerRow:
    period: str
    figure: ParkFigure
    agreement: BenefitAgreement | None
    tax_host: Decimal
    tax_partner: Decimal
    gdp_host: Decimal
    gdp_partner: Decimal


@dataclass
class LedgerYear:
    year: str
    rows: list[LedgerRow] = field(default_factory=list)

    def _sum(self, name):
        return sum((getattr(r, name) for r in self.rows), Decimal(0))

    @property
    def tax(self):
        return sum((r.figure.tax_revenue for r in self.rows), Decimal(0))

    @property
    def gdp(self):
        return sum((r.figure.gdp for r in self.rows), Decimal(0))

    @property
    def tax_host(self):
        return self._sum("tax_host")

    @property
    def tax_partner(self):
        return self._sum("tax_partner")

    @property
    def gdp_host(self):
        return self._sum("gdp_host")

    @property
    def gdp_partner(self):
        return self._sum("gdp_partner")


def benefit_ledger(*, park: Park, year: str | None = None) -> list[LedgerYear]:
    """Each month's tax revenue and GDP statistics split between the host and the partner side by the
    agreement in force on the month's first day, grouped by year (newest first). A month no agreement
    covers is counted wholly to the host side (where the revenue arises, 属地原则)."""
    figures = ParkFigure.objects.filter(park=park).order_by("period")
    if year:
        figures = figures.filter(period__startswith=f"{year}-")
    agreements = list(BenefitAgreement.objects.filter(park=park).order_by("effective_from"))
    years: dict[str, LedgerYear] = {}
    for figure in figures:
        agreement = next((a for a in agreements if a.covers(figure.period)), None)
        tax_pct = agreement.tax_host if agreement else Decimal(100)
        gdp_pct = agreement.gdp_host if agreement else Decimal(100)
        tax_host, tax_partner = split(figure.tax_revenue, tax_pct)
        gdp_host, gdp_partner = split(figure.gdp, gdp_pct)
        years.setdefault(figure.period[:4], LedgerYear(year=figure.period[:4])).rows.append(
            LedgerRow(period=figure.period, figure=figure, agreement=agreement, tax_host=tax_host,
                      tax_partner=tax_partner, gdp_host=gdp_host, gdp_partner=gdp_partner))
    return sorted(years.values(), key=lambda y: y.year, reverse=True)
