"""Writes for events, their outcomes and the calendar-feed keys (STYLE convention 2).

An event's pairings and participating organisations are many-to-many, which a model's ``clean()`` cannot see
before the event is saved: the rules that span them are here (at least one pairing, each organisation on a side of one of them, no pairing dropped while outcomes of it are
recorded, at least one of the user's own pairings kept). Everything else goes through the shared audited create/update/delete with the optimistic lock."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.scoping import ALL
from duikou.core.services import (
    audit_record,
    diff,
    instance_create,
    instance_delete,
    instance_update,
    snapshot,
)
from duikou.projects.models import Project
from duikou.search.services import search_index_remove, search_index_update

from .models import Event, EventFeedToken, EventOutcome, new_feed_key

LINKS = ("pairings", "organisations")


def _merge(errors: dict, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        errors.setdefault(field, []).extend(messages)


def _check_links(*, user, pairings, organisations, outcome_pairing_ids=frozenset(), errors: dict) -> None:
    pairings = list(pairings)
    if not pairings:
        errors.setdefault("pairings", []).append(_("Choose at least one pairing the event belongs to."))
        return
    if Event.objects.reach(user, "add") != ALL and not any(p.pk in user.scope.pairing_ids for p in pairings):
        errors.setdefault("pairings", []).append(
            _(
                "Include at least one of your own pairings: you keep events of your pairings (others may be added "
                "beside it, e.g. for an expo that brings several together)."
            )
        )
    dropped = set(outcome_pairing_ids) - {p.pk for p in pairings}
    if dropped:
        errors.setdefault("pairings", []).append(
            _(
                "Outcomes of a pairing you are removing are recorded for this event: delete or move those outcomes "
                "first."
            )
        )
    outside = [o for o in organisations if not any(p.admits(o) for p in pairings)]
    if outside:
        errors.setdefault("organisations", []).append(
            _(
                "%(organisations)s is on neither side of the event's pairings: choose organisations of their regions."
            )
            % {"organisations": "、".join(str(o) for o in outside)}
        )


@transaction.atomic
def event_create(*, user, data: dict) -> Event:
    plain = {k: v for k, v in data.items() if k not in LINKS}
    pairings, organisations = list(data.get("pairings") or []), list(data.get("organisations") or [])
    if not Event.objects.may(user, "add"):
        raise PermissionDenied(_("You may not record events."))
    event = Event(**plain)
    event.candidate_pairing_ids = {p.pk for p in pairings}
    errors: dict = {}
    try:
        event.full_clean()
    except ValidationError as exc:
        _merge(errors, exc)
    _check_links(user=user, pairings=pairings, organisations=organisations, errors=errors)
    if errors:
        raise ValidationError(errors)
    if not Event.objects.allows(user, "add", event):  # pragma: no cover - _check_links refuses first
        raise PermissionDenied(_("You may record events only of your own pairings."))
    event.save()
    event.pairings.set(pairings)
    event.organisations.set(organisations)
    del event.candidate_pairing_ids
    audit_record(action=AuditAction.CREATE, user=user, instance=event, changes=diff({}, snapshot(event)))
    search_index_update(instance=event)
    return event


@transaction.atomic
def event_update(*, user, event: Event, data: dict, expected_version: int | None) -> Event:
    current = Event.objects.select_for_update().get(pk=event.pk)
    if not Event.objects.allows(user, "change", current):
        raise PermissionDenied(_("You may not change this event."))
    if expected_version is not None and current.version != expected_version:
        return instance_update(
            instance=current, user=user, data=data, expected_version=expected_version
        )  # 409
    pairings = list(data["pairings"]) if "pairings" in data else list(current.pairings.all())
    organisations = (
        list(data["organisations"])
        if "organisations" in data
        else list(current.organisations.select_related("region"))
    )
    candidate = Event(
        **{
            **{f.attname: getattr(current, f.attname) for f in Event._meta.concrete_fields},
            **{k: v for k, v in data.items() if k not in LINKS},
        }
    )
    errors: dict = {}
    try:
        candidate.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        _merge(errors, exc)
    outcome_pairings = set(current.outcomes.values_list("pairing_id", flat=True))
    _check_links(
        user=user,
        pairings=pairings,
        organisations=organisations,
        outcome_pairing_ids=outcome_pairings,
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)
    updated = instance_update(instance=current, user=user, data=data, expected_version=expected_version)
    search_index_update(instance=updated)
    return updated


@transaction.atomic
def event_delete(*, user, event: Event) -> None:
    """The event and its outcomes; refused while outcomes of pairings the user does not keep are recorded."""
    outcomes = list(event.outcomes.select_related("pairing__northeast", "pairing__east"))
    others = sorted({str(o.pairing) for o in outcomes if not EventOutcome.objects.allows(user, "delete", o)})
    if others:
        raise ValidationError(
            _(
                "Outcomes of %(pairings)s are recorded for this event: their coordinators must "
                "delete them first."
            )
            % {"pairings": "、".join(others)}
        )
    for outcome in outcomes:
        instance_delete(instance=outcome, user=user)
    search_index_remove(instance=event)  # undone with the transaction if the delete is refused
    instance_delete(instance=event, user=user)


# --- outcomes --------------------------------------------------------------------------------------------


def _outcome_values(data: dict, *, event: Event, base: EventOutcome | None = None) -> dict:
    """The project decides the pairing; without one, an event of a single pairing decides it."""
    data = dict(data)
    project = data.get("project", base.project if base else None)
    if project is not None:
        data["pairing"] = project.pairing
    elif not data.get("pairing") and base is None:
        pairings = list(event.pairings.all()[:2])
        if len(pairings) == 1:
            data["pairing"] = pairings[0]
    return data


def _check_outcome(*, user, outcome: EventOutcome, action: str) -> None:
    errors: dict = {}
    try:
        outcome.full_clean(validate_unique=False)
    except ValidationError as exc:
        _merge(errors, exc)
    if (
        outcome.project_id
        and not Project.objects.for_user(user, "view").filter(pk=outcome.project_id).exists()
    ):
        errors["project"] = [_("No such project in your pairings: choose one from the list.")]
    if errors:
        raise ValidationError(errors)
    if not EventOutcome.objects.allows(user, action, outcome):
        raise ValidationError(
            {
                "pairing": _(
                    "You may record outcomes only for your own pairings: %(pairing)s is not one of yours."
                )
                % {"pairing": outcome.pairing}
            }
        )


@transaction.atomic
def event_outcome_create(*, user, event: Event, data: dict) -> EventOutcome:
    if not Event.objects.for_user(user, "view").filter(pk=event.pk).exists():
        raise PermissionDenied(_("You may not record outcomes of this event."))
    data = _outcome_values({k: v for k, v in data.items() if k != "event"}, event=event)
    _check_outcome(user=user, outcome=EventOutcome(event=event, **data), action="add")
    return instance_create(model=EventOutcome, user=user, data={"event": event, **data})


@transaction.atomic
def event_outcome_update(
    *, user, outcome: EventOutcome, data: dict, expected_version: int | None
) -> EventOutcome:
    current = EventOutcome.objects.select_for_update().get(pk=outcome.pk)
    if not EventOutcome.objects.allows(user, "change", current):
        raise PermissionDenied(_("You may not change this outcome."))
    data = _outcome_values({k: v for k, v in data.items() if k != "event"}, event=current.event, base=current)
    if expected_version is None or current.version == expected_version:
        candidate = EventOutcome(
            **{**{f.attname: getattr(current, f.attname) for f in EventOutcome._meta.concrete_fields}}
        )
        for name, value in data.items():
            setattr(candidate, name, value)
        _check_outcome(user=user, outcome=candidate, action="change")
    return instance_update(instance=current, user=user, data=data, expected_version=expected_version)


@transaction.atomic
def event_outcome_delete(*, user, outcome: EventOutcome) -> None:
    instance_delete(instance=outcome, user=user)


# --- calendar feed keys --------------------------------------------------------------------------------------


def event_feed_token_get_or_create(*, user) -> EventFeedToken:
    token, created = EventFeedToken.objects.get_or_create(user=user)
    if created:
        audit_record(action=AuditAction.CREATE, user=user, instance=token)
    return token


@transaction.atomic
def event_feed_token_regenerate(*, user) -> EventFeedToken:
    """A new key: the old feed URL stops working at once. The audit log records the change, never a key."""
    token, created = EventFeedToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.key = new_feed_key()
        token.created_at = timezone.now()
        token.save(update_fields=["key", "created_at"])
    audit_record(
        action=AuditAction.UPDATE if not created else AuditAction.CREATE,
        user=user,
        instance=token,
        changes={"key": [None, _("(regenerated)")]},
    )
    return token
