"""Normalisation and weighting, against values computed by hand."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from .. import scoring


def test_target_higher_is_better_capped_at_100():
    got = scoring.normalise(
        {"a": D("45"), "b": D("90"), "c": D("120"), "d": D("0"), "e": None},
        direction="higher",
        normalisation="target",
        target=D("90"),
    )
    assert got == {"a": D("50.00"), "b": D("100.00"), "c": D("100.00"), "d": D("0.00"), "e": D("0.00")}


def test_target_rounds_half_up_to_two_places():
    # 2 / 3 × 100 = 66.666… → 66.67; 1 / 8 × 100 = 12.5 exactly; 1/16 × 100 = 6.25; 1/400 × 100 = 0.25
    got = scoring.normalise(
        {"a": D("2"), "b": D("1")}, direction="higher", normalisation="target", target=D("3")
    )
    assert got == {"a": D("66.67"), "b": D("33.33")}
    got = scoring.normalise({"a": D("0.0125")}, direction="higher", normalisation="target", target=D("0.1"))
    assert got == {"a": D("12.50")}
    # 0.125 % of a target: 0.00125 → 0.13 with ROUND_HALF_UP (banker's rounding would give 0.12)
    got = scoring.normalise({"a": D("1.25")}, direction="higher", normalisation="target", target=D("1000"))
    assert got == {"a": D("0.13")}


def test_target_lower_is_better():
    # target 10 (e.g. days): 5 → capped 100; 20 → 10/20 = 50; 40 → 25; 0 → 100; missing → 0
    got = scoring.normalise(
        {"a": D("5"), "b": D("20"), "c": D("40"), "d": D("0"), "e": None},
        direction="lower",
        normalisation="target",
        target=D("10"),
    )
    assert got == {"a": D("100.00"), "b": D("50.00"), "c": D("25.00"), "d": D("100.00"), "e": D("0.00")}


def test_relative_higher_is_better():
    got = scoring.normalise(
        {"a": D("300"), "b": D("150"), "c": D("100"), "d": D("0"), "e": None},
        direction="higher",
        normalisation="relative",
    )
    assert got == {"a": D("100.00"), "b": D("50.00"), "c": D("33.33"), "d": D("0.00"), "e": D("0.00")}


def test_relative_all_zero_or_missing_scores_zero():
    got = scoring.normalise(
        {"a": D("0"), "b": D("0"), "c": None}, direction="higher", normalisation="relative"
    )
    assert set(got.values()) == {D("0.00")}
    got = scoring.normalise({"a": None}, direction="lower", normalisation="relative")
    assert got == {"a": D("0.00")}


def test_relative_lower_is_better():
    # best = min = 4: 4 → 100, 8 → 50, 12 → 33.33; missing left out of the best and scores 0
    got = scoring.normalise(
        {"a": D("4"), "b": D("8"), "c": D("12"), "d": None}, direction="lower", normalisation="relative"
    )
    assert got == {"a": D("100.00"), "b": D("50.00"), "c": D("33.33"), "d": D("0.00")}
    # best = 0: only a 0 scores 100, anything above scores 0
    got = scoring.normalise({"a": D("0"), "b": D("3")}, direction="lower", normalisation="relative")
    assert got == {"a": D("100.00"), "b": D("0.00")}


def test_weighted_from_the_rounded_normalised_value():
    # 66.67 × 8 / 100 = 5.3336 → 5.33; 33.33 × 6 / 100 = 1.9998 → 2.00; 12.5 × 5 / 100 = 0.625 → 0.63
    assert scoring.weighted(D("66.67"), D("8")) == D("5.33")
    assert scoring.weighted(D("33.33"), D("6")) == D("2.00")
    assert scoring.weighted(D("12.50"), D("5")) == D("0.63")
    scores = scoring.score(
        {"a": D("2"), "b": D("1")}, direction="higher", normalisation="target", target=D("3"), weight=D("8")
    )
    assert scores["a"] == scoring.Score(raw=D("2"), normalised=D("66.67"), weighted=D("5.33"))
    assert scores["b"].weighted == D("2.67")  # 33.33 × 8 / 100 = 2.6664


def test_negative_raw_value_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        scoring.normalise({"a": D("-1")}, direction="higher", normalisation="relative")


def test_target_normalisation_needs_a_positive_target():
    with pytest.raises(ValueError):
        scoring.normalise({"a": D("1")}, direction="higher", normalisation="target", target=None)
    with pytest.raises(ValueError):
        scoring.normalise({"a": D("1")}, direction="higher", normalisation="target", target=D("0"))


def test_per_side_mean_of_the_sides():
    # cadres seconded, target 3 per side, weight 8: pairing 1 sends 3 and 1 → 100 and 33.33 → mean 66.67 (66.665
    # rounds half up) → 5.33 points; pairing 2 sends 0 and 6 → 0 and 100 → 50 → 4.00
    indicator = SimpleNamespace(
        direction="higher", normalisation="target", target_value=D("3"), weight=D("8"), per_side=True
    )
    raw = {(1, "northeast"): D("3"), (1, "east"): D("1"), (2, "northeast"): D("0"), (2, "east"): D("6")}
    got = scoring.score_indicator(raw, indicator)
    assert got[1] == scoring.Score(raw=D("4"), normalised=D("66.67"), weighted=D("5.33"))
    assert got[2] == scoring.Score(raw=D("6"), normalised=D("50.00"), weighted=D("4.00"))


def test_pairing_indicator_from_a_per_side_query_adds_the_sides():
    raw = {(1, "northeast"): D("2"), (1, "east"): D("3"), (2, "northeast"): None, (2, "east"): None}
    assert scoring.pairing_raw(raw, per_side=False) == {(1, None): D("5"), (2, None): None}
    assert scoring.pairing_raw(raw, per_side=True) == raw


def test_total_is_the_sum_of_the_contributions():
    assert scoring.total([D("5.33"), D("2.00"), D("0.63")]) == D("7.96")
