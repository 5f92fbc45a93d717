"""A sweep for people and spreadsheets: the parameter list, a summary table, and CSV. Presentation only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import numpy as np
from rich.markup import escape
from rich.table import Table

from .cells import cell, comment, made_from, numbers
from .terminal import fmt


def heading(result, name: str) -> str:
    """A column or axis title: ``name [unit]`` (the unit as :meth:`~synth.sweep.SweepResult.unit` gives it:
    ``PMI [kg/kg]``), or the bare name for a pure number."""
    unit = result.unit(name)
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
        label = escape(heading(result, name))
        if np.all(np.isnan(values)):
            table.add_row(label, "n/a", "", "n/a", "")
            continue
        lo, hi = int(np.nanargmin(values)), int(np.nanargmax(values))
        table.add_row(label, f"{values[lo]:.4g}", _at(result, lo), f"{values[hi]:.4g}", _at(result, hi))
    return table


def _at(result, i: int) -> str:
    return escape(", ".join(fmt(q[i]) for q in result.inputs.values()))


#: Grid points per block of CSV text: the text in memory at once is about 2 MB for a typical sweep.
CSV_ROWS = 16_384


def to_csv(result, provenance: dict) -> Iterator[str]:
    """One row per grid point: the varied parameters, then the outputs; ``#`` lines say what it came from.

    The text comes in blocks of :data:`CSV_ROWS` rows, to be written as it is made: a 5,000,000-point sweep is
    about 700 MB of CSV, which is never one string in memory. Numbers are written in full (``repr``); a point
    without a value is an empty cell; text cells and ``#`` lines go through :mod:`~synth.render.cells`."""
    buf = io.StringIO()
    buf.write(comment(f"synth sweep of {result.recipe.source} (sha256 {result.recipe.sha256})"))
    if result.basis is not None:
        buf.write(comment(f"basis: {result.basis.name} = {fmt(result.basis.value)}; outputs per kg of product"))
    buf.writelines(made_from(provenance))
    buf.writelines(comment(f"{name}: {meaning}") for name, meaning in result.meanings.items())
    columns = {**result.inputs, **result.outputs}
    csv.writer(buf, lineterminator="\n").writerow([cell(heading(result, name)) for name in columns])
    yield buf.getvalue()
    magnitudes = [np.asarray(q.magnitude, dtype=float) for q in columns.values()]
    for start in range(0, result.points, CSV_ROWS):
        texts = [numbers(m[start:start + CSV_ROWS]) for m in magnitudes]
        yield "".join(",".join(row) + "\n" for row in zip(*texts, strict=True))


def _plural(n: int) -> str:
    return "" if n == 1 else "s"
