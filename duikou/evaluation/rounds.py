"""Writes of evaluation rounds (STYLE convention 2): create a round (its self-assessments with it), the
pairings' self-assessments and their confirmation by both sides, computing the scores (all-or-nothing),
outcomes (a rectification issued through supervision in the same step), publication and closing.

Computing (``round_compute``): every computed indicator's registered query runs once for all the round's
pairings over the round's period; entered indicators take the values of the confirmed self-assessments; the
scores follow from ``scoring``. The previous scores of the round are replaced in one transaction, so a
failure midway leaves them as they were. A closed round is frozen: ``round_recompute`` re-scores it from the
raw values stored on its scores (the records may have changed since), so the numbers come out identical."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.roles import Role
from duikou.core.services import ConflictError, audit_record, instance_create, instance_update
from duikou.notifications.models import Notification
from duikou.notifications.services import notify
from duikou.regions.models import Pairing
from duikou.regions.selectors import pairing_coordinators

from . import scoring
from .indicators import REGISTRY
from .models import (
    EnteredValue,
    EvaluationRound,
    Framework,
    Indicator,
    IndicatorScore,
    PairingOutcome,
    PairingResult,
    ScoreRecord,
    SelfAssessment,
    Side,
)
from .selectors import indicator_raw

NE, EAST = Side.NORTHEAST.value, Side.EAST.value
ENTERED_LABEL = EnteredValue._meta.label_lower


def _require_ndrc(user, message=None) -> None:
    if not getattr(user, "is_authenticated", False) or Role.NATIONAL_ADMIN not in user.scope.roles:
        raise PermissionDenied(message or _("Only the NDRC office runs evaluation rounds."))


def _lock(round_: EvaluationRound) -> EvaluationRound:
    return EvaluationRound.objects.select_for_update().select_related("framework").get(pk=round_.pk)


def _workflow(*, user, round_, changes) -> None:
    audit_record(action=AuditAction.WORKFLOW, user=user, instance=round_, changes=changes)


def _require_status(round_: EvaluationRound, *statuses, doing: str) -> None:
    if round_.status not in statuses:
        raise ValidationError(
            {
                "status": _("%(round)s is %(status)s: it cannot %(doing)s now.")
                % {"round": round_, "status": round_.get_status_display().lower(), "doing": doing}
            },
            code="status",
        )


def default_pairings():
    """The pairings a round evaluates unless told otherwise: every formal pairing with both sides known."""
    return Pairing.objects.filter(status=Pairing.Status.FORMAL, east__isnull=False).order_by("pk")


# --- the round -----------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, user, data: dict, pairings=None) -> EvaluationRound:
    """A new round, open for self-assessment, with an empty self-assessment for each pairing. The framework
    must be a published version; the round freezes it for good."""
    _require_ndrc(user)
    data = {k: v for k, v in data.items() if k not in ("pairings", "status")}
    framework = data.get("framework")
    if framework is not None:
        Framework.objects.select_for_update().get(pk=framework.pk)
    pairings = list(default_pairings() if pairings is None else pairings)
    if not pairings:
        raise ValidationError({"pairings": _("Choose at least one pairing to evaluate.")})
    for pairing in pairings:
        if not pairing.east_id:
            raise ValidationError(
                {
                    "pairings": _("%(pairing)s has no east side yet: it cannot be evaluated.")
                    % {"pairing": pairing}
                }
            )
    round_ = instance_create(
        model=EvaluationRound, user=user, data={**data, "created_by": user, "pairings": pairings}
    )
    SelfAssessment.objects.bulk_create(SelfAssessment(round=round_, pairing=p) for p in pairings)
    return round_


@transaction.atomic
def round_update(*, user, round_: EvaluationRound, data: dict, expected_version) -> EvaluationRound:
    """Name and period, while the round is open."""
    _require_ndrc(user)
    current = _lock(round_)
    _require_status(current, EvaluationRound.Status.OPEN, doing=_("change its name or period"))
    data = {k: v for k, v in data.items() if k in ("name", "period_start", "period_end")}
    return instance_update(instance=current, user=user, data=data, expected_version=expected_version)


# --- self-assessments ----------------------------------------------------------------------------------------


def assessment_side_of(*, user, assessment: SelfAssessment) -> str | None:
    """The side of the assessment's pairing this user coordinates: northeast, east or None."""
    if not getattr(user, "is_authenticated", False) or Role.COORDINATOR not in user.scope.roles:
        return None
    codes = user.scope.region_codes
    if assessment.pairing.northeast_id in codes:
        return NE
    if assessment.pairing.east_id and assessment.pairing.east_id in codes:
        return EAST
    return None


