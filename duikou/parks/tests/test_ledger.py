"""The benefit-sharing ledger: an enclave whose tax revenue goes 60 % to the partner that built it and
40 % to the host, with a year of monthly figures, gives each side the right share, checked against an
independent computation in integer fen."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from duikou.core.testing import pairing

from .. import services
from ..models import Park
from ..selectors import benefit_ledger
from .factories import ParkFactory, agreement, figure

# a year of tax revenue and value added (万元), with awkward decimals so rounding matters
TAX = ["123.45", "98.77", "110.01", "87.33", "140.00", "133.37", "99.99", "101.11", "120.05", "130.13", "90.91", "150.07"]
GDP = ["400.10", "380.25", "410.33", "395.55", "420.00", "433.17", "399.99", "401.01", "420.15", "430.43", "390.91", "450.77"]


def fen(value: str) -> int:
    whole, _, part = value.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def host_share_fen(amount_fen: int, percent: int) -> int:
    """Round half up, in integers: (amount × percent / 100) fen."""
    numerator = amount_fen * percent
    return (numerator * 2 + 100) // 200


@pytest.fixture
def enclave(db):
    park = ParkFactory(pairing=pairing("230100", "440300"), kind=Park.Kind.ENCLAVE, name="深哈产业合作园区",
                       host_region_id="230100", partner_region_id="440300")
    agreement(park, title="深哈园区税收分成协议", tax_host=40, tax_partner=60, gdp_host=50, gdp_partner=50,
              effective_from=datetime.date(2025, 1, 1), effective_to=datetime.date(2025, 12, 31))
    for month, (tax, gdp) in enumerate(zip(TAX, GDP, strict=True), start=1):
        figure(park, period=f"2025-{month:02d}", tax_revenue=Decimal(tax), gdp=Decimal(gdp))
    return park


def test_a_year_of_an_enclave_splits_60_40(enclave):
    (year,) = benefit_ledger(park=enclave)
    assert year.year == "2025" and len(year.rows) == 12
    expected_host = expected_partner = 0
    for row, tax in zip(year.rows, TAX, strict=True):
        host = host_share_fen(fen(tax), 40)
        assert fen(str(row.tax_host)) == host, row.period
        assert fen(str(row.tax_partner)) == fen(tax) - host, row.period
        expected_host += host
        expected_partner += fen(tax) - host
    assert fen(str(year.tax_host)) == expected_host
    assert fen(str(year.tax_partner)) == expected_partner
    assert expected_host + expected_partner == sum(fen(t) for t in TAX)  # nothing lost to rounding
    # 1,385.19 万元 of tax in the year: 554.07 to 哈尔滨 (40 %), 831.12 to 深圳 (60 %)
    assert (year.tax, year.tax_host, year.tax_partner) == (Decimal("1385.19"), Decimal("554.07"), Decimal("831.12"))
    for row, gdp in zip(year.rows, GDP, strict=True):
        assert fen(str(row.gdp_host)) == host_share_fen(fen(gdp), 50)
        assert row.gdp_host + row.gdp_partner == Decimal(gdp)


def test_months_outside_the_agreement_count_to_the_host(enclave):
    figure(enclave, period="2026-01", tax_revenue=Decimal("10.00"), gdp=Decimal("20.00"))
    latest, _ = benefit_ledger(park=enclave)
    (row,) = latest.rows
    assert row.agreement is None and (row.tax_host, row.tax_partner) == (Decimal("10.00"), Decimal("0.00"))


def test_a_new_agreement_changes_the_split_from_its_first_month(enclave, client):
    services.agreement_create(user=_coordinator(), park=enclave, data={
        "title": "续签协议", "signed_on": datetime.date(2025, 12, 20), "effective_from": datetime.date(2026, 1, 1),
        "tax_host": Decimal(50), "tax_partner": Decimal(50), "gdp_host": Decimal(100), "gdp_partner": Decimal(0)})
    figure(enclave, period="2026-02", tax_revenue=Decimal("10.01"), gdp=Decimal("20.00"))
    latest = benefit_ledger(park=enclave, year="2026")[0]
    (row,) = latest.rows
    assert (row.tax_host, row.tax_partner, row.gdp_host, row.gdp_partner) == (
        Decimal("5.01"), Decimal("5.00"), Decimal("20.00"), Decimal("0.00"))


def _coordinator():
    from duikou.accounts.models import RoleGrant
    from duikou.core.testing import UserFactory

    user = UserFactory(username="harbin")
    RoleGrant.objects.create(user=user, role="coordinator", region_id="230100")
    return user


def test_shares_must_add_up_to_100_and_agreements_must_not_overlap(enclave):
    user = _coordinator()
    base = {"title": "新协议", "signed_on": datetime.date(2026, 1, 1), "effective_from": datetime.date(2026, 1, 1),
            "tax_host": Decimal(60), "tax_partner": Decimal(30), "gdp_host": Decimal(50), "gdp_partner": Decimal(50)}
    with pytest.raises(ValidationError) as error:
        services.agreement_create(user=user, park=enclave, data=base)
    assert "tax_partner" in error.value.message_dict and "90" in error.value.message_dict["tax_partner"][0]
    with pytest.raises(ValidationError) as error:
        services.agreement_create(user=user, park=enclave, data={**base, "tax_partner": Decimal(40),
                                                                 "effective_from": datetime.date(2025, 6, 1)})
    assert "effective_from" in error.value.message_dict and "深哈园区税收分成协议" in error.value.message_dict["effective_from"][0]
    assert enclave.agreements.count() == 1


def test_the_ledger_page_and_api_show_the_split(enclave, client):
    client.force_login(_coordinator())
    page = client.get(enclave.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-total="2025"' in html and "554.07" in html and "831.12" in html
    body = client.get(f"/api/v1/parks/{enclave.pk}/ledger/").json()
    assert body[0]["year"] == "2025" and body[0]["tax_partner"] == "831.12" and len(body[0]["rows"]) == 12
