"""The report of a scaled route: the JSON contract of ``synth scale --json`` as a plain dict.

Species are named by formula (``MgCl2``; with the phase, ``HCl(g)``, only where two phases of one formula
meet in one mapping); materials by the recipe's names (``AMPSi``). Quantities are
``{"value": number, "unit": "<pint unit string>"}``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, is_dataclass

from .units import Q_, STP_LABEL, STP_MOLAR_VOLUME, from_json, to_json


def build(p, basis=None, provenance: dict | None = None) -> dict:
    """Everything ``synth scale`` computed for plan ``p``, as one JSON-ready dict."""
    if provenance is None:
        from .provenance import provenance as make

        provenance = make(p.db, recipe={"name": p.recipe.name, "source": p.recipe.source, "sha256": p.recipe.sha256})
    return {
        "recipe": {"name": p.recipe.name, "title": p.recipe.data.get("title"), "source": p.recipe.source,
                   "sha256": p.recipe.sha256},
        "basis": None if basis is None else {"material": basis.name, "quantity": to_json(basis.value)},
        "scale_factor": p.scale,
        "steps": [step(p, s) for s in p.steps],
        "totals": totals(p),
        "element_balance": {e: {"in": to_json(Q_(a, "mol")), "out": to_json(Q_(b, "mol"))}
                            for e, (a, b) in p.element_balance().items()},
        "assumptions": [{"field": f, "value": v, "why": w} for f, v, w in p.recipe.assumptions()],
        "gas_volumes_at": STP_LABEL,
        "provenance": provenance,
    }


def step(p, s) -> dict:
    source = p.sources.get(s.id)
    carried_material = None
    if source:
        carried_material = p.step(source[0]).materials.get(source[1])
    inputs = [(label, st, carried_material if label == "carried" else None) for label, st in s.inputs.items()]
    outputs = [(label, st, s.materials.get(label)) for label, st in s.outputs.items()]
    return {
        "id": s.id,
        "type": s.type,
        "title": s.title,
        "T": to_json(Q_(s.T, "K")),
        "inputs": entries(inputs, s),
        "outputs": entries(outputs, s),
        "heat": {"net": to_json(_kJ(s.heat.net)), **{k: to_json(_kJ(v)) for k, v in s.heat.parts.items()},
                 **({"electric": to_json(_kJ(s.heat.electric).to("kWh"))} if s.heat.electric else {}),
                 "adiabatic_rise": _opt(s.heat.adiabatic_rise, "K"),
                 "max_temperature": _opt(s.heat.max_temperature, "K")},
        "runs": s.runs,
        "time": to_json(Q_(s.time, "s").to("h")),
        "equipment": s.equipment,
        "reactions": [{"equation": eq, "extent": to_json(Q_(x, "mol"))} for eq, x in s.reactions],
        "gases": [gas(g) for g in s.gases],
        "warnings": list(s.warnings),
        "figures": {k: jsonable(v) for k, v in s.figures.items()},
    }


def entries(streams, s) -> dict:
    """name -> {mass, amount, phase, streams, ...}, summed over the labelled streams."""
    out: dict[str, dict] = {}
    plain = [(label, st) for label, st, material in streams if not material]
    formulas: dict[str, set] = {}
    for _, st in plain:
        for pd, _ in st.items():
            formulas.setdefault(pd.formula.text, set()).add(pd.phase)
    for label, st, material in streams:
        if material and st:
            out[material] = {"mass": to_json(st.mass.to("g")), "streams": [label],
                             "composition": {pd.formula.text: species_entry(pd, n) for pd, n in st.items()}}
    for label, st in plain:
        for pd, n in st.items():
            key = pd.formula.text if len(formulas[pd.formula.text]) == 1 else pd.name
            if pd.name in s.labels and s.labels[pd.name] != "water":
                key = s.labels[pd.name]
            if key in out and label not in out[key].get("streams", [label]) and "acid" in out[key]["streams"]:
                key = f"{key} ({label})"  # wash water is not part of the acid solution
            entry = out.setdefault(key, {"amount_mol": 0.0, "phase": pd.phase, "streams": [], "_pd": pd})
            entry["amount_mol"] += n
            if label not in entry["streams"]:
                entry["streams"].append(label)
    for key, entry in list(out.items()):
        if "_pd" in entry:
            pd = entry.pop("_pd")
            n = entry.pop("amount_mol")
            out[key] = {**species_entry(pd, n), "phase": entry["phase"], "streams": entry["streams"]}
    volume = s.figures.get("solution_volume")
    if volume is not None:
        for entry in out.values():
            if "acid" in entry.get("streams", ()):
                entry["solution_volume"] = to_json(volume)
                entry["solution_concentration"] = to_json(s.figures["acid_concentration"])
    return out


def species_entry(pd, n: float) -> dict:
    entry = {"mass": to_json(Q_(n * pd.molar_mass.magnitude, "g")), "amount": to_json(Q_(n, "mol"))}
    if pd.phase == "g":
        entry["volume_stp"] = to_json(Q_(n, "mol") * STP_MOLAR_VOLUME)
    return entry


def gas(g) -> dict:
    out = {"species": g.name, "mass": to_json(Q_(g.amount * g.molar_mass, "g")), "amount": to_json(Q_(g.amount, "mol")),
           "volume_stp": to_json((Q_(g.amount, "mol") * STP_MOLAR_VOLUME).to("L")), "hazard": g.hazard}
    if g.peak_rate is not None:
        out["peak_rate"] = to_json((Q_(g.peak_rate, "mol/s") * STP_MOLAR_VOLUME).to("L/min"))
    return out


def totals(p) -> dict:
    fresh: dict[str, list] = {}
    labels = {name: label for s in p.steps for name, label in s.labels.items() if label != "water"}
    for _, _, st in p.fresh_inputs():
        for pd, n in st.items():
            fresh.setdefault(labels.get(pd.name, pd.formula.text), [pd, 0.0])[1] += n
    product_step, label = p.product()
    product = product_step.outputs[label]
    bottleneck = max(p.steps, key=lambda s: s.time)
    return {
        "fresh_inputs": {k: species_entry(pd, n) for k, (pd, n) in fresh.items()},
        "product": {"name": product_step.materials.get(label, label), "mass": to_json(product.mass.to("g"))},
        "heat_net": to_json(_kJ(sum(s.heat.net for s in p.steps))),
        "electric": to_json(_kJ(sum(s.heat.electric or 0.0 for s in p.steps)).to("kWh")),
        "time_sum": to_json(Q_(sum(s.time for s in p.steps), "s").to("h")),
        "bottleneck": {"step": bottleneck.id, "time": to_json(Q_(bottleneck.time, "s").to("h"))},
        "recycle": [recycle(p, r) for r in p.recycles()],
    }


def recycle(p, r) -> dict:
    """A returned stream at steady state, in mol and in mass."""
    grams = p.db.get(r.species).molar_mass.to("g/mol").magnitude
    out = {"species": r.species, "from": r.source, "to": r.target}
    for key, n in (("once_through", r.needed), ("returned", r.returned), ("make_up", r.make_up),
                   ("surplus", r.surplus)):
        out[key] = to_json(Q_(n, "mol"))
        out[f"{key}_mass"] = to_json(Q_(n * grams, "g"))
    return out


def jsonable(value):
    """Figures to JSON: quantities as the shared form, dataclasses as dicts, floats finite."""
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return to_json(value)
    if is_dataclass(value):
        return {k: jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _kJ(joules: float):
    return Q_(joules / 1e3, "kJ")


def _opt(value, unit):
    return None if value is None else to_json(Q_(value, unit))


def quantities(p, step_id: str, side: str = "outputs") -> dict[str, dict]:
    """The ``inputs`` or ``outputs`` of one step as {name: {"mass": Quantity, "amount": Quantity, ...}}.

    Examples
    --------
    >>> from synth import load_recipe, scale
    >>> plan, _ = scale(load_recipe("ampsi"), "Si=2.8 g")
    >>> round(quantities(plan, "alloying")["Mg2Si"]["mass"].to("g").magnitude, 3)
    7.646
    """
    data = step(p, p.step(step_id))[side]
    return {name: {k: (from_json(v) if isinstance(v, dict) and "unit" in v else v) for k, v in entry.items()}
            for name, entry in data.items()}