def _lock_assessment(assessment: SelfAssessment) -> SelfAssessment:
    return (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("round__framework", "pairing")
        .get(pk=assessment.pk)
    )


def _require_side(user, assessment) -> str:
    side = assessment_side_of(user=user, assessment=assessment)
    if side is None:
        raise PermissionDenied(
            _("Only the coordinators of the two sides of this pairing write its self-assessment.")
        )
    return side


def _require_revision(assessment, revision) -> None:
    if revision is not None and int(revision) != assessment.revision:
        raise ConflictError(
            _(
                "The self-assessment changed since you opened it (you read revision %(yours)s, it is now "
                "revision %(theirs)s). Review the changes, then try again."
            )
            % {"yours": revision, "theirs": assessment.revision},
            code="conflict",
        )


@transaction.atomic
def self_assessment_update(
    *, user, assessment: SelfAssessment, narrative: str, values: list[dict], revision: int | None = None
) -> SelfAssessment:
    """Save the narrative and the entered values (each ``indicator``, ``side`` ("" for the whole pairing),
    ``value`` and ``evidence``; a value of ``None`` removes it). Any change raises the revision, which clears
    both sides' confirmations."""
    current = _lock_assessment(assessment)
    _require_side(user, current)
    _require_status(current.round, EvaluationRound.Status.OPEN, doing=_("take self-assessments"))
    _require_revision(current, revision)
    existing = {(v.indicator_id, v.side): v for v in current.values.all()}
    changed = narrative != current.narrative
    for entry in values:
        indicator, side = entry["indicator"], entry.get("side") or ""
        key = (indicator.pk, side)
        value, evidence = entry.get("value"), (entry.get("evidence") or "").strip()
        try:
            if value is None:
                if key in existing:
                    existing.pop(key).delete()
                    changed = True
                continue
            record = existing.get(key) or EnteredValue(assessment=current, indicator=indicator, side=side)
            if record.pk and record.value == Decimal(value) and record.evidence == evidence:
                continue
            record.value, record.evidence = Decimal(value), evidence
            record.full_clean()
            record.save()
            existing[key] = record
            changed = True
        except ValidationError as exc:
            raise ValidationError(
                {
                    "values": [
                        _("%(indicator)s: %(errors)s")
                        % {"indicator": indicator, "errors": " ".join(exc.messages)}
                    ]
                }
            ) from exc
    if changed:
        before = current.revision
        current.narrative = narrative
        current.revision += 1
        current.version += 1
        current.save()
        audit_record(
            action=AuditAction.UPDATE,
            user=user,
            instance=current,
            changes={"revision": [before, current.revision]},
        )
    return current


