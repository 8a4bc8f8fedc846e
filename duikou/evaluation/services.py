"""Writes for indicator frameworks (STYLE convention 2): create, update and delete through the shared audited
services, with the rules that a frozen version (published, retired, or used by a round) never changes,
that a framework is published only when its weights add up to exactly 100, and that a change is made on a
new version copied from an old one."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.services import audit_record, instance_create, instance_delete, instance_update

from .models import INDICATOR_FIELDS, WEIGHT_TOTAL, Dimension, Framework, Indicator


def frozen_message(framework: Framework) -> str:
    return _(
        "%(framework)s is %(status)s and can no longer change: make a new version of it and change that one."
    ) % {"framework": framework, "status": framework.get_status_display().lower()}


def _require_draft(framework: Framework) -> None:
    if framework.is_frozen:
        raise ValidationError(frozen_message(framework), code="frozen")


def _require_ndrc(user, action: str, instance) -> None:
    """The roles and the freeze, checked before anything else so the refusal names the freeze."""
    framework = instance if isinstance(instance, Framework) else instance.framework
    if type(instance).objects.reach(user, action) is None:
        raise PermissionDenied(_("Only the NDRC office maintains indicator frameworks."))
    _require_draft(framework)


# --- frameworks ---------------------------------------------------------------------------------------------


@transaction.atomic
def framework_create(*, user, data: dict) -> Framework:
    """A new framework: version 1, a draft."""
    data = {k: v for k, v in data.items() if k not in ("version_number", "status")}
    code = data.get("code") or ""
    existing = Framework.objects.filter(code__iexact=code).first() if code else None
    if existing is not None:
        raise ValidationError(
            {
                "code": _(
                    "A framework with the code “%(code)s” already exists: choose another "
                    "code, or make a new version of that framework."
                )
                % {"code": existing.code}
            }
        )
    return instance_create(model=Framework, user=user, data={**data, "version_number": 1})


@transaction.atomic
def framework_update(*, user, framework: Framework, data: dict, expected_version: int | None) -> Framework:
    current = Framework.objects.select_for_update().get(pk=framework.pk)
    _require_ndrc(user, "change", current)
    if "code" in data and data["code"] != current.code:
        raise ValidationError(
            {
                "code": _(
                    "The code names the framework across its versions and cannot change: "
                    "make a new framework for a new code."
                )
            }
        )
    data = {k: v for k, v in data.items() if k in ("name", "notes")}
    return instance_update(instance=current, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def framework_delete(*, user, framework: Framework) -> None:
    current = Framework.objects.select_for_update().get(pk=framework.pk)
    _require_ndrc(user, "delete", current)
    for indicator in current.indicators.all():
        instance_delete(instance=indicator, user=user)
    for dimension in current.dimensions.all():
        instance_delete(instance=dimension, user=user)
    instance_delete(instance=current, user=user)


def weight_total(framework: Framework) -> Decimal:
    return framework.indicators.aggregate(total=Sum("weight"))["total"] or Decimal("0")


def _transition(*, user, framework: Framework, status: str, extra: dict | None = None) -> Framework:
    before = framework.status
    framework.status = status
    for name, value in (extra or {}).items():
        setattr(framework, name, value)
    framework.version += 1
    framework.save()
    audit_record(
        action=AuditAction.WORKFLOW, user=user, instance=framework, changes={"status": [before, status]}
    )
    return framework


@transaction.atomic
def framework_publish(*, user, framework: Framework) -> Framework:
    """Publish a draft: it needs at least one indicator, every indicator valid (a computed one names a
    registered query), and weights adding up to exactly 100. Then it is frozen."""
    current = Framework.objects.select_for_update().get(pk=framework.pk)
    if Framework.objects.reach(user, "change") is None:
        raise PermissionDenied(_("Only the NDRC office publishes indicator frameworks."))
    if not current.is_draft:
        raise ValidationError(
            {
                "status": _("%(framework)s is already %(status)s: only a draft is published.")
                % {"framework": current, "status": current.get_status_display().lower()}
            }
        )
    indicators = list(current.indicators.select_related("dimension", "framework"))
    if not indicators:
        raise ValidationError(
            {
                "weight": _(
                    "The framework has no indicators yet: add its indicators, with weights "
                    "adding up to 100, before publishing it."
                )
            }
        )
    for indicator in indicators:
        try:
            indicator.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                _("Indicator %(indicator)s is not complete: %(errors)s Correct it before publishing.")
                % {"indicator": indicator, "errors": " ".join(exc.messages)}
            )
    total = sum((i.weight for i in indicators), Decimal("0"))
    if total != WEIGHT_TOTAL:
        raise ValidationError(
            {
                "weight": _(
                    "The weights of the indicators add up to %(total)s, not 100: adjust the weights before publishing "
                    "(a draft may be incomplete, a published framework may not)."
                )
                % {"total": f"{total:.2f}"}
            }
        )
    return _transition(
        user=user,
        framework=current,
        status=Framework.Status.PUBLISHED,
        extra={"published_at": timezone.now(), "published_by": user},
    )


@transaction.atomic
def framework_retire(*, user, framework: Framework) -> Framework:
    """Retire a published version: no new round will use it (rounds that used it keep it)."""
    current = Framework.objects.select_for_update().get(pk=framework.pk)
    if Framework.objects.reach(user, "change") is None:
        raise PermissionDenied(_("Only the NDRC office retires indicator frameworks."))
    if current.status != Framework.Status.PUBLISHED:
        raise ValidationError(
            {
                "status": _("Only a published framework is retired; %(framework)s is %(status)s.")
                % {"framework": current, "status": current.get_status_display().lower()}
            }
        )
    return _transition(user=user, framework=current, status=Framework.Status.RETIRED)


@transaction.atomic
def framework_new_version(*, user, framework: Framework) -> Framework:
    """A new draft version of the framework (the next number of its code), with a copy of this version's
    dimensions and indicators. Refused while the code already has a draft: change that one."""
    if Framework.objects.reach(user, "add") is None:
        raise PermissionDenied(_("Only the NDRC office makes new versions of indicator frameworks."))
    versions = Framework.objects.select_for_update().filter(code=framework.code)
    draft = versions.filter(status=Framework.Status.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            {
                "version_number": _(
                    "%(draft)s is still a draft: change that version instead of making another one."
                )
                % {"draft": draft}
            }
        )
    number = (versions.aggregate(top=Max("version_number"))["top"] or 0) + 1
    new = instance_create(
        model=Framework,
        user=user,
        data={
            "name": framework.name,
            "code": framework.code,
            "notes": framework.notes,
            "version_number": number,
            "copied_from": framework,
        },
    )
    for dimension in framework.dimensions.prefetch_related("indicators").order_by("order", "id"):
        copy = instance_create(
            model=Dimension,
            user=user,
            data={"framework": new, "name": dimension.name, "order": dimension.order},
        )
        for indicator in dimension.indicators.order_by("order", "id"):
            instance_create(
                model=Indicator,
                user=user,
                data={
                    "framework": new,
                    "dimension": copy,
                    **{name: getattr(indicator, name) for name in INDICATOR_FIELDS},
                },
            )
    return new


# --- dimensions and indicators ------------------------------------------------------------------------------


@transaction.atomic
def dimension_create(*, user, framework: Framework, data: dict) -> Dimension:
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _require_ndrc(user, "add", framework)
    return instance_create(model=Dimension, user=user, data={**data, "framework": framework})


@transaction.atomic
def dimension_update(*, user, dimension: Dimension, data: dict, expected_version: int | None) -> Dimension:
    _require_ndrc(user, "change", dimension)
    data = {k: v for k, v in data.items() if k != "framework"}
    return instance_update(instance=dimension, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def dimension_delete(*, user, dimension: Dimension) -> None:
    _require_ndrc(user, "delete", dimension)
    for indicator in dimension.indicators.all():
        instance_delete(instance=indicator, user=user)
    instance_delete(instance=dimension, user=user)


def _dimension_of(framework: Framework, dimension) -> Dimension:
    if dimension is None or dimension.framework_id != framework.pk:
        raise ValidationError(
            {"dimension": _("Choose a dimension of %(framework)s.") % {"framework": framework}}
        )
    return dimension


@transaction.atomic
def indicator_create(*, user, data: dict) -> Indicator:
    dimension = data.get("dimension")
    if dimension is None:
        raise ValidationError({"dimension": _("Choose the dimension the indicator belongs to.")})
    framework = Framework.objects.select_for_update().get(pk=dimension.framework_id)
    _require_ndrc(user, "add", framework)
    _dimension_of(framework, dimension)
    if data.get("source") == Indicator.Source.ENTERED:
        data = {**data, "query": ""}
    return instance_create(model=Indicator, user=user, data={**data, "framework": framework})


@transaction.atomic
def indicator_update(*, user, indicator: Indicator, data: dict, expected_version: int | None) -> Indicator:
    _require_ndrc(user, "change", indicator)
    data = {k: v for k, v in data.items() if k != "framework"}
    if "dimension" in data:
        _dimension_of(indicator.framework, data["dimension"])
    if data.get("source") == Indicator.Source.ENTERED:
        data["query"] = ""
    return instance_update(instance=indicator, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def indicator_delete(*, user, indicator: Indicator) -> None:
    _require_ndrc(user, "delete", indicator)
    instance_delete(instance=indicator, user=user)
