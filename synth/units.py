"""The one pint registry of synth, and the helpers that check quantities at API boundaries.

Everything in synth, and every user script, uses :data:`ureg` and :data:`Q_` from here (pint's advice for
libraries: one registry per application). Offset units (``degC``) are converted to kelvin when they take
part in arithmetic, so ``750 degC`` and ``1023.15 K`` give the same answer everywhere.

Custom units, each with its source:

- ``M`` / ``molar`` = mol/L (IUPAC Green Book, 3rd ed., 2007, sec. 2.10).
- ``wt%``, ``mol%``, ``vol%`` are dimensionless percentages (parts per hundred).
- ``SL`` (standard litre) is the amount of ideal gas in 1 L at IUPAC STP, 273.15 K and 100 kPa
  (IUPAC Gold Book, "standard conditions for gases"), 1 SL = 1/22.710954 mol with R from CODATA 2018.
- ``Nm3`` (normal cubic metre) is the amount in 1 m³ at 273.15 K and 101.325 kPa (DIN 1343).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pint

from .errors import DimensionError, InputError
from .unit_cache import build_registry
from .unit_speed import memoise_conversions

_PERCENT_WORDS = re.compile(r"\b(wt|mol|vol)\s*%")


def _preprocess(text: str) -> str:
    """Spell ``wt%``-style units as names pint can parse; ``%`` alone is pint's own ``percent``."""
    return _PERCENT_WORDS.sub(lambda m: f"{m.group(1)}_percent", text)


ureg = build_registry(autoconvert_offset_to_baseunit=True)  # parsed definitions cached per installation
# pint's own preprocessors turn "%" into "percent"; ours must run before them.
ureg.preprocessors.insert(0, _preprocess)
ureg.define("molar = mole / liter = M")
ureg.define("wt_percent = 0.01 = wt_pct")
ureg.define("mol_percent = 0.01 = mol_pct")
ureg.define("vol_percent = 0.01 = vol_pct")
ureg.define("standard_liter = liter * 100 kPa / (molar_gas_constant * 273.15 K) = SL")
ureg.define("normal_cubic_meter = meter ** 3 * 101.325 kPa / (molar_gas_constant * 273.15 K) = Nm3")
# Currencies are dimensions of their own: a USD price times kg is USD, and USD never converts to EUR (synth
# holds no exchange rates; a price file states its one currency).
for _currency in ("USD", "EUR", "GBP", "CNY", "JPY"):
    ureg.define(f"{_currency} = [currency_{_currency}]")
ureg.define("MMBtu = 1e6 * Btu")  # million Btu (IT): the basis of US fuel prices and EPA emission factors
ureg.formatter.default_format = "~P"
Q_ = ureg.Quantity


def _memoise_unit_parsing(registry: pint.UnitRegistry) -> None:
    """pint caches single unit names but parses compound ones (``J/mol``) on every ``Q_(x, "J/mol")`` and
    ``.to("J/mol")``: a third of a cold ``synth scale``. The parse is a pure function of the string once the
    definitions above are in place, and its result (a UnitsContainer) is immutable, so memoise it."""
    parse = registry.parse_units_as_container
    registry.parse_units_as_container = lru_cache(maxsize=2048)(parse)


_memoise_unit_parsing(ureg)
memoise_conversions(ureg)

#: Molar volume of an ideal gas at IUPAC STP (273.15 K, 100 kPa), used to report gas volumes.
STP_MOLAR_VOLUME = (ureg.molar_gas_constant * Q_(273.15, "K") / Q_(100, "kPa")).to("L/mol")
STP_LABEL = "STP (273.15 K, 100 kPa)"

