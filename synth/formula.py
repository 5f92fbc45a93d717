"""Chemical formulas in one strict grammar, and the immutable element counts they stand for.

Grammar (whitespace not allowed inside a formula)::

    formula  := group+ (dot part)* charge?
    part     := multiplier? group+            e.g. 6H2O in MgCl2·6H2O (never before the first part: 2H2O is
                                              a coefficient, which belongs in an equation)
    dot      := "·" | "*" | "⋅" | "•" | "∙"   a hydrate dot
    group    := (Element | "(" group+ ")") count?      parentheses nest at most MAX_DEPTH deep
    count    := integer or decimal, not 0     SiO1.5 is allowed
    charge   := ("+" | "-") integer?          Mg+2, Cl-, NH4+ (always explicit, after the formula)

A period is read both ways: as a hydrate dot and as a decimal point. Where only one reading is valid, that
one is taken (``MgCl2.H2O`` is a hydrate; ``SiO1.5`` and ``LiNi0.8Mn0.1Co0.1O2`` have decimal subscripts).
Where both are (``MgCl2.6H2O``: 2.6 Cl or a hexahydrate?), the formula is refused with the fix.

``Formula.text`` is the canonical spelling (every hydrate dot is written ``·``), so ``parse(f.text) == f``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType

from .errors import FormulaError

ELEMENTS = frozenset(
    ["H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
     "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",
     "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce",
     "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir",
     "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm",
     "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr"]
)

#: Digits are ASCII ([0-9], not \d, here and below): 'H١O' (an Arabic-Indic 1) is refused, not read as HO.
_TOKEN = re.compile(r"([A-Z][a-z]?)|(\()|(\))|([0-9]+(?:\.[0-9]+)?)|(.)")
_DOTS = re.compile(r"[*⋅•∙]")  # other spellings of the hydrate dot "·"
MAX_DEPTH = 4  # nested parentheses: Ca5(PO4)3(OH) needs 1; deeper text is a typo or an attack
MAX_LENGTH = 200  # characters
MAX_COUNT = 1_000_000  # a subscript or multiplier at least this large is a typo
_CHARGE = re.compile(r"([+-])([0-9]*)$")
_MULTIPLIER = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(?=[A-Z(])")


@dataclass(frozen=True)
class Formula:
    """Element counts and charge of a formula; arithmetic returns new objects.

    Examples
    --------
    >>> f = parse("MgCl2*6H2O")
    >>> f.text, dict(f.elements)
    ('MgCl2·6H2O', {'Mg': 1, 'Cl': 2, 'H': 12, 'O': 6})
    """

    text: str
    elements: Mapping[str, float] = field(compare=False)
    charge: int = 0
    _key: tuple = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "elements", MappingProxyType(dict(self.elements)))
        object.__setattr__(self, "_key", (tuple(sorted(self.elements.items())), self.charge))

    def __iter__(self) -> Iterator[str]:
        return iter(self.elements)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Formula) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)


@lru_cache(maxsize=4096)
def parse(text: str) -> Formula:
    """Parse ``text`` in the grammar above; raise :class:`FormulaError` saying where it went wrong.

    Formulas are immutable, so each text is parsed once."""
    _check_text(text)
    body, charge = _split_charge(text)
    body = _DOTS.sub("·", body)
    if "." in body:
        body = _resolve_periods(body, text)
    elements = _read(body, text)
    return Formula(_canonical(body, charge), {e: _number(n) for e, n in elements.items()}, charge)


def _check_text(text: object) -> None:
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(f"empty formula {text!r}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"{text[:20]!r}...: a formula of {len(text)} characters; at most {MAX_LENGTH}")
    if any(c.isspace() for c in text):
        raise FormulaError(f"{text!r}: no spaces inside a formula; write a hydrate as 'MgCl2·6H2O'")
    if re.search(r"[.·*⋅•∙]{2}", text):
        raise FormulaError(f"{text!r}: two dots in a row; write a hydrate with one '·', e.g. 'MgCl2·6H2O'")


def _resolve_periods(body: str, whole: str) -> str:
    """``body`` with each period that can only be a hydrate dot written '·'; a period that reads validly both
    as a hydrate dot and as a decimal point (``MgCl2.6H2O``: 2.6 Cl, or a hexahydrate?) is refused."""
    body = re.sub(r"(?<![0-9])\.|\.(?![0-9])", "·", body)  # not between digits: only a hydrate dot
    for m in re.finditer(r"\.", body):
        as_hydrate = body[:m.start()] + "·" + body[m.end():]
        try:
            _read(as_hydrate, whole)
        except FormulaError:
            continue  # a decimal point only
        before = re.search(r"(?:[A-Z][a-z]?|\))?[0-9]*$", body[:m.start()]).group()
        after = re.match(r"[0-9]*", body[m.end():]).group()
        raise FormulaError(f"{whole!r} is ambiguous: the hydrate {as_hydrate}, or {before}.{after} with a decimal "
                           "subscript; write the hydrate with '·' (MgCl2·6H2O), "
                           "or end the formula with the decimal count or put it in parentheses ((Mg2.6)O)")
    return body


def _read(body: str, whole: str) -> dict[str, Fraction]:
    """Element counts of a body whose only dots are '·' and whose periods are decimal points."""
    elements: dict[str, Fraction] = {}
    for i, part in enumerate(body.split("·")):
        _add(elements, _parse_part(part, whole, first=i == 0))
    return elements


def _split_charge(text: str) -> tuple[str, int]:
    match = _CHARGE.search(text)
    if not match:
        return text, 0
    size = int(match.group(2) or 1)
    return text[: match.start()], size if match.group(1) == "+" else -size


def _parse_part(part: str, whole: str, first: bool) -> dict[str, Fraction]:
    if not part:
        raise FormulaError(f"{whole!r}: empty part around '·'")
    multiplier = Fraction(1)
    match = _MULTIPLIER.match(part)
    if match and first:
        raise FormulaError(f"{whole!r}: a formula does not start with a number ({match.group(1)} is a "
                           f"coefficient); write {part[match.end():]!r}, and the coefficient in the equation")
    if match:
        multiplier = _count(match.group(1), whole)
        part = part[match.end():]
    stack: list[dict[str, Fraction]] = [{}]
    last: dict[str, Fraction] | None = None
    for m in _TOKEN.finditer(part):
        symbol, opening, closing, count, other = m.groups()
        if symbol:
            if symbol not in ELEMENTS:
                raise FormulaError(f"{whole!r}: unknown element {symbol!r}")
            last = {symbol: Fraction(1)}
            _add(stack[-1], last)
        elif opening:
            stack.append({})
            if len(stack) > MAX_DEPTH + 1:
                raise FormulaError(f"{whole!r}: parentheses nest more than {MAX_DEPTH} deep")
            last = None
        elif closing:
            if len(stack) == 1:
                raise FormulaError(f"{whole!r}: ')' without '('")
            last = stack.pop()
            _add(stack[-1], last)
        elif count:
            if last is None:
                raise FormulaError(f"{whole!r}: count {count} must follow an element or ')'")
            extra = _count(count, whole) - 1
            _add(stack[-1], {e: n * extra for e, n in last.items()})
            last = None
        else:
            raise FormulaError(f"{whole!r}: unexpected character {other!r}; write e.g. 'Mg2Si', 'MgCl2·6H2O', 'Mg+2'")
    if len(stack) != 1:
        raise FormulaError(f"{whole!r}: '(' is not closed")
    if not stack[0]:
        raise FormulaError(f"{whole!r}: no element in {part!r}")
    return {e: n * multiplier for e, n in stack[0].items()}


def _count(text: str, whole: str) -> Fraction:
    """A subscript or multiplier: positive and below :data:`MAX_COUNT`."""
    n = Fraction(text)
    if not 0 < n < MAX_COUNT:
        raise FormulaError(f"{whole!r}: count {text} must be above 0 and below {MAX_COUNT:,}")
    return n


def _add(total: dict[str, Fraction], more: Mapping[str, Fraction]) -> None:
    for element, n in more.items():
        total[element] = total.get(element, Fraction(0)) + n


def _number(n: Fraction) -> float:
    return int(n) if n.denominator == 1 else float(n)


def _canonical(body: str, charge: int) -> str:
    sign = "" if charge == 0 else ("+" if charge > 0 else "-") + (str(abs(charge)) if abs(charge) != 1 else "")
    return body + sign


def combine(parts: Mapping[str, float], *more: Mapping[str, float], scale: float = 1.0) -> dict[str, float]:
    """Sum element mappings (each optionally from a :class:`Formula`), times ``scale``; a new dict."""
    total: dict[str, float] = {}
    for mapping in (parts, *more):
        for element, n in mapping.items():
            total[element] = total.get(element, 0.0) + n * scale
    return total
