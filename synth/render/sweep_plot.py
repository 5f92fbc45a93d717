"""A sweep as a PNG: each output against the first varied parameter, one line per value of the others.

Needs matplotlib (``pip install "synth[plot]"``, :mod:`.plotting`); imported only when a plot is asked for.
"""

from __future__ import annotations

import numpy as np

from .plotting import png_bytes, require
from .sweep_view import heading

MAX_LINES = 8  # more combinations than this are drawn as the band between their minimum and maximum


def png(result) -> bytes:
    """The plot as PNG bytes (written by the caller, atomically)."""
    plt = require()
    names = list(result.inputs)
    x_name, x = names[0], result.inputs[names[0]]
    n_x = result.shape[0]
    outputs = list(result.outputs.items())
    cols = 2 if len(outputs) > 1 else 1
    rows = -(-len(outputs) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 3.2 * rows), squeeze=False, sharex=True)
    for ax, (name, q) in zip(axes.flat, outputs, strict=False):  # spare axes are hidden below
        _draw(ax, x.magnitude.reshape(n_x, -1), q.magnitude.reshape(n_x, -1), result, names[1:])
        ax.set_ylabel(heading(result, name))
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(outputs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(heading(result, x_name))
    fig.suptitle(f"{result.recipe.name}: outputs per kg of product ({result.points:,} points)")
    return png_bytes(fig, 110)


def _draw(ax, x, y, result, others: list[str]) -> None:
    """Lines for each combination of the other parameters, or their min-max band when there are many."""
    if y.shape[1] <= MAX_LINES:
        for j in range(y.shape[1]):
            label = ", ".join(f"{n}={result.inputs[n].magnitude.reshape(x.shape)[0, j]:.3g}" for n in others)
            ax.plot(x[:, j], y[:, j], label=label or None)
        if others and y.shape[1] > 1:
            ax.legend(fontsize="x-small")
        return
    ax.fill_between(x[:, 0], np.nanmin(y, axis=1), np.nanmax(y, axis=1), alpha=0.3,
                    label=f"range over {', '.join(others)}")
    ax.plot(x[:, 0], np.nanmedian(y, axis=1), label="median")
    ax.legend(fontsize="x-small")
