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

import math
import numbers
import re
import sys
from decimal import Decimal
from functools import lru_cache

import numpy as np
import pint

from .errors import DimensionError, InputError, SynthError
from .number_text import UNSIGNED
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
    "specific area": "[length] ** 2 / [mass]",
    "specific charge": "[current] * [time] / [mass]",
}


#: The largest magnitude a quantity may have, in the unit it is written in. Sums and products of larger ones
#: overflow to infinity on the way (a feed of 1e308 g made an infinite heat duty).
MAX_MAGNITUDE = 1e30


def _dimensionality(kind: str) -> pint.util.UnitsContainer:
    return ureg.get_dimensionality(DIMENSIONS[kind]) if DIMENSIONS[kind] else ureg.dimensionless.dimensionality


def _kind_word(dimensionality) -> str:
    """The dimension in words where :data:`DIMENSIONS` names it (``mass``, ``voltage``), else pint's formula."""
    for kind in DIMENSIONS:
        if _dimensionality(kind) == dimensionality:
            return kind
    return str(dimensionality)


def _real(magnitude) -> bool:
    """A real number, or an array of them (not complex, not Python objects)."""
    if isinstance(magnitude, np.ndarray):
        return magnitude.dtype.kind in "iuf"
    return isinstance(magnitude, (numbers.Real, Decimal)) and not isinstance(magnitude, bool)


def _range(magnitude) -> tuple[float, float]:
    """The least and the greatest of a magnitude (NaN if any value is NaN): two reductions over a sweep's
    array, without the temporary arrays of testing each value."""
    if isinstance(magnitude, np.ndarray):
        return (float(magnitude.min()), float(magnitude.max())) if magnitude.size else (0.0, 0.0)
    try:
        return float(magnitude), float(magnitude)
    except OverflowError:  # a whole number past the float range: the greatest float of its sign is as far out
        far = sys.float_info.max if magnitude > 0 else -sys.float_info.max
        return far, far


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
        try:
            return _checked_text(value, kind)
        except SynthError:  # not cached: checked again below, so that the error names ``what``
            q = parse(value, what)
    elif isinstance(value, pint.Quantity):
        q = value if value._REGISTRY is ureg else Q_(value.magnitude, str(value.units))
    else:
        raise DimensionError(what, DIMENSIONS[kind] or "dimensionless", type(value).__name__, value)
    if q.dimensionality != _dimensionality(kind):
        raise DimensionError(what, kind, _kind_word(q.dimensionality), _text(q))
    if not _real(q.magnitude):
        raise InputError(f"{what}: {_text(q)} is not a real number")
    lo, hi = _range(q.magnitude)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"{what}: {_text(q)} is not a finite number")
    if -lo > MAX_MAGNITUDE or hi > MAX_MAGNITUDE:
        raise InputError(f"{what}: {_text(q)} is beyond ±{MAX_MAGNITUDE:g}; no process needs it (check the exponent)")
    if kind == "temperature":
        q = q.to("K")
        if np.any(q.magnitude <= 0):
            raise InputError(f"{what}: {_text(q)} is not above absolute zero")
    return q


@lru_cache(maxsize=4096)
def _checked_text(text: str, kind: str) -> pint.Quantity:
    """:func:`quantity` of a text, memoised: a recipe's values are checked on every route run (the result is
    never mutated; a refusal is not cached and is raised again with the field's name)."""
    return quantity(parse(text, "quantity"), kind, "quantity")


def parse(text: str, what: str) -> pint.Quantity:
    """Parse ``text``, one number and one unit expression (``"750 degC"``, ``"1.5e3 kg"``, ``"20 mL/g"``).

    The grammar is strict, because pint's own parser evaluates expressions and so misreads typing slips
    silently (``"1,5 kg"`` as 15 kg, ``"[1,2] kg"`` as 12 kg, ``"2 kg 3"`` as 6 kg; ``"9**9**9 g"`` hangs)::

        quantity := number unit?
        number   := [+-] digits [. digits] [e [+-] digits]  |  nan  |  inf
        unit     := ["1/"] factor ((* | / | · | space) factor)*
        factor   := name power?  |  "(" unit ")" power?        parentheses nest at most twice
        power    := (** | ^) [+-]digit  |  ² | ³

    A bare number is dimensionless. Ambiguous unit names (:data:`AMBIGUOUS`) are refused. Anything else
    is an :class:`InputError` that shows what was read and where reading stopped.
    """
    if not isinstance(text, str):
        raise InputError(f"{what}: expected text such as '5 g', found {type(text).__name__} {text!r}")
    try:
        return _parse_cached(text.strip())
    except _Unreadable as exc:
        raise InputError(f"{what}: cannot read {text!r} as a quantity: {exc}") from None


