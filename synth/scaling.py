"""Scaling a recipe to a basis: any material of the route, input or product, in mass or amount.

Every material stream of the route is linear in the scale (feeds are scaled, and every later amount is a
linear function of them), so the scale factor is basis / (the basis material's amount at the recipe's lab
scale), exactly. The route is not linear as a whole: equipment runs are ceil()s of load over capacity, and
the time per batch, the purge gas charged per furnace run (coating's carbonization: flow × run time) and
the heat to warm that gas follow the runs. So the plan at the factor is a second evaluation of the route,
not the lab plan multiplied; and a purge gas cannot be a basis (its amount jumps with each extra run, so
no factor need give it). The lab plan is evaluated once per recipe object (a campaign that scales one
recipe to many bases pays one route run per basis), and when the factor is exactly 1 the lab plan is the
batch. A factor is found from the streams alone, so where no lab plan is known yet it is found from a run
without the cooling-failure scenarios and the balance checks (:func:`factor_plan`: in a sweep those are a
large part of a chunk's time, and the batch at the factor has its own), and for a basis on a material the
recipe names, a run of that material's step and the steps it takes from alone (not ampsi's recycle, a third
of a chunk's route at the lab scale: a chunk of a sweep or a Monte Carlo finds its factors in it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pint

from .errors import InputError, SynthError
from .recipe import Recipe, as_recipe
from .route import FRESH, Plan, run, run_to
from .species import SpeciesDB, as_db
from .species_files import database_for
from .stream import Stream
from .units import parse, quantity
from .vector import anywhere

PER_RUN = ("purge",)  # input labels charged per equipment run (flow × run time), not in proportion to the batch


@dataclass(frozen=True)
class Basis:
    """What a batch is scaled to: a material name and a mass or amount (``Si=2.8 g``)."""

    name: str
    value: object  # pint quantity of mass or amount

    @classmethod
    def parse(cls, text: str) -> Basis:
        """``MATERIAL=QUANTITY`` text (``Si=2.8 g``, ``AMPSi@C=1 kg``)."""
        name, sep, amount = text.partition("=")
        if not sep or not name.strip() or not amount.strip():
            raise InputError(f"--basis {text!r}: write MATERIAL=QUANTITY, e.g. 'Si=2.8 g' or 'AMPSi@C=1 kg'")
        return cls.of(name.strip(), parse(amount.strip(), f"basis {name.strip()}"), f"--basis {text!r}")

    @classmethod
    def of(cls, name: str, q: pint.Quantity, what: str) -> Basis:
        """A basis of ``q`` (a positive mass or amount) of material ``name``."""
        kind = "amount" if q.check("[substance]") else "mass"
        q = quantity(q, kind, f"basis {name} (a mass or an amount)")
        if not q.magnitude > 0:
            raise InputError(f"{what}: the basis must be a positive amount, not {q:~P}")
        return cls(name, q)


def as_basis(basis: object, recipe: Recipe) -> Basis | None:
    """``basis`` as a :class:`Basis` (None stays None); a bare quantity is a mass or amount of the product."""
    if basis is None or isinstance(basis, Basis):
        return basis
    if isinstance(basis, str):
        return Basis.parse(basis)
    if isinstance(basis, pint.Quantity):
        product = recipe.data.get("product")
        if not isinstance(product, str):
            raise InputError(f"basis: {recipe.name} names no product; write 'MATERIAL=QUANTITY', e.g. 'Si=2.8 g'")
        return Basis.of(product, basis, "basis")
    raise InputError(f"basis: expected 'MATERIAL=QUANTITY' text such as 'Si=2.8 g', a Basis or a mass of the "
                     f"product such as Q_(1, 'kg'), found {type(basis).__name__} {basis!r:.40}")


def locate(plan: Plan, name: str) -> tuple[float, float, str]:
    """(grams, mol or nan, where) of material ``name`` in ``plan``.

    Looked up in order: a material the recipe names (``AMPSi``), a feed named in the recipe (``Si``, ``Mg``),
    a species entering from outside (``N2``, ``HCl``), a species made by a step (``Mg2Si``).
    """
    found = plan.material(name)
    if found:
        step, label = found
        return step.outputs[label].mass_g(), float("nan"), f"{step.id} {label}"
    for spec in plan.recipe.steps():
        for feed_name, feed in spec.items("feeds"):
            if feed_name == name:
                pd = plan.db.get(feed.text("species", feed_name))
                step = plan.step(spec.text("id"))
                n = sum(n for label, st in step.inputs.items() if label in FRESH for q, n in st.items() if q is pd
                        or q.name == pd.name)
                return n * pd.molar_mass.magnitude, n, f"{step.id} feed"
    for step_id, label, stream in plan.fresh_inputs() + [(s.id, lbl, st) for s in plan.steps
                                                           for lbl, st in s.outputs.items()]:
        for pd, n in stream.items():
            if name in (pd.formula.text, pd.name):
                return n * pd.molar_mass.magnitude, n, f"{step_id} {label}"
    known = sorted({m for s in plan.steps for m in s.materials.values()} |
                   {fn for spec in plan.recipe.steps() for fn, _ in spec.items("feeds")})
    raise InputError(f"basis material {name!r} is not in {plan.recipe.name}; use a material ({', '.join(known)}) "
                     "or a formula of the route (Mg2Si, MgCl2, ...)")


def scale(recipe: Recipe | str, basis: Basis | str | pint.Quantity | None = None,
          db: SpeciesDB | None = None) -> tuple[Plan, Basis | None]:
    """The plan of ``recipe`` scaled so that ``basis`` holds; without a basis, the recipe's lab amounts.

    ``recipe`` is a :class:`Recipe`, a bundled name or a path; ``basis`` is ``"MATERIAL=QUANTITY"`` text, a
    :class:`Basis`, or a mass or amount of the recipe's product (``Q_(1, "kg")``)."""
    recipe = as_recipe(recipe)
    db = database_for(recipe) if db is None else as_db(db)
    basis = as_basis(basis, recipe)
    if basis is None:
        return lab_plan(recipe, db), None
    try:
        return _at_basis(recipe, basis, db), basis
    except SynthError:
        # The error a run of every step at the lab scale meets first, where there is one: the factor was found
        # from such a run before run_to, and the first failing step in the file is the one to name.
        _every_step(recipe, db)
        raise


