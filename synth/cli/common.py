"""What the commands share: printing a result, writing it to a file, and the report of a scaled recipe.

Kept apart from :mod:`synth.cli.app` so that command modules (``sheet_cmd``, ``sweep_cmd``, ...) import it
and the app imports them: the arrows run one way.
"""

from __future__ import annotations

import re
import sys

import typer

from ..number_text import finite


def bundled_names() -> str:
    """The bundled recipes' names for ``--help`` (``ampsi, mgtr, ns-mpsi``), listed from their folder as ``synth
    recipes`` lists them, so that the help never leaves one out; no calculation stack is imported."""
    from ..catalog import bundled
    from ..errors import InputError

    try:
        return ", ".join(bundled())
    except InputError:  # recipes missing from the installation: synth recipes says how to fix it
        return "synth recipes lists them"


_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)
WHOLE_DIGITS = 4_300  # what Python's int() reads from text (sys.get_int_max_str_digits' default): a seed may be long


def whole(value):
    """A whole-number option (``--samples 100000``) read as synth reads the number of a quantity: ASCII digits,
    one number. Click's int reads what Python's does: ``1_000``, `` 10 `` and other scripts' digits (``١٠`` is
    10)."""
    if not isinstance(value, str):  # a default, already a number
        return value
    if not _WHOLE.fullmatch(value):
        raise typer.BadParameter(f"{_shown(value)} is not a whole number in ASCII digits, e.g. 10")
    if len(value.lstrip("+-")) > WHOLE_DIGITS:
        raise typer.BadParameter(f"{_shown(value)} has more than {WHOLE_DIGITS:,} digits")
    return int(value)


def number(value):
    """A number option (``--hours 48``) read as a quantity's number is (:mod:`synth.number_text`), and finite:
    click's float also reads ``inf``, ``nan`` and ``1e999`` (infinity)."""
    if not isinstance(value, str):
        return value
    read = finite(value)
    if read is None:
        raise typer.BadParameter(f"{_shown(value)} is not a finite number in ASCII digits, e.g. 48 or 1.5e3")
    return read


def _shown(value: str) -> str:
    """``value`` quoted for a message, its first 40 characters."""
    return repr(value) if len(value) <= 40 else f"{value[:40]!r}... ({len(value):,} characters)"


#: The RECIPE argument of every command that runs a recipe.
RECIPE = typer.Argument(..., help=f"A bundled recipe ({bundled_names()}) or a path to a recipe file.")
JSON = typer.Option(False, "--json", help="Print one JSON object instead of tables.")
UNITS = typer.Option(None, "--units", help="Plant units: si (kg, L, Nm³, °C, kWh) or us (lb, gal, scf, °F, Btu); "
                                           "JSON stays SI.")
UNIT = typer.Option([], "--unit", help="One kind's unit, e.g. mass=lb or energy=MJ; repeat.")


def plant_units(system: str | None, overrides: list[str], as_json: bool, json_option: str = "--json"):
    """The ``--units``/``--unit`` a view shows its numbers in; JSON (asked for by ``json_option``) stays SI,
    every quantity with its unit."""
    from ..errors import InputError
    from ..render.plant_units import PlantUnits

    if as_json and (system or overrides):
        raise InputError(f"{json_option} stays SI (every quantity carries its unit): drop --units and --unit")
    return PlantUnits.parse(system, overrides)


def out(renderable) -> None:
    """Print a rich renderable (or text) on the terminal."""
    from ..render.terminal import console

    console().print(renderable)


def print_json(obj: dict) -> None:
    from ..render.json_out import dumps

    typer.echo(dumps(obj))


def emit(content, output: str | None) -> None:
    """Print ``content`` (text or a rich renderable), or write it atomically to ``output``."""
    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
        else:
            out(content)
        return
    from .output import write_atomic

    if not isinstance(content, str):
        from ..render.terminal import to_text

        content = to_text(content)
    write_atomic(output, content)


def plan(recipe: str, basis: str | None, species_files=()):
    """Load (with the user's species files), scale and serialise a recipe: the plan and its report (shared by
    scale, balance, sheet, export and product)."""
    from ..recipe import load
    from ..scaling import scale as scale_recipe

    loaded = load(recipe, species_files)
    made, parsed = scale_recipe(loaded, basis)
    return made, report(loaded, made, parsed)


def line(recipe: str, basis: str | None, species_files=()):
    """Load a recipe and plan the line of batches of ``basis`` on its plant (:func:`synth.plant.line.plan_line`):
    the recipe, the line and the report of its batch, so that a batch sheet, its cost and its occupancy chart
    come from this one computation."""
    from ..plant.line import plan_line
    from ..recipe import load
    from ..scaling import Basis

    loaded = load(recipe, species_files)
    planned = plan_line(loaded, basis=basis)
    return loaded, planned, report(loaded, planned.plan, None if basis is None else Basis.parse(basis))


def report(loaded, made, parsed):
    """The report of ``made`` (a plan of the recipe ``loaded`` at the basis ``parsed``) with its provenance."""
    from ..provenance import of_recipe
    from ..report import build

    return build(made, parsed, of_recipe(loaded, made.db))
