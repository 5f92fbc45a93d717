"""The process flow diagram of a batch sheet as inline SVG, with stream widths that follow the mass flow.

Presentation only. The steps stand in a column, top to bottom; fresh charges enter from the left, off-gases
and wastes leave to the right, the solid (and any stream a later step takes) runs down between the steps,
and returned streams run back up on the left. Every stream is a band labelled with its mass per batch.
The masses of one batch span five orders of magnitude (grams of H2 beside tonnes of water), so a band's
width grows with the logarithm of its mass: a heavier stream is always the wider one, and the label gives
the number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from ..sheet import Sheet
from ..units import Q_
from .sheet_format import as_written, mass

WIDTH = 1000
BOX_X, BOX_W = 400, 200
CENTRE = BOX_X + BOX_W / 2
LABEL_X, RIGHT_X = 12, WIDTH - 12
W_MIN, W_MAX = 1.5, 22.0
ROW, PAD, GAP, TOP = 40, 26, 64, 64
LANE_RIGHT, LANE_LEFT, LANE_STEP = 640, 300, 28
SHORT = 24  # characters: a longer list of materials is labelled by its stream's name where space is tight
COLOURS = {"fresh": "#4c78a8", "intermediate": "#72b7b2", "product": "#54a24b", "returned": "#f58518",
           "off-gas": "#e45756", "by-product": "#b279a2"}
LEGEND = {"fresh": "fresh charge", "intermediate": "to a later step", "product": "product", "returned": "returned",
          "off-gas": "off-gas", "by-product": "by-product"}


@dataclass(frozen=True)
class _Band:
    """One stream to draw: from ``step`` to ``destination`` (a step id, or '' when it leaves)."""

    step: str
    name: str
    grams: float
    kind: str
    destination: str = ""
    stream: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} {_mass_g(self.grams)}"

    @property
    def short(self) -> str:
        return f"{self.name if len(self.name) <= SHORT else self.stream} {_mass_g(self.grams)}"


@dataclass
class _Box:
    """Where a step's box stands, and which of its rows and entries the bands have taken so far."""

    y: float
    height: float
    rows: dict = field(default_factory=lambda: {"left": 0, "right": 0})
    entries: int = 0

    def row(self, side: str) -> float:
        """The y of the next free row on the ``left`` or ``right`` side."""
        y = self.y + PAD + ROW * self.rows[side] + ROW * 0.6
        self.rows[side] += 1
        return y


def _mass_g(grams: float) -> str:
    return mass(Q_(grams, "g"))


def render(sheet: Sheet) -> str:
    """The diagram as an ``<svg>`` element (no external references), scaled to the width of its container."""
    bands = [_Band(b.step, b.material, b.mass.to("g").magnitude, "fresh") for b in sheet.bom] + \
            [_Band(f.step, " + ".join(c.material for c in f.components), f.mass.to("g").magnitude, f.kind,
                   f.destination, f.stream) for f in sheet.streams if f.kind != "fresh"]
    bands = [b for b in bands if b.grams > 0]
    width = _scale(min((b.grams for b in bands), default=1.0), max((b.grams for b in bands), default=1.0))
    boxes = _boxes(sheet, bands)
    lanes = {"right": 0, "left": 0}
    parts = [_legend()] + [_band(b, boxes, width(b.grams), lanes) for b in bands]
    parts += [_box(step, boxes[step.id]) for step in sheet.steps]
    height = max(b.y + b.height for b in boxes.values()) + GAP + 20
    return (f'<svg class="flow" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-label="process flow diagram">\n' + "\n".join(parts) + "\n</svg>\n")


def _scale(low: float, high: float):
    """Band width [SVG units] for a mass [g]: :data:`W_MIN` at the lightest stream, :data:`W_MAX` at the
    heaviest, logarithmic between (strictly increasing in mass)."""
    span = math.log10(high / low) if high > low else 0.0

    def width(grams: float) -> float:
        if span == 0.0:
            return (W_MIN + W_MAX) / 2
        return W_MIN + (W_MAX - W_MIN) * math.log10(max(grams, low) / low) / span
    return width


def _boxes(sheet: Sheet, bands: list[_Band]) -> dict[str, _Box]:
    """A box per step, tall enough for the bands that enter or leave it at the sides."""
    boxes, y = {}, TOP
    for step in sheet.steps:
        left = sum(1 for b in bands if (b.step == step.id and b.kind in ("fresh", "returned"))
                   or (b.destination == step.id and b.kind == "returned"))
        right = sum(1 for b in bands if b.step == step.id and b.kind in ("off-gas", "by-product"))
        boxes[step.id] = _Box(y, max(left, right, 1) * ROW + 2 * PAD)
        y += boxes[step.id].height + GAP
    return boxes


