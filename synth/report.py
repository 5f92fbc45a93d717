"""The report of a scaled route: the JSON contract of ``synth scale --json`` as a plain dict.

Species are named by formula (``MgCl2``; with the phase, ``HCl(g)``, only where two phases of one formula
meet in one mapping); materials by the recipe's names (``AMPSi``). Quantities are
``{"value": number, "unit": "<pint unit string>"}``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, is_dataclass

from .energy import route_energy, step_duties
from .errors import InputError
from .hazards import unlisted, user_entries
from .units import Q_, STP_LABEL, STP_MOLAR_VOLUME, from_json, parse, to_json

#: Step fields that are not set-points: identity, flow, lab amounts (scaled into the streams), reactions, checks.
NOT_SETPOINTS = ("id", "type", "title", "material", "from", "returns", "feeds", "reactions", "checks", "charge_basis",
                 "product")  # product: figures and measured values of the material, in its own section


def build(p, basis=None, provenance: dict | None = None) -> dict:
    """Everything ``synth scale`` computed for plan ``p``, as one JSON-ready dict."""
    if provenance is None:
        from .provenance import of_recipe

        provenance = of_recipe(p.recipe, p.db)
    return {
        "recipe": {"name": p.recipe.name, "title": p.recipe.data.get("title"), "source": p.recipe.source,
                   "sha256": p.recipe.sha256, "version": p.recipe.data.get("version"),
                   "references": {k: str(v) for k, v in p.recipe.references.items()}},
        "basis": None if basis is None else {"material": basis.name, "quantity": to_json(basis.value)},
        "scale_factor": p.scale,
        "steps": [step(p, s) for s in p.steps],
        "totals": totals(p),
        "element_balance": {e: {"in": to_json(Q_(a, "mol")), "out": to_json(Q_(b, "mol"))}
                            for e, (a, b) in p.element_balance_mol().items()},
        "assumptions": [{"field": f, "value": v, "why": w} for f, v, w in p.recipe.assumptions()],
        "hazard_data_missing": unlisted(p),
        "hazard_data": user_entries(p.db),  # what user species files state (synth.hazards), for the sheet
        "gas_volumes_at": gas_standard(p.recipe)[1],
        "gas_molar_volume": to_json(gas_standard(p.recipe)[0]),  # the molar volume behind gas_volumes_at
        "mass_balance": {"in": _grams(st for _, _, st in p.fresh_inputs()),
                         "out": _grams(st for _, _, st in p.final_outputs())},
        "weighing_tolerance": (sourced("recipe.weighing_tolerance", p.recipe.data["weighing_tolerance"])
                               if "weighing_tolerance" in p.recipe.data else None),
        "products": products(p),
        "provenance": provenance,
    }


def products(p) -> dict:
    """Figures of each named material (:mod:`synth.product`), beside the values the recipe reports."""
    from .product import as_json, products as figures

    return as_json(figures(p))


def step(p, s) -> dict:
    source = p.sources.get(s.id)
    carried_material = None
    if source:
        carried_material = p.step(source[0]).materials.get(source[1])
    inputs = [(label, st, carried_material if label == "carried" else None) for label, st in s.inputs.items()]
    outputs = [(label, st, s.materials.get(label)) for label, st in s.outputs.items()]
    species: dict = {}
    vm = gas_standard(p.recipe)[0]
    return {
        "id": s.id,
        "type": s.type,
        "title": s.title,
        "T": to_json(Q_(s.T_K, "K")),
        "inputs": entries(inputs, s, species, vm),
        "outputs": entries(outputs, s, species, vm),
        "heat": {"net": to_json(_kJ(s.heat.net_J)), **{k: to_json(_kJ(v)) for k, v in s.heat.parts_J.items()},
                 **({"electric": to_json(_kJ(s.heat.electric_J).to("kWh"))} if s.heat.electric_J else {}),
                 "adiabatic_rise": _opt(s.heat.adiabatic_rise_K, "K"),
                 "max_temperature": _opt(s.heat.max_temperature_K, "K")},
        "duties": [duty(d) for d in step_duties(s)],
        "runaway": runaway(s.heat.runaway),
        "runs": s.runs,
        "time": to_json(Q_(s.time_s, "s").to("h")),
        "run_time": [run_time(rt) for rt in s.run_times],
        "equipment": s.equipment,
        "reactions": [{"equation": eq, "extent": to_json(Q_(x, "mol"))} for eq, x in s.reactions_mol],
        "gases": [gas(g, vm) for g in s.gases],
        "warnings": list(s.warnings),
        "figures": {k: jsonable(v) for k, v in s.figures.items()},
        **record(p, s, species),
    }


def run_time(rt) -> dict:
    """A stage's occupancy of its unit per run, part by part (charge, ramp, hold, cool, ...), in hours."""
    return {"stage": rt.stage, "equipment": rt.equipment, "unit": rt.unit, "runs": rt.runs,
            "parts": {k: to_json(Q_(v, "s").to("h")) for k, v in rt.parts_s.items()},
            "per_run": to_json(Q_(rt.per_run_s, "s").to("h"))}


