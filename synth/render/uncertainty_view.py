"""An uncertainty analysis for people, spreadsheets and slides: tables, CSV of the samples, histograms and a
tornado chart. Presentation only: every figure comes from :class:`synth.uncertainty.UncertaintyResult`."""

from __future__ import annotations

import csv
import io

import numpy as np
from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .cells import cell, comment, made_from, numbers
from .plotting import png_bytes, require

TORNADO_BARS = 10


def _label(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


def table(result) -> Group:
    """Parameters, each output's distribution, what drives it, and the probability of each limit."""
    params = Table(title=escape(f"{result.recipe.name}: {len(result.samples):,} samples ({result.method}, seed "
                                f"{result.seed}) over {len(result.parameters)} uncertain values"),
                   title_justify="left")
    for col in ("uncertain value", "distribution", "nominal", "source"):
        params.add_column(col, overflow="fold")
    for p in result.parameters:
        s = p.spread
        bounded = s.dist in ("uniform", "triangular")
        shape = f"{s.dist} {s.low:.4g}..{s.high:.4g}" if bounded else f"{s.dist} sd {s.sd:.4g}"
        params.add_row(escape(p.name), escape(f"{shape} {p.unit}"), f"{s.nominal:.4g}", escape(p.source[:60]))
    outs = Table(title="outputs per kg of product", title_justify="left")
    for col in ("output", "mean", "sd", "P5", "P50", "P95", "top driver"):
        outs.add_column(col, justify="left" if col in ("output", "top driver") else "right")
    for name, s in result.summaries.items():
        drivers = result.drivers(name)
        top = f"{drivers[0][0]} ({drivers[0][1]:.2f})" if drivers and drivers[0][1] >= 0.05 else "–"
        outs.add_row(escape(_label(name, s.unit)), *(f"{v:.4g}" for v in s.magnitudes),
                     escape(top))
    measure = "total Sobol index ST" if result.sobol else "|Spearman rho|"
    outs.caption = f"top driver: the uncertain value with the largest {measure}"
    outs.caption_justify = "left"
    parts = [params, outs, Text("\n".join(result.sentence(name) for name in result.summaries))]
    if result.limits:
        parts.append(Text("\n".join(f"P({lim.text}) = {lim.probability:.3f}" for lim in result.limits)))
    return Group(*parts)


def to_csv(result, provenance: dict) -> str:
    """One row per sample: the uncertain values, then the outputs; ``#`` lines say what it came from. Text cells
    and ``#`` lines go through :mod:`~synth.render.cells` (a step's id or the recipe's path is user text);
    numbers are written in full (``repr``), a sample without a value as an empty cell."""
    buf = io.StringIO()
    buf.write(comment(f"synth uncertainty of {result.recipe.source} (sha256 {result.recipe.sha256}); "
                      f"{len(result.samples)} samples, {result.method}, seed {result.seed}"))
    if result.basis:
        buf.write(comment(f"basis: {result.basis}; outputs per kg of product"))
    buf.writelines(made_from(provenance))
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([cell(_label(p.name, p.unit)) for p in result.parameters]
                    + [cell(_label(n, s.unit)) for n, s in result.summaries.items()])
    columns = ([numbers(column) for column in result.samples.T]
               + [numbers(result.outputs[n].magnitude) for n in result.summaries])
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue()


def png(result, focus: str | None = None) -> bytes:
    """Histograms of every varying output, and a tornado chart of what drives ``focus`` (default: cost, or the
    first output)."""
    plt = require()
    varying = [n for n, s in result.summaries.items() if s.valid and s.sd > 1e-9 * abs(s.mean)]
    fallback = (varying or list(result.summaries))[0]
    focus = focus or ("variable cost" if "variable cost" in result.summaries else fallback)
    cols = 3
    rows = -(-len(varying) // cols) + 1
    fig = plt.figure(figsize=(5 * cols, 3 * rows))
    grid = fig.add_gridspec(rows, cols)
    for k, name in enumerate(varying):
        ax = fig.add_subplot(grid[k // cols, k % cols])
        y = result.outputs[name].magnitude
        ax.hist(y[np.isfinite(y)], bins=40, color="0.55")
        s = result.summaries[name]
        for p, v in zip((5, 50, 95), s.percentiles, strict=True):
            ax.axvline(v.magnitude, color="k", lw=0.8, ls="--" if p != 50 else "-")
        ax.set_xlabel(_label(name, s.unit), fontsize="small")
    ax = fig.add_subplot(grid[rows - 1, :])
    drivers = result.drivers(focus)[:TORNADO_BARS][::-1]
    signed = [result.spearman[focus].get(p, 0.0) for p, _ in drivers]
    values = [v if result.sobol.get(focus) else s for (_, v), s in zip(drivers, signed, strict=True)]
    ax.barh([p for p, _ in drivers], values, color=["#b04a3a" if s < 0 else "#3a6fb0" for s in signed])
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlabel("total Sobol index ST" if result.sobol.get(focus) else "Spearman rank correlation")
    ax.set_title(f"what drives {focus} (blue: raises it, red: lowers it)", fontsize="medium")
    fig.suptitle(f"{result.recipe.name}: {len(result.samples):,} samples, seed {result.seed}")
    return png_bytes(fig, 100)
