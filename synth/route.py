"""The route engine: run a recipe's steps in order for one batch and close its balances.

:func:`run` evaluates every step at a given scale (1 = the recipe's own lab amounts) and returns a
:class:`Plan`: the step results, which outputs later steps consumed, the whole-route element balance,
the recycle loop at steady state, and what the result was computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np

from .errors import CheckFailed, InputError, SynthError
from .recipe import Recipe, as_recipe
from .species import SpeciesDB, as_db
from .species_files import database_for
from .steps import STEP_TYPES
from .steps.base import Context, StepResult, as_amounts, element_balance
from .stream import Stream
from .units import Q_
from .validate import check_schema
from .vector import anywhere, fmt, is_array, maximum

T = TypeVar("T")

BALANCE_TOLERANCE = 1e-9  # relative closure required of every element, per step and for the route
#: Steps up to the target beyond which :func:`run_to` evaluates them all, in order: a step evaluated on demand
#: evaluates the one it takes from about six Python frames deeper, and Python stops at 1,000 frames.
LAZY_STEPS = 100
#: input labels that come from outside the route
FRESH = ("feed", "gas", "acid", "wash", "fuel", "air", "purge", "solvent", "dosed")


@dataclass(frozen=True)
class Recycle:
    """One returned stream at steady state: what a step needs, what comes back, the fresh make-up.

    Amounts are quantities (mol per batch; arrays over a sweep's grid)."""

    species: str
    source: str
    target: str
    needed: object
    returned: object

    @property
    def make_up(self):
        """The fresh amount the target step still needs once the returned stream is in."""
        return Q_(maximum(self.needed.m_as("mol") - self.returned.m_as("mol"), 0.0), "mol")

    @property
    def surplus(self):
        """What comes back beyond the target step's need."""
        return Q_(maximum(self.returned.m_as("mol") - self.needed.m_as("mol"), 0.0), "mol")


@dataclass(frozen=True)
class Plan:
    """A recipe evaluated for one batch at ``scale`` times its lab amounts."""

    recipe: Recipe
    scale: float
    steps: tuple[StepResult, ...]
    consumed: frozenset  # (step id, stream label) taken by a later step
    sources: Mapping[str, tuple[str, str]]  # step id -> (step, stream) its carried input came from
    db: SpeciesDB
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per plan (a plan does not change): the sweep's outputs, the cost and the
        green metrics each read the route's energy and fresh inputs, which were computed three times."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def step(self, step_id: str) -> StepResult:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise InputError(f"no step {step_id!r} in {self.recipe.name} (steps: {', '.join(s.id for s in self.steps)})")

    def fresh_inputs(self) -> list[tuple[str, str, Stream]]:
        """(step, label, stream) of everything brought in from outside the route."""
        return [(s.id, label, st) for s in self.steps for label, st in s.inputs.items() if label in FRESH and st]

    def final_outputs(self) -> list[tuple[str, str, Stream]]:
        """(step, label, stream) of outputs no later step consumed: product, by-products, wastes, gases."""
        return [(s.id, label, st) for s in self.steps for label, st in s.outputs.items()
                if (s.id, label) not in self.consumed and st]

    def element_balance(self) -> dict[str, tuple]:
        """The amount of each element entering and leaving the whole route, (in, out) quantities."""
        return as_amounts(self.element_balance_mol())

    def element_balance_mol(self) -> dict[str, tuple[float, float]]:
        """:meth:`element_balance` in mol."""
        return element_balance([st for _, _, st in self.fresh_inputs()], [st for _, _, st in self.final_outputs()])

    def material(self, name: str) -> tuple[StepResult, str] | None:
        """The step and output label of a named material (``AMPSi``), if the recipe names one."""
        for s in self.steps:
            for label, material in s.materials.items():
                if material == name:
                    return s, label
        return None

    def product(self) -> tuple[StepResult, str]:
        """The step and output label of the recipe's ``product`` material."""
        name = self.recipe.data.get("product")
        found = self.material(name) if isinstance(name, str) else None
        if found is None:
            materials = sorted({m for s in self.steps for m in s.materials.values()})
            raise self.recipe.spec.error("product", f"product {name!r} is not the material of any step; "
                                                    f"expected one of {', '.join(materials) or '(none named)'}")
        return found

    def to_frame(self):
        """The stream table as a pandas DataFrame: one row per step, stream and species (needs synth[frames])."""
        from .frames import plan_frame

        return plan_frame(self)

    def totals_frame(self):
        """The totals of the batch as a pandas DataFrame: quantity, value, unit (needs synth[frames])."""
        from .frames import totals_frame

        return totals_frame(self)

    def _repr_html_(self) -> str:
        from .render.notebook import plan_html

        return plan_html(self)

    def recycles(self) -> list[Recycle]:
        """Each returned stream against the fresh feed of the same species at its target step."""
        return list(self.once("recycles", self._recycles))

    def _recycles(self) -> list[Recycle]:
        out = []
        for spec in self.recipe.steps():
            s = self.step(spec.text("id"))
            returns = spec.sub("returns") if spec.has("returns") else None
            for label, target in ({} if returns is None else {k: returns.text(k) for k in returns.data}).items():
                if label not in s.outputs:
                    raise returns.error(label, f"step {s.id!r} has no output {label!r} ({', '.join(s.outputs)})")
                if target not in (t.id for t in self.steps):
                    raise returns.error(label, f"no step {target!r} to return {label!r} to "
                                               f"(steps: {', '.join(t.id for t in self.steps)})")
                returned = s.outputs.get(label, Stream())
                needed_step = self.step(target)
                for pd, n in returned.items():
                    need = sum(m for st_label, st in needed_step.inputs.items() if st_label in FRESH
                               for q, m in st.items() if q.formula == pd.formula)
                    out.append(Recycle(pd.formula.text, s.id, target, Q_(need, "mol"), Q_(n, "mol")))
        return out


def run(recipe: Recipe, scale: float = 1.0, db: SpeciesDB | None = None, scenarios: bool = True,
        checked: bool = True) -> Plan:
    """Evaluate every step of ``recipe`` (a Recipe, bundled name or path) for a batch of ``scale`` × its lab
    amounts; check the balances. ``scenarios=False`` leaves out the cooling-failure scenarios of exothermic
    steps (``heat.runaway`` None), for a plan that only its streams are read from (:func:`synth.scaling.scale`
    finds a basis's scale factor from one); every other number is the same. ``checked=False`` leaves out
    the element balances, for such a plan whose streams, scaled, are checked in the plan at the factor (an
    element balance is linear in the scale)."""
    recipe, db = _prepared(recipe, scale, db)
    results: dict[str, StepResult] = {}
    consumed, sources = set(), {}
    previous = None
    for spec in recipe.steps():
        step_id, kind = _identified(spec, results)
        ctx = Context(db, scale, dict(results), previous, scenarios=scenarios)
        result = _evaluated(spec, kind, ctx)
        if checked:
            _check(result.id, result.balance_mol())
        _taken(ctx, step_id, consumed, sources)
        results[step_id] = result
        previous = step_id
    plan = Plan(recipe, scale, tuple(results.values()), frozenset(consumed), sources, db)
    plan.product()
    if checked:
        _check("route", plan.element_balance_mol())
    return plan


def run_to(recipe: Recipe, target: str, scale: float = 1.0, db: SpeciesDB | None = None) -> Plan:
    """The plan of step ``target`` and of only the earlier steps it takes material from, directly or through
    others, at ``scale``: each evaluated as :func:`run` evaluates it, without the cooling-failure scenarios
    and the balance checks (a plan only its streams are read from, as ``run(..., scenarios=False,
    checked=False)``: :func:`synth.scaling.factor_plan`).

    A step sees the steps before it only through the streams it takes from them (``Context.stream``), so a
    step evaluated on demand, when a later step first takes from it, computes what it computes in order.
    The steps no one takes from on the way to ``target`` are left out: ampsi's recycle (the leach liquor to
    magnesium) is a third of a chunk's route when its product sets the basis. A target after more than
    :data:`LAZY_STEPS` steps has them all evaluated, in order."""
    recipe, db = _prepared(recipe, scale, db)
    kinds: dict[str, tuple] = {}
    for spec in recipe.steps():
        step_id, kind = _identified(spec, kinds)
        kinds[step_id] = (spec, kind)
        if step_id == target:
            break
    else:
        raise InputError(f"no step {target!r} in {recipe.name} (steps: {', '.join(kinds)})")
    order = tuple(kinds)
    done: dict[str, StepResult] = {}
    consumed, sources = set(), {}

    def result(step_id: str) -> StepResult:
        if step_id not in done:
            i = order.index(step_id)
            spec, kind = kinds[step_id]
            ctx = Context(db, scale, _Earlier(order[:i], result), order[i - 1] if i else None, scenarios=False)
            done[step_id] = _evaluated(spec, kind, ctx)
            _taken(ctx, step_id, consumed, sources)
        return done[step_id]

    for step_id in order if len(order) > LAZY_STEPS else (target,):
        result(step_id)
    return Plan(recipe, scale, tuple(done[s] for s in order if s in done), frozenset(consumed), sources, db)


class _Earlier(Mapping):
    """The results of the steps before one step (``ids``, in order), each evaluated by ``result`` when first
    read: :func:`run_to`'s ``Context.results``."""

    def __init__(self, ids: tuple[str, ...], result: Callable[[str], StepResult]) -> None:
        self._ids, self._result = ids, result

    def __getitem__(self, step_id: str) -> StepResult:
        if step_id not in self._ids:
            raise KeyError(step_id)
        return self._result(step_id)

    def __contains__(self, step_id: object) -> bool:
        return step_id in self._ids

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _prepared(recipe, scale, db) -> tuple[Recipe, SpeciesDB]:
    """The recipe, checked against its schema, and its species data, for a batch of ``scale`` × lab."""
    recipe = as_recipe(recipe)
    if not np.all((scale >= 1e-12) & (scale <= 1e12)):
        raise InputError(f"scale factor {fmt(scale)} is not a positive, finite batch size (1e-12 to 1e12 × lab)")
    check_schema(recipe)
    return recipe, database_for(recipe) if db is None else as_db(db)


def _identified(spec, earlier: Mapping) -> tuple[str, str]:
    """(id, type) of a step, neither used twice nor unknown (the schema says so first; these guard the engine)."""
    step_id = spec.text("id")
    if step_id in earlier:
        raise spec.error("id", f"step id {step_id!r} is used twice")
    kind = spec.text("type")
    if kind not in STEP_TYPES:
        raise spec.error("type", f"unknown step type {kind!r}; known: {', '.join(sorted(STEP_TYPES))}")
    return step_id, kind


def _evaluated(spec, kind: str, ctx: Context) -> StepResult:
    """One step's result, an error in it placed in the file."""
    try:
        return _warn_liquid_materials(STEP_TYPES[kind](spec, ctx))
    except SynthError as exc:
        _locate(exc, spec)
        raise


def _taken(ctx: Context, step_id: str, consumed: set, sources: dict) -> None:
    """Record the streams a step took (``ctx.consumed``) in the plan's ``consumed`` and ``sources``."""
    consumed.update(ctx.consumed)
    if ctx.consumed:
        sources[step_id] = ctx.consumed[0]


def _locate(exc: SynthError, spec) -> None:
    """Give an error raised inside a step the step's place in the file, if it has none (validate's rule:
    every error about a recipe says file:line:column)."""
    if not str(exc).startswith(f"{spec.recipe.source}:"):
        exc.args = (str(spec.error(None, str(exc))),)


def _warn_liquid_materials(result: StepResult) -> StepResult:
    """The step with a warning for each named solid material that holds a liquid or a solution (issue 10, bug
    3): a product basis on a wet solid weighs its liquid too. A material that is all liquid (the solution a
    ``dissolve`` step makes) is what it says."""
    notes = []
    for label, material in result.materials.items():
        phases = {pd.phase for pd, _ in result.outputs.get(label, Stream()).items()}
        wet = [pd.name for pd, _ in result.outputs.get(label, Stream()).items() if pd.phase in ("l", "aq")]
        if wet and phases & {"cr", "am"}:
            notes.append(f"material {material} ({result.id}.{label}) contains liquid {', '.join(wet)}: "
                         "its mass includes that liquid")
    return replace(result, warnings=result.warnings + tuple(notes)) if notes else result


def _check(where: str, balance: Mapping[str, tuple[float, float]]) -> None:
    for element, (a, b) in balance.items():
        if _closes_everywhere(a, b):
            continue
        gap = abs(a - b) - BALANCE_TOLERANCE * maximum(maximum(abs(a), abs(b)), 1e-30)
        if anywhere(gap > 0):
            raise CheckFailed(f"{where}: element balance of {element} does not close: in {fmt(a, '.12g')} mol, "
                              f"out {fmt(b, '.12g')} mol")


def _closes_everywhere(a, b) -> bool:
    """A sufficient test that a grid's balance closes at every point, in one pass and three reductions.

    The largest gap |a - b| of the grid is compared with the tolerance of the smallest |a|; if it is within
    it, every point is (|a_i - b_i| <= max gap <= tol × min |a| <= tol × max(|a_i|, |b_i|), and rounding
    of a product is monotone), so this never passes a point the full test would fail. Otherwise (or for
    one batch, or NaN) the full per-point test decides."""
    if not is_array(a) or not is_array(b) or a.shape != b.shape or not a.size:
        return False
    gap = np.subtract(a, b)
    np.abs(gap, out=gap)
    lo = a.min()
    if lo >= 0:  # amounts: the largest is seldom needed
        smallest = lo
    else:
        hi = a.max()
        smallest = -hi if hi <= 0 else 0.0
    return bool(gap.max() <= BALANCE_TOLERANCE * max(smallest, 1e-30))
