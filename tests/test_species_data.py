"""Checks of synth/data/species.yaml against its cited sources.

The database is read with pyyaml and cantera.Species.from_dict directly (not through synth modules), and
compared with the tables copied into tests/reference/ (origins in tests/reference/README.md).
Species enthalpies are on the standard-elements reference, so h(298.15 K) of a compound IS its ΔfH°.
"""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import cantera as ct
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DB_PATH = REPO / "synth" / "data" / "species.yaml"
REF = REPO / "tests" / "reference"
PHASES = {"cr", "l", "g", "aq", "am"}
T0 = 298.15

DB = yaml.safe_load(DB_PATH.read_text(encoding="utf-8"))
ENTRIES = {e["name"]: e for e in DB["species"]}


def species(name: str) -> ct.Species:
    return ct.Species.from_dict(ENTRIES[name])


def h(name: str, T: float) -> float:
    """Molar enthalpy [kJ/mol] of a database species at T."""
    return species(name).thermo.h(T) / 1e6


def g(name: str, T: float) -> float:
    """Standard molar Gibbs energy [kJ/mol] of a database species at T."""
    th = species(name).thermo
    return (th.h(T) - T * th.s(T)) / 1e6


def parse_formula(text: str) -> dict[str, float]:
    """Element counts of e.g. 'Mg3N2', 'MgCl2·6H2O', 'C8H11NO2·HCl' (no brackets or charges needed here)."""
    counts: dict[str, float] = {}
    for part in text.split("·"):
        m = re.match(r"(\d*)(.*)", part)
        mult = int(m.group(1) or 1)
        body = m.group(2)
        assert re.fullmatch(r"([A-Z][a-z]?\d*)+", body), f"unparseable formula {text!r}"
        for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", body):
            counts[el] = counts.get(el, 0) + mult * int(n or 1)
    return counts


def read_janaf(table: str) -> list[list[tuple[float, float, float, float]]]:
    """(T, Cp, S, H-H298) rows of a JANAF text table, one list per phase (split where a T repeats)."""
    phases: list[list[tuple[float, float, float, float]]] = [[]]
    for line in (REF / "janaf" / f"{table}.txt").read_text(encoding="utf-8").splitlines()[2:]:
        try:
            T, cp, s, _, dh = (float(x) for x in line.split("\t")[:5])
        except ValueError:
            continue
        if phases[-1] and T == phases[-1][-1][0]:
            phases.append([])
        phases[-1].append((T, cp, s, dh))
    return phases


def segments_of(formula: str, phase: str) -> list[dict]:
    return [e for e in DB["species"] if e["synth"]["formula"] == formula and e["synth"]["phase"] == phase]


# ---------------------------------------------------------------- structure and provenance

@pytest.mark.parametrize("name", ENTRIES)
def test_entry_has_formula_phase_ref_and_note(name):
    e = ENTRIES[name]
    info = e["synth"]
    assert info["phase"] in PHASES
    assert info["ref"] in DB["references"]
    assert str(e.get("note", "")).strip()
    assert name.startswith(f"{info['formula']}({info['phase']}")
    for key in ("dfH298", "density"):
        if info.get(key):
            assert info[key]["ref"] in DB["references"], key
    assert all(n == n.lower() for n in info.get("names", []))


@pytest.mark.parametrize("name", ENTRIES)
def test_composition_matches_formula(name):
    e = ENTRIES[name]
    assert parse_formula(e["synth"]["formula"]) == {k: float(v) for k, v in e["composition"].items()}


@pytest.mark.parametrize("name", [n for n, e in ENTRIES.items() if "thermo" in e])
def test_thermo_loads_in_cantera(name):
    sp = species(name)
    assert sp.thermo is not None
    assert sp.thermo.min_temp < sp.thermo.max_temp
    T = 0.5 * (sp.thermo.min_temp + sp.thermo.max_temp)
    assert math.isfinite(sp.thermo.h(T)) and math.isfinite(sp.thermo.s(T))


