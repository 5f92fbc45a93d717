"""The schema of a recipe: check it completely before any calculation, and report every problem at once.

The schema of each step type says which fields exist, which are required, and what each holds. Every
problem is reported as ``file:line:column: field.path: what is wrong; what is expected``. The route engine
checks the schema before it runs (:func:`check_schema`); :func:`synth.audit.validate` adds a dry run of the
route, which sits above the engine, so this module never imports it.
"""

from __future__ import annotations

import difflib
import math
from functools import lru_cache

from .errors import RecipeError, SynthError
from .reaction import parse_equation
from .recipe import Recipe, Spec, found_as
from .units import parse, quantity

QUANTITY = {"q": "any", "?ref": "text", "?assumption": "text", "?of": "text", "?where": "text",  # where: page, figure
            "?range": "any", "?dist": "text", "?sd": "any"}  # the spread of an uncertain value: synth.spread
NOTE = {"text": "text", "?ref": "text", "?assumption": "text"}
REACTIONS = [{"equation": "equation", "?limiting": "text", "conversion": "fraction"}]
FROM = {"step": "text", "?stream": "text"}
HANDLING = {"?charge": "+time", "?discharge": "+time", "?cleaning": "+time"}  # per run, besides the process time
CONDITIONS = {"T": "temperature", "hold": "+time", "?ramp": "+heating rate", "?cool": "+time", "?P": "+pressure",
              "?atmosphere": NOTE, "?stirring": NOTE, **HANDLING}
#: Stoessel's TD24 of the charge, measured by DSC or ARC: in the conditions of every step type whose cooling
#: failure is classed (synth/steps/runaway.py), and of no other, where it would be read by nothing.
TD24 = {"?td24": "temperature"}
FEEDS = {"*": {"?species": "species", "?mass": "+mass", "?amount": "+amount", "?volume": "+volume", "?grade": NOTE}}
EQUIPMENT = {"name": "text", "?capacity": "+mass", "?volume": "+volume", "?solids_loading": "+mass concentration"}
#: Product figures of the step's material (synth/product.py): the skeleton's volume shrinkage, and the
#: properties measured on the material (`expected:`), each with its ref and where in the source.
PRODUCT = {"?shrinkage": "fraction",
           "?expected": {"?porosity": "fraction", "?tap_density": "+density", "?bet_surface_area": "+specific area",
                         "?capacity": "+specific charge", "?initial_coulombic_efficiency": "fraction",
                         "?carbon_content": "fraction", "?oxygen_content": "fraction"}}
#: A dosed solution's strength (synth/steps/solution.py): once, as a concentration (its unit says mol/L, wt% or
#: mol/kg), a molality or a mass fraction, with the solution's density where the recipe knows it.
STRENGTH = {"?concentration": "+solution concentration", "?molality": "+molality", "?mass_fraction": "fraction",
            "?density": "+density"}
HEATING = {"?electric": "flag", "?efficiency": "fraction"}  # efficiency: heat to the charge / energy bought
COMMON = {"id": "text", "type": "text", "?title": "text", "?material": "text", "?from": FROM, "?returns": {"*": "text"},
          "?checks": [NOTE], "?product": PRODUCT,  # checks: in-process checks of the batch sheet, with sources
          "?unit": "text"}  # the plant unit the step runs in (synth plan)