def _at_basis(recipe: Recipe, basis: Basis, db: SpeciesDB) -> Plan:
    """:func:`scale`'s plan at a basis."""
    lab = factor_plan(recipe, db, basis.name)
    grams, mol, where = locate(lab, basis.name)
    _not_per_run(lab, basis.name, where)
    if basis.value.check("[mass]"):
        reference = grams
        wanted = basis.value.to("g").magnitude
    else:
        if anywhere(mol != mol):  # a material mixture has no single molar amount
            raise InputError(f"basis {basis.name!r} is a material of several species: give a mass, e.g. '1 kg'")
        reference, wanted = mol, basis.value.to("mol").magnitude
    if anywhere(reference <= 0):
        raise InputError(f"basis {basis.name!r} is zero at the recipe's lab scale, so it cannot set the batch size")
    factor = wanted / reference
    if np.all(factor == 1.0):  # exactly the lab batch (at every grid point): the same evaluation
        return lab_plan(recipe, db)
    if np.ndim(factor):  # a chunk of a grid, evaluated once: its factor plan's arrays go before the batch's come
        del lab
        for key in [k for k in recipe.memo if k[:1] == ("factor plan",)]:
            del recipe.memo[key]
    return run(recipe, factor, db)


def _not_per_run(plan: Plan, name: str, where: str) -> None:
    """Refuse a basis whose amount, where :func:`locate` found it, includes a charge made per equipment run."""
    step = max((s for s in plan.steps if where.startswith(f"{s.id} ")), key=lambda s: len(s.id))
    for label in PER_RUN:
        if any(name in (pd.formula.text, pd.name) for pd, _ in step.inputs.get(label, Stream()).items()):
            raise InputError(f"basis {name!r}: the {name} of {step.id} is its {label} gas, charged per furnace run "
                             "(flow × run time, a whole number of runs), not in proportion to the batch, so it "
                             "cannot set the batch size; use a material or feed of the route")


def lab_plan(recipe: Recipe, db: SpeciesDB) -> Plan:
    """``recipe`` at its lab amounts (scale 1), evaluated once per recipe object and species data."""
    return _memo(recipe, db, ("lab plan",), lambda: run(recipe, 1.0, db))


def factor_plan(recipe: Recipe, db: SpeciesDB, material: str | None = None) -> Plan:
    """The plan a basis's scale factor is found from (its streams only): the lab plan where it is known, else
    the lab amounts without the cooling-failure scenarios or the balance checks (the plan at the factor has
    both, and its balances are these scaled), once per recipe object. For a basis on a material the recipe
    names (``AMPSi@C``), only its step and the steps it takes material from (:func:`synth.route.run_to`: not
    ampsi's recycle); else every step."""
    known = recipe.memo.get(("lab plan", id(db)))
    if known is not None:
        return known[1]
    target = _named_by(recipe, material)
    if target is not None:
        plan = _memo(recipe, db, ("factor plan", target), lambda: run_to(recipe, target, 1.0, db))
        found = plan.material(material)
        if found is not None and found[0].id == target:
            return plan
        # else the step's type makes no material (an electrolysis), whatever it names: look in every step
    return _every_step(recipe, db)


def _every_step(recipe: Recipe, db: SpeciesDB) -> Plan:
    """The lab amounts, every step, without the cooling-failure scenarios or the balance checks."""
    return _memo(recipe, db, ("factor plan", None), lambda: run(recipe, 1.0, db, False, False))


def _named_by(recipe: Recipe, material: str | None) -> str | None:
    """The id of the first step whose recipe entry names ``material`` (``material: AMPSi@C``), if any: the step
    :meth:`synth.route.Plan.material` finds it at, materials being named there alone."""
    if material is None:
        return None
    for spec in recipe.steps():
        if spec.data.get("material") == material:
            return spec.text("id")
    return None


def _memo(recipe: Recipe, db: SpeciesDB, name: tuple, make: Callable[[], Plan]) -> Plan:
    """``make()``, evaluated once per recipe object, species data and ``name`` (``("lab plan",)``, or
    ``("factor plan", step)`` for the factor plans a grid's chunk drops: their keys start so)."""
    key = (*name, id(db))
    hit = recipe.memo.get(key)
    if hit is None:
        hit = recipe.memo[key] = (db, make())  # db is kept: its id stays unique
    return hit[1]
