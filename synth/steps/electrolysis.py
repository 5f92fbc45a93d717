"""MgCl2 recycling: dehydrate the leach liquor, electrolyse molten MgCl2, burn the Cl2 with H2 to HCl.

Three declared stages, each with reactions in the recipe:

- ``dehydration`` at its T: transfer reactions such as MgCl2(aq) -> MgCl2(cr) (its conversion is the
  MgCl2 recovery), NH4Cl(aq) -> NH3 + HCl, H2O(l) -> H2O(g). Heat by Hess's law: reaction enthalpies at
  25 °C, then the products heated to T.
- ``cell``: MgCl2(l) -> Mg(l) + Cl2 with ``electrons``, cell ``voltage``, ``current_efficiency`` and the
  cell's ``current``. Electric energy W = n F V / CE per mol Mg; the reversible voltage is ΔG/(nF).
  Faraday's law gives the hours per batch.
- ``synthesis``: H2 + Cl2 -> 2 HCl (H2 dosed at an excess) and HCl(g) -> HCl(aq) absorption, at 25 °C.

``returns`` names which output goes back to which step (Mg to alloying, HCl to leaching).
"""

from __future__ import annotations

from ..recipe import Spec
from ..stream import Stream
from ..thermo import FARADAY, reaction_thermo
from ..units import Q_
from ..vector import anywhere, fmt, ratio
from .base import (
    CONDENSED,
    T_AMBIENT,
    Context,
    Gas,
    Heat,
    StepResult,
    apply,
    charge_heat,
    declared_reactions,
    reaction_heat,
    rephase,
)
from .equipment import run_time, time_figures, unit_of


def run(spec: Spec, ctx: Context) -> StepResult:
    """The recycling step for a batch."""
    liquor = ctx.stream(spec, default="liquor")
    dehydration = spec.sub("dehydration")
    T_d = float(dehydration.q("T", "temperature").magnitude)
    drying_s = dehydration.positive("hold", "time").to("s").magnitude
    dried, done_d, _ = apply(liquor, declared_reactions(dehydration), T_AMBIENT, ctx.db)
    salt = dried.select(("cr",))
    vapours = dried.select(("g",))
    bleed = dried.without(("cr", "g"))
    q_react_d, w1 = reaction_heat(done_d, T_AMBIENT, ctx.db)
    q_heat_d, w2 = charge_heat(salt + vapours, T_d, ctx.db)

    cell = spec.sub("cell")
    T_c = float(cell.q("T", "temperature").magnitude)
    cell_reactions = declared_reactions(cell)
    electrons = cell.count("electrons")
    after_cell, done_c, _ = apply(rephase(salt, T_c, ctx.db), cell_reactions, T_c, ctx.db)
    q_melt, w3 = charge_heat(salt, T_c, ctx.db)
    q_cell, w4 = reaction_heat(done_c, T_c, ctx.db)
    magnesium = _metal(after_cell, cell_reactions)
    chlorine = after_cell.select(("g",))
    residue = Stream.of((pd, n) for pd, n in after_cell.items() if pd.phase != "g" and pd.name not in magnesium.amounts)
    n_metal = sum(n for _, n in magnesium.items())
    voltage = cell.positive("voltage", "voltage").to("V").magnitude
    efficiency = cell.fraction("current_efficiency")
    if anywhere(efficiency == 0):
        raise cell.error("current_efficiency", "must be above 0")
    charge_C = electrons * FARADAY * n_metal / efficiency
    electric = charge_C * voltage
    current = cell.positive("current", "current").to("A").magnitude
    cells = cell.count("cells", "1")
    hours_s = charge_C / (current * cells)
    reversible = reaction_thermo(cell_reactions[0].equation, f"{T_c} K", electrons=electrons, db=ctx.db).E

    synthesis = spec.sub("synthesis")
    h2_pd = ctx.db.get(synthesis.text("fuel", "H2"))
    excess = synthesis.q("excess", "dimensionless").to("dimensionless").magnitude
    if anywhere(excess < 0):
        raise synthesis.error("excess", f"the H2 excess must be 0 or more (it is the surplus over demand), "
                                        f"not {fmt(excess)}")
    burnt, done_s, demand = apply(chlorine, declared_reactions(synthesis), T_AMBIENT, ctx.db,
                                  dosed=(h2_pd.formula.text,))
    n_h2 = demand.get(h2_pd.name, 0.0)
    fuel = Stream.of([(h2_pd, n_h2 * (1 + excess))])
    q_syn, w5 = reaction_heat(done_s, T_AMBIENT, ctx.db)
    acid = burnt.select(("aq",))
    offgas = vapours + burnt.select(("g",)) + Stream.of([(h2_pd, n_h2 * excess)])
    occupancy = (run_time("dehydration", "dryer", 1, {"hold": drying_s}, dehydration, unit_of(dehydration)),
                 run_time("cell", f"{cells} × electrolysis cell", 1, {"electrolysis": hours_s}, cell, unit_of(cell)))
    per_kg = ratio(electric, n_metal * ctx.db.get("Mg").molar_mass.magnitude / 1000.0)
    return StepResult(
        id=spec.text("id"), type="electrolysis", title=spec.text("title", spec.text("id")), T=T_c,
        inputs={"carried": liquor, "fuel": fuel},
        outputs={"magnesium": magnesium, "hcl": acid, "offgas": offgas, "bleed": bleed, "cell residue": residue},
        heat=Heat({"dehydration (25 °C reactions)": q_react_d, "dehydration (heating to T)": q_heat_d,
                   "heating MgCl2 to cell T": q_melt, "electrolysis reaction": q_cell,
                   "electric input (as heat)": -electric, "HCl synthesis and absorption": q_syn},
                  electric=electric),
        runs=1, time=sum(rt.total for rt in occupancy),
        equipment=f"dryer; {cells} × electrolysis cell at {fmt(current)} A",
        materials={},
        reactions=tuple((r.equation.text, x) for r, x in done_d + done_c + done_s),
        gases=tuple([Gas.of(pd, n, hours_s) for pd, n in chlorine.items()]
                    + [Gas.of(pd, n, drying_s) for pd, n in vapours.items()] + [Gas.of(h2_pd, n_h2 * excess, None)]),
        warnings=tuple(w1 + w2 + w3 + w4 + w5),
        figures={"reversible_voltage": reversible, "cell_voltage": Q_(voltage, "V"),
                 "current_efficiency": efficiency, "electric_per_kg_metal": Q_(per_kg, "J/kg").to("kWh/kg"),
                 "cell_time": Q_(hours_s, "s").to("h"), "salt": Q_(salt.mass_g(), "g"), **time_figures(occupancy)},
        run_times=occupancy,
    )


def _metal(stream: Stream, reactions) -> Stream:
    """The metal the cell makes: the condensed single-element products of the cell reaction."""
    metals = {t.formula for r in reactions for t in r.equation.products if len(t.formula.elements) == 1}
    return Stream.of((pd, n) for pd, n in stream.items() if pd.formula in metals and pd.phase in CONDENSED)
