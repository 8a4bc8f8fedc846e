"""Writes for experts and engagements (STYLE convention 2), through the shared audited services: scope
checked, ``full_clean()`` before save, an optimistic lock on update, an audit entry with the personal fields
hashed. Withdrawing the consent (clearing it) makes the profile non-public in the same save."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.services import audit_record, instance_create, instance_delete, instance_update
from duikou.search.services import search_index_remove, search_index_update

from .models import Engagement, Expert


@transaction.atomic
def expert_create(*, user, data: dict) -> Expert:
    expert = instance_create(model=Expert, user=user, data=data)
    search_index_update(instance=expert)
    return expert


@transaction.atomic
def expert_update(*, user, expert: Expert, data: dict, expected_version: int | None) -> Expert:
    current = Expert.objects.select_for_update().get(pk=expert.pk)
    data = dict(data)
    had_consent = current.has_consent
    consent_cleared = (("consent_recorded_at" in data and data["consent_recorded_at"] is None)
                       or ("consent_evidence" in data and not (data["consent_evidence"] or "").strip()))
    if had_consent and consent_cleared:
        # The consent is withdrawn: the profile stops being public in this very save.
        data["public_profile"] = False
    updated = instance_update(instance=current, user=user, data=data, expected_version=expected_version)
    search_index_update(instance=updated)
    return updated


@transaction.atomic
def expert_delete(*, user, expert: Expert) -> None:
    search_index_remove(instance=expert)  # undone with the transaction if the delete is refused
    instance_delete(instance=expert, user=user)


def contact_viewed(*, user, expert: Expert, where: str) -> None:
    """Record that ``user`` saw the expert's contact (a page, an API read): the record, never the person."""
    audit_record(action=AuditAction.VIEW_PERSONAL, user=user, instance=expert, changes={"where": [None, where]})


def _check_expert_visible(user, expert: Expert) -> None:
    if not Expert.objects.for_user(user, "view").filter(pk=expert.pk).exists():
        raise PermissionDenied(_("You may not record an engagement of this expert."))


@transaction.atomic
def engagement_create(*, user, data: dict) -> Engagement:
    if data.get("expert") is not None:
        _check_expert_visible(user, data["expert"])
    return instance_create(model=Engagement, user=user, data=data)


@transaction.atomic
def engagement_update(*, user, engagement: Engagement, data: dict, expected_version: int | None) -> Engagement:
    expert = data.get("expert")
    if expert is not None and expert.pk != engagement.expert_id:
        _check_expert_visible(user, expert)
    return instance_update(instance=engagement, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def engagement_delete(*, user, engagement: Engagement) -> None:
    instance_delete(instance=engagement, user=user)
