"""Equations as users write them: parsing, balance checks that name each element, balancing."""

from __future__ import annotations

import pytest

from synth.errors import ReactionError
from synth.reaction import balance, parse_equation


@pytest.mark.parametrize("text", [
    "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2",
    "MgCl2(l) -> Mg(l) + Cl2",
    "Mg3N2 + 8 HCl(aq) -> 3 MgCl2(aq) + 2 NH4Cl(aq)",
    "Mg+2 + 2 Cl- -> MgCl2(aq)",
    "H2 + 1/2 O2 -> H2O",
    "2 Mg + Si → Mg2Si",
])
def test_balanced_equations_parse(text):
    eq = parse_equation(text)
    eq.check_balanced()
    assert eq.imbalance() == {}


def test_phase_suffix_is_kept_and_optional():
    eq = parse_equation("MgCl2(l) -> Mg(l) + Cl2")
    assert [t.phase for t, _ in eq.terms] == ["l", "l", None]


def test_unbalanced_names_each_element():
    with pytest.raises(ReactionError) as err:
        parse_equation("Mg2Si + N2 -> Si + Mg3N2").check_balanced()
    assert "Mg +1" in str(err.value) and "--balance" in str(err.value)


def test_charge_imbalance_is_reported():
    assert parse_equation("Mg+2 + Cl- -> MgCl2(aq)").imbalance() == {"Cl": 1.0, "charge": -1.0}


@pytest.mark.parametrize("text, expected", [
    ("Mg2Si + N2 -> Si + Mg3N2", "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2"),
    ("Mg3N2 + HCl(aq) -> MgCl2(aq) + NH4Cl(aq)", "Mg3N2 + 8 HCl(aq) -> 3 MgCl2(aq) + 2 NH4Cl(aq)"),
    ("Mg2Si + HCl -> MgCl2 + SiH4", "Mg2Si + 4 HCl -> 2 MgCl2 + SiH4"),
    ("C8H7NO2 -> C + CO + NH3 + H2", "C8H7NO2 -> 6 C + 2 CO + NH3 + 2 H2"),
    ("Mg + O2 -> MgO + MgO2", None),  # two independent balances: must be refused
])
def test_balance(text, expected):
    if expected is None:
        with pytest.raises(ReactionError, match="independent"):
            balance(parse_equation(text))
    else:
        assert balance(parse_equation(text)).text == expected


@pytest.mark.parametrize("text", ["Mg Si", "Mg -> Si -> Mg", "Mg + -> Mg", "0 Mg -> Mg", "Mg -> Xq",
                                  "\u0662 H2 + O2 -> 2 H2O", "2 H2 + O2 -> \u0662 H2O"])  # Arabic-Indic 2s
def test_malformed(text):
    with pytest.raises(ReactionError):
        parse_equation(text).check_balanced()


@pytest.mark.parametrize("text, expected", [
    ("MgCl2->Mg+Cl2", "MgCl2 -> Mg + Cl2"),
    ("2H2+O2->2H2O", "2 H2 + O2 -> 2 H2O"),
    ("Mg+2 + 2 Cl- -> MgCl2", "Mg+2 + 2 Cl- -> MgCl2"),  # "+2" after a symbol is a charge, not a sum
])
def test_equations_without_spaces(text, expected):
    assert parse_equation(text).text == expected
