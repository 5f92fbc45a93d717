"""Chemical equations as users write them: parsing, element and charge balance, balancing.

``3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2``; ``MgCl2(l) -> Mg(l) + Cl2``; ``Mg+2 + 2 Cl- -> MgCl2(aq)``.
Arrows ``->``, ``=>``, ``→`` and ``=`` are accepted; terms are separated by `` + `` with spaces (so charges
such as ``Mg+2`` stay part of their formula); coefficients may be integers, decimals or fractions (``1/2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache, reduce
from math import gcd, lcm

from .errors import FormulaError, ReactionError
from .formula import Formula, parse
from .species import split_phase

_ARROW = re.compile(r"\s*(?:->|=>|→|<->|<=>|=)\s*")
#: a "+" between terms: spaced (" + "), or unspaced before a term that starts with a capital letter, after an
#: optional coefficient ("MgCl2->Mg+Cl2", "2H2+O2"); "Mg+2" is an ion's charge, not a sum
_PLUS = re.compile(r"\s+\+\s+|\+(?=\s*(?:[0-9]+(?:[./][0-9]+)?\s*)?[A-Z])")
_TERM = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?)?\s*(\S+)\s*$")
TOLERANCE = 1e-9
MAX_COEFFICIENT = 1_000_000  # a larger coefficient is a typo (and its sums overflow)
MAX_LENGTH = 1000  # characters: balancing is exact rational elimination, cubic in the number of terms


@dataclass(frozen=True)
class Term:
    """One species in an equation: its coefficient, formula and the phase the user wrote (or None)."""

    coefficient: float
    formula: Formula
    phase: str | None

    @property
    def text(self) -> str:
        return self.formula.text + (f"({self.phase})" if self.phase else "")


@dataclass(frozen=True)
class Equation:
    """A parsed equation; ``nu`` gives signed coefficients (products positive)."""

    reactants: tuple[Term, ...]
    products: tuple[Term, ...]

    @cached_property
    def terms(self) -> tuple[tuple[Term, float], ...]:
        return tuple((t, -t.coefficient) for t in self.reactants) + tuple((t, t.coefficient) for t in self.products)

    @cached_property
    def text(self) -> str:
        def side(ts: tuple[Term, ...]) -> str:
            """One side of the equation as text."""
            return " + ".join(f"{_coef(t.coefficient)}{t.text}" for t in ts)

        return f"{side(self.reactants)} -> {side(self.products)}"

    def imbalance(self) -> dict[str, float]:
        """Element (and ``charge``) surplus of products over reactants; empty when balanced."""
        return dict(self._surplus)

    def check_balanced(self) -> None:
        """Raise :class:`ReactionError` naming each element's imbalance."""
        bad = self._surplus
        if bad:
            parts = ", ".join(f"{k} {v:+g}" for k, v in sorted(bad.items()))
            raise ReactionError(f"equation {self.text!r} does not balance (products minus reactants: {parts}); "
                                "fix the coefficients or use --balance")

    @cached_property
    def _surplus(self) -> dict[str, float]:
        """:meth:`imbalance`, computed once per equation (equations are immutable, and memoised by
        :func:`parse_equation`; callers copy it)."""
        total: dict[str, float] = {}
        for term, nu in self.terms:
            for element, n in term.formula.elements.items():
                total[element] = total.get(element, 0.0) + nu * n
            if term.formula.charge:
                total["charge"] = total.get("charge", 0.0) + nu * term.formula.charge
        return {k: v for k, v in total.items() if abs(v) > TOLERANCE * max(1.0, _scale(self))}


def parse_equation(text: str) -> Equation:
    """Parse ``text``; raise :class:`ReactionError` for anything malformed (balance is checked separately).

    An equation whose products are its reactants (``H2O -> H2O``) is refused: it is no reaction. Equations
    are immutable and routes repeat theirs on every run: each text is parsed once."""
    if not isinstance(text, str):
        raise ReactionError(f"equation: expected text such as '2 Mg + Si -> Mg2Si', found {type(text).__name__}")
    return _parse_text(text)


