"""The formula grammar: element counts, hydrates, charges, fractions; round trips; errors that point."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from synth.errors import FormulaError
from synth.formula import ELEMENTS, parse


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
counts = st.one_of(st.just(""), st.integers(2, 12).map(str), st.sampled_from(["0.5", "1.5", "2.25"]))
parts = st.lists(st.tuples(symbols, counts), min_size=1, max_size=5).map(lambda xs: "".join(s + c for s, c in xs))


@given(st.lists(parts, min_size=1, max_size=3), st.sampled_from(["", "+", "-", "+2", "-3"]))
def test_round_trip(pieces, charge):
    text = "·".join(pieces) + charge
    f = parse(text)
    assert parse(f.text) == f
    assert f.text == text
