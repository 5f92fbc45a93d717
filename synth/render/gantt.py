"""The equipment-occupancy (Gantt) chart of a line plan: rich text for the terminal, SVG for the HTML
sheet, PNG for ``--plot``. Presentation only: every bar is a run of the plan's schedule.

One row per unit (the first :data:`MAX_INSTANCES` of a kind in parallel, then a row that says how many
more), time in operating hours across, each run a bar labelled with its batch number.
"""

from __future__ import annotations

import math
from html import escape

from rich.text import Text

from ..errors import InputError

MAX_INSTANCES = 3  # rows drawn per kind of unit; the rest are counted
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f")
STYLES = ("blue", "dark_orange", "green", "red", "cyan", "yellow", "magenta", "bright_black")


def checked_hours(hours: float | None) -> float | None:
    """``hours`` (``--hours``, the span a chart shows) if it is a positive, finite number, or None; refused
    otherwise, before any planning (``inf`` would draw nothing and print ``inf h``; ``nan`` compares false)."""
    if hours is not None and not (hours > 0 and math.isfinite(hours)):
        raise InputError(f"--hours must be a positive, finite number of hours (e.g. 100), not {hours:g}")
    return hours


def window(line, hours: float | None = None) -> float:
    """Hours shown: ``hours``, or enough for the first batches to fill the line and a few cycles after."""
    if checked_hours(hours) is not None:
        return hours
    return min(line.schedule.makespan_s, line.schedule.finish_s[0] + 4 * line.cycle_time_s) / 3600.0


def rows(line) -> list[tuple[str, str, int | None]]:
    """(unit id, label, instance or None for a 'more' row) in plant order."""
    out = []
    for use in line.units:
        n = use.unit.count
        for i in range(min(n, MAX_INSTANCES)):
            out.append((use.unit.id, f"{use.unit.id} #{i + 1}" if n > 1 else use.unit.id, i))
        if n > MAX_INSTANCES:
            out.append((use.unit.id, f"  … {n - MAX_INSTANCES} more {use.unit.id}", None))
    return out


def _runs(line, unit: str, instance: int, end_h: float):
    return [r for r in line.schedule.runs if r.unit == unit and r.instance == instance and r.start_s / 3600.0 < end_h]


def text(line, hours: float | None = None, width: int = 72) -> Text:
    """The chart as rich text: each cell is ``hours / width``; a run shows its batch's last digit."""
    end_h = window(line, hours)
    labels = rows(line)
    pad = max(len(label) for _, label, _ in labels) + 1
    out = Text(f"{'unit':<{pad}}0 h{'':>{width - 10}}{end_h:.0f} h\n")
    for unit, label, instance in labels:
        out.append(f"{label:<{pad}}")
        if instance is None:
            out.append("\n")
            continue
        cells: list[tuple[str, str]] = [("·", "dim")] * width
        for r in _runs(line, unit, instance, end_h):
            a = int(r.start_s / 3600.0 / end_h * width)
            b = max(a + 1, int(r.end_s / 3600.0 / end_h * width))
            for c in range(a, min(b, width)):
                cells[c] = (str(r.batch % 10), f"bold white on {STYLES[(r.batch - 1) % len(STYLES)]}")
        for ch, style in cells:
            out.append(ch, style=style)
        out.append("\n")
    out.append(f"each cell {end_h / width:.3g} h; the digit is the batch number (mod 10); · idle")
    return out


def svg(line, hours: float | None = None, width: int = 720) -> str:
    """The chart as an SVG to inline in HTML (no namespace, fonts or scripts: nothing is loaded)."""
    end_h = window(line, hours)
    labels = rows(line)
    left, top, row_h = 150, 24, 18
    plot_w = width - left - 10
    height = top + row_h * len(labels) + 30
    x = lambda h: left + h / end_h * plot_w  # noqa: E731
    parts = [f'<svg class="gantt" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" font-family="sans-serif" font-size="10">',
             f'<title>equipment occupancy, first {end_h:.0f} h</title>']
    step = _tick(end_h)
    t = 0.0
    while t <= end_h + 1e-9:
        parts.append(f'<line x1="{x(t):.1f}" y1="{top - 4}" x2="{x(t):.1f}" y2="{height - 26}" stroke="#ddd"/>'
                     f'<text x="{x(t):.1f}" y="{top - 8}" text-anchor="middle">{t:g} h</text>')
        t += step
    for k, (unit, label, instance) in enumerate(labels):
        y = top + k * row_h
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(label)}</text>')
        if instance is None:
            continue
        for r in _runs(line, unit, instance, end_h):
            a, b = x(r.start_s / 3600.0), x(min(r.end_s / 3600.0, end_h))
            colour = PALETTE[(r.batch - 1) % len(PALETTE)]
            parts.append(f'<rect x="{a:.1f}" y="{y + 2}" width="{max(b - a, 0.5):.1f}" height="{row_h - 4}" '
                         f'fill="{colour}"><title>batch {r.batch}, {escape(r.step)}/{escape(r.stage)}, run '
                         f'{r.run + 1}: {r.start_s / 3600:.2f}-{r.end_s / 3600:.2f} h</title></rect>')
            if b - a > 14:
                parts.append(f'<text x="{(a + b) / 2:.1f}" y="{y + 12}" text-anchor="middle" fill="#fff">'
                             f'{r.batch}</text>')
    parts.append(f'<text x="{left}" y="{height - 8}">operating hours; bars are runs labelled with their batch; '
                 f'batches start every {line.cycle_time_s / 3600:.4g} h</text></svg>')
    return "\n".join(parts)


def _tick(end_h: float) -> float:
    for step in (1, 2, 4, 6, 12, 24, 48, 96, 168, 336, 720, 1440, 2880):
        if end_h / step <= 12:
            return float(step)
    return end_h / 10


def png(line, hours: float | None = None) -> bytes:
    """The chart as PNG bytes (needs matplotlib)."""
    from .plotting import png_bytes, require

    plt = require()
    end_h = window(line, hours)
    labels = rows(line)
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(labels) + 1.2))
    for k, (unit, _, instance) in enumerate(labels):
        if instance is None:
            continue
        for r in _runs(line, unit, instance, end_h):
            ax.broken_barh([(r.start_s / 3600.0, (r.end_s - r.start_s) / 3600.0)], (k - 0.4, 0.8),
                           color=PALETTE[(r.batch - 1) % len(PALETTE)])
    ax.set_yticks(range(len(labels)), [label for _, label, _ in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, end_h)
    ax.set_xlabel("operating time / h")
    ax.set_title(f"equipment occupancy: batches every {line.cycle_time_s / 3600:.4g} h")
    return png_bytes(fig, 120)
