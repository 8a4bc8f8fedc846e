"""The security administrator creates accounts and grants roles; the new account starts with a one-time
password it must change."""

import re

import pytest
from django.urls import reverse

from duikou.accounts.models import RoleGrant, User
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import OrganisationFactory, make_persona


@pytest.mark.django_db
def test_security_administrator_creates_an_account_and_grants_a_role(client):
    office = OrganisationFactory(name="大连市对口合作办公室", region_id="210200")
    client.force_login(make_persona("security"))
    response = client.post(reverse("accounts:user_create"), {
        "username": "dalian-li", "full_name": "李四", "email": "li@example.gov.cn", "organisation": office.pk,
        "is_active": "on"}, follow=True)
    assert response.status_code == 200
    user = User.objects.get(username="dalian-li")
    assert user.must_change_password
    message = [str(m) for m in response.context["messages"]][0]
    one_time = re.search(r"(?<![\w.!@#-])[\w.!@#-]{16}(?![\w.!@#-])", message).group(0)
    assert user.check_password(one_time)
    response = client.post(reverse("accounts:rolegrant_create", args=[user.pk]),
                           {"role": "coordinator", "region": "210200"})
    assert RoleGrant.objects.filter(user=user, role="coordinator", region_id="210200").exists()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="accounts.rolegrant").exists()
    # a regional role without its region is refused with a message, nothing is written
    client.post(reverse("accounts:rolegrant_create", args=[user.pk]), {"role": "reporter"})
    assert not RoleGrant.objects.filter(user=user, role="reporter").exists()


@pytest.mark.django_db
def test_only_the_security_administrator_manages_accounts(client):
    target = make_persona("jiangsu")
    for persona in ("ndrc", "liaoning", "auditor", "sysadmin"):
        client.force_login(make_persona(persona))
        assert client.get(reverse("accounts:user_create")).status_code == 403, persona
        status = client.post(reverse("accounts:user_reset_password", args=[target.pk])).status_code
        assert status in (403, 404), persona


@pytest.mark.django_db
def test_demo_accounts_log_in_with_the_demo_password_and_skip_the_change(client, settings):
    from django.core.management import call_command

    call_command("demo")
    response = client.post("/work/login/", {"username": "jilin", "password": settings.DUIKOU_DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("regions:pairing_list")).status_code == 200


@pytest.mark.django_db
def test_list_filters_answer_htmx_with_the_table_only(client):
    OrganisationFactory(name="沈阳某园区", region_id="210100")
    OrganisationFactory(name="苏州某企业", region_id="320500")
    client.force_login(make_persona("ndrc"))
    response = client.get(reverse("accounts:organisation_list"), {"q": "沈阳"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "沈阳某园区" in body and "苏州某企业" not in body
    full = client.get(reverse("accounts:organisation_list"), {"region": "210000"}).content.decode()
    assert "<html" in full and "沈阳某园区" in full and "苏州某企业" not in full
