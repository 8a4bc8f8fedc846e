"""What makes a pairing valid, with the message a user sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from duikou.core.testing import make_persona
from duikou.regions.models import Pairing, PolicyDocument
from duikou.regions.services import pairing_create


def data(**overrides):
    base = {"northeast_id": "210700", "east_id": "320500", "tier": "city", "status": "formal",
            "established_on": datetime.date(2017, 11, 1)}
    base.update(overrides)
    return base


@pytest.fixture
def ndrc(db):
    return make_persona("ndrc")


def create(user, **overrides):
    values = data(**overrides)
    values["source_document"] = PolicyDocument.objects.get()
    values["parent"] = overrides.get("parent")
    return pairing_create(user=user, data={k: v for k, v in values.items()})


def test_national_administrator_adds_a_city_pair_under_a_province_pairing(ndrc):
    parent = Pairing.objects.get(northeast_id="210000", east_id="320000")
    pairing = create(ndrc, parent=parent)
    assert str(pairing) == "锦州市–苏州市"
    assert pairing.parent == parent


@pytest.mark.parametrize("overrides, field", [
    ({"northeast_id": "320500", "east_id": "210700"}, "northeast"),
    ({"east_id": "210100"}, "east"),
    ({"tier": "province"}, "tier"),
    ({"east_id": None}, "east"),
])
def test_invalid_pairings_name_the_field(ndrc, overrides, field):
    with pytest.raises(ValidationError) as exc:
        create(ndrc, **overrides)
    assert field in exc.value.message_dict


def test_a_city_pair_must_lie_in_the_parent_provinces(ndrc):
    parent = Pairing.objects.get(northeast_id="220000", east_id="330000")
    with pytest.raises(ValidationError) as exc:
        create(ndrc, parent=parent)
    assert "parent" in exc.value.message_dict


def test_the_same_pair_cannot_be_registered_twice(ndrc):
    with pytest.raises(ValidationError):
        create(ndrc, northeast_id="210100", east_id="110000")


def test_a_coordinator_cannot_add_pairings(db):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create(make_persona("liaoning"))
