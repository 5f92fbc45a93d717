"""``synth sheet``: a printable batch sheet of a scaled route, as text, Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from importlib import import_module

import typer

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Format(StrEnum):
    """The formats of a batch sheet."""

    txt = "txt"
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


#: format -> (renderer module in synth.render, its keyword arguments)
RENDERERS = {Format.txt: ("sheet_text", {"style": "txt"}), Format.md: ("sheet_text", {"style": "md"}),
             Format.html: ("sheet_html", {}), Format.csv: ("sheet_csv", {}), Format.json: ("sheet_json", {})}


def sheet(
    recipe: str = typer.Argument(..., help="A bundled recipe (ampsi, ns-mpsi) or a path to a recipe file."),
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "AMPSi@C=1 kg".'),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="txt, md, html (prints on A4 and Letter), "
                                                                 "csv (bill of materials and stream table) or json."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    batch_id: str | None = typer.Option(None, "--batch-id", help="The batch number (default: RECIPE-YYYYMMDD-"
                                                                 "XXXXXX from the recipe, basis and date)."),
    date: str | None = typer.Option(None, "--date", help="Batch date YYYY-MM-DD (default: today). Give it for "
                                                         "a reproducible sheet: same inputs and date, same bytes."),
) -> None:
    """A printable batch sheet: header, bill of materials, procedure, wastes, hazards, energy, balance."""
    from ..sheet import build
    from .common import emit, plan
    from .output import check_target

    day = datetime.date.today() if date is None else parse_date(date)
    if output is not None:
        check_target(output)
    _, data = plan(recipe, basis)
    made = build(data, day, batch_id)
    module, options = RENDERERS[fmt]
    emit(import_module(f"synth.render.{module}").render(made, **options), output)


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
