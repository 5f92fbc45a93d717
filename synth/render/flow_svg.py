"""The process flow diagram of a batch sheet as inline SVG, with stream widths that follow the mass flow.

Presentation only. The steps stand in a column, top to bottom, each box naming its sub-operations with their
temperatures as the recipe wrote them (the dryer at 400 °C, the cell at 1000 K, the HCl burner); fresh charges
enter from the left, off-gases and wastes leave to the right, the solid (and any stream a later step takes)
runs down between the steps, and returned streams run back on lanes at the far left, outside the fresh
charges, so that no line crosses another. Every stream is a band labelled with its number in the stream table
(S1, S2, ...) and its mass per batch; a legend says what the colours, dashes and widths mean.
The masses of one batch span five orders of magnitude (grams of H2 beside tonnes of water), so a band's
width grows with the logarithm of its mass: a heavier stream is always the wider one, and the label gives
the number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from html import escape

from ..sheet import Sheet
from .plant_units import SHEET, PlantUnits
from .sheet_format import m, named, stream_key, stream_numbers
from .written import as_written

WIDTH = 1000
BOX_X, BOX_W = 440, 190
CENTRE = BOX_X + BOX_W / 2
LABEL_X, RIGHT_X = 12, WIDTH - 80  # off-gases and wastes end at RIGHT_X; lanes to later steps run beyond it
FEED_X = 130  # fresh charges start here; the recycle lanes run to the left of it
W_MIN, W_MAX = 1.5, 22.0
ROW, PAD, GAP, TOP, LINE = 40, 26, 64, 84, 15
LANE_RIGHT, LANE_LEFT, LANE_STEP = RIGHT_X + 24, 24, 30
CHAR = 7.4  # width of a character of the 13 px labels, for shortening a label that would not fit
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
    number: str = ""  # S1, S2, ...: the stream's number in the stream table
    lane: int = 0  # a returned stream's lane, counted from the outermost
    shown: str = ""  # the mass as the sheet writes it (in its plant units)

    @property
    def label(self) -> str:
        return f"{self.number} {self.name} {self.shown}"

    def fit(self, room: float, suffix: str = "") -> str:
        """The label, or the stream's name for its materials where they would not fit in ``room`` units."""
        full = f"{self.label}{suffix}"
        return full if len(full) * CHAR <= room else f"{self.number} {self.stream} {self.shown}{suffix}"

    @property
    def short(self) -> str:
        return f"{self.number} {self.name if len(self.name) <= SHORT else self.stream} {self.shown}"


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


def render(sheet: Sheet, u: PlantUnits = SHEET) -> str:
    """The diagram as an ``<svg>`` element (no external references), scaled to the width of its container;
    masses and temperatures in ``u``."""
    numbers = stream_numbers(sheet)
    bands = [_Band(b.step, named(b.material, b.purchased, b.dilution), b.mass.to("g").magnitude, "fresh",
                   number=numbers[(b.step, b.stream, True)], shown=m(b.mass, u)) for b in sheet.bom] + \
            [_Band(f.step, " + ".join(c.material for c in f.components), f.mass.to("g").magnitude, f.kind,
                   f.destination, f.stream, numbers[stream_key(f)], shown=m(f.mass, u))
             for f in sheet.streams if f.kind != "fresh"]
    bands = _nested([b for b in bands if b.grams > 0], [s.id for s in sheet.steps])
    width = _scale(min((b.grams for b in bands), default=1.0), max((b.grams for b in bands), default=1.0))
    boxes = _boxes(sheet, bands)
    lanes = {"right": 0}
    parts = [_legend(width)] + [_band(b, boxes, width(b.grams), lanes) for b in bands]
    parts += [_box(step, boxes[step.id], u) for step in sheet.steps]
    height = max(b.y + b.height for b in boxes.values()) + GAP + 20
    return (f'<svg class="flow" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-label="process flow diagram">\n' + "\n".join(parts) + "\n</svg>\n")


def _nested(bands: list[_Band], order: list[str]) -> list[_Band]:
    """Returned streams nested so that none crosses another: the one that goes back furthest leaves its step
    lowest and takes the outermost lane."""
    def span(b: _Band) -> int:
        return order.index(b.step) - order.index(b.destination)

    returned = sorted((b for b in bands if b.kind == "returned"), key=span)
    lanes = {id(b): i for i, b in enumerate(sorted(returned, key=span, reverse=True))}
    return [b for b in bands if b.kind != "returned"] + [replace(b, lane=lanes[id(b)]) for b in returned]


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
        boxes[step.id] = _Box(y, max(max(left, right, 1) * ROW, (len(_box_lines(step)) + 1) * LINE) + 2 * PAD)
        y += boxes[step.id].height + GAP
    return boxes


