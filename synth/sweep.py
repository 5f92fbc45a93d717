"""Parameter sweeps: a route over a grid of recipe values, every grid point evaluated at once.

A sweepable parameter is a quantity of the recipe (``{q: ..., ref/assumption: ...}``) addressed as
``STEP.FIELD.PATH``, e.g. ``leaching.acid.excess`` or ``nitridation.reactions[0].conversion``. The sweep
puts a numpy array of its values where the recipe has one number (:meth:`Recipe.with_values`) and runs
the ordinary route engine once per chunk of the grid: the step code is array-safe (:mod:`synth.vector`),
so a sweep point is computed by exactly the code that computes a batch.

Temperatures are not sweepable: species data and reaction enthalpies are evaluated (and cached) at each
temperature, so a temperature study is a loop over ``synth scale``. Counts (electrons, cells) are whole
numbers and are not swept either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .energy import route_energy
from .errors import InputError
from .recipe import Recipe
from .route import Plan
from .scaling import Basis, as_basis, scale
from .species import SpeciesDB, as_db
from .species_files import database_for
from .units import Q_, parse, quantity, ureg
from .validate import SCHEMAS, check_schema, dimension, rule_for
from .vector import anywhere, failing

#: Working memory one chunk of the grid may take at its peak [bytes]; chunks are sized from it (below).
MEMORY_BUDGET = 64 * 2**20
#: Points of the first chunk, which also measures the route's bytes per point (tracemalloc's peak); a grid
#: this small is one chunk. Later chunks take MEMORY_BUDGET / bytes per point (about 160,000 for ampsi).
CHUNK = 4096
MAX_POINTS = 5_000_000  # a grid larger than this is a typo, not a study
FIXED = {"temperature": "temperature", "+dimensionless": "count"}  # schema kind -> why a value stays fixed
WHY_FIXED = {"temperature": "species data and reaction heats are evaluated per temperature; run `synth scale` "
                            "for each temperature instead",
             "count": "it is a whole number"}


@dataclass(frozen=True)
class Parameter:
    """A value of the recipe that a sweep can vary."""

    name: str  # STEP.FIELD.PATH, as the user writes it
    path: str  # the field path inside the recipe (recipe.steps[2].acid.excess)
    kind: str  # its schema kind: fraction, excess, +mass, ...
    value: object  # the recipe's value (a quantity)
    source: str  # its ref, or "assumption"
    fixed: str | None = None  # "temperature" or "count" where it cannot be varied (see WHY_FIXED)
    spread: Mapping[str, object] | None = None  # an uncertain value's range, dist and sd, as the recipe writes them


#: START..STOP:N of ``--vary``: the dots between START and STOP are exactly two (no dot touches them).
_RANGE = re.compile(r"\s*(.+?)\s*(?<!\.)\.\.(?!\.)\s*(.+?)\s*:\s*([0-9]+)\s*", re.ASCII)


@dataclass(frozen=True)
class Range:
    """The values one parameter takes: START..STOP in N evenly spaced points."""

    parameter: Parameter
    values: object  # a 1-D quantity array

    @classmethod
    def parse(cls, text: str, recipe: Recipe) -> Range:
        """``PARAM=START..STOP:N`` (``leaching.acid.excess=0..50 %:11``); a bare START takes STOP's unit.

        One point is ``PARAM=VALUE`` (``recycling.cell.voltage=4 V``) or ``PARAM=VALUE..VALUE:1``. The range
        is exactly two dots and N is ASCII digits: ``0...50 %`` is refused, not read as 0 to .50 %."""
        name, sep, spec = text.partition("=")
        m = _RANGE.fullmatch(spec)
        one = bool(sep and spec.strip()) and ".." not in spec and ":" not in spec  # PARAM=VALUE
        if not sep or not (m or one):
            raise InputError(f"--vary {text!r}: write PARAM=START..STOP:N, e.g. 'leaching.acid.excess=0..50 %:11', "
                             "or PARAM=VALUE for one point")
        first, last, count = (spec.strip(), spec.strip(), "1") if one else m.groups()
        p = parameter(recipe, name.strip())
        if ".." in last:
            raise InputError(f"--vary {text!r}: one START..STOP per parameter, e.g. 'leaching.acid.excess=0..50 %:11'")
        n = int(count)
        if not 1 <= n <= MAX_POINTS:
            raise InputError(f"--vary {text!r}: N must be 1 to {MAX_POINTS:,} points, not {n}")
        start, stop = _ends(first, last, p, text)
        if n == 1 and start != stop:
            raise InputError(f"--vary {text!r}: one point (N = 1) takes one value: write PARAM=VALUE")
        lo, hi = (quantity(q, dimension(p.kind, p.value), f"--vary {p.name}") for q in (start, stop))
        unit = p.value.units if p.value.dimensionless else hi.units
        return cls(p, Q_(np.linspace(lo.to(unit).magnitude, hi.to(unit).magnitude, n), unit))


def _ends(start_text: str, stop_text: str, p: Parameter, whole: str) -> tuple:
    """START and STOP as quantities: a bare number takes the other end's unit, or else the parameter's."""
    start, stop = (parse(t, f"--vary {whole!r}") for t in (start_text, stop_text))
    percent_like = p.value.dimensionless and not _bare(p.value)  # shown as "20 %": a bare 50 would be 5000 %
    if _bare(start) and _bare(stop) and percent_like and max(abs(start.magnitude), abs(stop.magnitude)) > 1:
        raise InputError(f"--vary {whole!r}: {p.name} is {p.value:~P}; give the unit ('0..50 %') or a fraction "
                         "('0..0.5'): bare numbers above 1 would mean more than 100 %")
    if _bare(start) and _bare(stop) and not p.value.dimensionless:
        return Q_(start.magnitude, p.value.units), Q_(stop.magnitude, p.value.units)
    if _bare(start):
        start = Q_(start.magnitude, stop.units)
    if _bare(stop):
        stop = Q_(stop.magnitude, start.units)
    return start, stop


def _bare(q) -> bool:
    """A number written without a unit (``0.5``, not ``50 %``)."""
    return q.units == ureg.dimensionless


def parameters(recipe: Recipe) -> list[Parameter]:
    """Every quantity of the recipe's steps, with why it is fixed where it cannot be varied."""
    check_schema(recipe)  # a step type or quantity the schema refuses has no parameters to list
    found: list[Parameter] = []
    for i, spec in enumerate(recipe.steps()):
        schema = SCHEMAS.get(spec.data.get("type"), {})
        _collect(schema, spec.data, spec.data.get("id", f"step{i}"), f"recipe.steps[{i}]", found)
    return found


