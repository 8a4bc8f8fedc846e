"""Two people editing the same record: the second save is refused, nothing is overwritten or lost."""

import pytest
from django.urls import reverse

from duikou.accounts.models import Organisation
from duikou.core.testing import OrganisationFactory, make_persona


@pytest.fixture
def office(db):
    return OrganisationFactory(name="辽宁省对口合作办公室", region_id="210000", contact_name="甲")


def form(office, contact, version):
    return {"name": office.name, "kind": office.kind, "region": "210000", "contact_name": contact, "version": version}


def test_a_stale_form_is_refused_and_keeps_the_users_input(client, office):
    client.force_login(make_persona("liaoning"))
    url = reverse("accounts:organisation_update", args=[office.pk])
    first = client.post(url, form(office, "乙", office.version))
    assert first.status_code == 302
    second = client.post(url, form(office, "丙", office.version))  # based on the old version
    assert second.status_code == 200
    body = second.content.decode()
    assert "丙" in body  # the user's input is still on the form
    assert "changed by someone else" in body or "已被他人修改" in body
    assert Organisation.objects.get(pk=office.pk).contact_name == "乙"


def test_a_stale_api_update_gets_409(client, office):
    client.force_login(make_persona("liaoning"))
    url = f"/api/v1/organisations/{office.pk}/"
    ok = client.patch(url, {"contact_name": "乙", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"contact_name": "丙", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    missing = client.patch(url, {"contact_name": "丙"}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert Organisation.objects.get(pk=office.pk).contact_name == "乙"


def test_a_record_cannot_be_moved_out_of_ones_own_region(client, office):
    client.force_login(make_persona("liaoning"))
    response = client.patch(f"/api/v1/organisations/{office.pk}/", {"region": "220000", "version": 1},
                            content_type="application/json")
    assert response.status_code in (400, 403)
    assert Organisation.objects.get(pk=office.pk).region_id == "210000"