def _band(b: _Band, boxes: dict[str, _Box], w: float, lanes: dict) -> str:
    """A band with its label: in from the left, out to the right, back up a lane, or down to a later step."""
    box = boxes[b.step]
    if b.kind == "fresh":
        y = box.row("left")
        return _path(f"M{FEED_X},{y:.1f} H{BOX_X}", w, b) + _text(FEED_X, y - w / 2 - 4, b.label)
    if b.kind in ("off-gas", "by-product"):
        y = box.row("right")
        return _path(f"M{BOX_X + BOX_W},{y:.1f} H{RIGHT_X}", w, b) + \
            _text(RIGHT_X, y - w / 2 - 4, b.fit(RIGHT_X - BOX_X - BOX_W - 8, f" ({b.kind})"), "end")
    if b.kind == "returned":  # out of the left side, round on its own lane left of the fresh charges, back in
        y0, y1 = box.row("left"), boxes[b.destination].row("left")
        lane = LANE_LEFT + LANE_STEP * b.lane
        return _path(f"M{BOX_X},{y0:.1f} H{lane} V{y1:.1f} H{BOX_X}", w, b) + \
            _text(FEED_X, y1 - w / 2 - 4, f"↺ {b.label} from {b.step}")
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
    return _path(path, w, b) + _text(lane - w / 2 - 4, y_in - 4, b.short, "end")


def _path(d: str, w: float, b: _Band) -> str:
    dash = ' stroke-dasharray="6 3"' if b.kind == "returned" else ""
    return (f'<path class="stream {b.kind}" d="{d}" fill="none" stroke="{COLOURS[b.kind]}" stroke-width="{w:.3f}" '
            f'stroke-opacity="0.8"{dash} data-mass-g="{b.grams:.6g}"><title>{escape(b.label)}</title></path>\n')


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _box(step, box: _Box, u: PlantUnits) -> str:
    lines = _box_lines(step, u)
    top = box.y + box.height / 2 - LINE * (len(lines) - 1) / 2 + 4
    weight = ' font-weight="normal"'  # the step's name in bold, what it runs in plain type
    text = "".join(f'<tspan x="{CENTRE}" dy="{0 if i == 0 else LINE}"{weight if i else ""}>{escape(t)}</tspan>'
                   for i, t in enumerate(lines))
    return (f'<rect x="{BOX_X}" y="{box.y}" width="{BOX_W}" height="{box.height}" rx="6" fill="#f4f4f4" '
            f'stroke="#333"/>\n<text class="box" x="{CENTRE}" y="{top:.1f}" text-anchor="middle">{text}</text>')


def _box_lines(step, u: PlantUnits = SHEET) -> list[str]:
    """A step's name, its sub-operations with their temperatures as written (``cell 1000 K``) or its own
    temperature, and its runs."""
    stages: dict[str, list] = {}
    for s in step.setpoints:
        stages.setdefault(s.stage.removesuffix(".conditions"), []).append(s)
    subs = []
    for stage, settings in stages.items():
        if stage in ("conditions", "step"):
            continue
        T = [s.value for s in settings if s.name == "T" and not isinstance(s.value, str)]
        fuel = [s.value for s in settings if s.name == "fuel"]
        if T:
            subs.append(f"{stage} {as_written(T[0], T, u)}")
        elif fuel:
            subs.append(f"{stage}: {fuel[0]} burner")
    main = [s.value for s in stages.get("conditions", []) if s.name == "T" and not isinstance(s.value, str)]
    temperatures = ([as_written(step.T, main, u)] if main or not subs else []) + subs
    return [f"{step.number}. {step.id}", *temperatures, f"{step.runs} run(s)"]


def _legend(width) -> str:
    """What the colours, the dashes, the widths and the numbers mean."""
    items = [f'<rect x="{LABEL_X + 160 * i}" y="30" width="16" height="10" fill="{COLOURS[kind]}"/>'
             + _text(LABEL_X + 160 * i + 22, 39, words) for i, (kind, words) in enumerate(LEGEND.items())]
    dash = (f'<path d="M{LABEL_X},58 H{LABEL_X + 40}" stroke="{COLOURS["returned"]}" stroke-width="4" '
            f'stroke-dasharray="6 3"/>' + _text(LABEL_X + 48, 62, "returned to an earlier step (recycle)"))
    note = _text(LABEL_X, 16, "S1, S2, ...: stream numbers of the stream table. Masses per batch; a band's width "
                              "grows with the logarithm of its mass.")
    return "\n".join([note, *items, dash])