def _collect(schema, data, name: str, path: str, found: list) -> None:
    """Walk ``data`` beside its ``schema`` and record each ``{q: ...}`` entry with its kind."""
    if isinstance(schema, list) and isinstance(data, list):
        for i, item in enumerate(data):
            _collect(schema[0], item, f"{name}[{i}]", f"{path}[{i}]", found)
    elif isinstance(schema, dict) and isinstance(data, dict):
        for key, value in data.items():
            rule = rule_for(schema, key)
            if rule is not None:
                _collect(rule, value, f"{name}.{key}", f"{path}.{key}", found)
    elif isinstance(schema, str) and isinstance(data, dict) and "q" in data and schema != "any":
        value = quantity(str(data["q"]), dimension(schema, str(data["q"])), name)
        source = data.get("ref") or "assumption"
        spread = {k: data[k] for k in ("range", "dist", "sd") if k in data} or None
        found.append(Parameter(name, path, schema, value, str(source), FIXED.get(schema), spread))


def parameter(recipe: Recipe, name: str) -> Parameter:
    """The parameter called ``name``; a clear error (with the nearest names) if there is none or it is fixed."""
    known = {p.name: p for p in parameters(recipe)}
    if name not in known:
        import difflib

        near = difflib.get_close_matches(name, [n for n, p in known.items() if not p.fixed], n=3)
        hint = f"did you mean {' or '.join(near)}? " if near else ""
        raise InputError(f"--vary: {name!r} is not a quantity of {recipe.name}; {hint}"
                         f"`synth sweep {recipe.name} --list` shows what can be varied")
    p = known[name]
    if p.fixed:
        raise InputError(f"--vary: {name} is a {p.fixed} and cannot be varied in a sweep: {WHY_FIXED[p.fixed]}")
    return p


