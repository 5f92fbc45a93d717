"""Reaction and species thermodynamics against hand calculations from the cited data.

Hand calculations use the NASA-7 polynomials (McBride et al., NASA TM-4513, 1993, as bundled with Cantera)
and the NIST-JANAF tables (Chase 1998) written out below, not synth's code.
"""

from __future__ import annotations

import math

import pytest

from synth.errors import DataRangeError, DimensionError
from synth.thermo import FARADAY, heat_path, reaction_thermo

R = 8.314462618  # J/(mol K), CODATA 2018


def nasa_h(a, T):
    """NASA-7 enthalpy [J/mol]: H/RT = a1 + a2 T/2 + a3 T^2/3 + a4 T^3/4 + a5 T^4/5 + a6/T."""
    return R * T * (a[0] + a[1] * T / 2 + a[2] * T**2 / 3 + a[3] * T**3 / 4 + a[4] * T**4 / 5 + a[5] / T)


def nasa_s(a, T):
    """NASA-7 entropy [J/(mol K)]: S/R = a1 ln T + a2 T + a3 T^2/2 + a4 T^3/3 + a5 T^4/4 + a7."""
    return R * (a[0] * math.log(T) + a[1] * T + a[2] * T**2 / 2 + a[3] * T**3 / 3 + a[4] * T**4 / 4 + a[6])


# NASA TM-4513 coefficients (Cantera nasa_condensed.yaml / nasa_gas.yaml)
MG_L = [4.12531827, 0.0, 0.0, 0.0, 0.0, -658.934341, -19.3786894]  # Mg(L), 923-6000 K, SRD 93
MGCL2_L = [11.071048, 0.0, 0.0, 0.0, 0.0, -7.6294618e+04, -48.972588]  # MgCL2(L), 987-5000 K, J12/65
CL2_LOW = [2.73638114, 7.835257e-03, -1.45104963e-05, 1.25730834e-08, -4.13247145e-12,
           -1058.80114, 9.44555879]  # CL2, 200-1000 K
N2_HIGH = [2.95257626, 1.39690057e-03, -4.92631691e-07, 7.86010367e-11, -4.60755321e-15,
           -923.948645, 5.87189252]  # N2, 1000-6000 K
N2_LOW = [3.53100528, -1.23660987e-04, -5.02999437e-07, 2.43530612e-09, -1.40881235e-12,
          -1046.97628, 2.96747468]  # N2, 200-1000 K
SI_LOW = [-0.129176912, 0.0147203139, -2.7651016e-05, 2.41878251e-08, -7.93452912e-12,
          -415.516417, -0.359570008]  # Si(cr), 200-1000 K, TPIS91
SI_HIGH = [1.75547382, 3.17285497e-03, -2.78236402e-06, 1.26458065e-09, -2.17128464e-13,
           -628.657363, -8.55341177]  # Si(cr), 1000-1690 K


def test_mgcl2_electrolysis_at_1000_K():
    T = 1000.0
    g = lambda a: nasa_h(a, T) - T * nasa_s(a, T)  # noqa: E731
    dG = g(MG_L) + g(CL2_LOW) - g(MGCL2_L)  # about +483 kJ/mol
    r = reaction_thermo("MgCl2(l) -> Mg(l) + Cl2", "1000 K", electrons=2)
    assert r.dG.to("J/mol").magnitude == pytest.approx(dG, abs=1.0)
    assert dG / 1e3 == pytest.approx(483, abs=1)
    assert r.E.to("V").magnitude == pytest.approx(dG / (2 * FARADAY), abs=1e-5)
    assert r.E.to("V").magnitude == pytest.approx(2.50, abs=0.01)


@pytest.mark.parametrize("name, dfH, source", [
    ("Mg2Si", -77.822, "JANAF Mg-034"),
    ("Mg3N2", -461.077, "JANAF Mg-037"),
    ("MgCl2", -641.616, "JANAF Cl-093"),
    ("HCl(aq)", -167.159, "NBS 1982: Cl- (H+ = 0)"),
    ("MgCl2(aq)", -466.85 + 2 * -167.159, "NBS 1982: Mg+2 + 2 Cl-"),
    ("NH4Cl(aq)", -132.51 - 167.159, "NBS 1982: NH4+ + Cl-"),
])
def test_formation_enthalpies(db, name, dfH, source):
    # elements in their reference states have h(298.15 K) = 0, so h(298.15 K) of a compound is its ΔfH°
    assert db.get(name).h(298.15) / 1e3 == pytest.approx(dfH, abs=0.5), source


