import datetime

import factory
from factory.django import DjangoModelFactory

from duikou.core.testing import pairing

from ..models import BenefitAgreement, Park, ParkFigure


class ParkFactory(DjangoModelFactory):
    class Meta:
        model = Park

    pairing = factory.LazyFunction(lambda: pairing("210000", "320000"))
    name = factory.Sequence(lambda n: f"测试合作园区{n}")
    kind = Park.Kind.DEMONSTRATION
    host_region_id = factory.LazyAttribute(lambda o: o.pairing.northeast_id)
    partner_region_id = factory.LazyAttribute(lambda o: o.pairing.east_id)
    management_model = Park.Model.JOINT_COMMITTEE


def three_parks():
    return {"lj": ParkFactory(pairing=pairing("210000", "320000")),
            "jz": ParkFactory(pairing=pairing("220000", "330000")),
            "sb": ParkFactory(pairing=pairing("210100", "110000"))}


def figure(park, period="2026-05", **values):
    values = {"output_value": 1000, "tax_revenue": 100, "gdp": 300, "employment": 50, "basis": "园区统计", **values}
    return ParkFigure.objects.create(park=park, period=period, **values)


def agreement(park, **values):
    values = {"title": "税收分成协议", "signed_on": datetime.date(2025, 12, 1),
              "effective_from": datetime.date(2026, 1, 1), "tax_host": 40, "tax_partner": 60, "gdp_host": 50,
              "gdp_partner": 50, **values}
    return BenefitAgreement.objects.create(park=park, **values)
