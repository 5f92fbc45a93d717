"""Compact HTML summaries for notebooks (``_repr_html_``) of a plan, a batch sheet, a sweep, an uncertainty
analysis and a campaign.

Presentation only: a plan shows one row per step and its totals (:func:`synth.frames.totals_rows`), a sheet
its header and bill of materials, a sweep each output's range (as ``synth sweep`` prints it), a campaign the
fresh make-up of its first and last batch and its totals. The full results stay one call away:
``plan.to_frame()``, ``synth sheet --format html``, ``result.to_frame()``, ``campaign.to_frame()``.
"""

from __future__ import annotations

from html import escape

import numpy as np

from .terminal import mass, qty


def table(headers: list[str], rows: list[list], caption: str = "") -> str:
    """An HTML table of text cells (escaped); numbers right-aligned by the notebook's own style."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    title = f"<caption style='text-align:left'>{escape(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def plan_html(plan) -> str:
    """One row per step (temperature as the recipe set it, runs, time, mass in and out, net heat), then totals."""
    from ..frames import totals_rows
    from ..report import setpoints
    from .written import as_written, written_temperatures

    specs = {spec.data.get("id"): spec for spec in plan.recipe.steps()}
    written = {s.id: written_temperatures(setpoints(specs[s.id].data, specs[s.id].path)) for s in plan.steps}
    rows = [[i, s.id, as_written(s.T, written[s.id]), s.runs, qty(s.time, "h"), mass(_sum_mass(s.inputs)),
             mass(_sum_mass(s.outputs)), qty(s.heat.net, "kWh")] for i, s in enumerate(plan.steps, 1)]
    steps = table(["#", "step", "T", "runs", "time", "in", "out", "net heat"], rows,
                  f"{plan.recipe.name}: {len(plan.steps)} steps, {plan.scale:.4g} × the recipe's lab amounts")
    totals = table(["total per batch", "value"], [[name, _read(q)] for name, q in totals_rows(plan)])
    return steps + totals


def sheet_html(sheet) -> str:
    """Which batch the sheet is for, and its bill of materials."""
    h = sheet.header
    rows = [["route", h.title], ["recipe", f"{h.recipe} ({h.source}), sha256 {h.sha256[:12]}"],
            ["product", f"{h.product}, {mass(h.product_mass)} per batch"],
            ["scale factor", f"{h.scale_factor:.6g} × the recipe's lab amounts"], ["batch id", h.batch_id],
            ["date", h.date]]
    head = table(["field", "value"], rows, f"batch sheet {h.batch_id}")
    bom = table(["#", "step", "material", "quantity"], [[b.line, b.step, b.material, mass(b.mass)] for b in sheet.bom],
                "bill of materials")
    return head + bom


def sweep_html(result) -> str:
    """Each output's minimum and maximum over the grid, with the parameter values where they fall."""
    rows = []
    for name, q in result.outputs.items():
        values = q.magnitude
        if np.all(np.isnan(values)):
            rows.append([name, result.unit(name), "n/a", "", "n/a", ""])
            continue
        lo, hi = int(np.nanargmin(values)), int(np.nanargmax(values))
        rows.append([name, result.unit(name), f"{values[lo]:.4g}", _at(result, lo), f"{values[hi]:.4g}",
                     _at(result, hi)])
    caption = (f"{result.recipe.name}: {result.points:,} points over {', '.join(result.inputs)}; "
               "outputs per kg of product")
    return table(["output", "unit", "min", "at", "max", "at"], rows, caption)


def campaign_html(camp) -> str:
    """Each recycled species' fresh make-up in the first and the last batch against its steady state (the lag of
    the recycle), then the campaign's totals (:meth:`synth.plant.campaign.Campaign.totals_rows`)."""
    first, last = camp.batches[0], camp.batches[-1]
    rows = [[camp.names[k], mass(first.fresh[camp.names[k]][0]), mass(last.fresh[camp.names[k]][0]),
             mass(e["make_up"][0])] for k, e in camp.steady_state().items()]
    caption = (f"campaign of {len(camp.batches)} batches of {mass(camp.product)} {camp.line.product}, "
               f"one every {qty(camp.line.cycle_time, 'h')}")
    make_up = table(["fresh", "batch 1", f"batch {last.number}", "steady state"], rows, caption)
    return make_up + table(["total over the campaign", "value"], [[name, _read(q)] for name, q in camp.totals_rows()])


def uncertainty_html(result, percentiles: tuple[int, ...]) -> str:
    """Each output's mean, standard deviation and ``percentiles`` over the samples (as ``synth uncertainty``
    prints them), with the value that drives it most."""
    rows = []
    for name, s in result.summaries.items():
        top = result.drivers(name)[:1]
        figures = [f"{v:.4g}" if np.isfinite(v) else "n/a" for v in s.magnitudes]
        rows.append([name, s.unit, *figures, f"{top[0][0]} ({top[0][1]:.2f})" if top else "–"])
    measure = "total Sobol index" if result.sobol else "|Spearman rho|"
    caption = (f"{result.recipe.name}: {len(result.samples):,} samples ({result.method}, seed {result.seed}) of "
               f"{len(result.parameters)} uncertain values; outputs per kg of product")
    return table(["output", "unit", "mean", "sd", *(f"P{p}" for p in percentiles), f"driven most by ({measure})"],
                 rows, caption)


def _at(result, i: int) -> str:
    return ", ".join(qty(q[i]) for q in result.inputs.values())


def _q(value, unit: str):
    from ..units import Q_

    return Q_(value, unit)


def _sum_mass(streams):
    return _q(sum(st.mass_g() for st in streams.values()), "g")


def _read(q) -> str:
    return mass(q) if q.check("[mass]") else qty(q)
