"""What every step type shares: the context it runs in, its result, declared reactions and heats.

A step is a pure function ``run(spec, ctx) -> StepResult``: it reads its parameters from the recipe,
takes streams from earlier steps through the context, and returns new streams; nothing is mutated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..errors import DataRangeError, InputError
from ..reaction import Equation, parse_equation
from ..recipe import Spec
from ..species import HOW_TO_ADD, SpeciesDB
from ..stream import Stream, elements
from ..thermo import reaction_thermo
from ..units import Q_, measured, measured_map, ureg
from ..vector import anywhere, at, ceil_count, failing, fmt, is_array, maximum, summed

if TYPE_CHECKING:
    from .runaway import Runaway

T_AMBIENT = 298.15  # K: charges enter cold, at 25 °C (the recipe's steps start from the bench)
CONDENSED = ("cr", "l", "am")
_MOL = ureg.Unit("mol")


@dataclass(frozen=True)
class Context:
    """What a step may see: the species data, the batch scale and the results of the steps before it."""

    db: SpeciesDB
    scale: float
    results: Mapping[str, StepResult]
    previous: str | None
    consumed: list = field(default_factory=list)  # (step, stream) pairs taken by this step, for the route
    scenarios: bool = True  # False: no cooling-failure scenario (a plan read only for its streams: see scaling)

    def stream(self, spec: Spec, key: str = "from", default: str = "solid") -> Stream:
        """The stream named in ``spec[key]`` (``{step: ID, stream: NAME}``), else the previous step's solids."""
        if spec.has(key):
            ref = spec.sub(key)
            step, name = ref.text("step"), ref.text("stream", default)
        elif self.previous is not None:
            step, name = self.previous, default
        else:
            raise spec.error(None, "the first step has no earlier step to take material from; give it feeds")
        if step not in self.results:
            raise spec.error(key, f"step {step!r} does not come before this step (known: {', '.join(self.results)})")
        outputs = self.results[step].outputs
        if name not in outputs:
            raise spec.error(key, f"step {step!r} has no output stream {name!r} (it has {', '.join(outputs)})")
        self.consumed.append((step, name))
        return outputs[name]


@dataclass(frozen=True)
class Gas:
    """A gas that arises in a step, with what makes it dangerous and how fast it can come: ``amount`` per batch
    (an array over a sweep's grid, like every amount), its ``molar_mass``, and ``peak_rate``: a run's share of
    the batch over the stated dosing or hold time of a run, in one unit (runs follow one another in it), as
    quantities; the fields hold mol, g/mol and mol/s."""

    name: str
    amount_mol: float
    molar_mass_g_mol: float
    hazard: str
    peak_rate_mol_s: float | None = None

    amount = measured("amount_mol", "mol")
    molar_mass = measured("molar_mass_g_mol", "g/mol")
    peak_rate = measured("peak_rate_mol_s", "mol/s")

    @classmethod
    def of(cls, pd, amount: float, seconds: float | None, runs=1) -> Gas:
        """The gas ``pd`` [mol per batch], its hazard from the GHS table, its peak rate: the batch's ``amount``
        made in ``runs`` runs of ``seconds`` each (not the whole batch's gas over one run's time)."""
        from ..hazards import describe

        return cls(pd.name, amount, pd.molar_mass.magnitude, describe(pd.formula.text),
                   None if seconds is None else amount / (runs * seconds))


@dataclass(frozen=True)
class Duty:
    """One energy demand of a step, by kind, never netted against another (issue 10, energy by kind).

    ``kind`` is ``"heating"`` (heat to supply at temperature level ``T``), ``"cooling"`` (heat to remove at
    ``T``) or ``"electricity"``. ``energy`` is positive (a quantity in J per batch; an array over a sweep's
    grid). ``primary`` is what must be bought to deliver it: ``energy / efficiency`` for a furnace with a
    thermal efficiency, ``energy / steam economy`` for an evaporator; ``efficiency_source`` names where that
    figure came from (a recipe path with its ref or assumption), or is None where the duty is taken as
    delivered. The fields hold SI floats (``energy_J``, ``T_K``, ``primary_J``) for the sums of the engine.
    """

    name: str
    kind: str
    energy_J: float
    T_K: float
    primary_J: float | None = None
    efficiency_source: str | None = None

    energy = measured("energy_J", "J")
    T = measured("T_K", "K")
    primary = measured("primary_J", "J")