@transaction.atomic
def self_assessment_confirm(*, user, assessment: SelfAssessment, revision: int) -> SelfAssessment:
    """One side's coordinator confirms the revision they read; with both sides on the same revision the
    self-assessment is submitted."""
    current = _lock_assessment(assessment)
    side = _require_side(user, current)
    _require_status(current.round, EvaluationRound.Status.OPEN, doing=_("take self-assessments"))
    _require_revision(current, revision)
    missing = missing_entries(current)
    if missing:
        raise ValidationError(
            {
                "values": _("Enter every entered indicator before confirming; still missing: %(list)s.")
                % {"list": ", ".join(missing)}
            }
        )
    setattr(current, f"{side}_confirmed_revision", current.revision)
    setattr(current, f"{side}_confirmed_by", user)
    setattr(current, f"{side}_confirmed_at", timezone.now())
    current.version += 1
    current.save()
    _workflow(user=user, round_=current, changes={"confirmed": [None, f"{side} r{current.revision}"]})
    both = current.submitted
    other = EAST if side == NE else NE
    notify(
        actor=user,
        recipients=pairing_coordinators(pairing=current.pairing, side=None if both else other),
        kind=Notification.Kind.CONFIRMED if both else Notification.Kind.CONFIRMATION_REQUESTED,
        title=(
            _("Both sides confirmed the self-assessment of %(pairing)s for %(round)s")
            if both
            else _(
                "%(side)s confirmed the self-assessment of %(pairing)s for %(round)s: please review and confirm"
            )
        )
        % {"pairing": current.pairing, "round": current.round, "side": Side(side).label},
        body=_("Revision %(revision)s, confirmed by %(user)s.")
        % {"revision": current.revision, "user": user},
        url=current.get_absolute_url(),
    )
    return current


def entered_indicators(framework) -> list[Indicator]:
    return list(
        framework.indicators.filter(source=Indicator.Source.ENTERED).order_by(
            "dimension__order", "dimension_id", "order", "id"
        )
    )


def entry_keys(indicators) -> list[tuple[Indicator, str]]:
    return [(i, side) for i in indicators for side in ((NE, EAST) if i.per_side else ("",))]


def missing_entries(assessment: SelfAssessment) -> list[str]:
    have = set(assessment.values.values_list("indicator_id", "side"))
    return [
        f"{i.code}{' (' + str(Side(side).label) + ')' if side else ''}"
        for i, side in entry_keys(entered_indicators(assessment.round.framework))
        if (i.pk, side) not in have
    ]


# --- computing -----------------------------------------------------------------------------------------------


def _indicators(round_) -> list[Indicator]:
    return list(round_.framework.indicators.order_by("dimension__order", "dimension_id", "order", "id"))


def _live_inputs(round_, pairing_ids, *, submitted_ids) -> dict:
    """{indicator: {(pairing id, side): raw}} from the live records (one aggregate query per computed
    indicator for all the pairings) and the confirmed self-assessments' entered values."""
    start, end = round_.period_start, round_.period_end
    entered = _entered_values(round_, submitted_ids)
    inputs = {}
    for indicator in _indicators(round_):
        sides = (NE, EAST) if indicator.per_side else (None,)
        keys = [(pid, side) for pid in pairing_ids for side in sides]
        if indicator.source == Indicator.Source.COMPUTED:
            _registered(indicator)
            inputs[indicator] = indicator_raw(indicator=indicator, pairing_ids=pairing_ids, start=start, end=end)
        else:
            values = entered.get(indicator.pk, {})
            inputs[indicator] = {key: (values[key].value if key in values else None) for key in keys}
    return inputs


def _entered_values(round_, submitted_ids) -> dict:
    """{indicator id: {(pairing id, side): EnteredValue}} of the confirmed self-assessments."""
    entered = defaultdict(dict)
    for value in EnteredValue.objects.filter(
        assessment__round=round_, assessment_id__in=submitted_ids
    ).select_related("assessment"):
        entered[value.indicator_id][(value.assessment.pairing_id, value.side or None)] = value
    return entered


def _registered(indicator):
    query = REGISTRY.get(indicator.query)
    if query is None:
        raise ValidationError(
            _("Indicator %(indicator)s names the query “%(query)s”, which is not registered.")
            % {"indicator": indicator, "query": indicator.query}
        )
    return query