def grid(ranges: list[Range]) -> dict[str, object]:
    """The full factorial grid: parameter name -> quantity array, one value per point (first varies slowest)."""
    names = [r.parameter.name for r in ranges]
    if len(set(names)) != len(names):
        raise InputError(f"--vary: a parameter is given twice ({', '.join(names)})")
    size = int(np.prod([len(r.values) for r in ranges]))
    if size > MAX_POINTS:
        raise InputError(f"the grid has {size:,} points; at most {MAX_POINTS:,} (use fewer points per --vary)")
    mesh = np.meshgrid(*[r.values.magnitude for r in ranges], indexing="ij")
    return {r.parameter.name: Q_(m.ravel(), r.values.units) for r, m in zip(ranges, mesh, strict=True)}


@dataclass(frozen=True)
class Output:
    """A figure of merit of a route, per kg of product."""

    name: str
    unit: str
    meaning: str


def outputs(plan: Plan, book=None) -> dict[str, tuple[Output, object]]:
    """The sweep's outputs for ``plan``: make-up of every recycled species, energy, adiabatic rises, time per
    batch, and with a price book (:func:`synth.cost.load_prices`) cost, PMI and water per kg.

    Per kg of the recipe's product; magnitudes are arrays over the grid (floats for one batch)."""
    step, label = plan.product()
    product_kg = step.outputs[label].mass_g() / 1000.0
    bad = np.less_equal(product_kg, 0.0)
    if anywhere(bad):
        where, i = failing(bad)
        error = InputError(f"no {plan.recipe.data.get('product')} is made{where}, so nothing is per kg of it")
        error.grid_point = i
        raise error
    out: dict[str, tuple[Output, object]] = {}
    for r in plan.recycles():
        grams = plan.db.get(r.species).molar_mass.to("g/mol").magnitude
        out[f"fresh {r.species}"] = (Output(f"fresh {r.species}", "g/kg", f"{r.species} make-up at steady state, "
                                            f"after {r.source} returns it to {r.target}"),
                                     r.make_up.m_as("mol") * grams / product_kg)
    energy = route_energy(plan)
    out["electric energy"] = (Output("electric energy", "kWh/kg", "electricity of the route: cells and electric "
                                     "furnaces (synth.energy)"), energy.electricity.m_as("J") / 3.6e6 / product_kg)
    out["thermal energy"] = (Output("thermal energy", "kWh/kg", "heat to supply by fuel or steam, every heating "
                                    "duty of every step, never netted (synth.energy)"),
                             energy.heating.m_as("J") / 3.6e6 / product_kg)
    out["cooling"] = (Output("cooling", "kWh/kg", "heat to remove, every cooling duty (synth.energy)"),
                      energy.cooling.m_as("J") / 3.6e6 / product_kg)
    out["primary energy"] = (Output("primary energy", "kWh/kg", "heating at the recipe's efficiencies plus "
                                    "electricity (synth.energy)"), energy.primary.m_as("J") / 3.6e6 / product_kg)
    out.update(product_outputs(plan))
    out["time per batch"] = (Output("time per batch", "h", "the steps' times in series"),
                             sum(s.time_s for s in plan.steps) / 3600.0)
    if book is not None:
        from .cost.metrics import sweep_figures

        for name, (unit, meaning, value) in sweep_figures(plan, book).items():
            out[name] = (Output(name, unit, meaning), value)
    for s in plan.steps:
        if s.heat.adiabatic_rise_K is not None:
            out[f"adiabatic rise {s.id}"] = (Output(f"adiabatic rise {s.id}", "K", f"screening adiabatic rise of "
                                                    f"{s.id} at constant cp (NaN: not exothermic)"),
                                             s.heat.adiabatic_rise_K)
        if s.heat.runaway is not None:
            out[f"max temperature {s.id}"] = (Output(f"max temperature {s.id}", "K", f"temperature {s.id} reaches "
                                                     "if cooling failed: enthalpy balance through melting, boiling "
                                                     "and decomposition (NaN: not exothermic)"), s.heat.runaway.reached)
            out[f"criticality class {s.id}"] = (Output(f"criticality class {s.id}", "", f"Stoessel class of {s.id} "
                                                       "(1-5; 0: not exothermic)"), s.heat.runaway.criticality)
    return out


