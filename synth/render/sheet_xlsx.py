"""A batch sheet as an Excel workbook (openpyxl): the header, then one worksheet per table of the sheet.

Presentation only: the tables of :mod:`synth.render.sheet_tables` (bill of materials, procedure, streams,
balances, energy and, where the cost of the batch is given, cost), numbers as numbers in the unit of their
column header, text cells never read as formulas.
Each worksheet prints in landscape, one page wide, with 15 mm margins and its header row repeated; the
paper is A4 or Letter. The write-in columns (lot number, actual quantity, initials) have borders. The same
sheet and date give the same bytes (the workbook's dates are the batch date). Needs ``synth[xlsx]``.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from ..extras import need
from ..sheet import Sheet
from . import cells
from .plant_units import SHEET, PlantUnits
from .sheet_format import header_rows
from .sheet_tables import Table, tables

PAPER = {"a4": 9, "letter": 1}  # paperSize codes of SpreadsheetML (ECMA-376 Part 1, 18.3.1.63)
MARGIN_IN = 15 / 25.4  # 15 mm, the margin of the HTML sheet
WIDEST = 60  # characters: a longer column wraps


def render(sheet: Sheet, paper: str = "a4", units: PlantUnits = SHEET, costed: dict | None = None) -> bytes:
    """The workbook as the bytes of an .xlsx file, numbers in ``units``; a ``cost`` worksheet from ``costed``
    (what ``synth cost --json`` says of this batch) where it is given."""
    openpyxl = need("openpyxl", "xlsx", "--format xlsx")
    from openpyxl.styles import Alignment, Border, Font, Side

    styles = {"bold": Font(bold=True), "wrap": Alignment(wrap_text=True, vertical="top"),
              "box": Border(*(Side(style="thin"),) * 4)}
    book = openpyxl.Workbook()
    batch = book.active
    batch.title = "batch"
    header = tuple(header_rows(sheet, units))  # with the units and the gas state the tables are in
    _fill(batch, Table("batch", f"Batch sheet {sheet.header.batch_id}", ("field", "value"),
                       header + tuple((role, None) for role in sheet.header.signatures), write_in=()), styles, paper)
    for role_row in range(len(header) + 3, batch.max_row + 1):
        batch.cell(role_row, 2).border = styles["box"]  # signature lines
    for table in tables(sheet, units, costed):
        _fill(book.create_sheet(table.name), table, styles, paper)
    when = datetime.datetime.fromisoformat(sheet.header.date)
    book.properties.created = book.properties.modified = when
    book.properties.creator = f"synth {sheet.header.synth_version}"
    return _dated(book, when)


def _fill(ws, table: Table, styles: dict, paper: str) -> None:
    """Title, header row and rows of one table, with column widths, borders and the print set-up."""
    ws.append([table.title])
    ws["A1"].font = styles["bold"]
    ws.append(list(table.headers))
    for cell in ws[2]:
        cell.font = styles["bold"]
    for row in table.rows:
        ws.append([cells.cell(v) if isinstance(v, str) else v for v in row])
    for j, header in enumerate(table.headers, 1):
        letter = ws.cell(2, j).column_letter
        longest = max([len(header)] + [len(str(r[j - 1])) for r in table.rows if r[j - 1] is not None])
        ws.column_dimensions[letter].width = min(max(longest, 12 if j - 1 in table.write_in else 6) + 2, WIDEST)
        for i in range(3, ws.max_row + 1):
            cell = ws.cell(i, j)
            if j - 1 in table.write_in:
                cell.border = styles["box"]
            if longest > WIDEST:
                cell.alignment = styles["wrap"]
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER[paper]
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = MARGIN_IN


def _dated(book, when: datetime.datetime) -> bytes:
    """The workbook's bytes with every zip member dated ``when``, so that the same sheet gives the same bytes.

    openpyxl's ``Workbook.save`` stamps the save time into the document properties; its writer does not."""
    from openpyxl.writer.excel import ExcelWriter

    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