def _band(b: _Band, boxes: dict[str, _Box], w: float, lanes: dict) -> str:
    """A band with its label: in from the left, out to the right, back up a lane, or down to a later step."""
    box = boxes[b.step]
    if b.kind == "fresh":
        y = box.row("left")
        return _path(f"M{LABEL_X},{y:.1f} H{BOX_X}", w, b) + _text(LABEL_X, y - w / 2 - 4, b.label)
    if b.kind in ("off-gas", "by-product"):
        y = box.row("right")
        return _path(f"M{BOX_X + BOX_W},{y:.1f} H{RIGHT_X}", w, b) + \
            _text(RIGHT_X, y - w / 2 - 4, f"{b.label} ({b.kind})", "end")
    if b.kind == "returned":
        y0, y1 = box.row("left"), boxes[b.destination].row("left")
        lane = LANE_LEFT - LANE_STEP * lanes["left"]
        lanes["left"] += 1
        return _path(f"M{BOX_X},{y0:.1f} H{lane} V{y1:.1f} H{BOX_X}", w, b) + \
            _text(LABEL_X, y0 - w / 2 - 4, f"↺ {b.label} back to {b.destination}")
    return _chain(b, box, boxes.get(b.destination), w, lanes)


def _chain(b: _Band, box: _Box, target: _Box | None, w: float, lanes: dict) -> str:
    """A stream carried down: straight into the next step, round the steps in between on a lane to the right
    (labelled just above the step it enters), or out of the last step as the product."""
    y0 = box.y + box.height
    if target is None:
        return _path(f"M{CENTRE},{y0} V{y0 + GAP - 8}", w, b) + \
            _text(CENTRE - w / 2 - 4, y0 + GAP / 2, f"{b.short} ({b.kind})", "end")
    x1 = CENTRE + 30 * target.entries
    target.entries += 1
    if abs(target.y - (y0 + GAP)) < 1:
        return _path(f"M{CENTRE},{y0} V{y0 + GAP / 2} H{x1:.1f} V{target.y}", w, b) + \
            _text(CENTRE - w / 2 - 4, y0 + GAP / 2 + 4, b.short, "end")
    x0 = BOX_X + BOX_W * 0.85
    lane = LANE_RIGHT + LANE_STEP * lanes["right"]
    lanes["right"] += 1
    y_in = target.y - GAP / 3
    path = f"M{x0:.1f},{y0} V{y0 + GAP / 3:.1f} H{lane} V{y_in:.1f} H{x1:.1f} V{target.y}"
    return _path(path, w, b) + _text(lane + w / 2 + 4, y_in - 4, b.short)


def _path(d: str, w: float, b: _Band) -> str:
    dash = ' stroke-dasharray="6 3"' if b.kind == "returned" else ""
    return (f'<path class="stream {b.kind}" d="{d}" fill="none" stroke="{COLOURS[b.kind]}" stroke-width="{w:.2f}" '
            f'stroke-opacity="0.8"{dash} data-mass-g="{b.grams:.6g}"><title>{escape(b.label)}</title></path>\n')


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _box(step, box: _Box) -> str:
    written = [s.value for s in step.setpoints if s.name == "T" and not isinstance(s.value, str)]
    lines = [f"{step.number}. {step.id}", as_written(step.T, written), f"{step.runs} run(s)"]
    text = "".join(f'<tspan x="{CENTRE}" dy="{0 if i == 0 else 15}">{escape(t)}</tspan>' for i, t in enumerate(lines))
    return (f'<rect x="{BOX_X}" y="{box.y}" width="{BOX_W}" height="{box.height}" rx="6" fill="#f4f4f4" '
            f'stroke="#333"/>\n<text class="box" x="{CENTRE}" y="{box.y + box.height / 2 - 10:.1f}" '
            f'text-anchor="middle">{text}</text>')


def _legend() -> str:
    items = [f'<rect x="{LABEL_X + 160 * i}" y="30" width="16" height="10" fill="{COLOURS[kind]}"/>'
             + _text(LABEL_X + 160 * i + 22, 39, words) for i, (kind, words) in enumerate(LEGEND.items())]
    note = _text(LABEL_X, 16, "Masses per batch. Band width grows with the logarithm of the mass.")
    return "\n".join([note, *items])