def entries(streams, s, species: dict | None = None, vm=STP_MOLAR_VOLUME) -> dict:
    """name -> {mass, amount, phase, streams, ...}, summed over the labelled streams; ``species`` (if given)
    collects name -> species data for the names that are one species; gas volumes at molar volume ``vm``."""
    out: dict[str, dict] = {}
    plain = [(label, st) for label, st, material in streams if not material]
    formulas: dict[str, set] = {}
    for _, st in plain:
        for pd, _ in st.items():
            formulas.setdefault(pd.formula.text, set()).add(pd.phase)
    for label, st, material in streams:
        if material and st:
            out[material] = {"mass": to_json(st.mass.to("g")), "streams": [label],
                             "composition": {pd.formula.text: species_entry(pd, n, vm) for pd, n in st.items()}}
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
            if species is not None:
                species.setdefault(key, pd)
            n = entry.pop("amount_mol")
            out[key] = {**species_entry(pd, n, vm), "phase": entry["phase"], "streams": entry["streams"]}
    volume = s.figures.get("solution_volume")
    if volume is not None:
        for entry in out.values():
            if "acid" in entry.get("streams", ()):
                entry["solution_volume"] = to_json(volume)
                entry["solution_concentration"] = to_json(s.figures["acid_concentration"])
    return out


def record(p, s, species: dict) -> dict:
    """What a batch record needs of a step beyond its balance: where its carried input comes from, where each
    output goes, its mass in and out, set-points, in-process checks, and the identity (formula, CAS, grade)
    of its materials."""
    spec = next(sp for sp in p.recipe.steps() if sp.data.get("id") == s.id)
    source = p.sources.get(s.id)
    feeds = spec.data.get("feeds", {})
    grades = {name: sourced(f"{spec.path}.feeds.{name}.grade", feed["grade"])
              for name, feed in feeds.items() if isinstance(feed, dict) and "grade" in feed}
    return {
        "carried_from": {"step": source[0], "stream": source[1]} if source else None,
        "routing": routing(p, s, {str(k): str(v) for k, v in spec.data.get("returns", {}).items()}),
        "mass_balance": {"in": _grams(s.inputs.values()), "out": _grams(s.outputs.values())},
        "setpoints": setpoints(spec.data, spec.path),
        "gas_supply": gas_supply(s, gas_standard(p.recipe)[0]),
        "checks": [sourced(f"{spec.path}.checks[{i}]", c) for i, c in enumerate(spec.data.get("checks", []))],
        "substances": {key: {"formula": pd.formula.text, "cas": pd.info.get("cas"),
                             "grade": grades.get(s.labels.get(pd.name))} for key, pd in species.items()},
    }


def routing(p, s, returns: dict) -> dict:
    """Where each output stream of step ``s`` goes, as ``{"kind": ..., "to": step id or None}``: the
    ``product``, an ``intermediate`` a later step takes, ``returned`` (recycled) to a step, or out of the
    route as an ``off-gas`` (all gas) or a ``by-product``."""
    takers = {source: step for step, source in p.sources.items()}
    product_step, product_label = p.product()
    out = {}
    for label, st in s.outputs.items():
        if not st:
            continue
        if (s.id, label) == (product_step.id, product_label):
            kind, to = "product", None
        elif (s.id, label) in p.consumed:
            kind, to = "intermediate", takers.get((s.id, label))
        elif label in returns:
            kind, to = "returned", returns[label]
        else:
            kind, to = ("off-gas" if all(pd.phase == "g" for pd, _ in st.items()) else "by-product"), None
        out[label] = {"kind": kind, "to": to}
    return out