def _write_records(round_, pairing_ids, *, submitted_ids) -> dict:
    """Replace the round's score records with those of the live records, and return how many each score has:
    {(pairing id, indicator id, side): count}. The database copies a computed indicator's records itself
    (``INSERT … SELECT``, one statement per indicator and side), so their number costs no Python memory; an
    entered indicator's record is the self-assessment's entered value. Per-side indicators have records for
    each side, and for the pairing as a whole (side empty) both sides' records."""
    start, end = round_.period_start, round_.period_end
    ScoreRecord.objects.filter(round=round_).delete()
    entered = _entered_values(round_, submitted_ids)
    rows = []
    for indicator in _indicators(round_):
        sides = [NE, EAST, None] if indicator.per_side else [None]
        if indicator.source == Indicator.Source.COMPUTED:
            query = _registered(indicator)
            for side in sides:
                _insert_records(
                    round_=round_,
                    indicator=indicator,
                    side=side or "",
                    label=query.trace_label,
                    records=query.trace_records(pairing_ids=pairing_ids, start=start, end=end, side=side),
                )
            continue
        for (pairing_id, side), value in entered.get(indicator.pk, {}).items():
            for row_side in {side or "", ""}:
                rows.append(
                    ScoreRecord(
                        round=round_,
                        pairing_id=pairing_id,
                        indicator=indicator,
                        side=row_side,
                        label=ENTERED_LABEL,
                        record_id=value.pk,
                    )
                )
    ScoreRecord.objects.bulk_create(rows)
    return _record_counts(round_)


def _insert_records(*, round_, indicator, side, label, records) -> None:
    """INSERT INTO the score records SELECT the (pairing, record) rows of ``records``: one statement, in record
    order."""
    sql, params = records.query.sql_with_params()
    table = connection.ops.quote_name(ScoreRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (round_id, pairing_id, indicator_id, side, label, record_id) "
            f"SELECT %s, t.trace_pairing, %s, %s, %s, t.trace_record FROM ({sql}) t "
            "ORDER BY t.trace_pairing, t.trace_record",  # a score's records are read back in the order written
            [round_.pk, indicator.pk, side, label, *params],
        )


def _record_counts(round_) -> dict:
    return {
        (row["pairing_id"], row["indicator_id"], row["side"]): row["n"]
        for row in ScoreRecord.objects.filter(round=round_)
        .order_by()
        .values("pairing_id", "indicator_id", "side")
        .annotate(n=Count("id"))
    }


def _stored_inputs(round_) -> tuple[dict, dict]:
    """The raw values and record counts read back from the round's stored scores (for a closed, frozen round;
    its score records stay as they are)."""
    stored = defaultdict(dict)
    counts = {}
    for row in IndicatorScore.objects.filter(round=round_):
        stored[row.indicator_id][(row.pairing_id, row.side or None)] = row
        counts[(row.pairing_id, row.indicator_id, row.side)] = row.record_count
    inputs = {}
    for indicator in _indicators(round_):
        rows = stored.get(indicator.pk, {})
        inputs[indicator] = {
            key: row.raw for key, row in rows.items() if (key[1] is not None) == indicator.per_side
        }
    return inputs, counts


def score_rows(round_, inputs: dict, pairing_ids, counts=None) -> tuple[list[IndicatorScore], list[PairingResult]]:
    """The score rows and results (unsaved) from the raw values (and the record counts, when known)."""
    counts = counts or {}
    scores, totals = [], defaultdict(list)
    for indicator, raw in inputs.items():
        per_pairing = scoring.score_indicator(raw, indicator)
        if indicator.per_side:
            per_unit = scoring.score(
                raw,
                direction=indicator.direction,
                normalisation=indicator.normalisation,
                weight=indicator.weight,
                target=indicator.target_value,
            )
            for (pid, side), value in per_unit.items():
                scores.append(
                    IndicatorScore(
                        round=round_,
                        pairing_id=pid,
                        indicator=indicator,
                        side=side,
                        raw=value.raw,
                        normalised=value.normalised,
                        weighted=value.weighted,
                        missing=value.missing,
                        record_count=counts.get((pid, indicator.pk, side), 0),
                    )
                )
        for pid in pairing_ids:
            value = per_pairing[pid]
            scores.append(
                IndicatorScore(
                    round=round_,
                    pairing_id=pid,
                    indicator=indicator,
                    side="",
                    raw=value.raw,
                    normalised=value.normalised,
                    weighted=value.weighted,
                    missing=value.missing,
                    record_count=counts.get((pid, indicator.pk, ""), 0),
                )
            )
            totals[pid].append(value.weighted)
    results = [
        PairingResult(round=round_, pairing_id=pid, total=scoring.total(totals[pid]), rank=0)
        for pid in pairing_ids
    ]
    for result in results:
        result.rank = 1 + sum(1 for other in results if other.total > result.total)
    return scores, results