SCHEMAS = {
    "furnace": {**COMMON, "?feeds": FEEDS, "?gas": {"species": "species", "excess": "excess"},
                "reactions": REACTIONS, "conditions": {**CONDITIONS, **TD24},
                "?condense": {"species": "species", "recovery": "fraction"}, "?equipment": EQUIPMENT,
                "?heating": HEATING},
    "acid_leach": {**COMMON, "acid": {"species": "species", **STRENGTH, "?purchased": "fraction",
                                      "excess": "excess", "dosing": "+time"},
                   "reactions": REACTIONS,
                   "conditions": {"T": "temperature", "hold": "+time", "?stirring": NOTE, **HANDLING, **TD24},
                   "?wash": {"water": "+specific volume"},
                   "?drying": {"T": "temperature", "hold": "+time", "moisture": "fraction", "?unit": "text",
                               **HANDLING},
                   "?equipment": EQUIPMENT},
    "electrolysis": {**COMMON,
                     "evaporation": {"kind": "text", "hydrate_water": "+ratio", "?steam_economy": "+ratio",
                                     "?specific_energy": "+specific energy"},
                     "dehydration": {"T": "temperature", "hold": "+time", "reactions": REACTIONS,
                                     "?heating": HEATING, "?unit": "text", **HANDLING,
                                     "atmosphere": {"kind": "text", "?practice": NOTE, "?hcl_to_water": "ratio"}},
                     "?offgas": {"reactions": REACTIONS},
                     "?casting": {"form": NOTE, "loss": "fraction"},
                     "cell": {"T": "temperature", "electrons": "+dimensionless", "voltage": "+voltage",
                              "current_efficiency": "fraction", "current": "+current", "?cells": "+dimensionless",
                              "reactions": REACTIONS, "?unit": "text", **HANDLING},
                     "synthesis": {"?fuel": "species", "excess": "excess", "reactions": REACTIONS}},
    "coating": {**COMMON, "charge_basis": "+mass", "feeds": FEEDS, "carbon_content": "fraction",
                "polymerization": {"T": "temperature", "hold": "+time", "?stirring": NOTE, "reactions": REACTIONS,
                                   "?unit": "text", **HANDLING},
                "carbonization": {"conditions": CONDITIONS, "reactions": REACTIONS, "?carbon": "species",
                                  "?purge": {"flow": "+flow", "composition": {"*": "fraction", "@keys": "species"}},
                                  "?equipment": EQUIPMENT, "?heating": HEATING, "?unit": "text"},
                "?vessel": {"name": "text", "volume": "+volume"}},
}
STIRRED = {"T": "temperature", "hold": "+time", "?stirring": NOTE, "?atmosphere": NOTE, **TD24}
WASH = {**COMMON, "?feeds": FEEDS, "solvent": {"?species": "species", "ratio": "+specific volume"},
        "?reactions": REACTIONS, "conditions": STIRRED, "?filter": {"moisture": "fraction"},
        "?drying": {"T": "temperature", "hold": "+time"}, "?equipment": EQUIPMENT}
MILL = {**COMMON, "yield": "fraction", "loss": "text", "?specific_energy": "+specific energy", "?hold": "+time",
        "?equipment": EQUIPMENT}
SCHEMAS.update({
    "wash": WASH,
    "dissolve": WASH,
    "reactor": {**COMMON, "?feeds": FEEDS, "?inerts": FEEDS, "reactions": REACTIONS,
                "conditions": {**STIRRED, "?P": "+pressure"},
                "?dosing": {"species": "species", "excess": "excess", "time": "+time", **STRENGTH},
                "?vessel": {"name": "text", "volume": "+volume"}},
    "filter": {**COMMON, "?wash": {"water": "+specific volume"}, "moisture": "fraction", "?hold": "+time",
               "?equipment": EQUIPMENT},
    "dry": {**COMMON, "conditions": {"T": "temperature", "hold": "+time", "?atmosphere": NOTE, "?P": "+pressure"},
            "?equipment": EQUIPMENT},
    "mill": MILL,
    "classify": MILL,
})
UNIT = {"id": "text", "kind": "text", "count": "+dimensionless", "?operators": "+dimensionless",
        "?capacity": "+mass", "?volume": "+volume"}  # a plant unit; capacity/volume replace its stages' equipment
PLANT = {"?hours_per_day": "+time", "?days_per_year": "+dimensionless", "units": [UNIT]}  # synth plan, campaign
TOP = {"recipe": "text", "?title": "text", "?version": "any", "product": "text", "references": {"*": "text"},
       "?species": "any",  # species files, relative to the recipe (synth.species_files)
       "?weighing_tolerance": "fraction", "steps": "steps",  # weighing tolerance: relative, for batch sheets
       "?gas_standard": {"T": "temperature", "P": "+pressure"},  # the mass-flow controllers' standard conditions
       "?plant": PLANT}


def check_schema(recipe: Recipe) -> None:
    """Raise :class:`RecipeError` with the first schema problem (and how many more) before a calculation."""
    from .species_files import sources

    problems = _schema_problems_once(recipe, tuple(sources(recipe, recipe.species_files)))
    if problems:
        more = f" (and {len(problems) - 1} more: run `synth validate` for all)" if len(problems) > 1 else ""
        raise RecipeError(problems[0] + more)


@lru_cache(maxsize=64)
def _schema_problems_once(recipe: Recipe, species_files: tuple) -> tuple[str, ...]:
    """Schema problems of a recipe (same source and content hash, same species files), computed once: scaling
    runs a route twice."""
    return tuple(schema_problems(recipe))


