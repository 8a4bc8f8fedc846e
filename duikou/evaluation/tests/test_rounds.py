"""Evaluation rounds end to end: an independent plain-Python recomputation of every score equals the
platform's; a closed round's scores survive a change of the records; computing is all-or-nothing; every
refusal says why and changes nothing."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duikou.core.models import AuditEntry
from duikou.core.services import ConflictError
from duikou.exchanges.models import Secondment, Training
from duikou.exchanges.tests.factories import training
from duikou.supervision.models import RectificationRequirement

from .. import rounds, services
from ..indicators import REGISTRY
from ..models import (
    EnteredValue,
    Framework,
    IndicatorScore,
    PairingOutcome,
    PairingResult,
    ScoreRecord,
    SelfAssessment,
)
from .rounds_setup import END, START, assess, make_world, scored_world


def r2(x):
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def by_hand(world):
    """Every score of the round from the raw records, in plain Python (no platform code)."""
    pairings = [world[k] for k in ("lj", "jz", "sb")]
    ids = [p.pk for p in pairings]
    trainees = {pid: Decimal(0) for pid in ids}
    for t in Training.objects.all():
        if t.pairing_id in trainees and t.status == "held" and START <= t.start <= END:
            trainees[t.pairing_id] += t.total
    cadres = {(pid, side): 0 for pid in ids for side in ("northeast", "east")}
    for s in Secondment.objects.all():
        if s.pairing_id in ids and s.status != "planned" and START <= s.start <= END:
            side = "northeast" if s.direction == Secondment.Direction.NE_TO_EAST else "east"
            cadres[(s.pairing_id, side)] += 1
    entered = {v.assessment.pairing_id: v.value for v in EnteredValue.objects.select_related("assessment")}
    expected, totals = {}, defaultdict(Decimal)
    best = max(trainees.values())
    for pid in ids:
        norm = r2(min(trainees[pid] * 100 / best, 100)) if best else Decimal("0.00")
        expected[(pid, "1.1")] = (trainees[pid], norm, r2(norm * 40 / 100))
        sides = [r2(min(Decimal(cadres[(pid, s)]) * 100 / 2, 100)) for s in ("northeast", "east")]
        mean = r2(sum(sides) / 2)
        expected[(pid, "1.2")] = (
            Decimal(cadres[(pid, "northeast")] + cadres[(pid, "east")]),
            mean,
            r2(mean * 30 / 100),
        )
    best = max(entered.values())
    for pid in ids:
        norm = r2(min(entered[pid] * 100 / best, 100))
        expected[(pid, "2.1")] = (entered[pid], norm, r2(norm * 30 / 100))
    for (pid, _code), (_raw, _norm, weighted) in expected.items():
        totals[pid] += weighted
    ranks = {pid: 1 + sum(1 for other in totals.values() if other > totals[pid]) for pid in ids}
    return expected, totals, ranks


def platform(round_):
    scores = {
        (s.pairing_id, s.indicator.code): (s.raw, s.normalised, s.weighted)
        for s in IndicatorScore.objects.filter(round=round_, side="").select_related("indicator")
    }
    results = {r.pairing_id: (r.total, r.rank) for r in PairingResult.objects.filter(round=round_)}
    return scores, results


def assert_equal_by_hand(world):
    expected, totals, ranks = by_hand(world)
    scores, results = platform(world["round"])
    assert set(scores) == set(expected)
    for key, (raw, norm, weighted) in expected.items():
        got = scores[key]
        assert (Decimal(got[0]), got[1], got[2]) == (Decimal(raw), norm, weighted), key
    for pid, total in totals.items():
        assert results[pid] == (total, ranks[pid]), pid


@pytest.mark.django_db
def test_every_score_equals_a_plain_python_recomputation():
    world = scored_world()
    assert world["round"].status == "scored"
    assert_equal_by_hand(world)
    # per-side rows are stored too, with their records
    round_ = world["round"]
    sides = IndicatorScore.objects.filter(round=round_, indicator__code="1.2").exclude(side="")
    assert sides.count() == 6
    lj_ne = sides.get(pairing=world["lj"], side="northeast")
    assert set(records_of(lj_ne)) == {
        ("exchanges.secondment", pk)
        for pk in Secondment.objects.filter(
            pairing=world["lj"], direction=Secondment.Direction.NE_TO_EAST, start__gte=START, start__lte=END
        ).exclude(status=Secondment.Status.PLANNED).values_list("pk", flat=True)
    }
    assert lj_ne.record_count == len(records_of(lj_ne)) >= 1
    whole = IndicatorScore.objects.get(round=round_, pairing=world["lj"], indicator__code="1.2", side="")
    sides_of_lj = sides.filter(pairing=world["lj"])
    assert set(records_of(whole)) == {record for side in sides_of_lj for record in records_of(side)}
    trainees = IndicatorScore.objects.get(round=round_, pairing=world["lj"], indicator__code="1.1", side="")
    held = set(Training.objects.filter(pairing=world["lj"], start__gte=START).values_list("pk", flat=True))
    assert records_of(trainees) == [("exchanges.training", pk) for pk in sorted(held)]
    assert trainees.record_count == len(held)
    entered = IndicatorScore.objects.get(round=round_, pairing=world["lj"], indicator__code="2.1", side="")
    assert records_of(entered) == [
        ("evaluation.enteredvalue", EnteredValue.objects.get(assessment__pairing=world["lj"]).pk)
    ]
    # every score's count is the number of its records, and nothing else is recorded
    for score in IndicatorScore.objects.filter(round=round_):
        assert score.record_count == len(records_of(score)), score
    assert ScoreRecord.objects.filter(round=round_).count() == sum(
        IndicatorScore.objects.filter(round=round_).values_list("record_count", flat=True)
    )


def all_records(round_) -> list[tuple]:
    return list(
        ScoreRecord.objects.filter(round=round_)
        .order_by("pairing_id", "indicator_id", "side", "label", "record_id")
        .values_list("pairing_id", "indicator_id", "side", "label", "record_id")
    )


def records_of(score) -> list[tuple[str, int]]:
    return list(
        ScoreRecord.objects.filter(
            round=score.round, pairing=score.pairing, indicator=score.indicator, side=score.side
        ).order_by("label", "record_id").values_list("label", "record_id")
    )


@pytest.mark.django_db
def test_closed_round_keeps_its_scores_after_the_records_change():
    world = scored_world()
    ndrc, round_ = world["ndrc"], world["round"]
    before, records = platform(round_), all_records(round_)
    round_ = rounds.round_publish(user=ndrc, round_=round_, publish_scores=True, publish_ranks=True)
    round_ = rounds.round_close(user=ndrc, round_=round_)
    training(world["jz"], start=START, end=START, leaders=500)  # the records change
    Secondment.objects.filter(pairing=world["sb"]).delete()
    rounds.round_recompute(user=ndrc, round_=round_)
    assert platform(round_) == before
    assert all_records(round_) == records  # the records the scores came from, as they were
    # the by-hand figures over the changed records now differ: the platform kept the closed round's inputs
    expected, _totals, _ranks = by_hand(world)
    assert expected[(world["jz"].pk, "1.1")][0] != before[0][(world["jz"].pk, "1.1")][0]


@pytest.mark.django_db
def test_an_open_round_recomputed_follows_the_records():
    world = scored_world()
    training(world["jz"], start=START, end=START, leaders=500)
    rounds.round_recompute(user=world["ndrc"], round_=world["round"])
    assert_equal_by_hand(world)


@pytest.mark.django_db
def test_computing_is_all_or_nothing(monkeypatch):
    world = scored_world()
    before = platform(world["round"])
    training(world["jz"], start=START, end=START, leaders=500)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(REGISTRY["cadres_seconded"], "compute", broken)  # the second indicator fails
    with pytest.raises(RuntimeError):
        rounds.round_compute(user=world["ndrc"], round_=world["round"])
    assert platform(world["round"]) == before
    records = all_records(world["round"])
    monkeypatch.undo()
    monkeypatch.setattr(REGISTRY["cadres_seconded"], "trace_records", broken)  # fails writing the records
    with pytest.raises(RuntimeError):
        rounds.round_compute(user=world["ndrc"], round_=world["round"])
    assert platform(world["round"]) == before and all_records(world["round"]) == records
    world["round"].refresh_from_db()
    assert world["round"].status == "scored"


@pytest.mark.django_db
def test_computing_before_the_self_assessments_is_refused_unless_overridden():
    world = make_world()
    assess(world, "lj")
    assess(world, "jz", confirm=False)
    with pytest.raises(ValidationError) as exc:
        rounds.round_compute(user=world["ndrc"], round_=world["round"])
    assert "not yet confirmed by both sides" in str(exc.value)
    assert str(world["jz"]) in str(exc.value) and str(world["sb"]) in str(exc.value)
    assert not IndicatorScore.objects.exists()
    world["round"].refresh_from_db()
    assert world["round"].status == "open"
    round_ = rounds.round_compute(user=world["ndrc"], round_=world["round"], override_reason="截止日期已过")
    assert round_.status == "scored" and round_.override_reason == "截止日期已过"
    entry = AuditEntry.objects.filter(object_type="evaluation.evaluationround", action="workflow").last()
    assert "截止日期已过" in str(entry.changes)
    # unconfirmed self-assessments count as missing
    jz = IndicatorScore.objects.get(round=round_, pairing=world["jz"], indicator__code="2.1", side="")
    assert jz.missing and jz.normalised == 0


@pytest.mark.django_db
def test_only_the_ndrc_office_computes():
    world = scored_world()
    for name in ("cod", "liaoning"):
        with pytest.raises(PermissionDenied):
            rounds.round_compute(user=world[name], round_=world["round"], override_reason="x")


@pytest.mark.django_db
def test_framework_used_by_a_round_is_frozen():
    world = make_world()
    fw = world["framework"]
    assert fw.is_frozen
    assert not Framework.objects.filter(pk=fw.pk).unfrozen().exists()
    indicator = fw.indicators.get(code="1.1")
    with pytest.raises(ValidationError) as exc:
        services.indicator_update(
            user=world["ndrc"], indicator=indicator, data={"weight": 50}, expected_version=None
        )
    assert "can no longer change" in str(exc.value)
    indicator.refresh_from_db()
    assert indicator.weight == 40
    # even a draft becomes frozen once a round uses it (were a round ever to point at one)
    Framework.objects.filter(pk=fw.pk).update(status="draft")
    fw.refresh_from_db()
    assert fw.is_frozen and not Framework.objects.filter(pk=fw.pk).unfrozen().exists()


@pytest.mark.django_db
def test_a_round_needs_a_published_framework():
    world = make_world()
    draft = services.framework_new_version(user=world["ndrc"], framework=world["framework"])
    with pytest.raises(ValidationError) as exc:
        rounds.round_create(
            user=world["ndrc"],
            data={"name": "x", "period_start": START, "period_end": END, "framework": draft},
            pairings=[world["lj"]],
        )
    assert "a round uses a published framework version" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        rounds.round_create(
            user=world["ndrc"],
            data={"name": "x", "period_start": END, "period_end": START, "framework": world["framework"]},
            pairings=[world["lj"]],
        )
    assert "period_end" in exc.value.message_dict


@pytest.mark.django_db
def test_self_assessment_confirmations_and_changes():
    world = make_world()
    assessment = assess(world, "lj")
    assert assessment.submitted
    from duikou.notifications.models import Notification

    assert Notification.objects.filter(recipient=world["jiangsu"], kind="confirmation_requested").exists()
    assert Notification.objects.filter(recipient=world["liaoning"], kind="confirmed").exists()
    entered = world["framework"].indicators.get(code="2.1")
    # a change clears both confirmations
    assessment = rounds.self_assessment_update(
        user=world["jiangsu"],
        assessment=assessment,
        narrative="改过的自评",
        values=[{"indicator": entered, "side": "", "value": Decimal("9"), "evidence": "新证据"}],
        revision=assessment.revision,
    )
    assert not assessment.northeast_confirmed and not assessment.east_confirmed
    # a stale revision is a conflict
    with pytest.raises(ConflictError):
        rounds.self_assessment_confirm(user=world["liaoning"], assessment=assessment, revision=1)
    # evidence is required
    with pytest.raises(ValidationError) as exc:
        rounds.self_assessment_update(
            user=world["liaoning"],
            assessment=assessment,
            narrative="x",
            values=[{"indicator": entered, "side": "", "value": Decimal("1"), "evidence": " "}],
        )
    assert "evidence" in str(exc.value)
    # a computed indicator is not entered
    computed = world["framework"].indicators.get(code="1.1")
    with pytest.raises(ValidationError):
        rounds.self_assessment_update(
            user=world["liaoning"],
            assessment=assessment,
            narrative="x",
            values=[{"indicator": computed, "side": "", "value": Decimal("1"), "evidence": "x"}],
        )
    # another pairing's coordinator may not write it
    with pytest.raises(PermissionDenied):
        rounds.self_assessment_update(user=world["jilin"], assessment=assessment, narrative="x", values=[])
    # nothing entered: confirming is refused
    empty = SelfAssessment.objects.get(round=world["round"], pairing=world["jz"])
    with pytest.raises(ValidationError) as exc:
        rounds.self_assessment_confirm(user=world["jilin"], assessment=empty, revision=empty.revision)
    assert "2.1" in str(exc.value)


@pytest.mark.django_db
def test_outcomes_publish_and_close():
    world = scored_world()
    ndrc, round_, jz = world["ndrc"], world["round"], world["jz"]
    outcome = rounds.outcome_decide(
        user=ndrc, round_=round_, pairing=world["lj"], kind="commendation", assessment="成效显著"
    )
    assert outcome.kind == "commendation"
    items = [
        {
            "title": "招商引资",
            "requirement_text": "加快项目",
            "responsible_region": jz.northeast,
            "deadline": END,
        },
        {"title": "干部挂职", "requirement_text": "选派干部", "responsible_region": jz.east, "deadline": END},
    ]
    outcome = rounds.outcome_decide(
        user=ndrc, round_=round_, pairing=jz, kind="rectification", assessment="进展缓慢", items=items
    )
    requirement = outcome.rectification
    assert requirement.evaluation_round_id == round_.pk and requirement.items.count() == 2
    # a bad item: nothing written (no outcome, no requirement)
    before = RectificationRequirement.objects.count()
    bad = [{**items[0], "responsible_region": world["lj"].northeast}]
    with pytest.raises(ValidationError):
        rounds.outcome_decide(
            user=ndrc, round_=round_, pairing=world["sb"], kind="rectification", assessment="慢", items=bad
        )
    assert RectificationRequirement.objects.count() == before
    assert not PairingOutcome.objects.filter(pairing=world["sb"]).exists()
    with pytest.raises(ValidationError):
        rounds.outcome_decide(user=ndrc, round_=round_, pairing=jz, kind="none", assessment="x")
    with pytest.raises(ValidationError):
        rounds.round_close(user=ndrc, round_=round_)
    round_ = rounds.round_publish(user=ndrc, round_=round_, publish_scores=True)
    with pytest.raises(ValidationError):
        rounds.round_compute(user=ndrc, round_=round_, override_reason="x")
    round_ = rounds.round_close(user=ndrc, round_=round_)
    assert round_.closed_at and round_.status == "closed"


@pytest.mark.django_db
def test_a_first_computation_that_fails_leaves_no_scores(monkeypatch):
    world = make_world()
    for key in ("lj", "jz", "sb"):
        assess(world, key)

    def broken(**kwargs):
        raise RuntimeError("midway")

    monkeypatch.setattr(REGISTRY["cadres_seconded"], "compute", broken)
    with pytest.raises(RuntimeError):
        rounds.round_compute(user=world["ndrc"], round_=world["round"])
    assert not IndicatorScore.objects.exists() and not PairingResult.objects.exists()
    world["round"].refresh_from_db()
    assert world["round"].status == "open" and world["round"].computed_at is None


@pytest.mark.django_db
def test_only_an_open_round_is_deleted(client):
    from django.urls import reverse

    world = scored_world()
    client.force_login(world["ndrc"])
    url = reverse("api:evaluationround-detail", args=[world["round"].pk])
    assert client.delete(url).status_code == 403
    fresh = rounds.round_create(
        user=world["ndrc"],
        data={"name": "待删除", "period_start": START, "period_end": END, "framework": world["framework"]},
        pairings=[world["lj"]],
    )
    assert client.delete(reverse("api:evaluationround-detail", args=[fresh.pk])).status_code == 204
    assert not SelfAssessment.objects.filter(round_id=fresh.pk).exists()
