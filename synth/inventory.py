"""What a batch takes from outside and what leaves it: fresh materials by name, once-through and at steady
state, and the streams that leave as waste, each with its class.

One computation for every view that counts materials: the totals of ``synth scale``, the bill of
materials, costs and the green metrics (PMI, E-factor) all read :func:`fresh` and :func:`wastes`.
Amounts and masses are quantities per batch (arrays inside over a sweep's grid); the fields and ``mass_g``
hold the floats in mol and g for the engine's sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from .route import Plan
from .species import PhaseData
from .stream import Stream
from .units import Q_, measured, ureg

WATER = "H2O"  # the formula of the water a process takes and gives

_G = ureg.Unit("g")

#: Hazard statements that send a gas to a scrubber rather than the vent (CLP: corrosive, toxic by inhalation).
SCRUBBED = {"H314", "H330", "H331"}
#: Species that are no organic load although they hold carbon.
INORGANIC_CARBON = {"CO", "CO2", "C"}


@dataclass(frozen=True)
class Fresh:
    """One material bought for a batch: ``once_through`` (an amount) with nothing recycled, ``steady`` once
    the recycle returns what it recovers (the fresh make-up); the fields hold mol."""

    name: str
    species: PhaseData
    once_through_mol: float
    steady_mol: float
    steps: tuple[str, ...]

    once_through = measured("once_through_mol", "mol")
    steady = measured("steady_mol", "mol")

    def mass(self, steady: bool = True):
        """The mass bought per batch, at steady state or once-through."""
        return Q_(self.mass_g(steady), _G)

    def mass_g(self, steady: bool = True) -> float:
        """:meth:`mass` in g."""
        return (self.steady_mol if steady else self.once_through_mol) * self.species.molar_mass.magnitude


@dataclass(frozen=True)
class Waste:
    """A stream leaving the route that is neither the product nor returned to a step, with its class."""

    step: str
    label: str
    stream: Stream
    kind: str  # "off-gas scrubbing", "off-gas vented", "clean water", "acidic liquor", "aqueous effluent",
    #            "filtrate with organics", "solid waste", or a species name for a one-species stream

    @property
    def mass(self):
        """The mass of the waste per batch (of a scrubber's load: the scrubbed gases only)."""
        return Q_(self.mass_g(), _G)

    def mass_g(self) -> float:
        """:attr:`mass` in g."""
        if self.kind == "off-gas scrubbing":  # only the scrubbed gases load the scrubber, not the carrier
            return sum(n * pd.molar_mass.magnitude for pd, n in self.stream.items() if _scrubbed(pd))
        return self.stream.mass_g()


def fresh(plan: Plan) -> dict[str, Fresh]:
    """Fresh inputs by the recipe's name for them (a feed's name, else the formula), with the recycle credit.

    A returned stream replaces fresh feed of the same formula at its target step, up to what that step
    needs (:meth:`synth.route.Plan.recycles`); the rest of the feed is the make-up."""
    return dict(plan.once("fresh", lambda: _fresh(plan)))


def _fresh(plan: Plan) -> dict[str, Fresh]:
    labels = {name: label for s in plan.steps for name, label in s.labels.items() if label != "water"}
    totals: dict[str, list] = {}  # name -> [species, mol, the steps it is fed to (a dict as an ordered set)]
    for step, _, st in plan.fresh_inputs():
        for pd, n in st.items():  # a stream holds no zero amount, so a first amount is its own sum (0 + n is n)
            name = labels.get(pd.name, pd.formula.text)
            if name in totals:
                totals[name][1] = totals[name][1] + n
                totals[name][2][step] = None
            else:
                totals[name] = [pd, n, {step: None}]
    credit: dict[str, float] = {}
    for r in plan.recycles():
        for name, (pd, _, by_step) in totals.items():
            if pd.formula.text == r.species and r.target in by_step:
                credit[name] = credit.get(name, 0.0) + (r.needed - r.make_up).m_as("mol")
                break
    return {name: Fresh(name, pd, n, n - credit[name] if name in credit else n, tuple(by_step))
            for name, (pd, n, by_step) in totals.items()}


def wastes(plan: Plan) -> list[Waste]:
    """Every output that leaves the route other than the product and the streams returned to a step."""
    product = plan.product()
    returned = {(spec.text("id"), label) for spec in plan.recipe.steps() if spec.has("returns")
                for label in spec.sub("returns").data}
    return [Waste(step, label, st, classify(st)) for step, label, st in plan.final_outputs()
            if (step, label) not in returned and (step, label) != (product[0].id, product[1])]


def classify(stream: Stream) -> str:
    """The waste class of ``stream``: gases by whether a scrubber must take them (CLP corrosive or toxic by
    inhalation), liquid water alone as clean water, other liquids by organic load and acid, solids as solid
    waste; a stream of one solid species is named by its formula (``NH4Cl``), so that a price file can price
    it on its own."""
    items = stream.items()
    if all(pd.phase == "g" for pd, _ in items):
        return "off-gas scrubbing" if any(_scrubbed(pd) for pd, _ in items) else "off-gas vented"
    if len(items) == 1 and (items[0][0].phase in ("cr", "am")
                            or items[0][0].phase == "l" and len(items[0][0].formula.elements) == 1):
        return items[0][0].formula.text  # one solid, or a molten element (a cell's metal lost as dross): by name
    if len(items) == 1 and items[0][0].phase == "l" and items[0][0].formula.text == WATER:
        return "clean water"  # water alone (an evaporator's condensate): reusable, no effluent to treat
    if any(pd.phase in ("aq", "l") for pd, _ in items):
        if any("C" in pd.formula.elements and pd.formula.text not in INORGANIC_CARBON for pd, _ in items):
            return "filtrate with organics"
        return "acidic liquor" if any(pd.formula.text == "HCl" for pd, _ in items) else "aqueous effluent"
    return "solid waste"


def _scrubbed(pd: PhaseData) -> bool:
    from .hazards import table

    return pd.phase == "g" and bool(SCRUBBED & set(table().get(pd.formula.text, {}).get("ghs", ())))