@dataclass(frozen=True)
class Heater:
    """How a step's heating duty is delivered: by fuel or electricity, with a thermal efficiency [0-1] (heat to
    the charge / energy bought) and where that figure comes from; None where the recipe states none."""

    electric: bool = False
    efficiency: float | None = None
    source: str | None = None

    @classmethod
    def of(cls, spec: Spec) -> Heater:
        """From a step's ``heating: {electric: true, efficiency: {q: 50 %, ref/assumption: ...}}``."""
        if not spec.has("heating"):
            return cls()
        heating = spec.sub("heating")
        electric = heating.data.get("electric", False)
        if not isinstance(electric, bool):
            raise heating.error("electric", f"expected true or false, found {electric!r}")
        if not heating.has("efficiency"):
            return cls(electric)
        efficiency = heating.fraction("efficiency")
        if anywhere(efficiency == 0):
            raise heating.error("efficiency", "must be above 0")
        sourced = heating.sourced("efficiency", "dimensionless")
        return cls(electric, efficiency, f"{heating.path}.efficiency ({sourced.cited})")


def thermal_duties(parts: Mapping[str, float], T: float, heater: Heater = Heater(),
                   levels: Mapping[str, float] | None = None) -> tuple[Duty, ...]:
    """Each heat part of a step as a duty, never netted: heat to supply (positive) is ``heating`` (through
    ``heater``: ``electricity`` for an electric furnace, the bought energy = heat / efficiency), heat to remove
    (negative) is ``cooling``. ``levels`` gives a part's own temperature [K] (the dryer of a leach), else ``T``.
    Over a grid a part may change sign: both duties are kept, each zero where it does not apply."""
    out = []
    for name, q in parts.items():
        level = (levels or {}).get(name, T)
        supply, remove = maximum(q, 0.0), maximum(-q, 0.0)
        if is_array(q) or q > 0:
            bought = supply if heater.efficiency is None else supply / heater.efficiency
            kind = "electricity" if heater.electric else "heating"
            out.append(Duty(name, kind, bought if heater.electric else supply, level,
                            None if heater.efficiency is None else bought, heater.source))
        if is_array(q) or q < 0:
            out.append(Duty(name, "cooling", remove, level))
    return tuple(out)


@dataclass(frozen=True)
class Heat:
    """Energy of a step per batch: ``parts`` add up to ``net`` (positive = heat to supply), quantities in J.

    ``adiabatic_rise`` [K] is the temperature rise if cooling failed and the reaction heat stayed in the batch
    (the screening figure at constant cp), ``max_temperature`` [K] the temperature the ``runaway`` scenario
    reaches; ``electric`` [J] is the electricity drawn (electrolysis, milling), not part of the thermal net.
    The fields hold SI floats (``parts_J``, ``adiabatic_rise_K``, ...) for the engine."""

    parts_J: Mapping[str, float]
    adiabatic_rise_K: float | None = None
    electric_J: float | None = None
    duties: tuple[Duty, ...] = ()  # the same energy by kind: heating, cooling, electricity (see Duty)
    runaway: Runaway | None = None  # the cooling-failure scenario of an exothermic step (steps/runaway.py)

    parts = measured_map("parts_J", "J")
    adiabatic_rise = measured("adiabatic_rise_K", "K")
    max_temperature = measured("max_temperature_K", "K")
    electric = measured("electric_J", "J")
    net = measured("net_J", "J")

    @property
    def net_J(self) -> float:
        return sum(self.parts_J.values())

    @property
    def max_temperature_K(self) -> float | None:
        """Where the cooling-failure scenario ends [K] (None for a step that is not exothermic)."""
        return None if self.runaway is None else self.runaway.reached