def test_nitridation_at_298_K():
    # JANAF: ΔH = 2 ΔfH(Mg3N2) - 3 ΔfH(Mg2Si) = 2(-461.077) - 3(-77.822) = -688.688 kJ
    # ΔG = 2(-400.923) - 3(-77.055) = -570.681 kJ
    r = reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "298.15 K")
    assert r.dH.to("kJ/mol").magnitude == pytest.approx(-688.688, abs=0.1)
    assert r.dG.to("kJ/mol").magnitude == pytest.approx(-570.681, abs=0.3)


def test_nitridation_at_750_degC():
    T = 1023.15
    # Kirchhoff: ΔH(T) = ΔH(298.15) + Σ ν [H(T) - H(298.15)]
    # JANAF Mg-034, Mg2Si: H-H298 = 56.175 (1000 K), 65.000 (1100 K); linear in between
    mg2si = 56.175 + (T - 1000) / 100 * (65.000 - 56.175)
    # JANAF Mg-037, Mg3N2 form II (823-1061 K), Cp constant 123.846 J/(mol K) from 81.918 at 1000 K
    mg3n2 = 81.918 + 123.846e-3 * (T - 1000)
    si = (nasa_h(SI_HIGH, T) - nasa_h(SI_LOW, 298.15)) / 1e3
    n2 = (nasa_h(N2_HIGH, T) - nasa_h(N2_LOW, 298.15)) / 1e3
    dH = -688.688 + 3 * si + 2 * mg3n2 - 3 * mg2si - 2 * n2
    r = reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "750 degC")
    assert r.dH.to("kJ/mol").magnitude == pytest.approx(dH, abs=0.15)


def test_leaching_at_25_degC():
    # NBS 1982 (infinite dilution): 3(-801.168) + 2(-299.669) - (-461.077) - 8(-167.159) = -1204.493 kJ
    r = reaction_thermo("Mg3N2 + 8 HCl(aq) -> 3 MgCl2(aq) + 2 NH4Cl(aq)", "25 degC")
    assert r.dH.to("kJ/mol").magnitude == pytest.approx(-1204.493, abs=0.1)


def test_degC_and_kelvin_agree():
    a = reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "750 degC")
    b = reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "1023.15 K")
    assert (a.dH, a.dS, a.dG, a.K) == (b.dH, b.dS, b.dG, b.K)


def test_wrong_dimension():
    with pytest.raises(DimensionError):
        reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "5 kg")


def test_pressure_enters_through_the_gases():
    # ΔG(P) = ΔG° + Δn_gas R T ln(P/P°); the nitridation consumes 2 mol gas
    a = reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "1000 K", "1 bar")
    b = reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "1000 K", "0.1 bar")
    expected = -2 * R * 1000 * math.log(0.1) / 1e3
    assert (b.dG - a.dG).to("kJ/mol").magnitude == pytest.approx(expected, rel=1e-9)
    assert a.K == pytest.approx(b.K, rel=1e-12)


@pytest.mark.parametrize("name, T, phase", [
    ("Mg", 800, "cr"), ("Mg", 1000, "l"), ("Mg", 1400, "g"),
    ("MgCl2", 900, "cr"), ("MgCl2", 1000, "l"), ("H2O", 298.15, "l"), ("H2O", 400, "g"),
])
def test_stable_phase_is_chosen(db, name, T, phase):
    assert db.get(name, T).phase == phase


def test_magnesium_heat_through_melting():
    # JANAF Mg-004 (cr,l): H(1000 K) - H(298.15 K) = 28.870 kJ/mol, including fusion at 923 K
    # (ΔfusH = 26.228 - 17.751 = 8.477 kJ/mol); the NASA data used agree within 0.3 kJ/mol
    path = heat_path("Mg", "298.15 K", "1000 K")
    assert path.dH.to("kJ/mol").magnitude == pytest.approx(28.870, abs=0.3)
    assert path.latent.to("kJ/mol").magnitude == pytest.approx(8.477, abs=0.1)
    assert [leg.kind for leg in path.legs] == ["sensible", "latent", "sensible"]
    assert path.legs[1].T_from == pytest.approx(923.0)


def test_mgcl2_heat_through_melting():
    # JANAF Cl-095 (cr,l): H(1000 K) - H(298.15 K) = 99.321 kJ/mol
    assert heat_path("MgCl2", "298.15 K", "1000 K").dH.to("kJ/mol").magnitude == pytest.approx(99.321, abs=1.0)


def test_no_silent_extrapolation(db):
    with pytest.raises(DataRangeError, match=r"298.15-1375 K"):
        db.get("Mg2Si").h(1500)
    with pytest.raises(DataRangeError, match="does not extrapolate"):
        reaction_thermo("Mg3N2 + 8 HCl(aq) -> 3 MgCl2(aq) + 2 NH4Cl(aq)", "150 degC")