def _replace_scores(round_, inputs, pairing_ids, counts) -> None:
    scores, results = score_rows(round_, inputs, pairing_ids, counts)
    IndicatorScore.objects.filter(round=round_).delete()
    PairingResult.objects.filter(round=round_).delete()
    IndicatorScore.objects.bulk_create(scores)
    PairingResult.objects.bulk_create(results)


def waiting_assessments(round_) -> list[SelfAssessment]:
    return [a for a in round_.self_assessments.select_related("pairing") if not a.submitted]


@transaction.atomic
def round_compute(*, user, round_: EvaluationRound, override_reason: str | None = None) -> EvaluationRound:
    """Score the round from the live records (NDRC office). Refused while a self-assessment is not confirmed
    by both sides, unless ``override_reason`` says why the office goes ahead (recorded). All or nothing."""
    _require_ndrc(user)
    current = _lock(round_)
    _require_status(
        current, EvaluationRound.Status.OPEN, EvaluationRound.Status.SCORED, doing=_("be computed")
    )
    override_reason = (override_reason or "").strip()
    assessments = list(current.self_assessments.select_related("pairing"))
    waiting = [a for a in assessments if not a.submitted]
    if waiting and not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "The self-assessments of %(pairings)s are not yet confirmed by both sides: wait for them, "
                    "or give the reason the office computes the round without them."
                )
                % {"pairings": ", ".join(str(a.pairing) for a in waiting)}
            },
            code="not_submitted",
        )
    pairing_ids = sorted(a.pairing_id for a in assessments)
    submitted_ids = [a.pk for a in assessments if a.submitted]
    inputs = _live_inputs(current, pairing_ids, submitted_ids=submitted_ids)
    counts = _write_records(current, pairing_ids, submitted_ids=submitted_ids)
    _replace_scores(current, inputs, pairing_ids, counts)
    before = current.status
    current.status = EvaluationRound.Status.SCORED
    current.computed_at, current.computed_by = timezone.now(), user
    current.override_reason = override_reason if waiting else ""
    current.version += 1
    current.save()
    _workflow(
        user=user,
        round_=current,
        changes={
            "status": [before, current.status],
            "computed": [None, len(pairing_ids)],
            **({"override_reason": [None, override_reason]} if waiting else {}),
        },
    )
    return current


@transaction.atomic
def round_recompute(*, user, round_: EvaluationRound) -> EvaluationRound:
    """Score the round again. A closed round is frozen: its stored raw values are scored again, so the numbers
    are identical whatever happened to the records since. Any other scored round is computed from the live
    records again (with the override reason it was computed with)."""
    _require_ndrc(user)
    current = _lock(round_)
    if current.status != EvaluationRound.Status.CLOSED:
        return round_compute(user=user, round_=current, override_reason=current.override_reason or None)
    pairing_ids = sorted(current.results.values_list("pairing_id", flat=True))
    inputs, counts = _stored_inputs(current)
    _replace_scores(current, inputs, pairing_ids, counts)
    _workflow(user=user, round_=current, changes={"recomputed": [None, "stored raw values"]})
    return current


# --- outcomes, publication, closing --------------------------------------------------------------------------