@dataclass(frozen=True)
class RunTime:
    """How long one run of a stage holds its unit, part by part (charge, ramp, hold, cool, discharge,
    cleaning, ...), so that the time per run shown is the unit's full occupancy (issue 13).

    ``stage`` names the part of the step (``polymerization``, ``carbonization``; the step id for a one-stage
    step); ``unit`` is the plant unit the recipe names for it (``unit:``), or None. ``parts`` are in the
    order they happen, time quantities (arrays over a sweep's grid like every number of a step); ``per_run``
    is their sum and ``total`` that of all ``runs``. The field ``parts_s`` holds them in s.
    """

    stage: str
    equipment: str
    runs: int
    parts_s: Mapping[str, float]
    unit: str | None = None

    parts = measured_map("parts_s", "s")
    per_run = measured("per_run_s", "s")
    total = measured("total_s", "s")

    @property
    def per_run_s(self) -> float:
        return summed(self.parts_s.values())

    @property
    def total_s(self) -> float:
        return self.runs * self.per_run_s


@dataclass(frozen=True)
class StepResult:
    """Everything a step computed for one batch. ``T`` (the step's temperature), ``time`` (per batch, the sum
    of its ``run_times``) and the extents of ``reactions`` are quantities, as are heat, gases and figures;
    ``runs`` is a count. The engine's own numbers stay SI floats: the fields ``T_K``, ``time_s`` and
    ``reactions_mol``, and the streams (amounts in mol; ``Stream.mass`` and :func:`synth.quantities` give
    quantities)."""

    id: str
    type: str
    title: str
    T_K: float
    inputs: Mapping[str, Stream]
    outputs: Mapping[str, Stream]
    heat: Heat
    runs: int
    time_s: float
    equipment: str
    materials: Mapping[str, str] = field(default_factory=dict)  # output stream -> material name
    labels: Mapping[str, str] = field(default_factory=dict)  # species name -> the recipe's name for its feed
    reactions_mol: tuple[tuple[str, float], ...] = ()  # (equation, extent mol)
    gases: tuple[Gas, ...] = ()
    warnings: tuple[str, ...] = ()
    figures: Mapping[str, object] = field(default_factory=dict)  # step-specific results (quantities)
    run_times: tuple[RunTime, ...] = ()  # each stage's occupancy of its unit per run; ``time`` is their sum

    T = measured("T_K", "K")
    time = measured("time_s", "s")

    @property
    def reactions(self) -> tuple:
        """(equation, extent) of each reaction, the extent a quantity in mol."""
        return tuple((eq, Q_(x, _MOL)) for eq, x in self.reactions_mol)

    def balance(self) -> dict[str, tuple]:
        """The amount of each element in and out of the step, (in, out) quantities."""
        return as_amounts(self.balance_mol())

    def balance_mol(self) -> dict[str, tuple[float, float]]:
        """:meth:`balance` in mol."""
        return element_balance(self.inputs.values(), self.outputs.values())


def as_amounts(balance: Mapping[str, tuple[float, float]]) -> dict[str, tuple]:
    """An element balance in mol as (in, out) amount quantities."""
    return {e: (Q_(a, _MOL), Q_(b, _MOL)) for e, (a, b) in balance.items()}


def element_balance(ins, outs) -> dict[str, tuple[float, float]]:
    """Element totals (in, out) over lists of streams."""
    a = elements(item for s in ins for item in s.items())  # in the order of the streams
    b = elements(item for s in outs for item in s.items())
    return {e: (a.get(e, 0.0), b.get(e, 0.0)) for e in sorted(set(a) | set(b))}


@dataclass(frozen=True)
class Declared:
    """A reaction the recipe declares, with its conversion of the limiting reactant."""

    equation: Equation
    conversion: float
    limiting: str  # formula text of the limiting reactant
    spec: Spec | None = field(default=None, compare=False, repr=False)  # where the recipe declares it

    def error(self, message: str) -> InputError:
        """An error about this reaction that points at its line in the recipe (when it came from one)."""
        text = f"{self.equation.text}: {message}"
        return self.spec.error("equation", text) if self.spec is not None else InputError(text)


