"""How far a value may lie from its nominal: the distribution a recipe or price file writes beside it.

``{q: 90 %, range: [80 %, 95 %], dist: triangular, assumption: ...}``: ``q`` stays the value every
calculation uses; the spread is read only by the uncertainty analysis. The forms:

- ``uniform`` and ``triangular`` take a ``range`` [low, high] that holds ``q`` (the mode of a triangle);
- ``normal`` takes ``sd`` (in ``q``'s units), truncated to the value's physical bounds and to a ``range``
  if one is given;
- ``lognormal`` takes ``sd``, the standard deviation of ln(value) (dimensionless); ``q`` is its median.

Physical bounds come from what the value is: a fraction lies in 0..1, an excess is 0 or more, a mass or a
time is positive. A range that leaves them, or that does not hold ``q``, is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pint

from .errors import InputError
from .units import parse

DISTRIBUTIONS = ("uniform", "triangular", "normal", "lognormal")
SPREAD_FIELDS = ("range", "dist", "sd")


@dataclass(frozen=True)
class Spread:
    """A distribution around a nominal value; numbers are magnitudes in the nominal's unit."""

    dist: str
    unit: str  # of every number here: q's unit, or plain fractions ("") for a dimensionless q such as 95 %
    nominal: float
    low: float  # lower end of the support (the range, or the physical bound for an unbounded normal)
    high: float
    sd: float | None = None


def bounds_of(rule: str) -> tuple[float, float, bool]:
    """(low, high, low is open) of a recipe schema rule: fractions 0..1, excesses 0 or more, ``+`` positive."""
    if rule == "fraction":
        return 0.0, 1.0, False
    if rule == "excess":
        return 0.0, math.inf, False
    if rule.startswith("+"):
        return 0.0, math.inf, True
    return -math.inf, math.inf, False


def read_spread(entry: dict, nominal: pint.Quantity, bounds: tuple[float, float, bool], what: str) -> Spread | None:
    """The spread written in ``entry`` beside ``nominal``, checked; None when it has none.

    Errors are :class:`InputError` whose message the caller places in the file (field ``range``, ``dist``
    or ``sd``, named at the start of the message)."""
    if not any(k in entry for k in SPREAD_FIELDS):
        return None
    dist = entry.get("dist")
    if dist not in DISTRIBUTIONS:
        raise InputError(f"dist: expected one of {', '.join(DISTRIBUTIONS)} beside a range or sd, found {dist!r}")
    if nominal.dimensionless:  # 95 % -> 0.95, so that the bounds of a fraction (0..1) apply as written
        nominal = nominal.to("dimensionless")
    unit, q = nominal.units, float(nominal.magnitude)
    lo_b, hi_b, open_low = bounds
    low, high = lo_b, hi_b
    if "range" in entry:
        ends = entry["range"]
        if not isinstance(ends, list) or len(ends) != 2:
            raise InputError("range: expected [LOW, HIGH], two values in the units of q")
        try:
            low, high = (float(parse(str(e), f"{what}.range").to(unit).magnitude) for e in ends)
        except pint.DimensionalityError:
            raise InputError(f"range: {ends} is not in the units of q ({nominal:~P})") from None
        if not low <= q <= high:
            raise InputError(f"range: [{low:g}, {high:g}] {unit:~P} does not hold q = {q:g} {unit:~P}")
        if low < lo_b or high > hi_b or (open_low and low <= lo_b):
            raise InputError(f"range: [{low:g}, {high:g}] leaves the physical bounds of the value "
                             f"({'above' if open_low else 'from'} {lo_b:g} to {hi_b:g})")
    elif dist in ("uniform", "triangular"):
        raise InputError(f"range: a {dist} distribution needs range: [LOW, HIGH] around q")
    sd = None
    if dist in ("normal", "lognormal"):
        if "sd" not in entry:
            unit_words = "in the units of q" if dist == "normal" else "of ln(value), dimensionless"
            raise InputError(f"sd: a {dist} distribution needs sd ({unit_words})")
        sd_q = parse(str(entry["sd"]), f"{what}.sd")
        try:
            sd = float(sd_q.to(unit if dist == "normal" else "dimensionless").magnitude)
        except pint.DimensionalityError:
            raise InputError(f"sd: {entry['sd']!r} is not in the units of q ({nominal:~P})" if dist == "normal"
                             else f"sd: {entry['sd']!r} must be dimensionless (the sd of ln(value))") from None
        if not sd > 0:
            raise InputError(f"sd: expected a positive standard deviation, found {sd:g}")
        if dist == "lognormal" and not q > 0:
            raise InputError(f"dist: a lognormal value must be positive, q = {q:g}")
    return Spread(dist, f"{unit:~}", q, low, high, sd)
