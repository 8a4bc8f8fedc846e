"""Login as a government system needs it: password policy, lockout, idle sessions, first-login change."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duikou.accounts.models import User
from duikou.accounts.services import LOGIN_FAILED_MESSAGE
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import PASSWORD, make_persona

LOGIN = "/work/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize("password, reason", [
    ("Short-1a", "too short"),
    ("alllowercaseletters", "one class only"),
    ("Password1234", "common"),
    ("liaoning-Office-1", "like the username"),
])
@pytest.mark.django_db
def test_weak_passwords_are_refused(password, reason):
    user = User(username="liaoning-office", full_name="", email="")
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user)


@pytest.mark.django_db
def test_a_strong_password_passes():
    password_validation.validate_password("Dong-Bei-Zhen-Xing-2017", User(username="someone"))


@pytest.mark.django_db
def test_login_and_logout_are_audited(client):
    user = make_persona("liaoning")
    response = attempt(client, "liaoning", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    client.post(reverse("accounts:logout"))
    actions = list(AuditEntry.objects.filter(actor=user).values_list("action", flat=True))
    assert AuditAction.LOGIN in actions and AuditAction.LOGOUT in actions


@pytest.mark.django_db
def test_unknown_user_and_wrong_password_get_the_same_message(client):
    make_persona("liaoning")
    wrong = attempt(client, "liaoning", "Wrong-Password-1")
    unknown = attempt(client, "nobody", "Wrong-Password-1")
    assert str(LOGIN_FAILED_MESSAGE) in wrong.content.decode()
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 2


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_30_minutes(client):
    user = make_persona("liaoning")
    for _ in range(5):
        attempt(client, "liaoning", "Wrong-Password-1")
    user.refresh_from_db()
    assert user.is_locked
    assert timedelta(minutes=29) < user.locked_until - timezone.now() <= timedelta(minutes=30)
    # even the right password is refused now, with the same message
    response = attempt(client, "liaoning", PASSWORD)
    assert response.status_code == 200 and str(LOGIN_FAILED_MESSAGE) in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED, object_id=str(user.pk)).exists()
    # after 30 minutes it opens again
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert attempt(client, "liaoning", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_api_token_obeys_the_same_lockout(client):
    make_persona("liaoning")
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "liaoning", "password": "Wrong-Password-1"})
    response = client.post("/api/v1/auth/token/", {"username": "liaoning", "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.django_db
def test_token_authentication_reaches_the_scoped_api(client):
    make_persona("liaoning")
    token = client.post("/api/v1/auth/token/", {"username": "liaoning", "password": PASSWORD}).json()["token"]
    response = client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200 and response.json()["username"] == "liaoning"


def test_the_idle_timeout_is_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_a_new_account_must_change_its_password_first(client):
    user = make_persona("liaoning")
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    attempt(client, "liaoning", PASSWORD)
    response = client.get(reverse("regions:pairing_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:password_change"))
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Dong-Bei-Zhen-Xing-2017", "new_password2": "Dong-Bei-Zhen-Xing-2017"})
    assert response.status_code == 302
    assert client.get(reverse("regions:pairing_list")).status_code == 200


@pytest.mark.django_db
def test_a_fresh_install_has_no_account_and_createadmin_makes_the_first(capsys):
    assert User.objects.count() == 0
    call_command("createadmin", "security", "--role", "security_admin")
    output = capsys.readouterr().out
    user = User.objects.get(username="security")
    assert user.must_change_password and user.scope.roles == {"security_admin"}
    password = output.split("One-time password: ")[1].split()[0]
    assert user.check_password(password)


@pytest.mark.django_db
def test_separated_administrators_cannot_be_combined():
    from duikou.accounts.services import role_grant

    security = make_persona("security")
    target = make_persona("auditor")
    with pytest.raises(ValidationError):
        role_grant(actor=security, user=target, role="system_admin")
    with pytest.raises(ValidationError):
        role_grant(actor=security, user=target, role="national_reviewer")


@pytest.mark.django_db
def test_demo_is_idempotent_and_refuses_a_real_database(capsys):
    from django.core.management.base import CommandError

    call_command("demo")
    call_command("demo")
    # 5 central, 14 coordination offices, and the statistician of the 哈尔滨–深圳 park (a reporter)
    assert User.objects.filter(is_demo=True).count() == 20
    assert "hspark" in capsys.readouterr().out
    assert User.objects.get(username="ndrc").check_password(settings.DUIKOU_DEMO_PASSWORD)
    User.objects.create_user(username="real-person", password="Dong-Bei-Zhen-Xing-2017")
    with pytest.raises(CommandError):
        call_command("demo")


@pytest.mark.django_db
def test_an_idle_session_ends(client):
    from django.contrib.sessions.models import Session

    make_persona("liaoning")
    attempt(client, "liaoning", PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200
    session = Session.objects.get()
    # every request pushes the expiry 30 minutes ahead: the session lives as long as it is used
    assert timedelta(minutes=29) < session.expire_date - timezone.now() <= timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # 30 idle minutes later
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