def declared_reactions(spec: Spec) -> list[Declared]:
    """The ``reactions:`` list of a step; each must balance, and name a reactant as ``limiting``."""
    out = []
    for rs in spec.specs("reactions"):
        try:
            eq = parse_equation(rs.text("equation"))
            eq.check_balanced()
        except InputError as exc:
            raise rs.error("equation", str(exc)) from None
        limiting = rs.text("limiting", eq.reactants[0].formula.text)
        if limiting not in {t.formula.text for t in eq.reactants}:
            raise rs.error("limiting", f"{limiting!r} is not a reactant of {eq.text!r}")
        out.append(Declared(eq, rs.fraction("conversion"), limiting, rs))
    return out


def apply(stream: Stream, reactions: list[Declared], T: float, db: SpeciesDB,
          dosed: tuple[str, ...] = ()) -> tuple[Stream, list[tuple[Declared, float]], dict[str, float]]:
    """Run ``reactions`` in order on ``stream`` at ``T``: extent = conversion × limiting / its coefficient.

    Reactants are taken from the stream, except those whose formula is in ``dosed`` (a gas or an acid
    supplied to demand): their consumption is returned as ``demand`` [mol] by species name. A reaction
    that needs more of a reactant than the stream holds is an error.
    """
    current = dict(stream.amounts)
    species = dict(stream.species)
    demand: dict[str, float] = {}
    done = []
    changed = set()  # the amounts a reaction changed, so that may now be zero
    before = residue = None  # the mol before the first complete reaction, and RESIDUE of it (once it is needed)
    for r in reactions:
        limiting = next(t for t in r.equation.reactants if t.formula.text == r.limiting)
        extent = current.get(_resolve(current, species, limiting, db, T).name, 0.0)
        if is_array(r.conversion) or r.conversion != 1.0:  # x * 1 and x / 1 are x: skipped, the same bits
            extent = r.conversion * extent
        if limiting.coefficient != 1:
            extent = extent / limiting.coefficient
        complete = anywhere(r.conversion == 1.0)
        if complete and before is None:
            before = list(current.values())  # arrays are never changed in place: these stay as they are now
        for term, nu in r.equation.terms:
            pd = _resolve(current, species, term, db, T)
            species[pd.name] = pd
            if nu < 0 and term.formula.text in dosed:
                demand[pd.name] = demand.get(pd.name, 0.0) - nu * extent
                continue
            have = current.get(pd.name, 0.0)
            left = have + extent if nu == 1 else have - extent if nu == -1 else have + nu * extent
            changed.add(pd.name)
            if nu > 0:  # a product: the extent is not negative, so this only adds to what is there
                current[pd.name] = left
                continue
            low = left.min() if is_array(left) else left
            if not low >= -1e-9:  # only then can a point be short (the bound is -1e-9 or lower), or NaN is there
                need = -nu * extent
                short = left < -1e-9 * maximum(1.0, need)
                if anywhere(short):
                    raise _shortfall(r, pd.name, short, extent, need, have)
            if complete and low == 0.0 and (not is_array(left) or left.max() == 0.0):
                left = 0.0  # used up exactly (x - x) everywhere: no round-off to clear, no need of the residue
            elif complete:
                if residue is None:
                    residue = RESIDUE * abs(sum(before))
                    most, least = (residue.max(), residue.min()) if is_array(residue) else (residue, residue)
                if not low > most:  # else no point is within round-off of zero
                    left = _no_residue(left, r.conversion, residue, low, least)
            current[pd.name] = left if low >= 0.0 else maximum(left, 0.0)
        done.append((r, extent))
    return Stream._made(current, species, changed), done, demand


RESIDUE = 1e-12  # relative to the stream: what a reaction at conversion 1 leaves below this is round-off