def gas_supply(s, vm=STP_MOLAR_VOLUME) -> list[dict]:
    """The gas fed through a step's ``gas`` input, per run at STP and as a mean flow over the hold: what a flow
    meter is set to (the recipe gives the excess over demand, not the flow)."""
    hold, supplied = s.figures.get("hold"), s.inputs.get("gas")
    out = []
    for pd, n in supplied.items() if supplied else ():
        per_run = (Q_(n / s.runs, "mol") * vm).to("L")
        out.append({"species": pd.formula.text, "per_run": to_json(per_run),
                    "mean_flow": None if hold is None else to_json((per_run / hold).to("L/min"))})
    return out


def _grams(streams) -> dict:
    return to_json(Q_(sum(st.mass_g() for st in streams), "g"))


def setpoints(data: dict, path: str, stage: str = "") -> list[dict]:
    """A step's parameters grouped by the part they set (``conditions``, ``acid``, ``drying``, ``cell``, ...), in
    recipe order: every quantity or note with its source, and the names (gas, fuel, equipment) beside them."""
    settings, stages = [], []
    for key, value in data.items():
        field = f"{path}.{key}"
        if not stage and key in NOT_SETPOINTS:
            continue
        if isinstance(value, dict) and ("q" in value or "text" in value):
            settings.append({"name": str(key), **sourced(field, value)})
        elif isinstance(value, dict):
            stages += setpoints(value, field, f"{stage}.{key}" if stage else str(key))
        elif isinstance(value, str):
            settings.append({"name": str(key), "field": field, "text": value})
    return ([{"stage": stage or "step", "settings": settings}] if settings else []) + stages


def sourced(field: str, value: dict) -> dict:
    """A recipe value at ``field``: its quantity (or text), and its source (``ref`` or ``assumption``)."""
    out = {"field": field}
    if "q" in value:
        out["quantity"] = to_json(parse(str(value["q"]), field))
    else:
        out["text"] = str(value["text"])
    out.update({key: str(value[key]) for key in ("of", "ref", "assumption") if key in value})
    return out


def species_entry(pd, n: float, vm=STP_MOLAR_VOLUME) -> dict:
    """Mass and amount of ``n`` mol of ``pd``; a gas also its volume at molar volume ``vm`` (``volume_stp``)."""
    entry = {"mass": to_json(Q_(n * pd.molar_mass.magnitude, "g")), "amount": to_json(Q_(n, "mol"))}
    if pd.phase == "g":
        entry["volume_stp"] = to_json((Q_(n, "mol") * vm).to("L"))
    return entry


def gas(g, vm=STP_MOLAR_VOLUME) -> dict:
    n = g.amount_mol
    out = {"species": g.name, "mass": to_json(Q_(n * g.molar_mass_g_mol, "g")), "amount": to_json(Q_(n, "mol")),
           "volume_stp": to_json((Q_(n, "mol") * vm).to("L")), "hazard": g.hazard}
    if g.peak_rate_mol_s is not None:
        out["peak_rate"] = to_json((Q_(g.peak_rate_mol_s, "mol/s") * vm).to("L/min"))
    return out


def gas_standard(recipe) -> tuple:
    """Molar volume and label of the standard conditions at which the report gives gas volumes: the recipe's
    ``gas_standard`` (the mass-flow controllers' calibration conditions, T and P with their sources), else
    IUPAC STP (273.15 K, 100 kPa)."""
    if not recipe.spec.has("gas_standard"):
        return STP_MOLAR_VOLUME, STP_LABEL
    standard = recipe.spec.sub("gas_standard")
    T, P = standard.q("T", "temperature").to("K"), standard.positive("P", "pressure").to("kPa")
    vm = (STP_MOLAR_VOLUME * (T / Q_(273.15, "K")) * (Q_(100, "kPa") / P)).to("L/mol")  # ideal gas: V ∝ T / P
    return vm, f"STP ({T.magnitude:.6g} K, {P.magnitude:.6g} kPa)"


