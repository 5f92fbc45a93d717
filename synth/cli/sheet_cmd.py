"""``synth sheet``: a printable batch sheet of a scaled route, as text, Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import datetime
import os
import re
from enum import StrEnum
from importlib import import_module
from pathlib import Path

import typer

from .common import RECIPE

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Format(StrEnum):
    """The formats of a batch sheet."""

    txt = "txt"
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class Paper(StrEnum):
    """The paper a workbook prints on."""

    a4 = "a4"
    letter = "letter"


#: format -> (renderer module in synth.render, its keyword arguments)
RENDERERS = {Format.txt: ("sheet_text", {"style": "txt"}), Format.md: ("sheet_text", {"style": "md"}),
             Format.html: ("sheet_html", {}), Format.json: ("sheet_json", {})}


def sheet(
    recipe: str = RECIPE,
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "AMPSi@C=1 kg".'),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="txt, md, html (prints on A4 and Letter), "
                                                                 "csv (one table per file), json or xlsx (a "
                                                                 "workbook: needs synth[xlsx])."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically); for csv, "
                                                                   "DIR/ writes every table (bom.csv, ...)."),
    table: str | None = typer.Option(None, "--table", help="csv: only this table: bom, procedure, streams, "
                                                           "balances, energy or cost."),
    paper: Paper | None = typer.Option(None, "--paper", help="xlsx: the paper the worksheets print on (default "
                                                             "a4; the html sheet fits both)."),
    units: str | None = typer.Option(None, "--units", help="Plant units: si (kg, L, Nm³, °C, kWh) or us (lb, gal, "
                                                           "scf, °F, Btu); default g to t, mol, L at STP, °C, kWh. "
                                                           "JSON stays SI."),
    unit: list[str] = typer.Option([], "--unit", help="One kind's unit, e.g. mass=lb, energy=MJ, gas=scf, "
                                                      "temperature=K; repeat."),
    batch_id: str | None = typer.Option(None, "--batch-id", help="The batch number (default: RECIPE-YYYYMMDD-"
                                                                 "XXXXXX from the recipe, basis and date)."),
    date: str | None = typer.Option(None, "--date", help="Batch date YYYY-MM-DD (default: today). Give it for "
                                                         "a reproducible sheet: same inputs and date, same bytes."),
    species_files: list[str] = typer.Option([], "--species", help="A species file to run the recipe with; "
                                                                  "repeat for more."),
    prices: list[str] | None = typer.Option(None, "--prices", help="Price files for the cost section (later "
                                                                   "files win over the bundled indicative prices)."),
) -> None:
    """A printable batch sheet: header, bill of materials, procedure, wastes, hazards, energy, balance, cost."""
    from ..cost import load_prices
    from ..sheet import build
    from .common import emit, line, plant_units

    day = datetime.date.today() if date is None else parse_date(date)
    folder = _check_output(fmt, output, table, recipe, paper, prices or ())
    chosen = plant_units(units, unit, fmt is Format.json, "--format json")
    book = load_prices(prices or ())  # before the work: a missing or bad price file stops every format alike
    loaded, planned, data = line(recipe, basis, species_files)  # one computation: sheet, cost and occupancy
    made = build(data, day, batch_id)
    costed = _cost(loaded, planned, book)  # every format shows it: section 10, cost.csv, JSON
    if fmt is Format.csv:
        from ..render import sheet_csv

        if folder:
            _write_tables(folder, sheet_csv.files(made, chosen, costed))
        else:
            emit(sheet_csv.render(made, table, chosen, costed), output)
    elif fmt is Format.xlsx:
        from ..render import sheet_xlsx
        from .output import write_atomic

        write_atomic(output, sheet_xlsx.render(made, (paper or Paper.a4).value, chosen, costed))
    else:
        module, options = RENDERERS[fmt]
        options = {**options, "cost": costed}
        if fmt in (Format.md, Format.txt, Format.html):
            options = {**options, "units": chosen}
        if fmt is Format.html:
            from ..render.gantt import svg

            options = {**options, "occupancy": svg(planned)}
        emit(import_module(f"synth.render.{module}").render(made, **options), output)


def _cost(loaded, planned, book) -> dict:
    """What ``synth cost --json`` says of this batch (the same line, not planned again, with the same
    provenance: :func:`synth.provenance.of_line`), for the cost section of every format: section 10 of the
    printed sheets, the cost table of CSV and xlsx, the ``cost`` object of the JSON sheet."""
    from ..cost.plant_cost import cost_per_ah, line_cost
    from ..provenance import of_line
    from ..render.cost_view import as_json

    _, result, measured = line_cost(loaded, book, line=planned)
    return as_json(result, measured, planned, of_line(planned, book), cost_per_ah(planned.plan, result))


def _check_output(fmt: Format, output: str | None, table: str | None, recipe: str,
                  paper: Paper | None = None, prices=()) -> Path | None:
    """Check the output options before the work; the folder that CSV tables go to, if they go to one."""
    from ..errors import InputError
    from .output import check_target, inputs

    if table is not None and fmt is not Format.csv:
        raise InputError(f"--table is for --format csv, not {fmt.value}")
    if paper is not None and fmt is not Format.xlsx:
        raise InputError(f"--paper is for --format xlsx, not {fmt.value} (the html sheet prints on A4 and Letter)")
    if fmt is Format.csv and table is None:
        if output is None or not (output.endswith(("/", os.sep)) or Path(output).is_dir()):
            raise InputError("--format csv writes one table per file: give -o DIR/ for all of them (bom.csv, "
                             "procedure.csv, streams.csv, balances.csv, energy.csv, cost.csv) or --table NAME for one")
        folder = Path(output)
        if not folder.parent.is_dir():
            raise InputError(f"-o {output}: folder {folder.parent} does not exist; create it or choose another path")
        return folder
    if fmt is Format.csv:
        from ..render.sheet_tables import NAMES

        if table not in NAMES:
            raise InputError(f"--table {table!r}: the sheet's tables are {', '.join(NAMES)}")
    if fmt is Format.xlsx and (output is None or not output.lower().endswith(".xlsx")):
        raise InputError("--format xlsx writes a workbook (a binary file): give -o FILE.xlsx"
                         + (f", not -o {output}" if output else ""))
    if output is not None:
        check_target(output, others=inputs(recipe, *prices))  # never write over an input
    return None


def _write_tables(folder: Path, files: dict[str, str]) -> None:
    """Each table into its own file in ``folder`` (made if missing), each written atomically."""
    from .output import write_atomic

    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        write_atomic(str(folder / name), text)


def parse_date(text: str) -> datetime.date:
    """A calendar day written ``YYYY-MM-DD``, or an :class:`~synth.errors.InputError` that says so."""
    from ..errors import InputError

    message = f"--date {text!r}: expected a calendar date written YYYY-MM-DD, e.g. 2025-01-31"
    if not DATE.fullmatch(text):
        raise InputError(message)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise InputError(message) from None