def _no_residue(left, conversion, residue, low, least):
    """``left`` [mol] of a reactant of a complete reaction (conversion 1 at one grid point at least), with its
    round-off residue (where the conversion is 1, at most
    ``residue``: :data:`RESIDUE` of the charge's mol) set to zero: 3e-14 mol of Mg2Si after a complete nitridation
    is float round-off, not Mg2Si to reach the acid as SiH4. The element error is below 1e-12 of the stream.

    ``low`` and ``least`` are the least of ``left`` and of ``residue``. Where the conversion is 1 everywhere and
    every point of a grid is within the least residue (the limiting reactant, used up), that is 0 at every
    point: said as one 0.0, which the stream drops as it drops an array of zeros, for one reduction rather
    than three operations over the grid."""
    if is_array(left) and not is_array(conversion) and -least <= low and left.max() <= least:
        return 0.0
    tiny = abs(left) <= residue
    if is_array(conversion):
        tiny = tiny & (conversion == 1.0)
    if is_array(tiny):
        return np.where(tiny, 0.0, left)
    return 0.0 if tiny else left


def _shortfall(r: Declared, name: str, short, extent, need, present) -> InputError:
    """The error of a reaction that needs more of ``name`` than the stream holds, with the shortfall itself."""
    where, i = failing(short)
    n, p = at(need, i), at(present, i)
    error = r.error(f"not enough {name}{where}: an extent of {at(extent, i):.10g} mol needs {n:.10g} mol but "
                    f"{p:.10g} mol are present: {n - p:.4g} mol short ({(n - p) / n:.3%} of the need)")
    error.grid_point = i  # a sweep names the parameter values of this point
    return error


def _resolve(current, species, term, db: SpeciesDB, T: float):
    """The phase of ``term`` in the stream (a condensed form already present), else as written at T."""
    if term.phase is None:
        for name, pd in species.items():
            if pd.formula == term.formula and _present(current.get(name, 0.0)) and pd.phase in CONDENSED + ("g",):
                return pd
    return db.get(term.text, T)


def _present(n) -> bool:
    """Some of an amount at one grid point at least (a NaN point does not hide the others: fmax passes over
    NaN, and is NaN only where every point is)."""
    return bool(n.size and np.fmax.reduce(n, axis=None) > 0) if is_array(n) else n > 0


def rephase(stream: Stream, T: float, db: SpeciesDB) -> Stream:
    """Condensed species in the phase stable at ``T`` (Mg(cr) charged to a 750 °C furnace is Mg(l))."""
    items = []
    for pd, n in stream.items():
        if pd.phase in ("cr", "l") and pd.has_thermo:
            forms = [f for f in db.forms(pd.formula) if f.phase in ("cr", "l") and f.covers(T)]
            pd = db.stable(forms, T) if forms else pd
        items.append((pd, n))
    return Stream.of(items)


def charge_heat(stream: Stream, T: float, db: SpeciesDB, T_in: float = T_AMBIENT,
                where: Spec | None = None) -> tuple[float, list[str]]:
    """Heat [J] to take ``stream`` from ``T_in`` to ``T``, sensible and latent; warnings for missing data.

    A species whose data do not reach ``T`` is an error, at ``where.T`` in the recipe when it is given."""
    total, warnings = 0.0, []
    for pd, n in stream.items():
        if not pd.has_thermo:
            warnings.append(f"no heat-capacity data for {pd.name}: its sensible heat to {T - 273.15:.0f} °C is "
                            f"not included; {HOW_TO_ADD}")
            continue
        name = pd.formula.text if pd.phase in ("cr", "l") else pd.name  # solids may melt; a gas stays a gas
        try:
            total = total + n * _molar_heat(db, name, T_in, T)
        except DataRangeError as exc:
            if where is None:
                raise
            raise where.error("T", f"the charge cannot be taken to {T:g} K ({T - 273.15:g} °C): {exc}") from None
    return total, warnings


