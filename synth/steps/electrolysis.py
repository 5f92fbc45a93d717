"""MgCl2 recycling: dehydrate the leach liquor, electrolyse molten MgCl2, burn the Cl2 with H2 to HCl.

Stages, each declared in the recipe:

- ``evaporation``, ``dehydration`` and ``offgas``: liquor to dry salt (:mod:`synth.steps.dehydration`):
  evaporator at the liquor's boiling point, dryer at its T in a stated atmosphere with the hydrolysis of
  MgCl2 to MgO from the equilibrium, NH4Cl sublimate, absorbed HCl and condensed water from the dryer's gas.
- ``cell``: MgCl2(l) -> Mg(l) + Cl2 with ``electrons``, cell ``voltage``, ``current_efficiency`` and the
  cell's ``current``. The salt is heated from the dryer's T to the cell's. Electric energy
  W = n F V / CE per mol Mg; the reversible voltage is ΔG/(nF). Faraday's law gives the hours per batch.
- ``casting``: the liquid metal made into the form alloying takes (atomized powder), with its ``loss``.
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
    Duty,
    Gas,
    Heat,
    StepResult,
    apply,
    charge_heat,
    declared_reactions,
    reaction_heat,
    rephase,
    thermal_duties,
)
from .dehydration import dehydrate
from .equipment import run_time, time_figures, unit_of


def run(spec: Spec, ctx: Context) -> StepResult:
    """The recycling step for a batch."""
    liquor = ctx.stream(spec, default="liquor")
    dry = dehydrate(spec, liquor, ctx)
    drying_s = spec.sub("dehydration").seconds("hold")

    cell = spec.sub("cell")
    T_c = cell.temperature()
    cell_reactions = declared_reactions(cell)
    electrons = cell.count("electrons")
    after_cell, done_c, _ = apply(rephase(dry.salt, T_c, ctx.db), cell_reactions, T_c, ctx.db)
    q_melt, w3 = charge_heat(dry.salt, T_c, ctx.db, T_in=dry.T)  # the dryer already brought the salt to its T
    q_cell, w4 = reaction_heat(done_c, T_c, ctx.db)
    liquid = _metal(after_cell, cell_reactions)
    chlorine = after_cell.select(("g",))
    residue = Stream.of((pd, n) for pd, n in after_cell.items() if pd.phase != "g" and pd.name not in liquid.amounts)
    n_metal = sum(n for _, n in liquid.items())
    voltage = cell.magnitude("voltage", "voltage", "V")
    efficiency = cell.fraction("current_efficiency")
    if anywhere(efficiency == 0):
        raise cell.error("current_efficiency", "must be above 0")
    charge_C = electrons * FARADAY * n_metal / efficiency
    electric = charge_C * voltage
    current = cell.magnitude("current", "current", "A")
    cells = cell.count("cells", "1")
    hours_s = charge_C / (current * cells)
    reversible = reaction_thermo(cell_reactions[0].equation, f"{T_c} K", electrons=electrons, db=ctx.db).E
    magnesium, cast_loss, casting = _cast(spec, liquid, ctx)

    synthesis = spec.sub("synthesis")
    h2_pd = ctx.db.get(synthesis.text("fuel", "H2"))
    excess = synthesis.excess("excess")
    burnt, done_s, demand = apply(chlorine, declared_reactions(synthesis), T_AMBIENT, ctx.db,
                                  dosed=(h2_pd.formula.text,))
    n_h2 = demand.get(h2_pd.name, 0.0)
    fuel = Stream.of([(h2_pd, n_h2 * (1 + excess))])
    q_syn, w5 = reaction_heat(done_s, T_AMBIENT, ctx.db)
    acid = burnt.select(("aq",)) + dry.acid
    offgas = dry.offgas + burnt.select(("g",)) + Stream.of([(h2_pd, n_h2 * excess)])
    dehydration = spec.sub("dehydration")
    occupancy = (run_time("dehydration", "dryer", 1, {"hold": drying_s}, dehydration, unit_of(dehydration)),
                 run_time("cell", f"{cells} × electrolysis cell", 1, {"electrolysis": hours_s}, cell, unit_of(cell)))
    per_kg = ratio(electric, n_metal * ctx.db.get("Mg").molar_mass.magnitude / 1000.0)
    # one vessel's balance: the cell's Joule heat melts the salt fed from the dryer and drives the reaction; what
    # is left over is heat to remove (or, were it short, heat to supply)
    duties = (dry.duties + (Duty("electrolysis cell", "electricity", electric, T_c),)
              + thermal_duties({"cell heat balance (melt, reaction, Joule heat)": q_melt + q_cell - electric}, T_c)
              + (Duty("HCl synthesis and absorption", "cooling", -q_syn, T_AMBIENT),))
    return StepResult(
        id=spec.text("id"), type="electrolysis", title=spec.text("title", spec.text("id")), T_K=T_c,
        inputs={"carried": liquor, "fuel": fuel},
        outputs={"magnesium": magnesium, "hcl": acid, "condensate": dry.condensate, "offgas": offgas,
                 "sublimate": dry.sublimate,
                 "hydrolysed": dry.oxide, "bleed": dry.bleed, "casting loss": cast_loss, "cell residue": residue},
        heat=Heat({**dry.heat, "heating MgCl2 from dryer T to cell T": q_melt, "electrolysis reaction": q_cell,
                   "electric input (as heat)": -electric, "HCl synthesis and absorption": q_syn},
                  electric_J=electric, duties=duties),
        runs=1, time_s=sum(rt.total_s for rt in occupancy),
        equipment=f"evaporator; dryer; {cells} × electrolysis cell at {fmt(current)} A"
                  + ("; atomizer" if casting else ""),
        materials={},
        reactions_mol=dry.reactions + tuple((r.equation.text, x) for r, x in done_c + done_s),
        gases=tuple([Gas.of(pd, n, hours_s) for pd, n in chlorine.items()]
                    + [Gas.of(pd, n, drying_s) for pd, n in dry.offgas.items()]
                    + [Gas.of(h2_pd, n_h2 * excess, None)]),
        warnings=dry.warnings + tuple(w3 + w4 + w5),
        figures={**dry.figures, "reversible_voltage": reversible, "cell_voltage": Q_(voltage, "V"),
                 "current_efficiency": efficiency, "electric_per_kg_metal": Q_(per_kg, "J/kg").to("kWh/kg"),
                 "cell_time": Q_(hours_s, "s").to("h"), "salt": Q_(dry.salt.mass_g(), "g"), **casting,
                 **time_figures(occupancy)},
        run_times=occupancy,
    )


def _metal(stream: Stream, reactions) -> Stream:
    """The metal the cell makes: the condensed single-element products of the cell reaction."""
    metals = {t.formula for r in reactions for t in r.equation.products if len(t.formula.elements) == 1}
    return Stream.of((pd, n) for pd, n in stream.items() if pd.formula in metals and pd.phase in CONDENSED)


def _cast(spec: Spec, liquid: Stream, ctx: Context) -> tuple[Stream, Stream, dict]:
    """The cell's liquid metal made into the solid form the returning step takes (``casting: {form, loss}``):
    (metal returned as solid, metal lost from the melt as dross, skull and fines, figures). Without ``casting``
    the liquid metal is returned as it is."""
    if not spec.has("casting"):
        return liquid, Stream(), {}
    casting = spec.sub("casting")
    loss = casting.fraction("loss")
    solid = Stream.of((ctx.db.get(f"{pd.formula.text}(cr)"), n * (1 - loss)) for pd, n in liquid.items())
    return solid, liquid.scaled(loss), {"casting": casting.sub("form").text("text"), "casting_loss": loss}
