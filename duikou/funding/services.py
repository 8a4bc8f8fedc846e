"""Writes for the funding ledger (STYLE convention 2): an entry takes its pairing from its project or park,
which must be one the user may write for; money in place or committed cannot be dated in the future."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.services import instance_create, instance_delete, instance_update
from duikou.parks.models import Park
from duikou.projects.models import Project

from .models import FundingEntry, FundingStage


def _check(*, user, entry: FundingEntry):
    """The project or park must be in the user's scope (otherwise it reads as not existing), and one the
    user may record money for."""
    for name, model in (("project", Project), ("park", Park)):
        target_id = getattr(entry, f"{name}_id")
        if target_id and not model.objects.for_user(user, "view").filter(pk=target_id).exists():
            raise ValidationError({name: _("No such %(kind)s in your pairings: choose one from the list.")
                                   % {"kind": model._meta.verbose_name}})
    if entry.target is not None and not FundingEntry.objects.allows(user, "add", entry):
        field = "project" if entry.project_id else "park"
        raise ValidationError({field: _("You may record funding only for the projects your organisation hosts "
                                        "and the parks it operates.")})
    if entry.on and entry.stage in (FundingStage.COMMITTED, FundingStage.IN_PLACE) and entry.on > timezone.localdate():
        raise ValidationError({"on": _("Money committed or in place cannot be dated in the future: enter the date "
                                       "of the commitment or of the transfer.")})


def _with_pairing(data: dict) -> dict:
    target = data.get("project") or data.get("park")
    return {**data, "pairing": target.pairing} if target is not None else data


@transaction.atomic
def funding_entry_create(*, user, data: dict) -> FundingEntry:
    data = _with_pairing({**data, "recorded_by": user})
    entry = FundingEntry(**{k: v for k, v in data.items()})
    _check(user=user, entry=entry)
    return instance_create(model=FundingEntry, user=user, data=data)


@transaction.atomic
def funding_entry_update(*, user, entry: FundingEntry, data: dict, expected_version: int | None) -> FundingEntry:
    data = _with_pairing(data)
    fields = {f.name: data.get(f.name, getattr(entry, f.name)) for f in FundingEntry._meta.concrete_fields
              if f.name not in ("id", "created_at", "updated_at")}
    _check(user=user, entry=FundingEntry(pk=entry.pk, **fields))
    return instance_update(instance=entry, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def funding_entry_delete(*, user, entry: FundingEntry) -> None:
    instance_delete(instance=entry, user=user)
