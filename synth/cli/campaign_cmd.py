"""``synth campaign``: batches on the schedule with the recycle's real lag between them."""

from __future__ import annotations

import typer

from .common import JSON, RECIPE, UNIT, UNITS, whole


def campaign(
    recipe: str = RECIPE,
    batches: int = typer.Option(..., "--batches", "-n", parser=whole, help="Number of batches in the campaign."),
    basis: str | None = typer.Option(None, "--basis", "-b", help='Batch size MATERIAL=QUANTITY, e.g. "AMPSi@C=1 '
                                                                 'kg"; batches follow as fast as the units allow.'),
    rate: str | None = typer.Option(None, "--rate", "-r", help='Or a product rate, e.g. "10 kg/day": the batch size '
                                                               "and cycle time of synth plan."),
    plant: str | None = typer.Option(None, "--plant", help="A plant file instead of the recipe's plant: block."),
    optimize_units: bool = typer.Option(False, "--optimize-units", help="With --rate: choose the unit counts."),
    csv_out: str | None = typer.Option(None, "--csv", help="Write one row per batch to this CSV file."),
    plot: str | None = typer.Option(None, "--plot", help="Write fresh make-up against batch number as PNG "
                                                         "(needs matplotlib: pip install 'synth[plot]')."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    as_json: bool = JSON,
    units: str | None = UNITS,
    unit: list[str] = UNIT,
) -> None:
    """A campaign of N batches: per-batch fresh make-ups, returns and stocks, with the recycle's lag."""
    from ..plant.campaign import campaign as run_campaign
    from ..plant.line import plan_line
    from ..provenance import of_line
    from ..recipe import load
    from .common import emit as _emit, plant_units
    from .output import check_targets, inputs, write_atomic

    chosen = plant_units(units, unit, as_json)
    check_targets({"-o": output, "--csv": csv_out, "--plot": plot}, inputs(recipe, plant))
    if plot is not None:
        from ..render.plotting import require

        require()
    camp = run_campaign(plan_line(load(recipe), rate, basis, plant, optimize_units, batches))
    if csv_out is not None:
        from ..render.line_view import campaign_csv

        write_atomic(csv_out, campaign_csv(camp, chosen), "--csv")
    if plot is not None:
        from ..render.line_view import campaign_png

        write_atomic(plot, campaign_png(camp), "--plot")
    if as_json:
        from ..render.json_out import dumps

        _emit(dumps({**camp.to_json(), "provenance": of_line(camp.line)}) + "\n", output)
    else:
        from ..render.line_view import campaign as view

        _emit(view(camp, chosen), output)
