"""Every change leaves a trace the audit administrator can read and nobody can erase."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import OrganisationFactory, make_persona


@pytest.fixture
def office(db):
    return OrganisationFactory(name="江苏省对口合作办公室", region_id="320000", contact_name="王五")


def edit_as_jiangsu(client, office):
    client.force_login(make_persona("jiangsu"))
    return client.post(reverse("accounts:organisation_update", args=[office.pk]), {
        "name": office.name, "kind": office.kind, "region": "320000", "contact_name": "赵六",
        "version": office.version,
    }, headers={"X-Request-ID": "req-jiangsu-0001"})


def test_an_edit_as_jiangsu_is_audited_with_before_and_after(client, office):
    response = edit_as_jiangsu(client, office)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="accounts.organisation")
    assert entry.actor_username == "jiangsu"
    assert entry.request_id == "req-jiangsu-0001"
    assert entry.changes["contact_name"] == ["王五", "赵六"]
    assert entry.object_id == str(office.pk)


def test_the_audit_administrator_sees_it_and_others_do_not(client, office):
    edit_as_jiangsu(client, office)
    client.force_login(make_persona("auditor"))
    response = client.get(reverse("core:audit_list"), {"q": "jiangsu"})
    body = response.content.decode()
    assert response.status_code == 200 and "赵六" in body and "王五" in body
    for persona in ("ndrc", "security", "sysadmin", "liaoning"):
        client.force_login(make_persona(persona))
        assert client.get(reverse("core:audit_list")).status_code == 403, persona


def test_nobody_can_change_or_delete_the_audit_log(client, office):
    edit_as_jiangsu(client, office)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.update(actor_username="x")
    entry.actor_username = "someone-else"
    with pytest.raises(PermissionDenied):
        entry.save()
    # below the ORM, the database itself refuses
    for sql in ("UPDATE core_auditentry SET actor_username = 'x'", "DELETE FROM core_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.filter(actor_username="jiangsu").exists()


def test_the_application_offers_no_way_to_edit_the_log():
    from django.urls import get_resolver

    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    assert not [n for n in names if "audit" in n and n != "audit_list"]


def test_deleting_a_record_keeps_its_last_values(client, db):
    from duikou.core.testing import AgreementFactory, pairing

    agreement = AgreementFactory(pairing=pairing("210000", "320000"), title="待删除的协议")
    client.force_login(make_persona("liaoning"))
    response = client.post(reverse("regions:agreement_delete", args=[agreement.pk]))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.changes["title"] == ["待删除的协议", None]
