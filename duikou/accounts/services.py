"""Writes for organisations and accounts, and the login policy (lockout, audit of every attempt)."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duikou.core.models import AuditAction
from duikou.core.services import (
    audit_record,
    diff,
    instance_create,
    instance_delete,
    instance_update,
    snapshot,
)

from .models import Organisation, RoleGrant, User

LOGIN_FAILED_MESSAGE = gettext_lazy(
    "The username or password is not correct, or the account is locked. After 5 failed attempts an account is "
    "locked for 30 minutes; ask your security administrator if you cannot log in."
)


class LoginFailed(Exception):
    pass


# --- login --------------------------------------------------------------------------------------------

def user_login(*, request, username: str, password: str) -> User:
    """Log a user in (a session), or raise ``LoginFailed``."""
    user = user_authenticate(request=request, username=username, password=password)
    login(request, user)
    audit_record(action=AuditAction.LOGIN, user=user, instance=user)
    return user


def user_authenticate(*, request, username: str, password: str) -> User:
    """Check credentials under the lockout policy, or raise ``LoginFailed`` with one message whatever the
    reason (unknown user, wrong password, locked or inactive account), so it tells an attacker nothing."""
    username = (username or "").strip()
    candidate = User.objects.filter(username=username).first()
    if candidate is not None and candidate.is_locked:
        audit_record(action=AuditAction.LOGIN_FAILED, username=username, object_type="accounts.user",
                     object_id=str(candidate.pk), changes={"reason": "locked"})
        raise LoginFailed(LOGIN_FAILED_MESSAGE)
    user = authenticate(request, username=username, password=password)
    if user is None:
        _login_failure(candidate=candidate, username=username)
        raise LoginFailed(LOGIN_FAILED_MESSAGE)
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    return user


@transaction.atomic
def _login_failure(*, candidate: User | None, username: str) -> None:
    if candidate is None:
        audit_record(action=AuditAction.LOGIN_FAILED, username=username, changes={"reason": "unknown user"})
        return
    User.objects.filter(pk=candidate.pk).update(failed_login_count=F("failed_login_count") + 1)
    candidate.refresh_from_db(fields=["failed_login_count"])
    audit_record(action=AuditAction.LOGIN_FAILED, username=username, object_type="accounts.user",
                 object_id=str(candidate.pk), changes={"failed_login_count": candidate.failed_login_count})
    if candidate.failed_login_count >= settings.DUIKOU_LOGIN_MAX_FAILURES:
        until = timezone.now() + timedelta(minutes=settings.DUIKOU_LOGIN_LOCK_MINUTES)
        User.objects.filter(pk=candidate.pk).update(locked_until=until, failed_login_count=0)
        audit_record(action=AuditAction.LOCKED, username=username, object_type="accounts.user",
                     object_id=str(candidate.pk), changes={"locked_until": until.isoformat()})


def user_logout(*, request) -> None:
    user = request.user
    if user.is_authenticated:
        audit_record(action=AuditAction.LOGOUT, user=user, instance=user)
    logout(request)


def user_change_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is not correct.")})
    if old_password == new_password:
        raise ValidationError({"new_password1": _("Choose a password different from the current one.")})
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(action=AuditAction.PASSWORD_CHANGE, user=user, instance=user)


def generate_initial_password(length: int = 16) -> str:
    """A random password that satisfies the policy; the user must change it at first login."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.islower() for c in candidate) and any(c.isupper() for c in candidate)
                and any(c.isdigit() for c in candidate)):
            return candidate


# --- accounts (security administrator) -------------------------------------------------------------

@transaction.atomic
def user_create(*, actor, data: dict, password: str | None = None) -> tuple[User, str]:
    """Create an account with a one-time password; returns the account and that password."""
    initial = password or generate_initial_password()
    user = User(**{k: v for k, v in data.items() if k != "password"})
    if not User.objects.allows(actor, "add", user):
        raise PermissionDenied(_("Only the security administrator creates accounts."))
    password_validation.validate_password(initial, user)
    user.set_password(initial)
    user.must_change_password = True
    user.full_clean()
    user.save()
    audit_record(action=AuditAction.CREATE, user=actor, instance=user, changes=diff({}, snapshot(user)))
    return user, initial


def user_update(*, actor, user: User, data: dict, expected_version: int | None) -> User:
    return instance_update(instance=user, user=actor, data=data, expected_version=expected_version)


@transaction.atomic
def user_reset_password(*, actor, user: User) -> str:
    if not User.objects.allows(actor, "change", user):
        raise PermissionDenied(_("Only the security administrator resets passwords."))
    initial = generate_initial_password()
    user.set_password(initial)
    user.must_change_password = True
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["password", "must_change_password", "failed_login_count", "locked_until"])
    audit_record(action=AuditAction.UPDATE, user=actor, instance=user, changes={"password": ["***", "reset"]})
    return initial


@transaction.atomic
def role_grant(*, actor, user: User, role: str, region=None) -> RoleGrant:
    grant = instance_create(model=RoleGrant, user=actor, data={"user": user, "role": role, "region": region})
    user.__dict__.pop("scope", None)
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant) -> None:
    instance_delete(instance=grant, user=actor)


# --- organisations --------------------------------------------------------------------------------

def organisation_create(*, user, data: dict) -> Organisation:
    return instance_create(model=Organisation, user=user, data=data)


def organisation_update(*, user, organisation: Organisation, data: dict, expected_version: int | None) -> Organisation:
    return instance_update(instance=organisation, user=user, data=data, expected_version=expected_version)


def organisation_delete(*, user, organisation: Organisation) -> None:
    instance_delete(instance=organisation, user=user)
