"""pandas DataFrames of synth's results, for notebooks and scripts: the stream table and totals of a plan,
and the grid of a sweep.

Views only: every number is the one the report of ``synth scale`` holds (:mod:`synth.report`), selected and
laid out in rows. Units sit in the column names (``mass [g]``), so a frame survives CSV and Excel; a quantity
column is a float column in that unit. pandas is an optional extra (``pip install "synth[frames]"``); the
rows themselves (:func:`stream_rows`, :func:`totals_rows`) need no pandas, and the HTML views of a notebook
use them too.

Other results (campaigns, uncertainty) build their frames with :func:`frame`: quantity arrays by name in, one
column per name with its unit in the column name out; totals, each in its own unit, with :func:`quantity_frame`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .extras import need
from .report import gas_standard, recycle, routing, species_entry, totals
from .units import from_json

#: The columns of :func:`stream_rows` and :meth:`synth.route.Plan.to_frame`, units in the names.
STREAM_COLUMNS = ("step", "side", "stream", "kind", "destination", "material", "species", "formula", "phase",
                  "mass [g]", "amount [mol]",
                 "volume at STP [L]")  # STP: the recipe's gas standard (synth.report.gas_standard)


def label(name: str, q, unit: str | None = None) -> str:
    """A column name: ``name [unit]`` (``unit`` as declared where given, else ``q``'s), or the bare name for a pure
    number."""
    unit = f"{q.units:~P}" if unit is None else unit
    return f"{name} [{unit}]" if unit else name


def frame(columns: Mapping[str, object]):
    """A DataFrame of quantity arrays (or scalars) of equal length, one column each, named ``name [unit]``.

    The shared way to put a result into pandas: a sweep's grid, an uncertainty sample, a campaign's runs.
    """
    pd = need("pandas", "frames", "a DataFrame")
    return pd.DataFrame({label(name, q): q.magnitude for name, q in columns.items()})


def stream_rows(plan) -> list[tuple]:
    """The stream table of ``plan``: one row per step, side (in/out), stream and species, as
    :data:`STREAM_COLUMNS` (mass in g, amount in mol, volume at STP in L for gases, else NaN)."""
    rows, vm = [], gas_standard(plan.recipe)[0]
    for s in plan.steps:
        routes = routing(plan, s, _returns(plan, s.id))
        source = plan.sources.get(s.id)
        carried = plan.step(source[0]).materials.get(source[1], "") if source else ""
        for stream_label, stream in s.inputs.items():
            where = ("carried", s.id, carried) if stream_label == "carried" else ("fresh", s.id, "")
            rows += _species_rows(s.id, "in", stream_label, stream, *where, vm)
        for stream_label, stream in s.outputs.items():
            if stream:
                route = routes[stream_label]
                rows += _species_rows(s.id, "out", stream_label, stream, route["kind"], route["to"] or "",
                                      s.materials.get(stream_label, ""), vm)
    return rows


def _species_rows(step: str, side: str, stream_label: str, stream, kind: str, destination: str,
                  material: str, vm) -> list[tuple]:
    """One row per species of one stream, with the figures of :func:`synth.report.species_entry`."""
    rows = []
    for species, n in stream.items():
        entry = species_entry(species, n, vm)
        rows.append((step, side, stream_label, kind, destination, material, species.name, species.formula.text,
                     species.phase, from_json(entry["mass"]).m_as("g"), from_json(entry["amount"]).m_as("mol"),
                     from_json(entry["volume_stp"]).m_as("L") if "volume_stp" in entry else math.nan))
    return rows


def _returns(plan, step_id: str) -> dict:
    """The ``returns:`` of a step in the recipe: output label -> the step it goes back to."""
    spec = next(sp for sp in plan.recipe.steps() if sp.data.get("id") == step_id)
    return {str(k): str(v) for k, v in spec.data.get("returns", {}).items()}


#: the energy of a batch by kind, as ``synth scale`` and the sheet total it (never netted): (row, totals key)
ENERGY = (("heating", "heating"), ("cooling", "cooling"), ("electricity", "electricity"),
          ("primary energy", "primary_energy"))


def totals_rows(plan) -> list[tuple[str, object]]:
    """The totals of a batch as (what, quantity): product, fresh inputs, energy, time, recycle at steady state."""
    t = totals(plan)
    rows = [(f"product {t['product']['name']}", from_json(t["product"]["mass"]))]
    rows += [(f"fresh {name}", from_json(e["mass"])) for name, e in t["fresh_inputs"].items()]
    rows += [(name, from_json(t[key])) for name, key in ENERGY]
    rows += [("time, steps in series", from_json(t["time_sum"])),
             (f"bottleneck {t['bottleneck']['step']}", from_json(t["bottleneck"]["time"]))]
    for r in plan.recycles():
        entry = recycle(plan, r)
        rows += [(f"{r.species} once-through", from_json(entry["once_through_mass"])),
                 (f"{r.species} make-up at steady state", from_json(entry["make_up_mass"]))]
    return rows


def plan_frame(plan):
    """The stream table of ``plan`` as a DataFrame (:data:`STREAM_COLUMNS`)."""
    pd = need("pandas", "frames", "a DataFrame")
    return pd.DataFrame(stream_rows(plan), columns=list(STREAM_COLUMNS))


def totals_frame(plan):
    """The totals of ``plan`` as a DataFrame: ``quantity``, ``value`` and ``unit`` (one unit per row)."""
    return quantity_frame(totals_rows(plan))


def quantity_frame(rows):
    """(what, quantity) rows as a DataFrame of ``quantity``, ``value`` and ``unit``: totals of a plan or a
    campaign, each row in its own unit."""
    pd = need("pandas", "frames", "a DataFrame")
    return pd.DataFrame([(name, float(q.magnitude), f"{q.units:~P}") for name, q in rows],
                        columns=["quantity", "value", "unit"])


def sweep_frame(result):
    """One row per grid point of a sweep: the varied parameters, then the outputs (per kg of product), each named
    with its unit as the sweep's table and CSV write it (``PMI [kg/kg]``)."""
    pd = need("pandas", "frames", "a DataFrame")
    columns = {**result.inputs, **result.outputs}
    return pd.DataFrame({label(name, q, result.unit(name)): q.magnitude for name, q in columns.items()})

