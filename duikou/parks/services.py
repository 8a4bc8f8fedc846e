"""Writes for parks (STYLE convention 2): the park registry through the shared create/update/delete, a
month's figures (recorded again to correct them), and benefit-sharing agreements that may not overlap."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.services import instance_create, instance_delete, instance_update
from duikou.search.services import search_index_remove, search_index_update

from .models import BenefitAgreement, Park, ParkFigure


def _check_organisations(pairing, data: dict):
    """The operator and the settled enterprises are organisations of either side of the pairing."""
    operator = data.get("operator")
    if operator is not None and not pairing.admits(operator):
        raise ValidationError({"operator": _("%(org)s is on neither side of %(pairing)s.")
                               % {"org": operator, "pairing": pairing}})
    outside = [str(o) for o in data.get("enterprises") or () if not pairing.admits(o)]
    if outside:
        raise ValidationError({"enterprises": _("Not on either side of %(pairing)s: %(orgs)s.")
                               % {"pairing": pairing, "orgs": "、".join(outside)}})


@transaction.atomic
def park_create(*, user, data: dict) -> Park:
    if data.get("pairing") is not None:
        _check_organisations(data["pairing"], data)
    park = instance_create(model=Park, user=user, data=data)
    search_index_update(instance=park)
    return park


@transaction.atomic
def park_update(*, user, park: Park, data: dict, expected_version: int | None) -> Park:
    if "pairing" in data and data["pairing"].pk != park.pairing_id:
        raise ValidationError({"pairing": _("A park cannot move to another pairing.")})
    _check_organisations(park.pairing, data)
    park = instance_update(instance=park, user=user, data=data, expected_version=expected_version)
    search_index_update(instance=park)
    return park


@transaction.atomic
def park_delete(*, user, park: Park) -> None:
    if park.projects.exists():
        raise ValidationError(_("Projects are settled in this park: move them out of it before deleting it."))
    if park.funding_entries.exists():
        raise ValidationError(_("Funding is recorded for this park: delete its funding entries first (the "
                                "ledger keeps what was committed and paid)."))
    search_index_remove(instance=park)
    instance_delete(instance=park, user=user)


@transaction.atomic
def park_figure_record(*, user, park: Park, data: dict, expected_version: int | None = None) -> ParkFigure:
    """Record a month's figures; the same month again corrects them (with the version it was read at,
    so two people correcting one month do not overwrite each other)."""
    park = Park.objects.select_for_update().get(pk=park.pk)
    if not ParkFigure.objects.allows(user, "add", ParkFigure(park=park)):
        raise PermissionDenied(_("You may not report this park's figures."))
    errors: dict = {}
    try:  # every wrong field at once, before the rules of the month
        ParkFigure(park=park, **data).full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    period = data.get("period") or ""
    if "period" not in errors and period >= timezone.localdate().strftime("%Y-%m"):
        errors["period"] = [_("%(month)s has not ended yet: report a month once it is over.") % {"month": period}]
    if errors:
        raise ValidationError(errors)
    existing = ParkFigure.objects.filter(park=park, period=period).first()
    if existing is None:
        return instance_create(model=ParkFigure, user=user, data={**data, "park": park, "reported_by": user})
    return instance_update(instance=existing, user=user, data={**data, "reported_by": user},
                           expected_version=expected_version)


def _check_overlap(agreement: BenefitAgreement):
    others = BenefitAgreement.objects.filter(park_id=agreement.park_id).exclude(pk=agreement.pk)
    for other in others:
        ends_before = agreement.effective_to is not None and agreement.effective_to < other.effective_from
        starts_after = other.effective_to is not None and agreement.effective_from > other.effective_to
        if not (ends_before or starts_after):
            raise ValidationError({"effective_from": _(
                "“%(other)s” is in force from %(start)s to %(end)s: two agreements of one park cannot overlap. "
                "End that one first, or change these dates.") % {
                "other": other, "start": other.effective_from, "end": other.effective_to or _("no end date")}})


@transaction.atomic
def agreement_create(*, user, park: Park, data: dict) -> BenefitAgreement:
    Park.objects.select_for_update().get(pk=park.pk)  # one writer of a park's agreements at a time
    agreement = BenefitAgreement(park=park, **{k: v for k, v in data.items() if k != "park"})
    agreement.full_clean()
    _check_overlap(agreement)
    return instance_create(model=BenefitAgreement, user=user, data={**data, "park": park})


@transaction.atomic
def agreement_update(*, user, agreement: BenefitAgreement, data: dict,
                     expected_version: int | None) -> BenefitAgreement:
    Park.objects.select_for_update().get(pk=agreement.park_id)
    candidate = BenefitAgreement(pk=agreement.pk, park_id=agreement.park_id,
                                 **{f.name: data.get(f.name, getattr(agreement, f.name))
                                    for f in BenefitAgreement._meta.concrete_fields
                                    if f.name not in ("id", "park", "created_at", "updated_at")})
    _check_overlap(candidate)
    return instance_update(instance=agreement, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def agreement_delete(*, user, agreement: BenefitAgreement) -> None:
    instance_delete(instance=agreement, user=user)