@transaction.atomic
def outcome_decide(
    *,
    user,
    round_: EvaluationRound,
    pairing,
    kind: str,
    assessment: str,
    rectification: dict | None = None,
    items: list[dict] | None = None,
) -> PairingOutcome:
    """The office's outcome for a pairing of a scored (or published) round, with its qualitative assessment. A
    rectification issues a rectification requirement through supervision (``rectification``: title and basis;
    ``items``: title, requirement_text, responsible_region, deadline) in the same transaction."""
    from duikou.supervision.services import rectification_issue

    _require_ndrc(user, _("Only the NDRC office decides the outcomes of an evaluation round."))
    current = _lock(round_)
    _require_status(
        current, EvaluationRound.Status.SCORED, EvaluationRound.Status.PUBLISHED, doing=_("take outcomes")
    )
    if not current.pairings.filter(pk=pairing.pk).exists():
        raise ValidationError(
            {"pairing": _("%(pairing)s is not evaluated in this round.") % {"pairing": pairing}}
        )
    if not (assessment or "").strip():
        raise ValidationError({"assessment": _("Write the qualitative assessment of the pairing.")})
    outcome = PairingOutcome.objects.select_for_update().filter(round=current, pairing=pairing).first()
    if outcome is not None and outcome.rectification_id and kind != PairingOutcome.Kind.RECTIFICATION:
        raise ValidationError(
            {
                "kind": _(
                    "A rectification requirement was already issued to %(pairing)s for this round: the outcome "
                    "stays rectification."
                )
                % {"pairing": pairing}
            }
        )
    if kind not in PairingOutcome.Kind.values:
        raise ValidationError({"kind": _("Choose commendation, rectification or no particular outcome.")})
    requirement = outcome.rectification if outcome is not None else None
    if kind == PairingOutcome.Kind.RECTIFICATION and requirement is None:
        rectification = rectification or {}
        requirement = rectification_issue(
            user=user,
            data={
                "pairing": pairing,
                "title": rectification.get("title")
                or _("Rectification after %(round)s") % {"round": current},
                "basis": rectification.get("basis") or assessment,
                "round_ref": str(current)[:100],
            },
            items=list(items or []),
            evaluation_round=current,
        )
    data = {"kind": kind, "assessment": assessment.strip(), "decided_by": user, "rectification": requirement}
    if outcome is None:
        outcome = PairingOutcome(round=current, pairing=pairing, **data)
    else:
        for name, value in data.items():
            setattr(outcome, name, value)
        outcome.version += 1
    outcome.full_clean()
    outcome.save()
    _workflow(user=user, round_=current, changes={"outcome": [None, f"{pairing.pk}: {kind}"]})
    return outcome


@transaction.atomic
def round_publish(
    *, user, round_: EvaluationRound, publish_scores=False, publish_ranks=False, publish_all=False
) -> EvaluationRound:
    """Publish a scored round, as far as the office chooses: each pairing its own scores and breakdown, its
    rank, or the full table to everyone."""
    _require_ndrc(user)
    current = _lock(round_)
    _require_status(current, EvaluationRound.Status.SCORED, doing=_("be published"))
    current.publish_scores, current.publish_ranks = bool(publish_scores), bool(publish_ranks)
    current.publish_all = bool(publish_all)
    current.status, current.published_at = EvaluationRound.Status.PUBLISHED, timezone.now()
    current.version += 1
    current.save()
    _workflow(
        user=user,
        round_=current,
        changes={
            "status": [EvaluationRound.Status.SCORED, current.status],
            "published": [
                None,
                {
                    "scores": current.publish_scores,
                    "ranks": current.publish_ranks,
                    "all": current.publish_all,
                },
            ],
        },
    )
    return current


@transaction.atomic
def round_close(*, user, round_: EvaluationRound) -> EvaluationRound:
    """Close a published round: its inputs are frozen (the raw values stay on its scores)."""
    _require_ndrc(user)
    current = _lock(round_)
    _require_status(current, EvaluationRound.Status.PUBLISHED, doing=_("be closed"))
    current.status, current.closed_at = EvaluationRound.Status.CLOSED, timezone.now()
    current.version += 1
    current.save()
    _workflow(
        user=user, round_=current, changes={"status": [EvaluationRound.Status.PUBLISHED, current.status]}
    )
    return current


@transaction.atomic
def round_delete(*, user, round_: EvaluationRound) -> None:
    """Delete a round still open (nothing computed yet); its framework version stays published."""
    from duikou.core.services import instance_delete

    _require_ndrc(user)
    current = _lock(round_)
    _require_status(current, EvaluationRound.Status.OPEN, doing=_("be deleted"))
    EnteredValue.objects.filter(assessment__round=current).delete()
    current.self_assessments.all().delete()
    instance_delete(instance=current, user=user)