@lru_cache(maxsize=1024)
def _parse_text(text: str) -> Equation:
    """:func:`parse_equation` of a text, memoised."""
    if len(text) > MAX_LENGTH:
        raise ReactionError(f"{text[:30]!r}...: an equation of {len(text):,} characters; at most {MAX_LENGTH}")
    sides = _ARROW.split(text.strip())
    if len(sides) != 2 or not all(s.strip() for s in sides):
        raise ReactionError(f"{text!r}: expected one arrow between reactants and products, e.g. "
                            "'3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2'")
    eq = Equation(_side(sides[0], text), _side(sides[1], text))
    net: dict[tuple, float] = {}
    for term, nu in eq.terms:
        net[term.formula, term.phase] = net.get((term.formula, term.phase), 0.0) + nu
    if all(abs(v) <= TOLERANCE * _scale(eq) for v in net.values()):
        raise ReactionError(f"{text!r} is no reaction: the products are the reactants")
    return eq


def _side(text: str, whole: str) -> tuple[Term, ...]:
    terms = []
    for chunk in _PLUS.split(text.strip()):
        match = _TERM.match(chunk)
        if not match:
            raise ReactionError(f"{whole!r}: cannot read the term {chunk!r}; write e.g. '2 N2' or 'MgCl2(l)'")
        try:
            coefficient = float(Fraction(match.group(1))) if match.group(1) else 1.0
        except (ZeroDivisionError, OverflowError):
            coefficient = 0.0
        if not 0 < coefficient < MAX_COEFFICIENT:
            raise ReactionError(f"{whole!r}: the coefficient of {chunk!r} must be positive and below "
                                f"{MAX_COEFFICIENT:,}")
        formula_text, phase = split_phase(match.group(2))
        try:
            terms.append(Term(coefficient, parse(formula_text), phase))
        except FormulaError as exc:
            raise ReactionError(f"{whole!r}: {exc}") from None
    return tuple(terms)


def balance(equation: Equation | str) -> Equation:
    """The same species with the smallest positive integer coefficients that balance elements and charge.

    ``equation`` is an :class:`Equation` or its text (``"Mg2Si + N2 -> Si + Mg3N2"``).
    Solves the element matrix exactly in rationals; raises :class:`ReactionError` when no balance exists
    or when it is not unique (independent reactions hidden in one equation).
    """
    if not isinstance(equation, Equation):
        equation = parse_equation(equation)
    terms = [t for t, _ in equation.terms]
    signs = [-1] * len(equation.reactants) + [1] * len(equation.products)
    charge_key = {"charge"} if any(t.formula.charge for t in terms) else set()
    keys = sorted({e for t in terms for e in t.formula.elements} | charge_key)
    rows = [[Fraction(t.formula.charge if k == "charge" else t.formula.elements.get(k, 0)).limit_denominator(10**6) * s
             for t, s in zip(terms, signs, strict=True)] for k in keys]
    null = _nullspace(rows, len(terms))
    if len(null) != 1:
        reason = "no combination balances it" if not null else f"{len(null)} independent balances exist"
        raise ReactionError(f"cannot balance {equation.text!r}: {reason}")
    vector = null[0]
    if all(v <= 0 for v in vector):
        vector = [-v for v in vector]
    if any(v <= 0 for v in vector):
        raise ReactionError(f"cannot balance {equation.text!r} with every species on the side written")
    factor = lcm(*(v.denominator for v in vector))
    ints = [int(v * factor) for v in vector]
    common = reduce(gcd, ints)
    coefficients = [n // common for n in ints]
    new = [Term(float(c), t.formula, t.phase) for c, t in zip(coefficients, terms, strict=True)]
    return Equation(tuple(new[: len(equation.reactants)]), tuple(new[len(equation.reactants):]))


def _nullspace(rows: list[list[Fraction]], n: int) -> list[list[Fraction]]:
    """Basis of the null space of ``rows`` (exact Gauss-Jordan elimination)."""
    matrix = [row[:] for row in rows]
    pivots: list[int] = []
    r = 0
    for c in range(n):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [x / lead for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        vector = [Fraction(0)] * n
        vector[free] = Fraction(1)
        for i, c in enumerate(pivots):
            vector[c] = -matrix[i][free]
        basis.append(vector)
    return basis


def _coef(c: float) -> str:
    return "" if c == 1 else (f"{int(c)} " if float(c).is_integer() else f"{c:g} ")


def _scale(eq: Equation) -> float:
    return max(t.coefficient for t, _ in eq.terms)
