"""``synth export``: a scaled route for other systems; today an ISA-88 master recipe in BatchML."""

from __future__ import annotations

from enum import StrEnum

import typer

from .common import RECIPE


class ExportFormat(StrEnum):
    """What ``synth export`` writes."""

    batchml = "batchml"


def export(
    recipe: str = RECIPE,
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="batchml: an ISA-88 master recipe (B2MML V0700)."),
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, the nominal batch, e.g. '
                                                                 '"AMPSi@C=1 kg".'),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    date: str | None = typer.Option(None, "--date", help="Version date YYYY-MM-DD (default: today)."),
) -> None:
    """Write the route as an ISA-88 master recipe: header, batch size, formula, procedure, equipment."""
    import datetime

    from ..batch_range import batch_range
    from ..render import batchml
    from ..sheet import build
    from .common import emit, plan
    from .output import check_target
    from .sheet_cmd import parse_date

    day = datetime.date.today() if date is None else parse_date(date)
    if output is not None:
        check_target(output)
    made, data = plan(recipe, basis)
    emit(batchml.render(build(data, day), batch_range(made)), output)
