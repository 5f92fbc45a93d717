"""A batch sheet as one self-contained HTML file that prints cleanly on A4 and on Letter.

Presentation only: :func:`synth.render.sheet_layout.compose` says what to show, and the process flow
diagram is :mod:`synth.render.flow_svg`. Nothing is loaded from anywhere (no scripts, fonts, images or
links). The print style leaves the paper size to the printer (15 mm margins fit A4 and Letter), starts
every section on a new page, repeats table headers across pages, never splits a table row, and sets the
type small enough that the widest table (the bill of materials, 11 columns) fits the 180 mm of A4.
"""

from __future__ import annotations

from html import escape

from ..sheet import Sheet
from . import flow_svg, sheet_format as f
from .plant_units import SHEET, PlantUnits
from .sheet_layout import compose

CSS = """
@page { margin: 15mm; }
@page { @bottom-right { content: "batch %(batch)s, page " counter(page) " of " counter(pages);
                        font: 7pt sans-serif; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8pt; line-height: 1.3; }
body { margin: 0; color: #000; }
h1 { font-size: 14pt; margin: 0 0 6pt; }
h2 { font-size: 11pt; margin: 0 0 6pt; border-bottom: 1pt solid #444; }
h3 { font-size: 9.5pt; margin: 10pt 0 3pt; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 5pt; }
p.label { font-weight: bold; margin: 6pt 0 2pt; break-after: avoid; page-break-after: avoid; }
section { break-before: page; page-break-before: always; }
section:first-of-type { break-before: auto; page-break-before: auto; }
table { width: 100%%; border-collapse: collapse; margin: 0 0 6pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #777; padding: 1.5pt 3pt; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #e8e8e8; }
td.blank { min-width: 16mm; height: 5.5mm; }
td.hash { word-break: break-all; }
td.short { white-space: nowrap; }
svg.flow { display: block; width: 100%%; height: auto; max-height: 235mm; margin-top: 8pt; font-size: 13px; }
svg.flow text.box { font-weight: bold; }
svg.gantt { display: block; width: 100%%; height: auto; }
ul { margin: 0 0 5pt; padding-left: 14pt; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
"""


def render(sheet: Sheet, occupancy: str | None = None, cost: dict | None = None, units: PlantUnits = SHEET) -> str:
    """The whole sheet as an HTML document, quantities in ``units``; ``cost`` (``synth cost --json``) adds the
    cost section, and ``occupancy``, an SVG from :func:`synth.render.gantt.svg`, the equipment-occupancy chart
    of the line."""
    doc = HtmlDocument()
    compose(sheet, doc, units)
    if cost is not None:
        from .sheet_cost import add

        add(doc, cost, 10, units)
    if occupancy is not None:
        doc.section("Equipment occupancy")
        doc.para("Runs of this batch and the batches after it on the plant's units (synth plan).")
        doc.parts.append(occupancy)
    h = sheet.header
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(f'Batch sheet {h.batch_id}: {h.title}')}</title>\n"
            f"<style>{CSS % {'batch': h.batch_id}}</style>\n</head>\n<body>\n"
            + "\n".join(doc.parts) + "\n</section>\n</body>\n</html>\n")


class HtmlDocument:
    """HTML elements of a sheet: each section a ``<section>`` that starts a new printed page."""

    wide = True

    def __init__(self) -> None:
        self.parts: list[str] = []

    def section(self, title: str, level: int = 2) -> None:
        if self.parts:
            self.parts.append("</section>")
        self.parts.append(f"<section>\n<h{level}>{escape(title)}</h{level}>")

    def heading(self, title: str) -> None:
        self.parts.append(f"<h3>{escape(title)}</h3>")

    def para(self, text: str) -> None:
        self.parts.append(f"<p>{escape(text)}</p>")

    def label(self, text: str) -> None:
        self.parts.append(f'<p class="label">{escape(text)}</p>')

    def items(self, texts: list[str]) -> None:
        self.parts.append("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>")

    def figure(self, sheet: Sheet, units: PlantUnits = SHEET) -> None:
        self.parts.append(flow_svg.render(sheet, units))

    def table(self, headers: list[str], rows: list[list]) -> None:
        """A table; blank cells (for the operator) get room to write in; hashes may break anywhere."""
        head = "".join(f"<th>{escape(h)}</th>" for h in headers)
        body = "\n".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
        self.parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>")


SHORT = 12  # characters: a cell this short (a CAS number, a mass) is never broken across lines


def _td(value) -> str:
    """A cell: blank for the operator, a hash that may break anywhere, a short value kept on one line."""
    if value is f.BLANK:
        return '<td class="blank"></td>'
    text = str(value)
    kind = "hash" if len(text) >= 40 and " " not in text else "short" if len(text) <= SHORT else ""
    return f'<td class="{kind}">{escape(text)}</td>' if kind else f"<td>{escape(text)}</td>"
