"""Writes for cadre secondments and trainings (STYLE convention 2): create, update and delete through the
shared audited services, with the overlap rule and the roster-within-counts rule; the audit of each view of
names; the scheduled anonymisation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
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

from .models import Secondment, Trainee, TraineeCategory, Training


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


def names_viewed(*, user, records, where: str) -> None:
    """Record that ``user`` saw the names in ``records`` (secondments or trainees: a detail page, a list
    with names, an export): one audit entry naming the records, never the people."""
    ids = [r.pk for r in records]
    if not ids:
        return
    if len(ids) == 1:
        audit_record(action=AuditAction.VIEW_PERSONAL, user=user, instance=records[0],
                     changes={"where": [None, where]})
    else:
        model = type(records[0])
        audit_record(action=AuditAction.VIEW_PERSONAL, user=user, object_type=model._meta.label_lower,
                     object_repr=_("%(count)s %(records)s with names") % {
                         "count": len(ids), "records": model._meta.verbose_name_plural},
                     changes={"where": [None, where], "ids": [None, ids]})


def secondment_names_viewed(*, user, secondments, where: str) -> None:
    names_viewed(user=user, records=list(secondments), where=where)


# --- trainings -------------------------------------------------------------------------------------------

def _check_roster_fits(training: Training, *, adding: str | None = None) -> None:
    """The named trainees of a category never outnumber the training's count for it."""
    counts = {row["category"]: row["n"] for row in
              training.trainees.values("category").order_by().annotate(n=models.Count("id"))} if training.pk else {}
    if adding:
        counts[adding] = counts.get(adding, 0) + 1
    for category, named in counts.items():
        if named > training.count_of(category):
            label = TraineeCategory(category).label
            field = "category" if adding else category
            raise ValidationError({field: _(
                "The roster names %(named)s %(category)s but the training counts %(count)s: raise the count "
                "first, or remove a name.") % {"named": named, "category": label,
                                                 "count": training.count_of(category)}})


@transaction.atomic
def training_create(*, user, data: dict) -> Training:
    candidate = Training(**data)
    if not Training.objects.allows(user, "add", candidate):
        raise PermissionDenied(_("You may not record trainings of this pairing."))
    return instance_create(model=Training, user=user, data=data)


@transaction.atomic
def training_update(*, user, training: Training, data: dict, expected_version: int | None) -> Training:
    if "pairing" in data and data["pairing"].pk != training.pairing_id:
        raise ValidationError({"pairing": _("A training cannot move to another pairing.")})
    current = Training.objects.select_for_update().get(pk=training.pk)
    candidate = Training(**{**{f.attname: getattr(current, f.attname) for f in Training._meta.concrete_fields},
                            **{k: v for k, v in data.items() if k != "pairing"}})
    candidate.pairing = current.pairing
    _check_roster_fits(candidate)
    return instance_update(instance=current, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def training_delete(*, user, training: Training) -> None:
    for trainee in training.trainees.all():
        instance_delete(instance=trainee, user=user)
    instance_delete(instance=training, user=user)


@transaction.atomic
def trainee_create(*, user, training: Training, data: dict) -> Trainee:
    training = Training.objects.select_for_update().get(pk=training.pk)
    candidate = Trainee(training=training, **data)
    if not Trainee.objects.allows(user, "add", candidate) or not Training.objects.may_see_roster(user, training):
        raise PermissionDenied(_("You may not add names to this training's roster."))
    candidate.full_clean(exclude=["training"])
    _check_roster_fits(training, adding=data.get("category"))
    return instance_create(model=Trainee, user=user, data={"training": training, **data})


@transaction.atomic
def trainee_update(*, user, trainee: Trainee, data: dict, expected_version: int | None) -> Trainee:
    if trainee.is_anonymised:
        raise ValidationError(_("This trainee has been anonymised after the retention period: it can no longer "
                                "be changed."))
    training = Training.objects.select_for_update().get(pk=trainee.training_id)
    current = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if data.get("category", current.category) != current.category:
        others = training.trainees.exclude(pk=current.pk).filter(category=data["category"]).count()
        if others + 1 > training.count_of(data["category"]):
            raise ValidationError({"category": _(
                "The training counts %(count)s %(category)s and the roster already names them all: raise the "
                "count first.") % {"count": training.count_of(data["category"]),
                                   "category": TraineeCategory(data["category"]).label}})
    return instance_update(instance=current, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def trainee_delete(*, user, trainee: Trainee) -> None:
    instance_delete(instance=trainee, user=user)


def _anonymise(model, pk, *, erase: dict, username: str) -> bool:
    with transaction.atomic():
        record = model.objects.select_for_update().get(pk=pk)
        if record.anonymised_at is not None:
            return False
        before = snapshot(record)
        for name, value in erase.items():
            setattr(record, name, value)
        record.anonymised_at = timezone.now()
        record.version += 1
        record.save()
        audit_record(action=AuditAction.UPDATE, user=None, username=username, instance=record,
                     changes=diff(before, snapshot(record)))
        return True


def trainee_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Erase the names and posts on the rosters of trainings that ended more than the retention period ago
    (the same ``DUIKOU_SECONDMENT_RETENTION_DAYS`` as secondments); category, sex and organisation stay for
    the figures. Idempotent; returns how many trainees were anonymised."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.DUIKOU_SECONDMENT_RETENTION_DAYS)
    pending = Trainee.objects.filter(anonymised_at__isnull=True, training__end__lt=cutoff).values_list("pk", flat=True)
    return sum(_anonymise(Trainee, pk, erase={"person_name": "", "post": ""}, username="secondments_anonymise")
               for pk in list(pending))


def secondment_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Anonymise the secondments whose end plus ``DUIKOU_SECONDMENT_RETENTION_DAYS`` has passed: the person's
    name, year of birth and posts are erased (sex, rank, organisations and dates stay, for the figures).
    Idempotent: an anonymised record is not touched again. Returns how many were anonymised."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.DUIKOU_SECONDMENT_RETENTION_DAYS)
    pending = Secondment.objects.filter(anonymised_at__isnull=True, end__lt=cutoff).values_list("pk", flat=True)
    erase = {"person_name": "", "birth_year": None, "home_post": "", "host_post": ""}
    return sum(_anonymise(Secondment, pk, erase=erase, username="secondments_anonymise") for pk in list(pending))
