"""From leach liquor to dry MgCl2: evaporator, dryer (with hydrolysis) and the dryer's off-gas.

The recycling step (:mod:`synth.steps.electrolysis`) calls :func:`dehydrate`. Three parts:

- **Evaporator** (``evaporation``): the free water boils off at the liquor's boiling point (the normal
  boiling point of water from the species data; the elevation by the dissolved salts, under 1 K at the
  leach liquor's 0.3 mol/kg, is neglected). It leaves ``hydrate_water`` mol H2O per mol MgCl2 in the
  crystallised salt for the dryer. Its heat is n (h_g(T_b) - h_l(25 °C)): the water heated to its boiling
  point and evaporated there, never heated as vapour beyond. Its vapour leaves as condensate, H2O(l): a
  condenser (whose duty is counted) or, in a multiple-effect or MVR evaporator, the next effect's heating
  side condenses it. The evaporator is ``single_effect`` or
  ``multiple_effect`` (steam bought = duty / ``steam_economy``) or ``mvr`` (electricity =
  ``specific_energy`` per mass of water).
- **Dryer** (``dehydration``): the declared reactions at T (MgCl2(aq) -> MgCl2(cr), NH4Cl -> NH3 + HCl,
  the hydrate water to vapour), by Hess's law (reactions at 25 °C, products heated to T). Then the
  hydrolysis MgCl2(cr) + H2O(g) -> MgO(cr) + 2 HCl(g), K(T) from the species data, solved as one
  equilibrium stage between the salt and the dryer's gas (:func:`hydrolysed`). The ``atmosphere`` is
  ``own_vapour`` (the salt's own water with the HCl and NH3 it releases) or ``hcl_sweep`` (dry HCl gas
  circulated through the dryer at ``hcl_to_water`` mol HCl per mol of water vapour; the loop returns the
  HCl, so only its effect on the equilibrium enters the balance) or ``ammonium_carnallite``: the liquor's
  NH4Cl binds MgCl2 1:1 as NH4Cl·MgCl2·6H2O, whose water leaves before the MgCl2 is free, so the bound salt
  does not hydrolyse (MgO under 0.1 wt%, Front. Chem. China 1, 384 (2006)); MgCl2 beyond the NH4Cl is dried
  in its own share of the hydrate water with all the HCl and NH3 released. The hydrolysis goes to MgO only: synth's
  species data hold no sourced thermochemistry for MgOHCl, the intermediate of the partial hydrolysis.
- **Off-gas** (``offgas``, optional): declared reactions on the dryer's gas cooled to 25 °C, e.g.
  NH3 + HCl(g) -> NH4Cl(cr) (the sublimate collected below the NH4Cl sublimation point),
  HCl(g) -> HCl(aq) (the acid absorbed and returned to leaching) and H2O(g) -> H2O(l) (the dryer's water
  condensed: its heat of condensation, 44 kJ/mol at 25 °C, is most of the off-gas's cooling duty). What
  the reactions leave liquid is the off-gas's condensate, what they leave solid its sublimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..recipe import Spec
from ..stream import Stream
from ..thermo import reaction_thermo
from ..units import Q_
from ..vector import anywhere, fmt, is_array, ratio
from .base import (
    T_AMBIENT,
    Context,
    Duty,
    Heater,
    apply,
    charge_heat,
    declared_reactions,
    reaction_heat,
    thermal_duties,
)
from .leach import water_boiling_point

HYDROLYSIS = "MgCl2(cr) + H2O(g) -> MgO(cr) + 2 HCl(g)"
ATMOSPHERES = ("own_vapour", "hcl_sweep", "ammonium_carnallite")
EVAPORATORS = ("single_effect", "multiple_effect", "mvr")


@dataclass(frozen=True)
class Dehydrated:
    """What the evaporator, dryer and off-gas treatment make of one batch's liquor (mol, J)."""

    salt: Stream  # dry salt to the cell
    oxide: Stream  # MgO from hydrolysis: Mg lost from the recycle
    bleed: Stream  # what the dryer does not recover
    condensate: Stream  # the evaporator's water, condensed, and the liquid condensed from the dryer's off-gas
    offgas: Stream  # the dryer's gas after its treatment (vented)
    sublimate: Stream  # solids collected from the off-gas (NH4Cl)
    acid: Stream  # acid absorbed from the off-gas (returned with the cell's HCl)
    heat: dict  # part name -> J
    duties: tuple[Duty, ...]
    reactions: tuple[tuple[str, float], ...]
    warnings: tuple[str, ...]
    figures: dict
    T: float  # dryer temperature [K]


