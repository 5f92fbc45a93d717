"""``synth plan``: the batch size and schedule of batches that make a product rate on a plant's units."""

from __future__ import annotations

import typer

from .common import JSON, RECIPE, UNIT, UNITS, number, whole


def plan(
    recipe: str = RECIPE,
    rate: str | None = typer.Option(None, "--rate", "-r", help='Product rate, e.g. "10 kg/day" or "3 t/year".'),
    basis: str | None = typer.Option(None, "--basis", "-b", help='Instead of a rate: batches of MATERIAL=QUANTITY '
                                                                 '(e.g. "AMPSi@C=1 kg") as fast as the units allow.'),
    plant: str | None = typer.Option(None, "--plant", help="A plant file (references: and plant:) instead of the "
                                                           "recipe's plant: block."),
    optimize_units: bool = typer.Option(False, "--optimize-units", help="Choose the unit counts (and batch size) "
                                                                        "with the fewest units that keep the rate."),
    batches: int | None = typer.Option(None, "--batches", "-n", help="Batches to schedule (default: enough to "
                                                                     "reach steady state).", parser=whole),
    hours: float | None = typer.Option(None, "--hours", parser=number, help="Operating hours the chart shows."),
    plot: str | None = typer.Option(None, "--plot", help="Write the Gantt chart as PNG (needs matplotlib: "
                                                         "pip install 'synth[plot]')."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    as_json: bool = JSON,
    units: str | None = UNITS,
    unit: list[str] = UNIT,
) -> None:
    """Plan a line: batch size, cycle time, throughput, utilisation of every unit, bottleneck, Gantt chart."""
    from ..plant.line import plan_line
    from ..provenance import of_line
    from ..recipe import load
    from ..render.gantt import checked_hours
    from .common import emit as _emit, plant_units
    from .output import check_targets, inputs, write_atomic

    chosen = plant_units(units, unit, as_json)
    checked_hours(hours)
    check_targets({"-o": output, "--plot": plot}, inputs(recipe, plant))
    if plot is not None:
        from ..render.plotting import require

        require()
    line = plan_line(load(recipe), rate, basis, plant, optimize_units, batches)
    if plot is not None:
        from ..render.gantt import png

        write_atomic(plot, png(line, hours), "--plot")
    if as_json:
        from ..render.json_out import dumps

        _emit(dumps({**line.to_json(), "provenance": of_line(line)}) + "\n", output)
    else:
        from ..render.line_view import plan as view

        _emit(view(line, hours, chosen), output)
