"""A production rate of the product and its conversion to product per operating hour of a plant.

A rate per day (``10 kg/day``) is per operating day (the plant's ``hours_per_day``); a rate per hour or
shorter is per operating hour; a rate per week, month or year (``3 t/year``) is spread over the plant's
operating hours in a year (``days_per_year`` × ``hours_per_day``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..units import Q_, measured, parse, ureg
from .units import Plant


@dataclass(frozen=True)
class Rate:
    """A product rate as written (a quantity of mass / time), and the same rate per operating second of
    ``plant`` (``per_second``, a quantity in g/s; the field ``g_per_s`` holds its magnitude)."""

    written: object
    g_per_s: float
    period: str  # "hour", "day" or "year": how the written time unit maps onto operating time

    per_second = measured("g_per_s", "g/s")

    @classmethod
    def parse(cls, text: str, plant: Plant) -> Rate:
        q = parse(text, "--rate")
        if not q.check("[mass] / [time]"):
            raise InputError(f"--rate {text!r}: expected a mass per time such as '10 kg/day' or '3 t/year', "
                             f"got dimension {q.dimensionality or 'dimensionless'}")
        if not (q.magnitude > 0 and q.magnitude < float("inf")):
            raise InputError(f"--rate {text!r}: the rate must be a positive, finite number")
        period = _period(q)
        return cls(q, _to_operating(q, period, plant), period)

    def from_operating(self, g_per_s: float, plant: Plant):
        """A rate in g per operating second [float], as a quantity in the units the user wrote."""
        per_unit = _to_operating(Q_(1, self.written.units), self.period, plant)
        return Q_(g_per_s / per_unit, self.written.units)


def _period(q) -> str:
    for name, exponent in q.units._units.items():
        if exponent < 0 and ureg.Quantity(1, name).check("[time]"):
            seconds = ureg.Quantity(1, name).to("s").magnitude
            return "hour" if seconds < 86400 else "day" if seconds == 86400 else "year"
    raise InputError(f"--rate {q:~P}: write the time unit as h, day or year")


def _to_operating(q, period: str, plant: Plant) -> float:
    hours_per_day = plant.hours_per_day.to("s").magnitude
    if period == "hour":
        return q.to("g/s").magnitude
    if period == "day":
        return q.to("g/day").magnitude / hours_per_day
    return q.to("g/year").magnitude / (plant.operating_days * hours_per_day)