def dehydrate(spec: Spec, liquor: Stream, ctx: Context) -> Dehydrated:
    """Evaporate, dry and treat the off-gas of ``liquor`` as the recycling step ``spec`` states."""
    db = ctx.db
    water_l, water_g = db.get("H2O(l)"), db.get("H2O(g)")
    T_b = water_boiling_point(db)
    ev = spec.sub("evaporation")
    per_mg = ev.q("hydrate_water", "dimensionless").to("dimensionless").magnitude
    if anywhere(per_mg < 0):
        raise ev.error("hydrate_water", f"must be 0 or more mol H2O per mol MgCl2, not {fmt(per_mg)}")
    n_water = liquor.amount(water_l.name)
    n_mg = sum(n for pd, n in liquor.items() if pd.formula.text == "MgCl2")
    left = np.minimum(n_water, per_mg * n_mg) if is_array(n_water) or is_array(per_mg * n_mg) \
        else min(n_water, per_mg * n_mg)
    n_evap = n_water - left
    q_evap = n_evap * (water_g.h(T_b) - water_l.h(T_AMBIENT))
    latent = n_evap * (water_g.h(T_b) - water_l.h(T_b))
    ev_duties, ev_figures = _evaporator(ev, q_evap, latent, n_evap * water_l.molar_mass.magnitude, T_b)

    dehydration = spec.sub("dehydration")
    T_d = dehydration.temperature()
    concentrate = liquor + Stream.of([(water_l, -n_evap)])
    dried, done, _ = apply(concentrate, declared_reactions(dehydration), T_AMBIENT, db)
    salt, gas = dried.select(("cr",)), dried.select(("g",))
    bleed = dried.without(("cr", "g"))
    q_react, w1 = reaction_heat(done, T_AMBIENT, db)
    q_heat, w2 = charge_heat(salt + gas, T_d, db)
    xi, K, sweep = _hydrolysis(dehydration, salt, gas, T_d, ctx)
    mgcl2, mgo, hcl = db.get("MgCl2(cr)"), db.get("MgO(cr)"), db.get("HCl(g)")
    oxide = Stream.of([(mgo, xi)])
    salt = salt + Stream.of([(mgcl2, -xi)])
    gas = gas + Stream.of([(water_g, -xi), (hcl, 2 * xi)])
    q_hyd = xi * _hydrolysis_thermo(db, T_d)[1]

    offgas, sublimate, condensed, acid, q_off, off_done, w3 = _treat(spec, gas, T_d, db)
    q_dry = q_react + q_heat + q_hyd
    heat = {"evaporation at the boiling point": q_evap, "dehydration (25 °C reactions)": q_react,
            "dehydration (heating to T)": q_heat, "hydrolysis of MgCl2": q_hyd, "off-gas cooling and capture": q_off}
    duties = (ev_duties + thermal_duties({"dryer": q_dry}, T_d, Heater.of(dehydration))
              + (Duty("off-gas cooling and capture", "cooling", -q_off, T_AMBIENT),))
    n_salt = sum(n for pd, n in dried.items() if pd.name == mgcl2.name)
    figures = {**ev_figures, "liquor_boiling_point": Q_(T_b, "K"), "hydrolysis_K": K,
               "hydrolysed_fraction": ratio(xi, n_salt), "mg_lost_as_MgO": Q_(xi, "mol"),
               "hcl_from_hydrolysis": Q_(2 * xi, "mol"), "dryer_atmosphere": dehydration.sub("atmosphere").text("kind"),
               **({"sweep_hcl_circulated": Q_(sweep, "mol")} if sweep is not None else {})}
    reactions = ((("H2O(l) -> H2O(g) (evaporator, at the boiling point)", n_evap),)
                 + tuple((r.equation.text, x) for r, x in done) + ((HYDROLYSIS, xi),)
                 + tuple((r.equation.text, x) for r, x in off_done))
    condensate = Stream.of([(water_l, n_evap)]) + condensed
    return Dehydrated(salt, oxide, bleed, condensate, offgas, sublimate, acid, heat, duties, reactions,
                      tuple(w1 + w2 + w3), figures, T_d)


def hydrolysed(M: float, W: float, H: float, other: float, K: float, p: float = 1.0) -> float:
    """Extent ξ [mol] of MgCl2(cr) + H2O(g) -> MgO(cr) + 2 HCl(g) when ``M`` mol of salt meets a gas of
    ``W`` mol H2O, ``H`` mol HCl and ``other`` mol of other gases at total pressure ``p`` [bar] in one
    equilibrium stage.

    With pure solids, K = (x_HCl p)² / (x_H2O p) = p (H + 2ξ)² / ((W - ξ)(G + ξ)), G = W + H + other.
    Rearranged, (4p + K) ξ² + (4pH - K(W - G)) ξ + (pH² - KWG) = 0; the positive root, bounded by the salt
    and the water present. Where the gas already holds enough HCl (pH² >= KWG) nothing hydrolyses.
    Array-safe: every argument may be an array over a sweep's grid.

    Examples
    --------
    >>> round(hydrolysed(10.0, 60.0, 0.0, 0.0, 0.049), 4)   # salt in steam alone at 400 °C
    6.6005
    """
    G = W + H + other
    a = 4 * p + K
    b = 4 * p * H - K * (W - G)
    c = p * H * H - K * W * G
    root = (-b + np.sqrt(np.maximum(b * b - 4 * a * c, 0.0))) / (2 * a)
    xi = np.clip(np.where(c < 0, root, 0.0), 0.0, np.minimum(M, W))
    return xi if is_array(xi) and xi.ndim else float(xi)