#: Product figures a sweep reports per named material: figure key (at the recipe's stated shrinkage, else at
#: none), label and unit (synth/product.py computes them; a change of shrinkage or carbon content moves them).
PRODUCT_OUTPUTS = (("porosity", "porosity", "%"), ("dV", "ΔV", "%"),
                   ("capacity_volume_limited", "volume-limited capacity", "mAh/g"),
                   ("capacity_theoretical", "theoretical capacity", "mAh/g"))


def product_outputs(plan: Plan) -> dict[str, tuple[Output, object]]:
    """The product figures of every named material, as sweep outputs."""
    from .product import products

    out = {}
    for p in products(plan):
        for key, label, unit in PRODUCT_OUTPUTS:
            f = p.figure(key) or p.figure(f"{key}_theoretical")
            if f is not None:
                name = f"{label} {p.material}"
                out[name] = (Output(name, unit, f"{f.label} of {p.material} ({f.basis}): {f.how}"),
                             f.value.to(unit).magnitude)
    return out


@dataclass(frozen=True)
class SweepResult:
    """Outputs over a grid: ``inputs`` and ``outputs`` map names to quantity arrays of equal length."""

    recipe: Recipe
    basis: Basis | None
    inputs: Mapping[str, object]
    outputs: Mapping[str, object]
    meanings: Mapping[str, str]
    points: int
    shape: tuple[int, ...]  # points per varied parameter, first varying slowest
    #: each output's unit as declared (``kg/kg`` for PMI): a ratio of like units, which its quantity holds as
    #: a pure number, still says what it is a ratio of
    units: Mapping[str, str] = field(default_factory=dict)

    def unit(self, name: str) -> str:
        """The unit of the column ``name`` as a view writes it: an output's as declared (``kg/kg``, as
        ``synth uncertainty`` writes it), a parameter's as its quantity has it; "" for a pure number."""
        if name in self.units:
            return self.units[name]
        q = self.inputs[name] if name in self.inputs else self.outputs[name]
        return f"{q.units:~P}"

    def to_frame(self):
        """One row per grid point as a pandas DataFrame, units in the column names (needs synth[frames])."""
        from .frames import sweep_frame

        return sweep_frame(self)

    def _repr_html_(self) -> str:
        from .render.notebook import sweep_html

        return sweep_html(self)


def sweep(recipe: Recipe, ranges: list[Range], basis: Basis | str | None = None, db: SpeciesDB | None = None,
          progress: Callable[[int, int], None] | None = None, memory_budget: int = MEMORY_BUDGET,
          book=None) -> SweepResult:
    """Evaluate ``recipe`` over the grid of ``ranges``, chunk by chunk (:func:`evaluate`).

    The first chunk has :data:`CHUNK` points and measures the bytes per point; the others are sized so that
    each takes about ``memory_budget`` bytes. ``progress(done, total)`` is called after each chunk.
    Outputs are per kg of the product; with a price ``book`` they include cost, PMI and water."""
    db = database_for(recipe) if db is None else as_db(db)
    basis = as_basis(basis, recipe)
    values = grid(ranges)
    total = len(next(iter(values.values())))
    paths = {r.parameter.name: r.parameter.path for r in ranges}
    columns: dict[str, np.ndarray] = {}  # an output absent from a chunk (nothing returned there) stays NaN
    meanings: dict[str, tuple[str, str]] = {}
    start, size = 0, CHUNK
    while start < total:
        stop = min(start + size, total)
        part = {paths[n]: q[start:stop] for n, q in values.items()}
        try:
            if start == 0 and stop < total:
                found, peak = _measured(lambda: evaluate(recipe, part, basis, db, book))  # noqa: B023 - called here
                size = chunk_points(peak / stop, memory_budget)
            else:
                found = evaluate(recipe, part, basis, db, book)
        except InputError as exc:
            raise _at_point(exc, values, start) from None
        for name, (o, value) in found.items():
            column(columns, name, total)[start:stop] = np.broadcast_to(np.asarray(value, dtype=float), (stop - start,))
            meanings[name] = (o.unit, o.meaning)
        if progress:
            progress(stop, total)
        start = stop
    result = {name: Q_(column, meanings[name][0]) for name, column in columns.items()}
    shape = tuple(len(r.values) for r in ranges)
    return SweepResult(recipe, basis, values, result, {n: m for n, (_, m) in meanings.items()}, total, shape,
                       {n: unit for n, (unit, _) in meanings.items()})


