"""A batch sheet as JSON: the :class:`synth.sheet.Sheet` structure itself, field by field.

Quantities are ``{"value": number, "unit": "<pint unit>"}`` (:func:`synth.units.to_json`), tuples are lists,
every other value is as in the sheet. Presentation only. The cost section (section 10 of the printed sheets,
the cost table of CSV and xlsx) is the ``cost`` object: what ``synth cost --json`` says of the same batch, with
its provenance (recipe, species data and price files with their sha256, versions), which the sheet's
``provenance`` repeats.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from ..sheet import Sheet
from ..units import Q_, to_json
from .json_out import dumps


def render(sheet: Sheet, cost: dict | None = None) -> str:
    """The sheet as one JSON object (keys in field order, so the same sheet gives the same bytes); ``cost``
    (``synth cost --json`` of this batch) adds the ``cost`` section and the ``provenance`` it was made from."""
    data = plain(sheet)
    if cost is not None:
        data |= {"cost": cost, "provenance": cost["provenance"]}
    return dumps(data) + "\n"


def plain(value):
    """``value`` with dataclasses as dicts, quantities in their JSON form and tuples as lists."""
    if is_dataclass(value):
        return {fd.name: plain(getattr(value, fd.name)) for fd in fields(value)}
    if isinstance(value, Q_):
        return to_json(value)
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value