@pytest.mark.parametrize("name", ENTRIES)
def test_condensed_phases_state_density_gases_do_not(name):
    info = ENTRIES[name]["synth"]
    if info["phase"] == "g":
        assert "density" not in info
    else:
        assert "density" in info
        if info["density"] is None:
            assert info["density-note"]
        else:
            assert info["density"]["unit"] == "g/cm**3" and 0.5 < info["density"]["value"] < 10


def test_references_are_full_citations():
    for key, text in DB["references"].items():
        assert len(text) > 60, key
    for key in ("JANAF", "NASA-TM-4513", "CRC", "NBS82", "EUNIQUAC2023", "An2019", "Liebscher2013"):
        assert key in DB["references"]
    assert "10.1038/s41467-019-09510-5" in DB["references"]["An2019"]
    assert "10.1021/la4020288" in DB["references"]["Liebscher2013"]


def test_names_point_to_one_substance():
    owner: dict[str, tuple[str, str]] = {}
    for e in DB["species"]:
        key = (e["synth"]["formula"], e["synth"]["phase"])
        for alias in e["synth"].get("names", []):
            assert owner.setdefault(alias, key) == key, alias


def test_polymorph_segments_are_contiguous():
    keys = {(e["synth"]["formula"], e["synth"]["phase"]) for e in DB["species"] if "thermo" in e}
    for formula, phase in keys:
        segs = [species(e["name"]) for e in segments_of(formula, phase)]
        for lower, upper in zip(segs, segs[1:], strict=False):  # consecutive pairs; segs[1:] is one shorter
            assert lower.thermo.max_temp == pytest.approx(upper.thermo.min_temp), (formula, phase)


