"""Issue 10, part A bugs: the leach's adiabatic rise, round-off residues, shortfall messages, out-of-range T.

Species data: NBS 1982 (aqueous, as in synth/data/species.yaml), JANAF (Mg3N2, Mg2Si), NASA TM-4513 (water).
"""

from __future__ import annotations

import numpy as np
import pytest

from synth import catalog
from synth.audit import validate
from synth.errors import InputError
from synth.reaction import parse_equation
from synth.recipe import load, parse
from synth.report import build
from synth.route import run
from synth.scaling import scale
from synth.steps.base import Declared, apply
from synth.stream import Stream

AMPSI = catalog.text("ampsi")


@pytest.fixture(scope="module")
def ampsi():
    return load("ampsi")


def test_leach_adiabatic_rise_counts_the_acid_charge_not_the_wash(ampsi):
    """The wash comes after the reaction, so it is no heat sink. At the lab basis (Si 2.8 g):

    Q_r = 0.068573 mol × ΔH_r, ΔH_r of Mg3N2 + 8 HCl(aq) -> 3 MgCl2(aq) + 2 NH4Cl(aq) at 25 °C
        = 3(-801.15) + 2(-299.66) - (-461.077) - 8(-167.159) = -1204.42 kJ/mol  ->  Q_r = -82.59 kJ
    Σ n cp after the reaction, acid charge only (J/K; cp in J/(mol K): H2O(l) 75.351, HCl(aq) -136.4,
    MgCl2(aq) -291.0, NH4Cl(aq) -56.5 at infinite dilution, Si 19.789):
        36.433101 × 75.351 - 0.109717 × 136.4 - 0.205719 × 291.0 - 0.137146 × 56.5 + 0.099697 × 19.789
        = 2745.255 - 14.965 - 59.864 - 7.749 + 1.973 = 2664.65 J/K
    ΔT_ad = 82 595.7 / 2664.65 = 31.0 K  (with the 3.099 mol of wash water less the cake's 0.0666 mol it
    would be 82 595.7 / 2893.2 = 28.5 K, the old figure).
    """
    s = run(ampsi).step("leaching")
    assert s.heat.parts_J["reaction"] == pytest.approx(-0.068573 * 1204.42e3, rel=1e-4)
    assert s.heat.adiabatic_rise_K == pytest.approx(82595.7 / 2664.65, rel=1e-4)
    assert round(s.heat.adiabatic_rise_K, 1) == 31.0


@pytest.mark.parametrize("basis", ["AMPSi@C=7 kg", "AMPSi@C=100 kg", "AMPSi@C=1 t"])
def test_no_round_off_residue_becomes_a_stream_or_a_hazard(ampsi, basis):
    """Nitridation at conversion 1 left 3e-14 to 4e-12 mol of Mg2Si (float round-off of x - 3 (x / 3)) at
    these bases; it became SiH4 in the acid. Now nothing is left, no SiH4 arises, and every balance closes
    (the route checks each step and the route to 1e-9)."""
    plan, basis_ = scale(ampsi, basis)
    assert "Mg2Si(cr)" not in plan.step("nitridation").outputs["solid"].amounts
    extents = dict(plan.step("leaching").reactions)
    assert extents["Mg2Si + 4 HCl(aq) -> 2 MgCl2(aq) + SiH4"] == 0.0
    report = build(plan, basis_)
    leach = next(s for s in report["steps"] if s["id"] == "leaching")
    assert "SiH4" not in leach["outputs"] and all(g["species"] != "SiH4(g)" for g in leach["gases"])
    assert not any("SiH4" in w or "pyrophoric" in w for w in leach["warnings"])


def _declared(text: str, conversion) -> Declared:
    eq = parse_equation(text)
    return Declared(eq, conversion, eq.reactants[0].formula.text)


def test_a_residue_below_1e_12_of_the_stream_is_zero_and_the_elements_still_close(db):
    """3 Mg2Si + 2 N2 -> ... with x = 0.21 mol: x - 3 (x / 3) is +2.8e-17 mol in floats (round-off); it is
    zero. A residue the reaction really leaves (conversion 0.999999: 2.1e-7 mol) stays."""
    mg2si = db.get("Mg2Si(cr)")
    x = 0.21
    assert x - 3 * (x / 3) > 0.0  # the round-off this test is about
    stream = Stream.of([(mg2si, x)])
    after, done, demand = apply(stream, [_declared("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", 1.0)], 1023.15, db,
                                dosed=("N2",))
    assert "Mg2Si(cr)" not in after.amounts
    n2 = Stream.of([(db.get("N2(g)"), demand["N2(g)"])])
    a, b = (stream + n2).elements(), after.elements()
    assert all(abs(a[e] - b.get(e, 0.0)) <= 1e-12 * a[e] for e in a)
    partial, _, _ = apply(stream, [_declared("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", 0.999999)], 1023.15, db,
                          dosed=("N2",))
    assert partial.amount("Mg2Si(cr)") == pytest.approx(2.1e-7, rel=1e-6)


