"""The formula grammar: element counts, hydrates, charges, fractions; round trips; errors that point."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from synth.errors import FormulaError
from synth.formula import ELEMENTS, parse
from synth.species import split_phase


@pytest.mark.parametrize("text, elements, charge", [
    ("Mg2Si", {"Mg": 2, "Si": 1}, 0),
    ("Mg3N2", {"Mg": 3, "N": 2}, 0),
    ("MgCl2·6H2O", {"Mg": 1, "Cl": 2, "H": 12, "O": 6}, 0),
    ("MgCl2*6H2O", {"Mg": 1, "Cl": 2, "H": 12, "O": 6}, 0),
    ("C8H11NO2·HCl", {"C": 8, "H": 12, "N": 1, "O": 2, "Cl": 1}, 0),
    ("SiO1.5", {"Si": 1, "O": 1.5}, 0),
    ("(NH4)2SO4", {"N": 2, "H": 8, "S": 1, "O": 4}, 0),
    ("Mg+2", {"Mg": 1}, 2),
    ("Cl-", {"Cl": 1}, -1),
    ("SO4-2", {"S": 1, "O": 4}, -2),
])
def test_parse(text, elements, charge):
    f = parse(text)
    assert dict(f.elements) == elements and f.charge == charge


def test_star_is_written_as_middle_dot():
    assert parse("MgCl2*6H2O").text == "MgCl2·6H2O"
    assert parse("MgCl2*6H2O") == parse("MgCl2·6H2O")


@pytest.mark.parametrize("text, message", [
    ("Xx2", "unknown element 'Xx'"),
    ("mg", "unexpected character 'm'"),
    ("Mg)", "')' without '('"),
    ("(Mg", "'(' is not closed"),
    ("", "empty formula"),
])
def test_errors_name_the_problem(text, message):
    with pytest.raises(FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


symbols = st.sampled_from(sorted(ELEMENTS))
# decimals below 1: "Mg2.25O" would be ambiguous (a hydrate Mg2·25O), which test_period_is_never_misread covers
counts = st.one_of(st.just(""), st.integers(2, 12).map(str), st.sampled_from(["0.5", "0.25", "0.75"]))
parts = st.lists(st.tuples(symbols, counts), min_size=1, max_size=5).map(lambda xs: "".join(s + c for s, c in xs))


@given(st.lists(parts, min_size=1, max_size=3), st.sampled_from(["", "+", "-", "+2", "-3"]))
def test_round_trip(pieces, charge):
    text = "·".join(pieces) + charge
    f = parse(text)
    assert parse(f.text) == f
    assert f.text == text


@pytest.mark.parametrize("text, elements", [
    ("SiO1.5", {"Si": 1, "O": 1.5}),  # unambiguous decimal subscripts keep working
    ("LiNi0.8Mn0.1Co0.1O2", {"Li": 1, "Ni": 0.8, "Mn": 0.1, "Co": 0.1, "O": 2}),
    ("MgCl2.H2O", {"Mg": 1, "Cl": 2, "H": 2, "O": 1}),  # only the hydrate reading is valid
    ("MgCl2⋅6H2O", {"Mg": 1, "Cl": 2, "H": 12, "O": 6}),  # U+22C5, U+2022, U+2219 are hydrate dots too
    ("MgCl2•6H2O", {"Mg": 1, "Cl": 2, "H": 12, "O": 6}),
    ("MgCl2∙6H2O", {"Mg": 1, "Cl": 2, "H": 12, "O": 6}),
    ("Cu(S)", {"Cu": 1, "S": 1}),  # an uppercase (S) is sulfur, never a phase
])
def test_dots_and_decimals(text, elements):
    assert dict(parse(text).elements) == elements


@pytest.mark.parametrize("text, message", [
    ("MgCl2.6H2O", "ambiguous: the hydrate MgCl2·6H2O, or Cl2.6 with a decimal subscript; write the hydrate with '·'"),
    ("Mg0.5Cl2.6H2O", "ambiguous: the hydrate Mg0.5Cl2·6H2O, or Cl2.6"),  # each period is judged on its own
    ("CuSO4.5H2O", "ambiguous"),
    ("2H2O", "does not start with a number (2 is a coefficient)"),
    ("MgCl2 · 6H2O", "no spaces inside a formula; write a hydrate as 'MgCl2·6H2O'"),
    ("MgCl2..6H2O", "two dots in a row; write a hydrate with one '·'"),
    ("H0", "count 0 must be above 0"),
    ("(" * 300 + "H" + ")2" * 300, "at most 200"),
    ("(" * 9 + "H" + ")9" * 9, "nest more than 4 deep"),
    ("H" + "9" * 30, "below 1,000,000"),
    ("H\u0661O", "unexpected character '\u0661'"),  # an Arabic-Indic 1: not H1O (\\d matched it)
    ("Si\u0662", "unexpected character '\u0662'"),
    ("\u0662H2O", "unexpected character '\u0662'"),
    ("MgCl2\u00b7\u0666H2O", "unexpected character '\u0666'"),
    ("Mg+\u0662", "unexpected character '+'"),  # not the charge +2
    ("H\uff12O", "unexpected character '\uff12'"),  # a fullwidth 2
])
def test_misreadings_are_refused(text, message):
    with pytest.raises(FormulaError, match=re.escape(message)):
        parse(text)


@given(st.lists(parts, min_size=1, max_size=2).map("".join), st.integers(1, 12), parts)
def test_period_is_never_misread(head, n, tail):
    """A period before a multiplied formula is a hydrate, or refused naming '·': never a decimal count."""
    text = f"{head}.{n}{tail}"
    try:
        f = parse(text)
    except FormulaError as exc:
        assert "·" in str(exc)
        return
    assert f == parse(f"{head}·{n}{tail}")


@given(st.integers(1, 99), parts)
def test_a_coefficient_is_never_taken_into_a_formula(n, body):
    with pytest.raises(FormulaError, match="coefficient"):
        parse(f"{n}{body}")


@pytest.mark.parametrize("label", ["S", "C", "L", "G", "CR", "Aq", "Cr"])
def test_phase_labels_are_lowercase(label):
    assert split_phase(f"Cu({label})") == (f"Cu({label})", None)
