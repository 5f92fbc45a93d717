"""Solid-liquid separation, shared by every step that filters (acid_leach, wash, dissolve, filter).

A filter keeps the crystalline and amorphous phases (``cr``, ``am``). Every liquid and dissolved species
(``l``, ``aq``) passes to the filtrate, including a liquid that a reaction forms (the water of
MgO + 2 HCl(aq) -> MgCl2(aq) + H2O(l)); gases leave as off-gas. The wet cake holds the moisture the recipe
states, as a mass fraction of the wet cake; that water is taken from the filtrate (assumption: the cake
is washed, so its moisture is wash water and carries no dissolved species).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..recipe import Spec
from ..species import HOW_TO_ADD, PhaseData, SpeciesDB
from ..stream import Stream
from ..vector import anywhere, at, failing, fmt, ratio
from .base import T_AMBIENT

SOLID = ("cr", "am")  # what a filter keeps
LIQUID = ("l", "aq")  # what passes it
WATER = "H2O(l)"


@dataclass(frozen=True)
class Split:
    """A vessel's contents separated: the filtered solid (dry), the filtrate, and the gas."""

    solid: Stream
    liquid: Stream
    gas: Stream


def split(contents: Stream) -> Split:
    """The filtered solid (crystalline and amorphous phases only), the filtrate and the gases of ``contents``."""
    return Split(contents.select(SOLID), contents.select(LIQUID), contents.select(("g",)))


def wash_water(spec: Spec, db: SpeciesDB, solid: Stream, density: float | None = None) -> Stream:
    """Water to wash a filtered solid: ``wash: {water: {q: 20 mL/g}}`` per g of dry solid (none without it), at
    ``density`` [g/mL] (the leach's, at its temperature), else the species data's (25 °C)."""
    if not spec.has("wash"):
        return Stream()
    water = db.get(WATER)
    per_g = spec.sub("wash").magnitude("water", "specific volume", "mL/g")
    grams = per_g * solid.mass_g() * (water.density.to("g/mL").magnitude if density is None else density)
    return Stream.of([(water, grams / water.molar_mass.magnitude)])


def moisture(holder: Spec, liquid: PhaseData, solid: Stream) -> float:
    """mol of ``liquid`` in the wet cake of ``solid`` at ``holder.moisture`` (mass fraction of the wet cake)."""
    w = holder.fraction("moisture")
    if anywhere(w >= 1):
        raise holder.error("moisture", f"a wet cake is part solid: the moisture must be below 100 %, not {fmt(w)}")
    return ratio(solid.mass_g() * w, 1 - w) / liquid.molar_mass.magnitude


def wet_cake(holder: Spec, liquid: PhaseData, solid: Stream, filtrate: Stream) -> tuple[Stream, Stream]:
    """(wet cake, filtrate less the cake's liquid): the solid with the stated moisture of ``liquid`` (water or
    the solvent), taken from the filtrate."""
    n = moisture(holder, liquid, solid)
    short = filtrate.amount(liquid.name) - n < -1e-9 * n
    if anywhere(short):
        where, i = failing(short)
        raise holder.error("moisture", f"the cake would hold {at(n, i):.6g} mol of {liquid.name}{where} but the "
                                       f"filtrate has {at(filtrate.amount(liquid.name), i):.6g} mol: add wash liquid "
                                       "or lower the moisture")
    cake = Stream.of([(liquid, n)])
    return solid + cake, filtrate + cake.scaled(-1.0)


def vapour_of(db: SpeciesDB, liquid: PhaseData) -> PhaseData:
    """The gas of a liquid that a dryer evaporates (H2O(l) -> H2O(g)); an error naming how to add one."""
    try:
        return db.get(f"{liquid.formula.text}(g)")
    except InputError:
        raise InputError(f"{liquid.name} cannot be dried off: the species data have no {liquid.formula.text}(g); "
                         f"{HOW_TO_ADD}") from None


def evaporation_heat(db: SpeciesDB, liquid: PhaseData, n: float, T: float) -> float:
    """Heat [J] to take ``n`` mol of ``liquid`` from 25 °C to its vapour at ``T`` [K] (a dryer)."""
    return n * (vapour_of(db, liquid).h(T) - liquid.h(T_AMBIENT))