def test_database_is_what_the_build_script_writes():
    spec = importlib.util.spec_from_file_location("build_species", REPO / "tools" / "build_species.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.build() == DB


# ---------------------------------------------------------------- formation enthalpies

DFH298 = {
    "Mg2Si(cr)": -77.822,     # JANAF Mg-034: dfH(298.15) = -77.822 kJ/mol
    "Mg3N2(cr,a)": -461.077,  # JANAF Mg-037: dfH(298.15) = -461.077 kJ/mol
    "MgCl2(cr)": -641.616,    # JANAF Cl-093: dfH(298.15) = -641.616 kJ/mol (NASA data, T-min widened)
    "NH4Cl(cr,a)": -314.553,  # JANAF Cl-029: dfH(298.15) = -314.553 kJ/mol (NASA BAR 73 data)
    "HCl(g)": -92.312,        # JANAF Cl-026: dfH(298.15) = -92.312 kJ/mol (NASA J 9/64 data, T-min widened)
    "HCl(aq)": -167.159,      # NBS 1982: H+ 0 + Cl- -167.159 kJ/mol
    "MgCl2(aq)": -801.168,    # NBS 1982: Mg+2 -466.85 + 2 Cl- -167.159 kJ/mol
    "NH4Cl(aq)": -299.669,    # NBS 1982: NH4+ -132.51 + Cl- -167.159 kJ/mol
    "MgCl2·6H2O(cr)": -2498.7,  # Extended UNIQUAC 2023 (Thomsen): dfH = -2498.7 kJ/mol
}


@pytest.mark.parametrize("name, value", DFH298.items())
def test_h298_is_the_cited_formation_enthalpy(name, value):
    assert h(name, T0) == pytest.approx(value, abs=0.5)
    assert ENTRIES[name]["synth"]["dfH298"]["value"] == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize("name", [n for n, e in ENTRIES.items() if "thermo" in e and e["synth"].get("dfH298")])
def test_thermo_agrees_with_its_own_dfH298(name):
    assert h(name, T0) == pytest.approx(ENTRIES[name]["synth"]["dfH298"]["value"], abs=0.5)


@pytest.mark.parametrize("name", ["Mg(cr)", "Si(cr)", "C(cr)", "N2(g)", "H2(g)", "O2(g)", "Cl2(g)"])
def test_elements_in_reference_state_have_zero_enthalpy(name):
    assert h(name, T0) == pytest.approx(0.0, abs=1e-6)


ELEMENT_REFERENCE = {"Mg": ("Mg(cr)", 1), "Si": ("Si(cr)", 1), "N": ("N2(g)", 2), "H": ("H2(g)", 2),
                     "Cl": ("Cl2(g)", 2), "O": ("O2(g)", 2)}

DFG298 = {
    "Mg2Si(cr)": -77.055,     # JANAF Mg-034: dfG(298.15) = -77.055 kJ/mol
    "Mg3N2(cr,a)": -400.923,  # JANAF Mg-037: dfG(298.15) = -400.923 kJ/mol
    "HCl(aq)": -131.228,      # NBS 1982: Cl- dfG = -131.228 kJ/mol
    "MgCl2(aq)": -717.256,    # NBS 1982 / CRC: Mg+2 -454.8 + 2 Cl- -131.228 kJ/mol
    "NH4Cl(aq)": -210.538,    # NBS 1982: NH4+ -79.31 + Cl- -131.228 kJ/mol
    "MgCl2·6H2O(cr)": -2118.19,  # Extended UNIQUAC 2023 (Thomsen): dfG = -2118.19 kJ/mol
}


@pytest.mark.parametrize("name, value", DFG298.items())
def test_entropy_gives_the_cited_formation_gibbs_energy(name, value):
    """S is consistent with the elements' NASA entropies (catches S-convention and sign errors)."""
    elements = sum(n / atoms * g(ref, T0) for el, n in ENTRIES[name]["composition"].items()
                   for ref, atoms in [ELEMENT_REFERENCE[el]])
    assert g(name, T0) - elements == pytest.approx(value, abs=0.5)


# ---------------------------------------------------------------- JANAF fits

# JANAF Mg-034 Mg2Si(cr) 298.15-1375 K; JANAF Mg-037 Mg3N2(cr) 298.15-2500 K (transitions 823, 1061 K).
FITS = {"Mg2Si": ("Mg-034", -77.822, 1375.0), "Mg3N2": ("Mg-037", -461.077, 2500.0)}
TOL_CP, TOL_S, TOL_H = 0.3, 0.3, 0.3  # J/(mol K), J/(mol K), kJ/mol


@pytest.mark.parametrize("formula", FITS)
def test_fit_reproduces_janaf_cp_s_and_h(formula):
    table, dfh, tmax = FITS[formula]
    segs = [species(e["name"]) for e in segments_of(formula, "cr")]
    phases = read_janaf(table)
    assert len(segs) == len(phases), "one polymorph segment per JANAF phase"
    checked = 0
    for sp, rows in zip(segs, phases, strict=True):
        for T, cp, s, dh in rows:
            if T > tmax:
                continue
            th = sp.thermo
            assert th.min_temp - 1e-6 <= T <= th.max_temp + 1e-6
            assert th.cp(T) / 1000 == pytest.approx(cp, abs=TOL_CP), (sp.name, T, "Cp")
            assert th.s(T) / 1000 == pytest.approx(s, abs=TOL_S), (sp.name, T, "S")
            assert th.h(T) / 1e6 == pytest.approx(dfh + dh, abs=TOL_H), (sp.name, T, "H")
            checked += 1
    assert checked >= 13


@pytest.mark.parametrize("T, dh", [(823.0, 0.921), (1061.0, 1.088)])  # JANAF Mg-037 transition enthalpies
def test_mg3n2_polymorph_steps_are_the_transition_enthalpies(T, dh):
    below, above = [e["name"] for e in segments_of("Mg3N2", "cr") if T in e["thermo"]["temperature-ranges"]]
    assert h(above, T) - h(below, T) == pytest.approx(dh, abs=0.01)


def test_mg2si_standard_values():
    # JANAF Mg-034: S(298.15) = 81.588 J/(mol K), Cp(298.15) = 67.864 J/(mol K)
    th = species("Mg2Si(cr)").thermo
    assert th.s(T0) / 1000 == pytest.approx(81.588, abs=0.01)
    assert th.cp(T0) / 1000 == pytest.approx(67.864, abs=0.3)


# ---------------------------------------------------------------- NASA data kept as bundled

def test_mgcl2_liquid_decomposition_at_1000_K():
    """ΔG of MgCl2(l) -> Mg(l) + Cl2(g) at 1000 K from the NASA data, by hand: about +483 kJ/mol."""
    dg = g("Mg(l)", 1000) + g("Cl2(g)", 1000) - g("MgCl2(l)", 1000)
    nasa = {s.name: s for s in ct.Species.list_from_file("nasa_condensed.yaml")
            + ct.Species.list_from_file("nasa_gas.yaml") if s.name in ("Mg(L)", "CL2", "MgCL2(L)")}
    by_hand = sum(sign * (nasa[n].thermo.h(1000) - 1000 * nasa[n].thermo.s(1000)) / 1e6
                  for n, sign in (("Mg(L)", 1), ("CL2", 1), ("MgCL2(L)", -1)))
    assert dg == pytest.approx(by_hand, abs=1e-6)
    assert dg == pytest.approx(483, abs=3)


# ---------------------------------------------------------------- reaction checks (shared README)

def test_nitridation_enthalpy_and_gibbs_energy():
    # 3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2: dH = -688.7 kJ, dG = -570.7 kJ (JANAF values, shared README)
    products = {"Si(cr)": 3, "Mg3N2(cr,a)": 2}
    reactants = {"Mg2Si(cr)": 3, "N2(g)": 2}
    for f, expected in ((h, -688.7), (g, -570.7)):
        delta = sum(n * f(s, T0) for s, n in products.items()) - sum(n * f(s, T0) for s, n in reactants.items())
        assert delta == pytest.approx(expected, abs=1.0)


def test_acid_leach_enthalpy():
    # Mg3N2 + 8 HCl(aq) -> 3 MgCl2(aq) + 2 NH4Cl(aq): dH = -1204.5 kJ at infinite dilution (shared README)
    dh = 3 * h("MgCl2(aq)", T0) + 2 * h("NH4Cl(aq)", T0) - h("Mg3N2(cr,a)", T0) - 8 * h("HCl(aq)", T0)
    assert dh == pytest.approx(-1204.5, abs=0.5)


# ---------------------------------------------------------------- densities and molar masses

DENSITIES = {  # CRC Handbook (tests/reference/crc/inorganic-physical-constants.tsv), g/cm**3
    "Mg2Si(cr)": 1.990, "Mg3N2(cr,a)": 2.710, "Si(cr)": 2.3296, "MgCl2(cr)": 2.325,
    "NH4Cl(cr,a)": 1.519, "Mg(cr)": 1.740, "MgCl2·6H2O(cr)": 1.56, "C4H11NO3(cr)": 1.328,
}


@pytest.mark.parametrize("name, value", DENSITIES.items())
def test_crc_densities(name, value):
    d = ENTRIES[name]["synth"]["density"]
    assert d["unit"] == "g/cm**3" and d["ref"] == "CRC"
    assert d["value"] == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize("name, molar_mass", [("C8H11NO2·HCl(cr)", 189.64), ("C4H11NO3(cr)", 121.14)])
def test_organic_molar_masses(name, molar_mass):
    # shared README: dopamine hydrochloride 189.64 g/mol, Tris 121.14 g/mol
    assert species(name).molecular_weight == pytest.approx(molar_mass, abs=0.01)


def test_species_without_a_source_have_no_thermo():
    for name in ("C(am)", "C8H11NO2·HCl(cr)", "C4H11NO3(cr)", "C8H7NO2(am)"):
        assert "thermo" not in ENTRIES[name]
    assert "assumption" in ENTRIES["C8H7NO2(am)"]["synth"]
    assert "assumption" in ENTRIES["MgCl2(aq)"]["synth"]
    assert "not verified" in ENTRIES["MgCl2·6H2O(cr)"]["synth"]["assumption"]


def test_aqueous_species_are_constant_cp_over_the_liquid_water_range():
    for name in ("HCl(aq)", "MgCl2(aq)", "NH4Cl(aq)"):
        th = species(name).thermo
        assert (th.min_temp, th.max_temp) == (273.15, 373.15)
        assert "infinite dilution" in ENTRIES[name]["note"]