def evaluate(recipe: Recipe, values: Mapping[str, object], basis: Basis | None = None,
             db: SpeciesDB | None = None, book=None) -> dict[str, tuple[Output, object]]:
    """The outputs of ``recipe`` with the quantities at the field paths of ``values`` replaced by arrays of
    equal length (one chunk of a grid, or of Monte Carlo samples): a pure function of its arguments, so a
    sweep, a Monte Carlo or a distributed backend can call it on any slice, in any order, anywhere.
    NaN marks a point where an output has no value (0/0); an error names the first failing point. With a
    price ``book`` (:func:`synth.cost.load_prices`) the outputs include cost, PMI and water."""
    variant = recipe.with_values(values)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 at a grid point is NaN, said by the outputs
            plan, _ = scale(variant, basis, db)
            return outputs(plan, book)
    finally:
        variant.memo.clear()  # its lab plan refers back to it: free the chunk's arrays now, not at a later GC


def column(columns: dict[str, np.ndarray], name: str, total: int) -> np.ndarray:
    """The result column ``name`` of ``total`` points, made on first use (NaN: no chunk has given a value yet).

    Not ``columns.setdefault(name, np.full(...))``: that fills a new array of ``total`` points for every
    chunk and output, and for a million points that was the largest cost of a sweep."""
    found = columns.get(name)
    if found is None:
        found = columns[name] = np.full(total, np.nan)
    return found


def chunk_points(bytes_per_point: float, memory_budget: int = MEMORY_BUDGET) -> int:
    """Points per chunk so that a chunk takes about ``memory_budget`` bytes (never fewer than :data:`CHUNK`)."""
    return max(CHUNK, int(memory_budget // max(bytes_per_point, 1.0)))


def _measured(work: Callable[[], object]) -> tuple[object, int]:
    """``work()`` and the peak of memory it allocated [bytes] (tracemalloc; left running if it was)."""
    import tracemalloc

    running = tracemalloc.is_tracing()
    if running:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
    else:
        tracemalloc.start()
        base = 0
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1] - base
    finally:
        if not running:
            tracemalloc.stop()


def _at_point(exc: InputError, values: Mapping[str, object], offset: int) -> InputError:
    """``exc`` with the parameter values of the grid point it names, if it names one."""
    i = getattr(exc, "grid_point", None)
    if i is None:
        return exc
    where = ", ".join(f"{name} = {q[offset + i]:~P}" for name, q in values.items())
    return InputError(f"{exc}; the first is {where}")


def point(recipe: Recipe, values: Mapping[str, object], basis: Basis | str | None = None,
          db: SpeciesDB | None = None, book=None) -> dict[str, object]:
    """The outputs at one point (parameter name -> scalar quantity): the scalar path a sweep must equal."""
    known = {p.name: p for p in parameters(recipe)}
    plan, _ = scale(recipe.with_values({known[n].path: q for n, q in values.items()}), basis, db)
    return {name: Q_(value, o.unit) for name, (o, value) in outputs(plan, book).items()}