def _hydrolysis(dehydration: Spec, salt: Stream, gas: Stream, T: float, ctx: Context):
    """(extent [mol], K, sweep HCl [mol] or None) of the hydrolysis in the dryer's stated atmosphere."""
    atmosphere = dehydration.sub("atmosphere")
    kind = atmosphere.text("kind")
    if kind not in ATMOSPHERES:
        raise atmosphere.error("kind", f"unknown dryer atmosphere {kind!r}; expected one of {', '.join(ATMOSPHERES)}")
    db = ctx.db
    M = salt.amount("MgCl2(cr)")
    W = gas.amount("H2O(g)")
    H = gas.amount("HCl(g)")
    other = sum(n for pd, n in gas.items() if pd.name not in ("H2O(g)", "HCl(g)"))
    sweep = None
    if kind == "hcl_sweep":
        r = atmosphere.q("hcl_to_water", "dimensionless").to("dimensionless").magnitude
        if anywhere(r < 0):
            raise atmosphere.error("hcl_to_water", f"must be 0 or more mol HCl per mol H2O, not {fmt(r)}")
        sweep = r * W
        H = H + sweep
    elif kind == "ammonium_carnallite":
        bound = np.minimum(M, gas.amount("NH3(g)"))  # NH4Cl·MgCl2·6H2O binds one NH4Cl per MgCl2
        W = W * ratio(M - bound, M)  # the bound salt's water leaves the double salt before the MgCl2 is free
        M = M - bound
    K = _hydrolysis_thermo(db, T)[0]
    return hydrolysed(M, W, H, other, K), K, sweep


@lru_cache(maxsize=64)
def _hydrolysis_thermo(db, T: float) -> tuple[float, float]:
    """(K, ΔH [J/mol]) of the hydrolysis at ``T`` [K] from the species data (memoised: a pure function)."""
    r = reaction_thermo(HYDROLYSIS, f"{T} K", db=db)
    return r.K, r.dH.to("J/mol").magnitude


def _treat(spec: Spec, gas: Stream, T: float, db) -> tuple[Stream, Stream, Stream, Stream, float, list, list[str]]:
    """The dryer's gas cooled from ``T`` to 25 °C and put through the declared ``offgas`` reactions: (vented
    gas, collected solids, condensate, absorbed acid, heat [J, negative: to remove], reactions, warnings)."""
    if not spec.has("offgas"):
        return gas, Stream(), Stream(), Stream(), 0.0, [], []
    q_cool, w1 = charge_heat(gas, T, db)
    after, done, _ = apply(gas, declared_reactions(spec.sub("offgas")), T_AMBIENT, db)
    q_r, w2 = reaction_heat(done, T_AMBIENT, db)
    return (after.select(("g",)), after.select(("cr", "am")), after.select(("l",)), after.select(("aq",)),
            q_r - q_cool, done, w1 + w2)


def _evaporator(ev: Spec, duty: float, latent: float, water_g: float, T: float) -> tuple[tuple[Duty, ...], dict]:
    """Duties of the evaporator: steam (duty / economy) and its condenser, or an MVR's electricity."""
    kind = ev.text("kind")
    if kind not in EVAPORATORS:
        raise ev.error("kind", f"unknown evaporator {kind!r}; expected one of {', '.join(EVAPORATORS)}")
    if kind == "mvr":
        specific = ev.sourced("specific_energy", "specific energy")
        energy = specific.value.to("J/kg").magnitude * water_g / 1000.0
        return ((Duty("evaporator (MVR compressor)", "electricity", energy, T, None, _source(ev, "specific_energy",
                                                                                               specific)),),
                {"evaporator": kind, "evaporator_specific_energy": specific.value})
    economy = ev.sourced("steam_economy", "dimensionless")
    e = economy.value.to("dimensionless").magnitude
    if anywhere(e <= 0):
        raise ev.error("steam_economy", f"must be above 0 (kg water per kg steam), not {fmt(e)}")
    source = _source(ev, "steam_economy", economy)
    return ((Duty("evaporator", "heating", duty, T, duty / e, source),
             Duty("evaporator condenser", "cooling", latent / e, T, None, source)),
            {"evaporator": kind, "steam_economy": e})


def _source(spec: Spec, key: str, value) -> str:
    """``recipe path (ref KEY)`` or ``recipe path (assumption: why)`` of a sourced recipe value."""
    return f"{spec.path}.{key} ({value.cited})"  # as synth.steps.base.Heater states an efficiency's source
