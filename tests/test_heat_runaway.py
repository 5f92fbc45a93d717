"""If cooling fails: the temperature the charge reaches, what stops it, and Stoessel's criticality class.

Hand calculations at the lab basis (Si 2.8 g, Mg 5 g: IUPAC 28.085 and 24.305 g/mol):
n(Si) = 0.0996974 mol, n(Mg) = 0.2057190 mol, free Mg after alloying 0.0063242 mol,
n(Mg3N2) after nitridation = (2 × 0.0996974 + 0.0063242) / 3 = 0.0685730 mol.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

from synth import catalog
from synth.recipe import load, parse
from synth.report import build
from synth.route import run
from synth.scaling import scale
from synth.species import default_db
from synth.steps.runaway import _classes, runaway
from synth.stream import Stream
from synth.thermo import balance_temperature

AMPSI = catalog.text("ampsi")

N_SI, N_MG_FREE, N_NITRIDE = 0.0996974, 0.0063242, 0.0685730


@pytest.fixture(scope="module")
def lab():
    return run(load("ampsi"))


def test_alloying_stops_where_a_quarter_of_the_mg2si_melts(lab):
    """Q = 7.83 kJ into Mg2Si + the free Mg, from 823.15 K:
    Mg (synth's NASA data): cr 823.15 -> 923 K 3.158 kJ/mol, fusion 8.400, liquid to its boiling point
    (1364 K, where G(l) = G(g)) 15.129, evaporation 127.963 (the vapour leaves): 154.650 kJ/mol × 0.0063242 mol
    = 0.978 kJ. Mg2Si (JANAF Mg-034, H - H298): 90.098 kJ/mol at 1375 K, 41.004 at 823.15 K (linear between
    39.041 at 800 K and 47.520 at 900 K): 49.094 kJ/mol × 0.0996974 mol = 4.894 kJ.
    Left at 1375 K: 7.831 - 0.978 - 4.894 = 1.959 kJ; the fusion of Mg2Si is 175.870 - 90.098 = 85.772 kJ/mol
    (JANAF Mg-036), 8.551 kJ for all of it: 1.959 / 8.551 = 23 % would melt. The old figure was 1734 K."""
    s = lab.step("alloying")
    q = -s.heat.parts_J["reaction"]
    assert q == pytest.approx(7831, rel=1e-3)
    share = (q - 154.650e3 * N_MG_FREE - 49.094e3 * N_SI) / (85.772e3 * N_SI)
    assert share == pytest.approx(0.229, abs=0.002)
    r = s.heat.runaway
    assert r.reached == pytest.approx(1375.0)
    assert r.stop.startswith(f"1375 K: {share * 100:.0f} % of the Mg2Si would melt")
    assert "Mg would boil at 1364 K" in r.stop
    assert s.heat.max_temperature_K == r.reached


def test_nitridation_stops_at_the_decomposition_of_mg3n2(lab):
    """Q = 23.79 kJ into Si + Mg3N2 from 1023.15 K. Mg3N2 -> 3 Mg(g) + N2 has ΔG = 0 at 1703.7 K
    (`synth thermo "Mg3N2 -> 3 Mg(g) + N2" --solve-T`), ΔH = 865.64 kJ/mol there. Up to it (synth's data):
    Si cr to 1690 K 18.625 kJ/mol + fusion 50.210 + liquid to 1703.7 K 0.373 = 69.207 kJ/mol × 0.0996974
    = 6.900 kJ; Mg3N2 (JANAF fit) 85.209 kJ/mol × 0.0685730 = 5.843 kJ. Left: 23.79 - 12.743 = 11.05 kJ
    of 865.64 × 0.0685730 = 59.36 kJ: 19 % of the Mg3N2 would decompose. The old figure was 3157 K.
    The decomposition is endothermic (ΔH > 0 where ΔG turns negative with rising T): a barrier like boiling,
    the MTT, not Stoessel's TD24 (an exothermic decomposition's), which the recipe does not state: class 3,
    not the class 5 it was given when the decomposition stood for a TD24."""
    s = lab.step("nitridation")
    q = -s.heat.parts_J["reaction"]
    T_d = balance_temperature("Mg3N2 -> 3 Mg(g) + N2").magnitude
    assert T_d == pytest.approx(1703.7, abs=0.05)
    share = (q - 69.207e3 * N_SI - 85.209e3 * N_NITRIDE) / (865.64e3 * N_NITRIDE)
    assert share == pytest.approx(0.186, abs=0.002)
    r = s.heat.runaway
    assert r.reached == pytest.approx(T_d, abs=0.01)
    assert r.stop.startswith(f"1704 K: {share * 100:.0f} % of the Mg3N2 would decompose to Mg(g) + N2(g)")
    assert r.mtt == pytest.approx(T_d) and r.td24 is None
    assert r.criticality == 3 and r.mtsr == 2500.0  # MTSR capped where the Mg3N2 data end (JANAF: 2500 K)
    assert "MTSR ≥ 2500 K" in r.reasoning and "endothermic decomposition is the barrier" in r.reasoning
    assert "no TD24 (none stated" in r.reasoning and "conditions.td24 from DSC or ARC" in r.reasoning


def test_a_measured_td24_from_the_recipe_sets_the_class():
    """A TD24 the recipe states (conditions.td24, e.g. from DSC) below the MTT: the cooling failure meets it
    before the decomposition barrier at 1704 K, Stoessel class 5 (TD24 < MTT < MTSR); above the capped MTSR
    (2500 K) it is passed too (an MTSR capped by the data counts as passing what lies above), so class 4."""
    for td24, klass in (("1500 K", 5), ("2600 K", 4)):
        text = AMPSI.replace("      T: {q: 750 degC, ref: An2019}",
                             f"      T: {{q: 750 degC, ref: An2019}}\n      td24: {{q: {td24}, ref: An2019}}", 1)
        assert text != AMPSI
        plan, _ = scale(parse(text, "td24.yaml"), None)
        r = plan.step("nitridation").heat.runaway
        assert r.td24 == pytest.approx(float(td24.split()[0])) and r.criticality == klass
        assert "measured: ref An2019" in r.reasoning


def test_a_td24_is_read_where_a_cooling_failure_is_classed_and_refused_elsewhere():
    """The leach (Tp 298 K, MTSR 329 K, MTT 373 K) with a TD24 of 310 K stated: class 5 (TD24 < MTSR < MTT), and
    the recipe validates; a coating's carbonization classes no cooling failure, so a td24 there is refused."""
    from synth.audit import validate

    at = AMPSI.index("      T: {q: 25 degC", AMPSI.index("id: leaching"))
    end = AMPSI.index("\n", at) + 1
    leach = AMPSI[:end] + "      td24: {q: 310 K, ref: An2019}\n" + AMPSI[end:]
    assert validate(parse(leach, "leach.yaml")) == []
    r = scale(parse(leach, "leach.yaml"), None)[0].step("leaching").heat.runaway
    assert r.td24 == 310.0 and r.criticality == 5
    at = AMPSI.index("        T: {q: 850 degC")
    end = AMPSI.index("\n", at) + 1
    coating = AMPSI[:end] + "        td24: {q: 900 K, ref: An2019}\n" + AMPSI[end:]
    problems = validate(parse(coating, "coating.yaml"))
    assert len(problems) == 1 and "carbonization.conditions.td24" in problems[0]


def test_leach_runaway_is_class_1_below_the_boiling_point(lab):
    """The acid charge takes 82.6 kJ: 298.15 K + ~31 K (Σ n cp 2664.65 J/K, see test_heat_bugs) = 329 K,
    below the boiling point of water (373 K in synth's data); no decomposition: class 1."""
    r = lab.step("leaching").heat.runaway
    assert r.reached == pytest.approx(298.15 + 31.0, abs=0.3)
    assert r.mtt == pytest.approx(373.2, abs=0.1) and r.td24 is None
    assert r.criticality == 1 and r.stop.endswith("the heat is used up")


@pytest.mark.parametrize("mtsr, mtt, td, klass", [
    (350.0, 400.0, 500.0, 1),  # MTSR < MTT < TD24
    (350.0, 500.0, 400.0, 2),  # MTSR < TD24 < MTT
    (450.0, 400.0, 500.0, 3),  # MTT < MTSR < TD24
    (550.0, 400.0, 500.0, 4),  # MTT < TD24 < MTSR
    (450.0, 500.0, 400.0, 5),  # TD24 < MTSR < MTT
    (550.0, 500.0, 400.0, 5),  # TD24 < MTT < MTSR
    (350.0, np.inf, np.inf, 1),  # nothing boils or decomposes
    (350.0, np.inf, 400.0, 2),  # no boiling barrier, TD24 not reached
    (450.0, np.inf, 400.0, 5),  # no boiling barrier, TD24 passed
])
def test_stoessel_classes(mtsr, mtt, td, klass):
    """Stoessel (2008), ch. 3: the order of Tp < MTSR, MTT and TD24 gives the class."""
    assert int(_classes(np.float64(mtsr), False, mtt, td)) == klass


def test_a_capped_mtsr_counts_as_passing_what_lies_above(db):
    """The MTSR stops where the data end (at least that hot): a finite MTT or TD24 above counts as passed."""
    assert int(_classes(np.float64(1375.0), True, 1400.0, np.inf)) == 3


def test_array_amounts_give_the_scalar_answers(db):
    """Over a grid (a sweep), each point reads its temperature off the same path as one batch."""
    mg2si, mg = db.get("Mg2Si(cr)"), db.get("Mg(cr)")
    q = np.array([-7831.0, -4000.0, 100.0])
    n_mg = np.array([N_MG_FREE, 0.0, N_MG_FREE])
    grid = runaway(q, Stream.of([(mg2si, np.full(3, N_SI)), (mg, n_mg)]), 823.15, db)
    for i in range(2):
        one = runaway(q[i], Stream.of([(mg2si, N_SI), (mg, n_mg[i])]), 823.15, db)
        assert grid.reached[i] == pytest.approx(one.reached, rel=1e-12)
        assert grid.mtsr[i] == pytest.approx(one.mtsr, rel=1e-12)
        assert grid.criticality[i] == one.criticality
    assert np.isnan(grid.reached[2]) and grid.criticality[2] == 0  # not exothermic there
    assert grid.criticality[1] == 1  # no free Mg at that point: nothing boils, nothing melts in reach


def test_report_and_sheet_carry_the_class_and_its_reasoning():
    plan, basis = scale(load("ampsi"), "AMPSi@C=1 kg")
    steps = {s["id"]: s for s in build(plan, basis)["steps"]}
    r = steps["nitridation"]["runaway"]
    assert r["criticality_class"] == 3 and r["reached"]["unit"] == "K" and "Stoessel" in r["source"]
    assert steps["recycling"]["runaway"] is None
    import datetime

    from synth.render.sheet_text import render
    from synth.sheet import build as sheet

    md = render(sheet(build(plan, basis), datetime.date(2025, 1, 31), "T-1"))
    assert "- nitridation: Stoessel class 3: Tp 1023 K, MTSR ≥ 2500 K" in md
    assert "| nitridation | 2134 K               | 1704 K: 19 % of the Mg3N2 would decompose" in md


def test_a_6_molar_leach_stops_where_a_fifth_of_its_water_boils():
    """6 M acid instead of 1 M: the charge holds 6.0722 mol water (0.6583 mol HCl / 6 mol/L × 0.997 g/mL).
    To the boiling point (373.2 K in synth's data): water 5.661 kJ/mol × 6.0722 = 34.38 kJ; the solutes at
    their infinite-dilution cp (J/(mol K): HCl(aq) -136.4 × 0.109717 mol, MgCl2(aq) -291.0 × 0.205719,
    NH4Cl(aq) -56.5 × 0.137146) and Si 19.79 × 0.099697 over 75 K: (-14.97 - 59.86 - 7.75 + 1.97) × 75 =
    -6.05 kJ. Left of 82.60 kJ: 82.60 - 34.38 + 6.05 = 54.27 kJ; evaporating all the water takes
    40.877 kJ/mol × 6.0722 = 248.2 kJ: 22 % of it would boil. Class 3 (MTSR ≥ MTT 373 K, no TD24), and the
    step warns to dose slowly."""
    text = catalog.text("ampsi")
    six = text.replace("concentration: {q: 1 M, ref: An2019}", "concentration: {q: 6 M, ref: An2019}")
    assert six != text
    s = run(parse(six, "six.yaml")).step("leaching")
    share = (82.60e3 - 5.661e3 * 6.0722 + 6.05e3) / (40.877e3 * 6.0722)
    assert share == pytest.approx(0.219, abs=0.002)
    assert s.heat.runaway.stop == f"373 K: {share * 100:.0f} % of the H2O would boil"
    assert s.heat.runaway.criticality == 3
    assert any("would bring the liquor to its boiling point (100 °C): 373 K: 22 % of the H2O would boil" in w
               for w in s.warnings)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.01, 1.0), st.floats(0.01, 1.0), st.floats(0.0, 1.0))