@lru_cache(maxsize=1024)
def _molar_heat(db: SpeciesDB, name: str, T_in: float, T: float) -> float:
    """ΔH [J/mol] of ``name`` from ``T_in`` to ``T`` [K] (memoised: a pure function of the data)."""
    from ..thermo import heat_path

    return heat_path(name, f"{T_in} K", f"{T} K", db=db).dH.to("J/mol").magnitude


def reaction_heat(done: list[tuple[Declared, float]], T: float, db: SpeciesDB) -> tuple[float, list[str]]:
    """Σ extent × ΔH_r(T) [J]; reactions with species lacking thermo data are reported, not guessed.

    A species whose data do not reach ``T`` is an error at the reaction's line in the recipe, as in
    ``synth thermo``: a step above its species' data (alloying at 2000 °C; Mg2Si data end at 1375 K) has no
    reaction heat synth can give, and 0 would be a wrong figure."""
    total, warnings = 0.0, []
    for r, extent in done:
        try:
            missing = [t.text for t, _ in r.equation.terms if not db.get(t.text, T).has_thermo]
        except DataRangeError as exc:  # no phase of a species has data at T
            raise r.error(f"no reaction heat at the step's {T:g} K ({T - 273.15:g} °C): {exc}") from None
        if missing:
            warnings.append(f"reaction heat of {r.equation.text} not included: no thermodynamic data for "
                            f"{', '.join(missing)}")
            continue
        dH, why = _reaction_dH(db, r.equation, T)
        if isinstance(why, DataRangeError):
            raise r.error(f"no reaction heat at the step's {T:g} K ({T - 273.15:g} °C): {why}") from None
        if why is not None:
            warnings.append(f"reaction heat of {r.equation.text} not included: {why}")
            continue
        total = total + extent * dH
    return total, warnings


@lru_cache(maxsize=1024)
def _reaction_dH(db: SpeciesDB, equation: Equation, T: float) -> tuple[float | None, InputError | None]:
    """(ΔH_r [J/mol] of ``equation`` at ``T`` [K], None), or (None, the error that says why it has none);
    memoised, both."""
    try:
        return reaction_thermo(equation, f"{T} K", db=db).dH.to("J/mol").magnitude, None
    except InputError as exc:
        return None, exc


def heat_capacity(stream: Stream, T: float) -> float:
    """Σ n cp [J/K] of the species with data at ``T`` (infinite-dilution partial cp for aqueous species)."""
    return sum(n * pd.cp(T) for pd, n in stream.items() if pd.has_thermo and pd.covers(T))


def adiabatic(reaction_J: float, stream: Stream, T: float) -> tuple[float | None, float | None]:
    """Screening adiabatic rise: ΔT = -Q_r / Σ n cp of what stays in the vessel (Stoessel, Thermal Safety
    of Chemical Processes, 2008, ch. 2). None when the step is not exothermic (NaN at such grid points)."""
    cp = heat_capacity(stream, T)
    if is_array(reaction_J) or is_array(cp):
        rise = np.where((reaction_J < 0) & (cp > 0), -reaction_J / np.where(cp > 0, cp, 1.0), np.nan)
        return rise, T + rise
    if reaction_J >= 0 or cp <= 0:
        return None, None
    rise = -reaction_J / cp
    return rise, T + rise


MAX_RUNS = 1e12  # runs of one unit per batch beyond which the amounts are taken as a mistake (no plant runs more)


def runs_for(load: float, capacity: float) -> int:
    """Number of runs to process ``load`` in units of ``capacity`` (at least one); an error past
    :data:`MAX_RUNS` (an absurd amount would otherwise overflow the times)."""
    n = load / capacity
    if anywhere(~np.isfinite(n) | (n > MAX_RUNS)):
        raise InputError(f"a batch would need {fmt(n, '.3g')} runs of one unit (a load of {fmt(load, '.3g')} in "
                         f"runs of {fmt(capacity, '.3g')}), more than {MAX_RUNS:.0e}: check the recipe's amounts")
    return ceil_count(n)