def test_residue_rule_is_array_safe(db):
    """Over a grid: the round-off residue is zero at conversion 1 and a real residue stays elsewhere."""
    x = np.array([0.21, 0.1, 0.21])
    conversion = np.array([1.0, 0.5, 1.0])
    after, _, _ = apply(Stream.of([(db.get("Mg2Si(cr)"), x)]),
                        [_declared("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", conversion)], 1023.15, db, dosed=("N2",))
    assert list(after.amount("Mg2Si(cr)")) == pytest.approx([0.0, 0.05, 0.0], abs=0)


def test_a_shortfall_message_prints_the_shortfall(db):
    """2 Mg + Si -> Mg2Si with 0.1 mol Si and 0.1999 mol Mg: the extent 0.1 mol needs 0.2 mol Mg;
    0.2 - 0.1999 = 1e-4 mol (0.05 % of the need) short. Needs and presence print with 10 digits."""
    stream = Stream.of([(db.get("Si(cr)"), 0.1), (db.get("Mg(cr)"), 0.1999)])
    with pytest.raises(InputError, match=r"not enough Mg\(cr\): an extent of 0.1 mol needs 0.2 mol but 0.1999 mol "
                                         r"are present: 0.0001 mol short \(0.050% of the need\)"):
        apply(stream, [_declared("Si + 2 Mg -> Mg2Si", 1.0)], 823.15, db)


HOT = AMPSI.replace("      T: {q: 550 degC, ref: An2019}", "      T: {q: 2000 degC, ref: An2019}")


def test_a_step_above_its_species_data_is_an_error_in_scale_and_validate():
    """Alloying at 2000 °C (2273.15 K): Mg2Si(cr) data end at 1375 K (JANAF), so no reaction heat exists.
    Both scale and validate refuse it at the reaction's line and column, as `synth thermo` does."""
    assert HOT != AMPSI
    recipe = parse(HOT, "hot.yaml")
    with pytest.raises(InputError, match=r"^hot.yaml:\d+:\d+: recipe.steps\[0\].reactions\[0\].equation: "
                                         r"2 Mg \+ Si -> Mg2Si: no reaction heat at the step's 2273.15 K "
                                         r"\(2000 °C\): Mg2Si\(cr\): data cover 298.15-1375 K, not 2273.15 K"):
        run(recipe)
    problems = validate(recipe)
    assert len(problems) == 1 and problems[0].startswith("hot.yaml:") and "data cover 298.15-1375 K" in problems[0]


def test_missing_thermo_data_stays_a_warning(ampsi):
    """Dopamine, polydopamine: no data in our sources, so the heat is reported as not included, never guessed."""
    coating = run(ampsi).step("coating")
    assert any("no thermodynamic data for C8H11NO2·HCl" in w for w in coating.warnings)


def test_the_coating_purge_is_on_the_bill_of_materials_in_the_totals_and_the_hazards(ampsi):
    """Forming gas 0.2 L/min at STP (recipe assumption) over 9 runs × 8.75 h (ramp 825 K at 5 K/min = 2.75 h,
    hold 3 h, cooling 3 h) = 4725 min: 945 L / 22.711 L/mol (273.15 K, 100 kPa) = 41.61 mol, of which Ar 95 %
    = 39.53 mol and H2 5 % = 2.080 mol per 1 kg batch."""
    import datetime

    from synth import hazards
    from synth.sheet import build as sheet

    plan, basis = scale(ampsi, "AMPSi@C=1 kg")
    total = 0.2 * 9 * 8.75 * 60 / 22.711
    purge = plan.step("coating").inputs["purge"]
    assert purge.amount("Ar(g)") == pytest.approx(0.95 * total, rel=1e-4)
    assert purge.amount("H2(g)") == pytest.approx(0.05 * total, rel=1e-4)
    report = build(plan, basis)
    assert report["totals"]["fresh_inputs"]["Ar"]["amount"]["value"] == pytest.approx(0.95 * total, rel=1e-4)
    bom = sheet(report, datetime.date(2025, 1, 31), "T-1").bom
    assert {(b.step, b.material, b.stream) for b in bom} >= {("coating", "Ar", "purge"), ("coating", "H2", "purge")}
    coating = next(s for s in report["steps"] if s["id"] == "coating")
    found = {(h.substance, h.role) for h in hazards.of_step(coating)}
    assert ("H2", "charged") in found and ("H2", "released as gas") in found
    h2 = next(g for g in coating["gases"] if g["species"] == "H2(g)")
    made = plan.step("coating").outputs["offgas"].amount("H2(g)") - purge.amount("H2(g)")
    assert h2["amount"]["value"] == pytest.approx(made + 0.05 * total, rel=1e-4)  # released + purged


def test_a_charge_that_cannot_reach_the_set_point_is_an_error_at_the_set_point():
    """Nitridation at 1500 °C (1773.15 K): the Mg2Si carried in has data to 1375 K only (JANAF), so its heat
    to the set-point does not exist; validate points at the step's conditions.T."""
    text = AMPSI.replace("      T: {q: 750 degC, ref: An2019}", "      T: {q: 1500 degC, ref: An2019}", 1)
    assert text != AMPSI
    problems = validate(parse(text, "hot.yaml"))
    assert len(problems) == 1
    assert problems[0].startswith("hot.yaml:") and "recipe.steps[1].conditions.T: the charge cannot be taken to " \
        "1773.15 K (1500 °C): Mg2Si(cr): data cover 298.15-1375 K" in problems[0]