class _Unreadable(Exception):
    """Why a text is not a quantity (becomes an InputError naming the field)."""


#: Unit names pint reads in a way a process engineer would not expect (pint 0.25 definitions): refused,
#: with what pint would have read and the names to write instead.
AMBIGUOUS = {
    "mt": "pint reads 'mt' as a milli-tonne (1 kg); write 't' or 'tonne' for 1000 kg, or 'kg'",
    "ton": "pint reads 'ton' as a US short ton (907.2 kg); write 't' or 'tonne' for 1000 kg, or 'short_ton'",
    "tons": "pint reads 'tons' as US short tons (907.2 kg); write 't' or 'tonne' for 1000 kg, or 'short_ton'",
    "gr": "pint reads 'gr' as a grain (64.8 mg); write 'g' for gram, or 'grain'",
}
#: synth's number (:mod:`synth.number_text`: ASCII digits, '١٢ kg' is refused, not read as 12 kg), or a word for
#: a non-finite one, which :func:`quantity` refuses with its own message.
_NUMBER = re.compile(rf"[+-]?(?:{UNSIGNED}(?![0-9.])|(?:nan|inf(?:inity)?)\b)", re.IGNORECASE)
_UNIT_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z°µμΩ][A-Za-z0-9_°µμΩ]*|%)|(?P<power>(?:\*\*|\^)\s*[+-]?[0-9.]+|[²³])"
                         r"|(?P<op>[*/·⋅])|(?P<open>\()|(?P<close>\)))")
_SUPERSCRIPT = {"²": "2", "³": "3"}
MAX_TEXT = 200  # characters: a quantity is short; longer text is refused before any work


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> pint.Quantity:
    """The quantity ``text`` stands for (memoised: recipes repeat their strings; results are never mutated)."""
    if len(text) > MAX_TEXT:
        raise _Unreadable(f"it is {len(text)} characters long; a quantity is one number and a unit")
    number = _NUMBER.match(text)
    if not number:
        raise _Unreadable(_number_hint(text))
    rest = text[number.end():]
    magnitude = _magnitude(number.group())
    if not rest.strip():
        return Q_(magnitude)
    unit = _unit_expression(_preprocess(rest), text[:number.end()])
    try:
        return Q_(magnitude, unit)
    except pint.errors.PintError as exc:  # every name is known, so only a combination pint refuses lands here
        raise _Unreadable(str(exc)) from None


def _magnitude(digits: str) -> int | float:
    """An int for a plain whole number (as pint gives), a float otherwise; huge values become inf."""
    plain = digits.lstrip("+-")
    return int(digits) if plain.isdigit() and len(plain) <= 15 else float(digits)


def _number_hint(text: str) -> str:
    if not text:
        return "it is empty; write e.g. '5 g'"
    return f"it does not start with a number (found {text[:12]!r}); write e.g. '750 degC', '5 g', '1.5e3 kg'"


