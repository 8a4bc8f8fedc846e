"""Writes every domain service builds on: create, update (with an optimistic lock) and delete, each
checked against the user's scope, validated with ``full_clean()``, and recorded in the audit trail."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .middleware import current_client_ip, current_request_id
from .models import AuditAction, AuditEntry


class ConflictError(ValidationError):
    """The record changed since the user loaded it: nothing was saved."""


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


SECRET_FIELDS = {"password"}


def mask_personal(value):
    """A personal value as the audit log stores it: a keyed hash (HMAC-SHA256 with the secret key, first 16
    hex digits), so the log shows that a name changed, and lets whoever holds the key check a given name,
    without holding the name in clear. Empty stays empty."""
    if value is None or value == "":
        return value
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()
    return f"sha256:{digest[:16]}"


def snapshot(instance: models.Model) -> dict:
    """The field values of an instance as JSON (foreign keys by primary key, many-to-many as sorted keys).
    The fields a model lists in ``personal_fields`` are stored masked (``mask_personal``)."""
    data = {}
    personal = set(getattr(instance, "personal_fields", ()))
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = _jsonable(getattr(instance, field.attname))
        data[field.name] = mask_personal(value) if field.name in personal else value
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(_jsonable(pk) for pk in getattr(instance, field.name).values_list("pk", flat=True))
    return data


def diff(before: dict, after: dict) -> dict:
    ignored = {"updated_at", "version"}
    keys = (set(before) | set(after)) - ignored
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(*, action: str, user=None, instance: models.Model | None = None, changes: dict | None = None,
                 username: str | None = None, object_type: str = "", object_id: str = "", object_repr: str = ""):
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:255]
    actor = user if getattr(user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=(username if username is not None else getattr(actor, "username", ""))[:150],
        request_id=current_request_id() if current_request_id() != "-" else "",
        ip_address=current_client_ip(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
    )


def changes_since(*, instance: models.Model, versions: int) -> list[str]:
    """What the last ``versions`` audited updates of a record changed, as readable lines."""
    if versions <= 0:
        return []
    entries = list(AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("-id")[:versions])
    merged: dict[str, list] = {}
    for entry in reversed(entries):
        for name, (old, new) in (entry.changes or {}).items():
            merged[name] = [merged[name][0] if name in merged else old, new, entry.actor_username]
    lines = []
    for name, (old, new, who) in merged.items():
        try:
            label = str(instance._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a field since removed: show its name
            label = name
        lines.append(f"{label}: “{_short(old)}” → “{_short(new)}” ({who})")
    return lines


def _short(value, limit=60):
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _split(model, data: dict):
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    return plain, m2m


ACTION_LABELS = {"add": gettext_lazy("create"), "change": gettext_lazy("change"), "delete": gettext_lazy("delete")}


def _require(user, action, instance):
    if not type(instance).objects.allows(user, action, instance):
        raise PermissionDenied(_("You may not %(action)s this record in its region or pairing.")
                               % {"action": ACTION_LABELS.get(action, action)})


@transaction.atomic
def instance_create(*, model: type[models.Model], user, data: dict) -> models.Model:
    plain, m2m = _split(model, data)
    instance = model(**plain)
    _require(user, "add", instance)
    instance.full_clean()
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    audit_record(action=AuditAction.CREATE, user=user, instance=instance, changes=diff({}, snapshot(instance)))
    return instance


@transaction.atomic
def instance_update(*, instance: models.Model, user, data: dict, expected_version: int | None) -> models.Model:
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    _require(user, "change", current)
    if expected_version is not None and current.version != expected_version:
        changed = changes_since(instance=current, versions=current.version - expected_version)
        message = _("This record was changed by someone else (version %(theirs)s; you edited version %(yours)s). "
                    "Nothing was saved: reload the page, then make your change again.") % {
            "theirs": current.version, "yours": expected_version}
        if changed:
            message += " " + _("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(changed)}
        error = ConflictError(message, code="conflict")
        error.changed = changed
        raise error
    before = snapshot(current)
    plain, m2m = _split(model, data)
    for name, value in plain.items():
        setattr(current, name, value)
    _require(user, "change", current)  # may not move a record out of one's own scope
    current.full_clean()
    current.version = current.version + 1
    current.save()
    for name, values in m2m.items():
        getattr(current, name).set(values)
    changes = diff(before, snapshot(current))
    if changes:
        audit_record(action=AuditAction.UPDATE, user=user, instance=current, changes=changes)
    return current


@transaction.atomic
def instance_delete(*, instance: models.Model, user) -> None:
    _require(user, "delete", instance)
    before = snapshot(instance)
    label, pk, text = instance._meta.label_lower, str(instance.pk), str(instance)[:255]
    try:
        instance.delete()
    except models.ProtectedError as exc:
        names = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        raise ValidationError(
            _("This record is still used by: %(names)s. Remove or reassign those first.") % {"names": ", ".join(names)}
        )
    audit_record(action=AuditAction.DELETE, user=user, object_type=label, object_id=pk, object_repr=text,
                 changes=diff(before, {}))
