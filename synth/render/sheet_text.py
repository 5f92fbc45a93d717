"""A batch sheet as plain text or Markdown, every line at most 100 columns.

Presentation only: :func:`synth.render.sheet_layout.compose` says what to show. Tables are laid out to fit
the width: a cell too long for its column wraps onto continuation rows. Blank cells are for the operator
(lot number, actual quantity, initials): underlined in text, empty in Markdown.
"""

from __future__ import annotations

import textwrap

from ..sheet import Sheet
from . import sheet_format as f
from .plant_units import SHEET, PlantUnits
from .sheet_layout import compose

WIDTH = 100
MIN_COLUMN = 6
BLANK_WIDTH = 10


def render(sheet: Sheet, style: str = "md", cost: dict | None = None, units: PlantUnits = SHEET) -> str:
    """The whole sheet as ``md`` (Markdown) or ``txt`` (plain text), quantities in ``units``; ``cost`` (``synth
    cost --json``) adds the cost section."""
    doc = TextDocument(style)
    compose(sheet, doc, units)
    if cost is not None:
        from .sheet_cost import add

        add(doc, cost, 10, units)
    return "\n".join(doc.lines).rstrip("\n") + "\n"


class TextDocument:
    """Lines of a text or Markdown document, wrapped to :data:`WIDTH`."""

    wide = False

    def __init__(self, style: str) -> None:
        self.md = style == "md"
        self.lines: list[str] = []

    def section(self, title: str, level: int = 2) -> None:
        self._title(title if self.md else title.upper(), level)

    def heading(self, title: str) -> None:
        self._title(title, 3)

    def _title(self, title: str, level: int) -> None:
        """A Markdown heading, or in text the title underlined with ``=``, ``-`` or ``~``."""
        if self.md:
            self.lines += [*textwrap.wrap(f"{'#' * level} {title}", WIDTH), ""]
        else:
            wrapped = textwrap.wrap(title, WIDTH)
            self.lines += [*wrapped, "=-~"[level - 1] * max(len(line) for line in wrapped), ""]

    def label(self, text: str) -> None:
        self.lines += [f"**{text}**" if self.md else f"{text}:", ""]

    def para(self, text: str) -> None:
        self.lines += [*textwrap.wrap(text, WIDTH), ""]

    def items(self, texts: list[str]) -> None:
        for text in texts:
            self.lines += textwrap.wrap(text, WIDTH, initial_indent="- ", subsequent_indent="  ")
        self.lines.append("")

    def figure(self, sheet: Sheet, units: PlantUnits = SHEET) -> None:
        """The flow diagram is drawn in the HTML sheet only; here, the route in one line per step."""
        self.para("The diagram is drawn in the HTML sheet (--format html); section 6 lists every stream.")
        self.items([f"step {s.number}, {s.id}: " + "; ".join(f"{o.stream} {f.m(o.mass, units)} {f.destination(o)}"
                                                         for o in s.outputs) for s in sheet.steps])

    def table(self, headers: list[str], rows: list[list]) -> None:
        """A table whose columns narrow until a row fits the width; long cells wrap."""
        cells = [[_cell(c, self.md) for c in row] for row in [headers, *rows]]
        widths = _widths(cells, rows, WIDTH - (3 * len(headers) + 1 if self.md else 2 * (len(headers) - 1)))
        for i, row in enumerate(cells):
            blanks = [i > 0 and rows[i - 1][j] is f.BLANK for j in range(len(row))]
            self.lines += [self._line(parts, widths) for parts in _wrapped(row, widths, blanks, self.md)]
            if i == 0:
                self.lines.append(self._line(["-" * w for w in widths], widths, rule=True))
        self.lines.append("")

    def _line(self, parts: list[str], widths: list[int], rule: bool = False) -> str:
        if self.md:
            return ("|" + "|".join(f"-{p}-" for p in parts) + "|") if rule else \
                "| " + " | ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)) + " |"
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()


def _cell(value, md: bool) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|") if md else text


def _widths(cells: list[list[str]], rows: list[list], budget: int) -> list[int]:
    """Column widths: each column's longest cell (blank columns :data:`BLANK_WIDTH`), narrowed one character
    at a time until the row fits ``budget``: first the column with the most room above its longest word (so
    prose wraps between words), then, if that is not enough, the widest."""
    widths, floors = [], []
    for j in range(len(cells[0])):
        blank = bool(rows) and all(row[j] is f.BLANK for row in rows)
        widths.append(max(BLANK_WIDTH if blank else 0, *(len(row[j]) for row in cells)))
        floors.append(max(MIN_COLUMN, *(len(word) for row in cells for word in row[j].split())))
    while sum(widths) > budget and max(widths) > MIN_COLUMN:
        room = [w - floor for w, floor in zip(widths, floors, strict=True)]
        j = room.index(max(room)) if max(room) > 0 else widths.index(max(widths))
        widths[j] -= 1
    return widths


def _wrapped(row: list[str], widths: list[int], blanks: list[bool], md: bool) -> list[list[str]]:
    """The physical lines of one table row: each cell wrapped to its column, blanks drawn as a write-in line."""
    columns = []
    for text, width, blank in zip(row, widths, blanks, strict=True):
        lines = textwrap.wrap(text, width, break_long_words=True) or [""]
        columns.append(["_" * width] if blank and not md else lines)
    height = max(len(c) for c in columns)
    return [[c[k] if k < len(c) else "" for c in columns] for k in range(height)]
