"""A sweep for people and spreadsheets: the parameter list, a summary table, and CSV. Presentation only."""

from __future__ import annotations

import csv
import io

import numpy as np
from rich.markup import escape
from rich.table import Table

from .terminal import fmt


def heading(name: str, q) -> str:
    """A column or axis title: ``name [unit]``, or the bare name for a pure number."""
    unit = f"{q.units:~P}"
    return f"{name} [{unit}]" if unit else name


def parameter_list(params, recipe_name: str, why_fixed: dict[str, str]) -> Table:
    """What ``--vary`` accepts: each quantity of the recipe with its value and source; then what stays fixed."""
    fixed = {kind: [p.name for p in params if p.fixed == kind] for kind in why_fixed}
    caption = "\n".join(f"fixed, {kind}s ({why_fixed[kind]}): {', '.join(names)}"
                        for kind, names in fixed.items() if names)
    table = Table(title=f"values of {recipe_name} that --vary NAME=START..STOP:N accepts", title_justify="left",
                  caption=escape(caption), caption_justify="left")
    longest = max((len(p.name) for p in params), default=4)
    table.add_column("name", no_wrap=True, min_width=min(longest, 48), overflow="fold")
    table.add_column("value", no_wrap=True)
    table.add_column("source", no_wrap=True)
    for p in params:
        if not p.fixed:
            table.add_row(escape(p.name), escape(fmt(p.value, 6)), escape(p.source))
    return table


def summary(result, seconds: float) -> Table:
    """Each output's range over the grid, and the parameter values at its minimum and maximum."""
    basis = "" if result.basis is None else f", basis {result.basis.name} = {fmt(result.basis.value)}"
    points = f"{result.points:,} point{_plural(result.points)}"
    table = Table(title=escape(f"{result.recipe.name}: {points} in {seconds:.3g} s{basis}; outputs per kg of product"),
                  title_justify="left",
                  caption=escape(f"at = the values of {', '.join(result.inputs)}"), caption_justify="left")
    for col in ("output", "min", "at", "max", "at"):
        table.add_column(col, justify="right" if col in ("min", "max") else "left")
    for name, q in result.outputs.items():
        values = q.magnitude
        label = escape(heading(name, q))
        if np.all(np.isnan(values)):
            table.add_row(label, "n/a", "", "n/a", "")
            continue
        lo, hi = int(np.nanargmin(values)), int(np.nanargmax(values))
        table.add_row(label, f"{values[lo]:.4g}", _at(result, lo), f"{values[hi]:.4g}", _at(result, hi))
    return table


def _at(result, i: int) -> str:
    return escape(", ".join(fmt(q[i]) for q in result.inputs.values()))


def to_csv(result, provenance: dict) -> str:
    """One row per grid point: the varied parameters, then the outputs; ``#`` lines say what it came from."""
    buf = io.StringIO()
    buf.write(f"# synth sweep of {result.recipe.source} (sha256 {result.recipe.sha256})\n")
    if result.basis is not None:
        buf.write(f"# basis: {result.basis.name} = {fmt(result.basis.value)}; outputs per kg of product\n")
    buf.write(f"# species data {provenance['species_data']['file']} (sha256 {provenance['species_data']['sha256']})"
              f"; versions {', '.join(f'{k} {v}' for k, v in provenance['versions'].items())}\n")
    for name, meaning in result.meanings.items():
        buf.write(f"# {name}: {meaning}\n")
    columns = {**result.inputs, **result.outputs}
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([heading(name, q) for name, q in columns.items()])
    data = np.column_stack([q.magnitude for q in columns.values()])
    for row in data:
        writer.writerow([repr(float(v)) if np.isfinite(v) else "" for v in row])
    return buf.getvalue()


def _plural(n: int) -> str:
    return "" if n == 1 else "s"