def schema_problems(recipe: Recipe) -> list[str]:
    """The problems the schema finds: fields, types, units, ranges, species, balanced equations."""
    problems: list[str] = []
    top = recipe.spec
    _mapping(top, TOP, problems)
    steps = recipe.data.get("steps")
    if isinstance(steps, list):
        ids = []
        for spec in top.specs("steps") if all(isinstance(s, dict) for s in steps) else []:
            kind = spec.data.get("type")
            if not isinstance(kind, str) or kind not in SCHEMAS:
                problems.append(str(spec.error("type" if "type" in spec.data else None,
                                               f"unknown step type {kind!r}; expected one of {', '.join(SCHEMAS)}")))
                continue
            _mapping(spec, SCHEMAS[kind], problems)
            if "product" in spec.data and "material" not in spec.data:
                problems.append(str(spec.error("product", "product figures need the step to name its output: "
                                                          "add 'material: NAME'")))
            if spec.data.get("id") in ids:
                problems.append(str(spec.error("id", f"step id {spec.data['id']!r} is used twice")))
            ids.append(spec.data.get("id"))
        if not all(isinstance(s, dict) for s in steps):
            problems.append(str(top.error("steps", "every step must be a mapping with id, type, ...")))
    return problems + _unit_problems(recipe)


def _unit_problems(recipe: Recipe) -> list[str]:
    """A ``unit:`` a step names must be a unit of the recipe's ``plant:`` (when the recipe declares one)."""
    plant = recipe.data.get("plant")
    units = plant.get("units") if isinstance(plant, dict) else None
    if not isinstance(units, list) or not isinstance(recipe.data.get("steps"), list):
        return []
    known = [u.get("id") for u in units if isinstance(u, dict)]
    problems = []
    for i, step in enumerate(recipe.data["steps"]):
        blocks = [(f"recipe.steps[{i}]", step)] + [(f"recipe.steps[{i}].{k}", v) for k, v in step.items()
                                                   if isinstance(v, dict)] if isinstance(step, dict) else []
        for path, block in blocks:
            name = block.get("unit")
            if isinstance(name, str) and name not in known:
                near = difflib.get_close_matches(name, [k for k in known if isinstance(k, str)], n=1)
                hint = f"; did you mean '{near[0]}'?" if near else f" (units: {', '.join(map(str, known))})"
                problems.append(str(Spec(block, path, recipe).error("unit", f"unit {name!r} is not in the "
                                                                            f"recipe's plant{hint}")))
    return problems


def mapping_problems(spec: Spec, schema: dict) -> list[str]:
    """The problems of one mapping against ``schema`` (a plant block read on its own, say)."""
    problems: list[str] = []
    _mapping(spec, schema, problems)
    return problems


def rule_for(schema: dict, key: str):
    """The schema rule of field ``key``: required, optional (``?key``) or any name (``*``); None if unknown."""
    return schema.get(key, schema.get(f"?{key}", schema.get("*")))


def dimension(rule: str, value=None) -> str:
    """The dimension (a kind of :data:`synth.units.DIMENSIONS`) of a quantity rule: ``+mass`` -> ``mass``;
    fractions and excesses are dimensionless. A solution concentration takes the kind of its ``value`` (a
    quantity or its text): mol/L, wt% or mol/kg (:mod:`synth.steps.solution`)."""
    kind = {"fraction": "dimensionless", "excess": "dimensionless", "ratio": "dimensionless",
            "+ratio": "dimensionless"}.get(rule, rule.lstrip("+"))
    if kind == "solution concentration":
        from .steps.solution import kind_of

        q = value if hasattr(value, "dimensionality") else parse(str(value), "concentration")
        return kind_of(q, "concentration")
    return kind


def _mapping(spec: Spec, schema: dict, problems: list[str]) -> None:
    data = spec.data
    known = {k.lstrip("?") for k in schema if k[0] not in "*@"}
    for key in schema:
        if key[0] in "*?@":
            continue
        if key not in data:
            problems.append(str(spec.error(None, f"missing required field '{key}'")))
    for key, value in data.items():
        rule = rule_for(schema, key)
        if rule is None:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known fields: {', '.join(sorted(known))}"
            problems.append(str(spec.error(key, f"unknown field '{key}'{hint}")))
            continue
        if schema.get("@keys") == "species":  # the keys name species (a gas composition)
            _species(key, lambda message, key=key: problems.append(str(spec.error(key, message))), spec.recipe)
        _value(spec, key, value, rule, problems)


