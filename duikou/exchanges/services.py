"""Writes for cadre secondments (STYLE convention 2): create, update and delete through the shared audited
services, with the overlap rule; the audit of each view of names; the scheduled anonymisation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.services import (
    audit_record,
    diff,
    instance_create,
    instance_delete,
    instance_update,
    snapshot,
)

from .models import Secondment


def _check_overlap(candidate: Secondment) -> None:
    """One person (same name, year of birth, sex and home organisation) is seconded once at a time."""
    if not candidate.person_name or candidate.birth_year is None or not candidate.start or not candidate.end:
        return
    other = (Secondment.objects.filter(person_name=candidate.person_name, birth_year=candidate.birth_year,
                                       sex=candidate.sex, home_organisation_id=candidate.home_organisation_id,
                                       anonymised_at__isnull=True, start__lte=candidate.end,
                                       end__gte=candidate.start)
             .exclude(pk=candidate.pk).select_related("home_organisation", "host_organisation").first())
    if other is not None:
        # The message names the other record, never the person (it may reach logs and error pages).
        raise ValidationError({"start": _(
            "This person is already seconded from %(start)s to %(end)s (%(other)s): one person's secondments "
            "cannot overlap. Change these dates, or end that secondment first.") % {
            "start": other.start, "end": other.end, "other": other}})


def _candidate(data: dict, base: Secondment | None = None) -> Secondment:
    values = {f.name: getattr(base, f.name) for f in Secondment._meta.concrete_fields} if base else {}
    values.update(data)
    candidate = Secondment(**{k: v for k, v in values.items() if k not in ("created_at", "updated_at")})
    return candidate


@transaction.atomic
def secondment_create(*, user, data: dict) -> Secondment:
    candidate = _candidate(data)
    if not Secondment.objects.allows(user, "add", candidate):
        raise PermissionDenied(_("You may not record secondments of this pairing."))
    candidate.full_clean()
    _check_overlap(candidate)
    return instance_create(model=Secondment, user=user, data=data)


@transaction.atomic
def secondment_update(*, user, secondment: Secondment, data: dict, expected_version: int | None) -> Secondment:
    if "pairing" in data and data["pairing"].pk != secondment.pairing_id:
        raise ValidationError({"pairing": _("A secondment cannot move to another pairing.")})
    if secondment.is_anonymised:
        raise ValidationError(_("This secondment has been anonymised after its retention period: it can no "
                                "longer be changed."))
    current = Secondment.objects.select_for_update().get(pk=secondment.pk)
    candidate = _candidate(data, base=current)
    candidate.full_clean(validate_unique=False, validate_constraints=False)
    _check_overlap(candidate)
    return instance_update(instance=current, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def secondment_delete(*, user, secondment: Secondment) -> None:
    instance_delete(instance=secondment, user=user)


def secondment_names_viewed(*, user, secondments, where: str) -> None:
    """Record that ``user`` saw the names in ``secondments`` (a detail page, a list with names, an export):
    one audit entry naming the records, never the people."""
    ids = [s.pk for s in secondments]
    if not ids:
        return
    if len(ids) == 1:
        audit_record(action=AuditAction.VIEW_PERSONAL, user=user, instance=secondments[0],
                     changes={"where": [None, where]})
    else:
        audit_record(action=AuditAction.VIEW_PERSONAL, user=user, object_type=Secondment._meta.label_lower,
                     object_repr=_("%(count)s secondments with names") % {"count": len(ids)},
                     changes={"where": [None, where], "ids": [None, ids]})


def secondment_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Anonymise the secondments whose end plus ``DUIKOU_SECONDMENT_RETENTION_DAYS`` has passed: the person's
    name, year of birth and posts are erased (sex, rank, organisations and dates stay, for the figures).
    Idempotent: an anonymised record is not touched again. Returns how many were anonymised."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.DUIKOU_SECONDMENT_RETENTION_DAYS)
    count = 0
    pending = Secondment.objects.filter(anonymised_at__isnull=True, end__lt=cutoff).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            record = Secondment.objects.select_for_update().select_related(
                "home_organisation", "host_organisation").get(pk=pk)
            if record.anonymised_at is not None:
                continue
            before = snapshot(record)
            record.person_name, record.birth_year, record.home_post, record.host_post = "", None, "", ""
            record.anonymised_at = timezone.now()
            record.version += 1
            record.save()
            audit_record(action=AuditAction.UPDATE, user=None, username="secondments_anonymise", instance=record,
                         changes=diff(before, snapshot(record)))
            count += 1
    return count
