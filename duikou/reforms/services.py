"""Writes for reform practices and their replications (STYLE convention 2): create, update and delete through
the shared audited services; a replication's status changes only through ``replication_set_status``, which
dates it and keeps its history."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.services import (
    ConflictError,
    audit_record,
    diff,
    instance_create,
    instance_delete,
    instance_update,
    snapshot,
)
from duikou.search.services import search_index_remove, search_index_update

from .models import ReformPractice, Replication, ReplicationStatus, ReplicationStatusChange

# --- practices ---------------------------------------------------------------------------------------------


@transaction.atomic
def practice_create(*, user, data: dict) -> ReformPractice:
    practice = instance_create(model=ReformPractice, user=user, data=data)
    search_index_update(instance=practice)
    return practice


@transaction.atomic
def practice_update(
    *, user, practice: ReformPractice, data: dict, expected_version: int | None
) -> ReformPractice:
    origin = data.get("origin")
    if origin is not None and origin.pk != practice.origin_id and practice.replications.exists():
        raise ValidationError(
            {
                "origin": _(
                    "Replications of this practice are recorded and their pairings follow from its origin: the "
                    "origin cannot change. Record the practice anew under the right origin instead."
                )
            }
        )
    updated = instance_update(instance=practice, user=user, data=data, expected_version=expected_version)
    search_index_update(instance=updated)
    return updated


@transaction.atomic
def practice_delete(*, user, practice: ReformPractice) -> None:
    if practice.replications.exists():
        # Not how many, nor where: some may lie outside the user's scope.
        raise ValidationError(
            _("Replications of this practice are recorded: it cannot be deleted while they exist.")
        )
    search_index_remove(instance=practice)
    instance_delete(instance=practice, user=user)


# --- replications ------------------------------------------------------------------------------------------

FIXED = ("practice", "region")
STATUS_FIELDS = ("status", "status_since")


@transaction.atomic
def replication_create(*, user, data: dict) -> Replication:
    """Record a replication at its current status (planned from today by default), with the first line of
    its status history. The pairing follows from the regions."""
    today = timezone.localdate()
    data = {
        **data,
        "status": data.get("status") or ReplicationStatus.PLANNED,
        "status_since": data.get("status_since") or today,
    }
    data.pop("pairing", None)
    data["pairing"] = Replication(**data).derive_pairing()
    replication = instance_create(model=Replication, user=user, data=data)
    ReplicationStatusChange.objects.create(
        replication=replication,
        from_status="",
        to_status=replication.status,
        on=replication.status_since,
        evidence=replication.evidence if replication.status == ReplicationStatus.REPLICATED else "",
        user=user,
    )
    return replication


@transaction.atomic
def replication_update(
    *, user, replication: Replication, data: dict, expected_version: int | None
) -> Replication:
    """Correct the start date, the evidence and the notes. The practice and the region are fixed; the
    status moves through ``replication_set_status``."""
    for name in FIXED:
        if name in data and getattr(data[name], "pk", data[name]) != getattr(replication, f"{name}_id"):
            raise ValidationError(
                {
                    name: _(
                        "A replication cannot move to another practice or region: record a new one (and delete "
                        "this one if it was wrong)."
                    )
                }
            )
    for name in STATUS_FIELDS:
        if name in data and data[name] != getattr(replication, name):
            raise ValidationError(
                {
                    name: _(
                        "Change the status with “Change status”: it dates the change and keeps the history."
                    )
                }
            )
    data = {k: v for k, v in data.items() if k not in (*FIXED, *STATUS_FIELDS, "pairing")}
    return instance_update(instance=replication, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def replication_delete(*, user, replication: Replication) -> None:
    instance_delete(instance=replication, user=user)


@transaction.atomic
def replication_set_status(
    *,
    user,
    replication: Replication,
    status: str,
    on: datetime.date | None,
    evidence: str = "",
    expected_version: int | None = None,
) -> Replication:
    """Move a replication to another status on a date, keeping the change in its history. A date in the
    future or before the previous change is refused; "replicated" needs evidence (given here, or already on
    the record). Evidence given here replaces the record's."""
    current = (
        Replication.objects.select_for_update().select_related("practice", "region").get(pk=replication.pk)
    )
    if not Replication.objects.allows(user, "change", current):
        raise PermissionDenied(_("You may not change the status of this replication."))
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "This record was changed by someone else (version %(theirs)s; you edited version %(yours)s). "
                "Nothing was saved: reload the page, then make your change again."
            )
            % {"theirs": current.version, "yours": expected_version},
            code="conflict",
        )
    if status not in ReplicationStatus.values:
        raise ValidationError(
            {"status": _("“%(status)s” is not a status of a replication.") % {"status": status}}
        )
    if status == current.status:
        raise ValidationError(
            {
                "status": _(
                    "The replication is already “%(status)s” (since %(date)s): choose another status."
                )
                % {"status": current.get_status_display(), "date": current.status_since}
            }
        )
    if on is None:
        raise ValidationError({"on": _("Enter the date of the change.")})
    if on > timezone.localdate():
        raise ValidationError(
            {
                "on": _(
                    "A status change cannot be dated in the future (%(date)s): enter the date it happened."
                )
                % {"date": on}
            }
        )
    last = current.status_changes.order_by("-on", "-id").first()
    previous = max(filter(None, [current.status_since, last.on if last else None]))
    if on < previous:
        raise ValidationError(
            {
                "on": _(
                    "The replication entered “%(status)s” on %(date)s: the change cannot be dated earlier."
                )
                % {"status": current.get_status_display(), "date": previous}
            }
        )
    before = snapshot(current)
    evidence = (evidence or "").strip()
    if evidence:
        current.evidence = evidence
    current.status, current.status_since = status, on
    current.full_clean()
    ReplicationStatusChange.objects.create(
        replication=current,
        from_status=before["status"],
        to_status=status,
        on=on,
        evidence=evidence,
        user=user,
    )
    current.version += 1
    current.save()
    audit_record(
        action=AuditAction.UPDATE, user=user, instance=current, changes=diff(before, snapshot(current))
    )
    return current