DIMENSIONS = {
    "temperature": "[temperature]",
    "pressure": "[mass] / [length] / [time] ** 2",
    "mass": "[mass]",
    "amount": "[substance]",
    "volume": "[length] ** 3",
    "time": "[time]",
    "energy": "[mass] * [length] ** 2 / [time] ** 2",
    "molar energy": "[mass] * [length] ** 2 / [time] ** 2 / [substance]",
    "voltage": "[mass] * [length] ** 2 / [time] ** 3 / [current]",
    "current": "[current]",
    "concentration": "[substance] / [length] ** 3",
    "molality": "[substance] / [mass]",
    "dimensionless": "",
    "power": "[mass] * [length] ** 2 / [time] ** 3",
    "flow": "[length] ** 3 / [time]",
    "length": "[length]",
    "density": "[mass] / [length] ** 3",
    "specific energy": "[length] ** 2 / [time] ** 2",
    "heating rate": "[temperature] / [time]",
    "specific volume": "[length] ** 3 / [mass]",
    "mass concentration": "[mass] / [length] ** 3",
}


def _dimensionality(kind: str) -> pint.util.UnitsContainer:
    return ureg.get_dimensionality(DIMENSIONS[kind]) if DIMENSIONS[kind] else ureg.dimensionless.dimensionality


def _kind_word(dimensionality) -> str:
    """The dimension in words where :data:`DIMENSIONS` names it (``mass``, ``voltage``), else pint's formula."""
    for kind in DIMENSIONS:
        if _dimensionality(kind) == dimensionality:
            return kind
    return str(dimensionality)


def quantity(value: object, kind: str, what: str) -> pint.Quantity:
    """Return ``value`` as a quantity of dimension ``kind``, or raise a clear error.

    ``value`` may be a pint quantity or a string a chemist types (``"750 degC"``, ``"2.2 lb"``).
    NaN and infinity are rejected; temperatures come back in kelvin (absolute).

    Examples
    --------
    >>> quantity("750 degC", "temperature", "T")
    <Quantity(1023.15, 'kelvin')>
    """
    if isinstance(value, str):
        q = parse(value, what)
    elif isinstance(value, pint.Quantity):
        q = value if value._REGISTRY is ureg else Q_(value.magnitude, str(value.units))
    else:
        raise DimensionError(what, DIMENSIONS[kind] or "dimensionless", type(value).__name__, value)
    if q.dimensionality != _dimensionality(kind):
        raise DimensionError(what, kind, _kind_word(q.dimensionality), _text(q))
    if not np.all(np.isfinite(q.magnitude)):
        raise InputError(f"{what}: {_text(q)} is not a finite number")
    if kind == "temperature":
        q = q.to("K")
        if np.any(q.magnitude <= 0):
            raise InputError(f"{what}: {_text(q)} is not above absolute zero")
    return q


def parse(text: str, what: str) -> pint.Quantity:
    """Parse ``text`` into a quantity; a bare number is dimensionless."""
    try:
        q = _parse_cached(text.strip())
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError, AssertionError) as exc:
        raise InputError(f"{what}: cannot read {text!r} as a quantity ({exc}); write e.g. '750 degC', '5 g'") from None
    if not isinstance(q, pint.Quantity):
        q = Q_(q)
    return q


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> pint.Quantity:
    """pint's parser is slow and recipes repeat their strings: parse each text once (results are not mutated)."""
    return ureg.Quantity(text)


def _text(q: pint.Quantity) -> str:
    return f"{q.magnitude:g} {q.units:~P}" if not hasattr(q.magnitude, "ravel") else str(q)


def to_json(q: pint.Quantity) -> dict:
    """The shared JSON form of a quantity: ``{"value": number, "unit": "<pint unit string>"}``."""
    return {"value": float(q.magnitude), "unit": _json_unit(q.units)}


@lru_cache(maxsize=1024)
def _json_unit(units: pint.Unit) -> str:
    """The JSON text of ``units``, formatted once per unit: pint's formatter costs about 0.1 ms a call, and a
    report writes a few units hundreds of times."""
    return f"{units:~}" if str(units) != "dimensionless" else ""


def from_json(obj: dict) -> pint.Quantity:
    """Inverse of :func:`to_json`."""
    return Q_(obj["value"], obj["unit"] or "dimensionless")
