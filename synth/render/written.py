"""A step's temperature as the recipe wrote it: a cell at 1000 K stays 1000 K, a furnace at 550 degC 550 °C.

Presentation only, shared by the terminal, the sheets, the flow diagram and the notebook view (pint gives a
temperature in kelvin; the recipe's own unit is what an operator reads on the controller)."""

from __future__ import annotations

from ..units import from_json
from .plant_units import SHEET, PlantUnits
from .terminal import qty


def written_temperatures(setpoints: list[dict]) -> list:
    """The temperatures a step's recipe entry writes (``T`` of its parts: a report's ``setpoints``), for
    :func:`as_written`."""
    return [from_json(x["quantity"]) for part in setpoints for x in part["settings"]
            if x["name"] == "T" and "quantity" in x]


def as_written(T, written, u: PlantUnits = SHEET) -> str:
    """A step's temperature ``T`` in the unit the recipe wrote it (a cell at 1000 K stays 1000 K, a furnace at
    550 degC stays 550 °C): the first of the ``written`` quantities equal to ``T``, else in °C; or in the plant
    unit of temperature."""
    for value in written:
        if value.check("[temperature]") and abs(value.to("K").magnitude - T.to("K").magnitude) < 1e-6:
            return u.text(T, "temperature", qty(value, None, 5), 5)
    return u.text(T, "temperature", qty(T, "degC", 5), 5)