def _unit_expression(rest: str, read: str) -> str:
    """The unit part as pint's unit syntax, checked token by token; ``read`` is the text read so far."""
    if not rest[:1].isspace() and rest[:1] not in ("%", "°"):
        if rest[:1] in ",;":
            raise _Unreadable(f"read {read!r}, then {rest[:1]!r}: write a decimal point (1.5) and no digit grouping")
        if rest[:1] in "_:":  # YAML 1.1 number forms: 1_000 (grouping), 1:30 (base 60)
            raise _Unreadable(f"read {read!r}, then {rest.strip()!r}: write the number as a plain decimal "
                              "(1000, 90, 1.5), without '_' or ':'")
        if rest[:2] in ("**", "^") or rest[:1] == "^":
            raise _Unreadable(f"read {read!r}, then {rest[:2]!r}: powers of numbers are not allowed; "
                              "write the value, e.g. 1e6")
    out: list[str] = []
    depth, expect_factor, pos = 0, True, 0
    reciprocal = re.match(r"\s+1\s*/", rest)  # "5 1/s": a unit may start as a reciprocal
    if reciprocal:
        out, pos = ["1", "/"], reciprocal.end()
    while pos < len(rest):
        if rest[pos:].strip() == "":
            break
        m = _UNIT_TOKEN.match(rest, pos)
        if not m:
            raise _Unreadable(_stopped(read + rest[:pos], rest[pos:].lstrip()))
        kind, token = m.lastgroup, m.group(m.lastgroup)
        if kind in ("name", "open"):
            if not expect_factor:
                out.append("*")  # "kW h": a space multiplies
            if kind == "name":
                _check_name(token)
            else:
                depth += 1
                if depth > 2:
                    raise _Unreadable("parentheses nest more than twice in its unit")
            out.append(token)
            expect_factor = kind == "open"
        elif expect_factor:
            raise _Unreadable(_stopped(read + rest[:pos], rest[pos:].lstrip()))
        elif kind == "power":
            out.append("**" + _power(token))
        elif kind == "op":
            out.append("/" if token == "/" else "*")
            expect_factor = True
        else:
            depth -= 1
            if depth < 0:
                raise _Unreadable(f"')' without '(' in {rest.strip()!r}")
            out.append(")")
        pos = m.end()
    if expect_factor or depth:
        raise _Unreadable(f"its unit {rest.strip()!r} is incomplete")
    return " ".join(out)


def _power(token: str) -> str:
    """The exponent of a unit power: a whole number from -9 to 9 (``m**3``, ``s^-1``, ``m³``), else refused."""
    exponent = _SUPERSCRIPT.get(token, token.lstrip("*^ "))
    if not re.fullmatch(r"[+-]?[1-9]", exponent):
        raise _Unreadable(f"unit power {exponent!r}: a power is a whole number from -9 to 9, e.g. 'm**3', 's^-1'")
    return exponent


def _stopped(read: str, left: str) -> str:
    if left[:1].isdigit() and read.rstrip()[-1:] in "/*·⋅":
        return f"read {read.strip()!r}, then {left!r}: a unit cannot be a number; put the value in the number"
    if left[:1].isdigit():
        return (f"read {read.strip()!r}, then {left!r}: a quantity is one number and one unit; write digits "
                "without spaces or grouping (1000 kg)")
    return f"read {read.strip()!r}, then {left!r}, which is not part of a unit; write e.g. '5 g', '20 mL/g', '5 K/min'"


def _check_name(name: str) -> None:
    if name in AMBIGUOUS:
        raise _Unreadable(f"the unit {name!r} is ambiguous: {AMBIGUOUS[name]}")
    try:
        known = name in ureg
    except (AttributeError, pint.errors.PintError):  # pint refuses some names outright ("a__b")
        known = False
    if not known:
        raise _Unreadable(f"{name!r} is not a unit synth knows; write e.g. 'g', 'kg', 'mol', 'L', 'degC', 'h'")


def _text(q: pint.Quantity) -> str:
    if hasattr(q.magnitude, "ravel"):
        return str(q)
    try:
        return f"{q.magnitude:g} {q.units:~P}"
    except OverflowError:  # a whole number past the float range
        return f"{Decimal(q.magnitude):.6g} {q.units:~P}"


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


def measured(field: str, unit: str) -> property:
    """A read-only attribute that gives a result's float (or array) ``field`` as a quantity in ``unit``; None
    stays None. Results keep SI floats for speed under names that say their unit (``energy_J``) and hand
    users quantities (``energy``), built only when read, from a unit made once here."""
    u = ureg.Unit(unit)

    def get(self):
        value = getattr(self, field)
        return None if value is None else Q_(value, u)

    return property(get, doc=f"``{field}`` as a quantity [{unit}]")


def measured_map(field: str, unit: str) -> property:
    """:func:`measured` for a mapping of floats: a new dict of quantities in ``unit``."""
    u = ureg.Unit(unit)

    def get(self):
        return {k: Q_(v, u) for k, v in getattr(self, field).items()}

    return property(get, doc=f"``{field}`` as quantities [{unit}]")