def _value(spec: Spec, key: str, value, rule, problems: list[str]) -> None:
    def bad(message: str) -> None:
        problems.append(str(spec.error(key, message)))

    if isinstance(rule, dict):
        if not isinstance(value, dict):
            bad(f"expected a mapping, found {type(value).__name__}")
        else:
            _mapping(Spec(value, f"{spec.path}.{key}", spec.recipe), rule, problems)
    elif isinstance(rule, list):
        if not isinstance(value, list) or not value:
            bad("expected a non-empty list")
        else:
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    bad(f"item {i} must be a mapping")
                else:
                    _mapping(Spec(item, f"{spec.path}.{key}[{i}]", spec.recipe), rule[0], problems)
    elif rule in ("text", "species", "equation"):
        if not isinstance(value, str) or not value.strip():
            bad(f"expected text, found {found_as(value)}")
        elif rule == "species":
            _species(value, bad, spec.recipe)
        elif rule == "equation":
            _equation(value, bad, spec.recipe)
    elif rule == "flag":
        if not isinstance(value, bool):
            bad(f"expected true or false, found {value!r}")
    elif rule in ("any", "steps"):
        return
    else:
        _quantity(spec, key, value, rule, bad)


def _species(value: str, bad, recipe: Recipe) -> None:
    from .species_files import database_for

    try:
        database_for(recipe).get(value)
    except SynthError as exc:
        bad(str(exc))


def _equation(value: str, bad, recipe: Recipe) -> None:
    from .species_files import database_for

    try:
        eq = parse_equation(value)
        eq.check_balanced()
        db = database_for(recipe)
        for term, _ in eq.terms:
            db.get(term.text)
    except SynthError as exc:
        bad(str(exc))


def _quantity(spec: Spec, key: str, value, rule: str, bad) -> None:
    if not isinstance(value, dict) or "q" not in value:
        bad("expected {q: '<number> <unit>', ref: KEY} or {q: ..., assumption: 'why'}")
        return
    _mapping(Spec(value, f"{spec.path}.{key}", spec.recipe), QUANTITY, bad_fields := [])
    for message in bad_fields:
        bad(message.split(": ", 2)[-1])
    if "ref" not in value and "assumption" not in value:
        bad("every number needs a source: add 'ref: KEY' (a key of references:) or 'assumption: why'")
    elif "ref" in value and (not isinstance(value["ref"], str) or value["ref"] not in spec.recipe.references):
        bad(f"ref {value['ref']!r} is not in references: ({', '.join(spec.recipe.references)})")
    raw = value["q"]
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        bad(f"q must be a number or text such as '5 g', found {raw!r}")
        return
    problem = _quantity_problem(str(raw), rule)
    if problem:
        bad(problem)
    else:
        _spread(spec, key, value, quantity(str(raw), dimension(rule, str(raw)), "q"), rule, problems_at := [])
        for message in problems_at:
            bad(message)


def _spread(spec: Spec, key: str, value: dict, q, rule: str, problems: list[str]) -> None:
    """An uncertain value's range, dist and sd (:mod:`synth.spread`) against q and the value's bounds."""
    from .spread import bounds_of, read_spread

    try:
        read_spread(value, q, bounds_of(rule), f"{spec.path}.{key}")
    except SynthError as exc:
        problems.append(str(exc))


@lru_cache(maxsize=4096)
def _quantity_problem(text: str, rule: str) -> str | None:
    """What is wrong with quantity ``text`` under schema ``rule``, or None (memoised: recipes repeat values)."""
    try:
        kind = dimension(rule, text)
        q = quantity(text, kind, "q")
    except SynthError as exc:
        return str(exc).split(": ", 1)[-1]
    m = float(q.to("dimensionless").magnitude) if kind == "dimensionless" else float(q.magnitude)
    if not math.isfinite(m):
        return f"{text!r} is not a finite number"
    if rule.endswith("solution concentration") and kind == "dimensionless" and not m < 1.0:
        return f"a mass fraction must be below 100 wt%, not {text!r}"
    if rule == "fraction" and not 0.0 <= m <= 1.0:
        return f"expected a fraction between 0 and 1 (or 0-100 %), found {m:g}"
    if rule == "excess" and m < 0:
        return f"expected an excess of 0 or more, found {m:g}"
    if rule.startswith("+") and not m > 0:
        return f"expected a positive {kind}, found {text!r}"
    return None

