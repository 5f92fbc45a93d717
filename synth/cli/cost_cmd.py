"""``synth cost`` and ``synth compare``: priced bills of materials, cost per kg, green metrics, routes side by side."""

from __future__ import annotations

import typer

from .common import JSON, RECIPE

PRICES = typer.Option(None, "--prices", help="A price file (YAML, as synth/data/prices.yaml); repeat: later files "
                                             "win, entry by entry, over the bundled indicative prices.")


def cost(
    recipe: str = RECIPE,
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "AMPSi@C=1 kg".'),
    rate: str | None = typer.Option(None, "--rate", "-r", help='Instead of a basis: a product rate, e.g. '
                                                               '"10 kg/day"; the batch is the line\'s (synth plan).'),
    plant: str | None = typer.Option(None, "--plant", help="A plant file instead of the recipe's plant: block."),
    prices: list[str] | None = PRICES,
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    as_json: bool = JSON,
) -> None:
    """Cost per batch and per kg of product, its breakdown, what is unpriced, and the green metrics."""
    from ..cost import load_prices
    from ..cost.plant_cost import cost_per_ah, line_cost
    from ..provenance import of_line
    from ..recipe import load
    from ..render import cost_view
    from .common import emit as _emit
    from .output import check_target, inputs

    if output is not None:
        check_target(output, others=inputs(recipe, *(prices or ()), plant))
    book = load_prices(prices or ())
    loaded = load(recipe)
    line, result, measured = line_cost(loaded, book, rate, basis, plant)
    per_ah = cost_per_ah(line.plan, result)
    made_from = of_line(line, book)
    if as_json:
        from ..render.json_out import dumps

        _emit(dumps(cost_view.as_json(result, measured, line, made_from, per_ah)) + "\n", output)
    else:
        _emit(cost_view.table(result, measured, line, per_ah), output)


def compare(
    recipes: list[str] = typer.Argument(..., help="Two or more recipes (bundled names or paths)."),
    basis: list[str] = typer.Option(..., "--basis", "-b", help='"1 kg" (each route\'s product), '
                                                                 '"PRODUCT=QUANTITY", or one per route, in order.'),
    prices: list[str] | None = PRICES,
    fmt: str = typer.Option("terminal", "--format", "-f", help="terminal or md."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    as_json: bool = JSON,
) -> None:
    """Routes side by side: cost per kg and its top lines, energy, PMI, E-factor, water, time, hazards."""
    from ..cost import load_prices
    from ..cost.compare import bases, compare as compare_routes
    from ..errors import InputError
    from ..provenance import file_records, provenance, recipe_record
    from ..recipe import load
    from ..render import cost_view
    from .common import emit as _emit
    from .output import check_target, inputs

    if fmt not in ("terminal", "md"):
        raise InputError(f"--format {fmt!r}: expected terminal or md")
    if output is not None:
        check_target(output, others=inputs(*recipes, *(prices or ())))
    loaded = [load(r) for r in recipes]
    book = load_prices(prices or ())
    columns = compare_routes(list(zip(loaded, bases(loaded, basis), strict=True)), book)
    if as_json:
        from ..render.json_out import dumps

        made_from = provenance(*(c.plan.db for c in columns), recipes=[recipe_record(r) for r in loaded],
                               price_data=file_records(book.files))
        _emit(dumps(cost_view.comparison_json(columns, book, made_from)) + "\n", output)
    elif fmt == "md":
        _emit(cost_view.comparison_md(columns), output)
    else:
        _emit(cost_view.comparison_table(columns), output)