def totals(p) -> dict:
    fresh: dict[str, list] = {}
    labels = {name: label for s in p.steps for name, label in s.labels.items() if label != "water"}
    for _, _, st in p.fresh_inputs():
        for pd, n in st.items():
            fresh.setdefault(labels.get(pd.name, pd.formula.text), [pd, 0.0])[1] += n
    product_step, label = p.product()
    product = product_step.outputs[label]
    bottleneck = max(p.steps, key=lambda s: s.time_s)
    energy = route_energy(p)
    return {
        "fresh_inputs": {k: species_entry(pd, n, gas_standard(p.recipe)[0]) for k, (pd, n) in fresh.items()},
        "product": {"name": product_step.materials.get(label, label), "mass": to_json(product.mass.to("g"))},
        "heat_net": to_json(_kJ(sum(s.heat.net_J for s in p.steps))),
        "electric": to_json(_kJ(sum(s.heat.electric_J or 0.0 for s in p.steps)).to("kWh")),
        **{key: to_json(_kJ(value.m_as("J")).to("kWh")) for key, value in (
            ("heating", energy.heating), ("cooling", energy.cooling), ("electricity", energy.electricity),
            ("primary_energy", energy.primary))},
        "time_sum": to_json(Q_(sum(s.time_s for s in p.steps), "s").to("h")),
        "bottleneck": {"step": bottleneck.id, "time": to_json(Q_(bottleneck.time_s, "s").to("h"))},
        "recycle": [recycle(p, r) for r in p.recycles()],
    }


def duty(d) -> dict:
    """One energy demand of a step by kind (``heating``, ``cooling``, ``electricity``), with its temperature level
    (None where the step does not state it) and what is bought to meet it at the stated efficiency."""
    return {"name": d.name, "kind": d.kind, "energy": to_json(_kJ(d.energy_J).to("kWh")),
            "T": None if d.T_K != d.T_K else to_json(Q_(d.T_K, "K")),
            "primary": None if d.primary_J is None else to_json(_kJ(d.primary_J).to("kWh")),
            "efficiency_source": d.efficiency_source}


def runaway(r) -> dict | None:
    """The cooling-failure scenario of an exothermic step (:mod:`synth.steps.runaway`): the temperature reached
    and what stops it, Stoessel's temperatures and class with the reasoning; None for other steps."""
    if r is None:
        return None
    return {"reached": to_json(Q_(r.reached, "K")), "stop": r.stop, "mtsr": to_json(Q_(r.mtsr, "K")),
            "mtt": _opt(r.mtt, "K"), "mtt_basis": r.mtt_words, "td24": _opt(r.td24, "K"), "td24_basis": r.td24_words,
            "criticality_class": r.criticality, "reasoning": r.reasoning,
            "source": "F. Stoessel, Thermal Safety of Chemical Processes, Wiley-VCH (2008), ch. 3"}


def recycle(p, r) -> dict:
    """A returned stream at steady state, in mol and in mass."""
    grams = p.db.get(r.species).molar_mass.to("g/mol").magnitude
    out = {"species": r.species, "from": r.source, "to": r.target}
    for key, n in (("once_through", r.needed), ("returned", r.returned), ("make_up", r.make_up),
                   ("surplus", r.surplus)):
        out[key] = to_json(n.to("mol"))
        out[f"{key}_mass"] = to_json(Q_(n.m_as("mol") * grams, "g"))
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
    if not callable(getattr(p, "step", None)):  # a Plan (not imported: the route engine sits below the report)
        hint = " (synth.scale returns (plan, basis): write plan, _ = synth.scale(...))" if isinstance(p, tuple) else ""
        raise InputError(f"plan: expected a Plan, found {type(p).__name__}{hint}")
    if side not in ("inputs", "outputs"):
        raise InputError(f"side: expected 'inputs' or 'outputs', found {side!r}")
    data = step(p, p.step(step_id))[side]
    return {name: {k: (from_json(v) if isinstance(v, dict) and "unit" in v else v) for k, v in entry.items()}
            for name, entry in data.items()}