@example(1.0, 0.25, 0.0625)  # the heat is used up at 1061.17 K, just past the Mg3N2 b -> c change
def test_the_temperature_reached_closes_the_enthalpy_balance(n_si, n_nitride, share):
    """Up to Si melting (1690 K), the temperature reached is where Σ n (h(T) - h(Tp)) of the species data equals
    the heat (found here by bisection), to the 10 K path's linear interpolation (within 0.05 K: cp changes
    little over 10 K); where the Mg3N2 changes from its b to its c form (1061 K, JANAF Mg-037), the heat lies
    within that jump of the enthalpy."""
    db = default_db()
    si, nitride = db.get("Si(cr)"), db.get("Mg3N2(cr)")
    Tp, top = 1023.15, 1689.0

    def heat(T):
        return n_si * (si.h(T) - si.h(Tp)) + n_nitride * (nitride.h(T) - nitride.h(Tp))

    q = share * heat(top)
    r = runaway(-q, Stream.of([(si, n_si), (nitride, n_nitride)]), Tp, db) if q > 0 else None
    if r is None:
        return
    if "the heat is used up" not in r.stop:
        assert r.stop.startswith("1061 K:") and r.reached == 1061.0
        assert "of the Mg3N2 would change to Mg3N2(cr,c)" in r.stop
        assert heat(1061.0 - 1e-6) <= q <= heat(1061.0 + 1e-6)
    else:
        lo, hi = Tp, top
        for _ in range(60):
            lo, hi = ((lo + hi) / 2, hi) if heat((lo + hi) / 2) < q else (lo, (lo + hi) / 2)
        assert r.reached == pytest.approx(lo, abs=0.05)
