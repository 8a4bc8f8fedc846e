"""From raw values to scores: pure Python, no database, so a round can store each step and anyone can redo it
by hand.

For one indicator, given the raw values of the units evaluated (pairings, or for a per-side indicator each
side of each pairing, keyed as ``indicators.compute`` keys them):

* ``normalised`` is a score of 0–100 (a ``Decimal`` with two places, ROUND_HALF_UP):

  - ``target``, higher is better: raw / target × 100, capped at 100;
  - ``target``, lower is better:  target / raw × 100, capped at 100; a raw value of 0 scores 100 (nothing is
    as low as it gets);
  - ``relative``, higher is better: raw / best × 100 with best = the highest raw value of the round; when the
    best is 0 (nobody has anything) every unit scores 0;
  - ``relative``, lower is better: best / raw × 100 with best = the lowest raw value of the round; a raw value
    equal to the best scores 100 (so 0 when the best is 0), any other raw value scores 0 when the best is 0.

* a *missing* raw value (``None``: no basis in the period, e.g. no request was due, or nothing entered) scores
  0 and is left out when the best of the round is found: no evidence, no points. A negative raw value is an
  error (no indicator counts below zero).
* ``weighted`` is the contribution to the total: normalised × weight / 100, two places, ROUND_HALF_UP,
  computed from the *rounded* normalised value, so the figures shown add up by hand.
* a per-side indicator is normalised side by side (the best over every side of every pairing); the pairing's
  normalised value is the mean of its two sides' (two places), and its contribution follows from that.
* the pairing's total is the sum of its contributions.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HIGHER, LOWER = "higher", "lower"
TARGET, RELATIVE = "target", "relative"
HUNDRED = Decimal("100")
ZERO = Decimal("0")
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Score:
    raw: Decimal | None
    normalised: Decimal
    weighted: Decimal

    @property
    def missing(self) -> bool:
        return self.raw is None


def _check(raw: Mapping[Hashable, Decimal | None]) -> None:
    for key, value in raw.items():
        if value is not None and Decimal(value) < 0:
            raise ValueError(f"negative raw value {value} for {key!r}: no indicator counts below zero")


def _capped(value: Decimal) -> Decimal:
    return q2(min(value, HUNDRED))


def normalise(
    raw: Mapping[Hashable, Decimal | None],
    *,
    direction: str,
    normalisation: str,
    target: Decimal | None = None,
) -> dict[Hashable, Decimal]:
    """The normalised value (0–100, two places) of each key; see the module's docstring for the rules."""
    _check(raw)
    values = {key: (None if value is None else Decimal(value)) for key, value in raw.items()}
    present = [value for value in values.values() if value is not None]
    result = {}
    if normalisation == TARGET:
        if target is None or Decimal(target) <= 0:
            raise ValueError("a target normalisation needs a target value above zero")
        target = Decimal(target)
        for key, value in values.items():
            if value is None:
                result[key] = q2(ZERO)
            elif direction == HIGHER:
                result[key] = _capped(value * HUNDRED / target)
            else:
                result[key] = q2(HUNDRED) if value == 0 else _capped(target * HUNDRED / value)
        return result
    if normalisation != RELATIVE:
        raise ValueError(f"unknown normalisation {normalisation!r}")
    if direction == HIGHER:
        best = max(present, default=ZERO)
        for key, value in values.items():
            result[key] = q2(ZERO) if value is None or best == 0 else _capped(value * HUNDRED / best)
    else:
        best = min(present, default=ZERO)
        for key, value in values.items():
            if value is None:
                result[key] = q2(ZERO)
            elif value == best:
                result[key] = q2(HUNDRED)
            else:  # value > best >= 0
                result[key] = _capped(best * HUNDRED / value)
    return result


def weighted(normalised: Decimal, weight: Decimal) -> Decimal:
    return q2(q2(normalised) * Decimal(weight) / HUNDRED)


def score(
    raw: Mapping[Hashable, Decimal | None],
    *,
    direction: str,
    normalisation: str,
    weight: Decimal,
    target: Decimal | None = None,
) -> dict[Hashable, Score]:
    """Raw, normalised and weighted value of each key, for one indicator."""
    normalised = normalise(raw, direction=direction, normalisation=normalisation, target=target)
    return {
        key: Score(raw=raw[key], normalised=normalised[key], weighted=weighted(normalised[key], weight))
        for key in raw
    }


def score_indicator(raw: Mapping[tuple, Decimal | None], indicator) -> dict[int, Score]:
    """The scores per pairing of one indicator (any object with ``direction``, ``normalisation``,
    ``target_value``, ``weight`` and ``per_side``: a model instance, or a round's frozen copy).

    ``raw`` is keyed ``(pairing_id, side)`` as ``indicators.compute`` returns it. For a per-side indicator
    the sides are normalised as units and each pairing gets the mean of its sides (its ``raw`` is then the
    sum of the sides' raw values, for display; ``None`` when both are missing)."""
    per_unit = score(
        raw,
        direction=indicator.direction,
        normalisation=indicator.normalisation,
        weight=indicator.weight,
        target=indicator.target_value,
    )
    if not indicator.per_side:
        return {pairing_id: value for (pairing_id, _side), value in per_unit.items()}
    sides: dict[int, list[Score]] = {}
    for (pairing_id, _side), value in per_unit.items():
        sides.setdefault(pairing_id, []).append(value)
    result = {}
    for pairing_id, scores in sides.items():
        mean = q2(sum((s.normalised for s in scores), ZERO) / len(scores))
        raws = [s.raw for s in scores if s.raw is not None]
        result[pairing_id] = Score(
            raw=sum(raws, ZERO) if raws else None, normalised=mean, weighted=weighted(mean, indicator.weight)
        )
    return result


def pairing_raw(raw: Mapping[tuple, Decimal | None], *, per_side: bool) -> dict[tuple, Decimal | None]:
    """A per-side query's values for an indicator of the whole pairing: the sides added up (missing when both
    are missing); unchanged otherwise."""
    if per_side or not any(side is not None for (_pid, side) in raw):
        return dict(raw)
    totals: dict[tuple, Decimal | None] = {}
    for (pairing_id, _side), value in raw.items():
        key = (pairing_id, None)
        if value is None:
            totals.setdefault(key, None)
        else:
            totals[key] = (totals.get(key) or ZERO) + value
    return totals


def total(contributions) -> Decimal:
    return q2(sum(contributions, ZERO))
