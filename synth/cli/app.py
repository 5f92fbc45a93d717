"""The ``synth`` command line: parse arguments, call the library, hand results to a renderer.

Library modules are imported inside the commands so that ``synth --help`` starts without Cantera or pint.
Errors: a :class:`~synth.errors.SynthError` becomes one line on stderr and exit code 2 (bad input) or 1
(a check failed); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager

import typer
from typer.exceptions import TyperException

from .campaign_cmd import campaign
from .common import (
    JSON,
    RECIPE,
    UNIT,
    UNITS,
    emit as _emit,
    out as _out,
    plan as _plan,
    plant_units,
    print_json as _print_json,
    whole,
)
from .cost_cmd import compare, cost
from .export_cmd import export
from .formula_cmd import formula
from .plan_cmd import plan
from .product_cmd import product
from .sheet_cmd import sheet
from .species_cmd import species_import
from .sweep_cmd import sweep
from .uncertainty_cmd import uncertainty

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain (click) help: typer's rich help imports rich.markdown, markdown_it and pygments, which doubled the
    # cost of `synth --help` against `synth recipes` (issue 17). Results still print with rich.
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
    help="synth: stoichiometry, mass and energy balances and thermodynamics for materials synthesis routes.",
)

SPECIES = typer.Option([], "--species", help="A species file to run the recipe with (format of "
                                             "synth/data/species.yaml); repeat for more.")


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors.")) -> None:
    """synth: stoichiometry, mass and energy balances and thermodynamics for materials synthesis routes."""


@app.command()
def thermo(
    equation: str = typer.Argument(..., help='e.g. "3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2"'),
    T: str = typer.Option("298.15 K", "--T", help='Temperature, e.g. "750 degC" or "1023.15 K".'),
    P: str = typer.Option("1 bar", "--P", help='Pressure, e.g. "1 atm".'),
    electrons: int | None = typer.Option(None, "--electrons", "-n", parser=whole,
                                            help="Electrons transferred, to give the cell voltage E = ΔG/(nF)."),
    balance: bool = typer.Option(False, "--balance", help="Find the smallest integer coefficients first."),
    solve_T: bool = typer.Option(False, "--solve-T", help="Also find the temperature where ΔG = 0 at P."),
    as_json: bool = JSON,
    species_files: list[str] = SPECIES,
) -> None:
    """ΔH, ΔS, ΔG and K of a reaction at T and P (and E with --electrons)."""
    from ..provenance import provenance
    from ..reaction import balance as balance_equation, parse_equation
    from ..species_files import database_of
    from ..thermo import balance_temperature, reaction_thermo

    db = database_of(species_files)
    eq = parse_equation(equation)
    if balance:
        eq = balance_equation(eq)
    result = reaction_thermo(eq, T, P, electrons=electrons, db=db)
    T_zero = balance_temperature(eq, P, db=db) if solve_T else None
    if as_json:
        from ..render import json_out

        data = json_out.thermo(result, provenance(db))
        if T_zero is not None:
            data["T_dG_zero"] = json_out.to_json(T_zero)
        _print_json(data)
    else:
        from ..render import terminal

        _out(terminal.thermo(result))
        if T_zero is not None:
            _out(f"ΔG = 0 at {T_zero.magnitude:.1f} K ({T_zero.magnitude - 273.15:.1f} °C) with every gas at {P}")


@app.command()
def species(
    name: str | None = typer.Argument(None, help="A formula with optional phase (Mg(l)) or a name (Tris)."),
    as_json: bool = JSON,
    species_files: list[str] = SPECIES,
) -> None:
    """List the species, or show one with its data, phases, range and source (`synth species import`: add one)."""
    from ..provenance import provenance
    from ..render import terminal
    from ..species_files import database_of

    db = database_of(species_files)
    if name is None:
        if as_json:
            from ..render import json_out

            _print_json({"species": [json_out.species(pd) for pd in db], "provenance": provenance(db)})
        else:
            _out(terminal.species_list(db))
        return
    known_names = {a.lower() for pd in db for a in pd.info.get("names", [])}
    found = [db.get(name)] if "(" in name or name.lower() in known_names else db.forms(db.get(name).formula)
    if as_json:
        from ..render import json_out

        _print_json({"species": [json_out.species(pd) for pd in found], "provenance": provenance(db)})
    else:
        for pd in found:
            _out(terminal.species_detail(pd, db.references))


@app.command()
def heat(
    name: str = typer.Argument(..., help="Species, e.g. Mg or Mg(cr)."),
    T_from: str = typer.Option("25 degC", "--from", help="Start temperature."),
    T_to: str = typer.Option(..., "--to", help="End temperature."),
    as_json: bool = JSON,
    species_files: list[str] = SPECIES,
) -> None:
    """Sensible and latent heat per mole of a species between two temperatures."""
    from ..provenance import provenance
    from ..species_files import database_of
    from ..thermo import heat_path

    db = database_of(species_files)
    path = heat_path(name, T_from, T_to, db=db)
    if as_json:
        from ..render import json_out

        _print_json(json_out.heat(path, provenance(db)))
    else:
        from ..render import terminal

        _out(terminal.heat(path))


@app.command()
def equilibrium(
    amount: list[str] = typer.Option(..., "--amount", "-a", help='Initial amount, e.g. "Mg3N2(cr)=1 mol"; repeat.'),
    phase: list[str] = typer.Option(..., "--phase", "-p", help="A species allowed at equilibrium; repeat or "
                                                                 "comma-separate (Mg3N2(cr),Mg(g),N2(g))."),
    T: str = typer.Option(..., "--T", help="Temperature."),
    P: str = typer.Option("1 bar", "--P", help="Pressure."),
    as_json: bool = JSON,
) -> None:
    """Equilibrium of given amounts at T and P over the phases named (a check; steps use declared reactions)."""
    from ..equilibrium import equilibrate
    from ..errors import InputError
    from ..provenance import provenance
    from ..species import default_db

    amounts = {}
    for item in amount:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"--amount {item!r}: write NAME=QUANTITY, e.g. 'Mg3N2(cr)=1 mol'")
        if key.strip() in amounts:
            raise InputError(f"--amount {key.strip()} is given twice; give each species once, with its whole amount")
        amounts[key.strip()] = value.strip()
    phases = [p.strip() for item in phase for p in item.split(",") if p.strip()]
    result = equilibrate(amounts, phases, T, P)
    if as_json:
        from ..render import json_out

        _print_json(json_out.equilibrium(result, provenance(default_db())))
    else:
        from ..render import terminal

        _out(terminal.equilibrium(result))


@app.command()
def scale(
    recipe: str = RECIPE,
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "AMPSi@C=1 kg".'),
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    units: str | None = UNITS,
    unit: list[str] = UNIT,
    as_json: bool = JSON,
    species_files: list[str] = SPECIES,
) -> None:
    """Scale a route to a batch: every input, output, heat duty, gas and run, with the element balance."""
    from .output import check_target, inputs

    chosen = plant_units(units, unit, as_json)
    if output is not None:
        check_target(output, others=inputs(recipe))
    plan, data = _plan(recipe, basis, species_files)
    if as_json:
        from ..render.json_out import dumps

        _emit(dumps(data) + "\n", output)
    else:
        from ..render import plan_terminal

        _emit(plan_terminal.plan(data, chosen), output)


@app.command()
def balance(
    recipe: str = typer.Argument(..., help="A bundled recipe or a path."),
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "Si=2.8 g".'),
    as_json: bool = JSON,
    species_files: list[str] = SPECIES,
) -> None:
    """The element balance of every step and of the whole route (exit 1 if one does not close)."""
    from ..render import balance_view

    plan, data = _plan(recipe, basis, species_files)
    rows = balance_view.rows(plan)
    if as_json:
        _print_json(balance_view.as_json(rows, plan, data["provenance"]))
    else:
        _out(balance_view.table(rows))


@app.command()
def validate(
    recipe: str = typer.Argument(..., help="A recipe file (or a bundled name) to check before any calculation."),
    species_files: list[str] = SPECIES,
) -> None:
    """Check a recipe completely: species files, schema, units, species, balances, flow between steps."""
    from ..audit import validate as check, warnings
    from ..errors import InputError
    from ..recipe import load

    loaded = load(recipe, species_files)
    problems = check(loaded)
    if problems:
        for line in problems[:-1]:
            sys.stderr.write(f"synth: error: {line}\n")
        raise InputError(f"{problems[-1]}  ({len(problems)} problem(s) in {loaded.source})")
    typer.echo(f"{loaded.source}: valid ({len(loaded.steps())} steps, sha256 {loaded.sha256[:12]})")
    for line in warnings(loaded):  # a valid recipe: what its user should still check, on stdout
        typer.echo(f"warning: {line}")


@app.command()
def recipes() -> None:
    """List the bundled recipes."""
    from ..catalog import bundled

    for name in bundled():
        typer.echo(name)


app.command()(sweep)
app.command()(sheet)
app.command()(formula)
app.command("species-import", hidden=True)(species_import)  # `synth species import`: see main()
app.command()(product)
app.command()(plan)
app.command()(campaign)
app.command()(cost)
app.command()(compare)
app.command()(uncertainty)
app.command()(export)


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived: unwinds like KeyboardInterrupt (removing part files on the way), but click
    does not turn it into an Abort with a blank line."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: The signals that stop a command (exit 128 + the signal's number).
_CAUGHT = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _interrupt(signum: int, frame) -> None:
    """The first stop signal ends the command; those after it are ignored while it unwinds, so that the
    clean-up they would break runs whole: part files removed, worker processes shut down (a second SIGINT, as
    `timeout -s INT` sends one to the process and one to its group, had left an interrupted analysis waiting
    for ever on its workers)."""
    for sig in _CAUGHT:
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: run the app and map errors to exit codes.

    0 ok; 1 a check failed; 2 bad input (one line on stderr; ``--debug`` adds the traceback and keeps the
    code); 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP (one line, part files removed)."""
    if argv is None:  # a process of its own: the console script or `python -m synth`
        _short_lived_gc()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:  # accepted anywhere on the line, not only before the command
        args = ["--debug"] + [a for a in args if a != "--debug"]
    for i in range(len(args) - 1):  # `synth species import ...` is the species-import command
        if args[i:i + 2] == ["species", "import"]:
            args[i:i + 2] = ["species-import"]
            break
    with _signals(own_process=argv is None):
        code, message = _run(args, debug)
    if message:
        _fail(message, code)
    sys.exit(code)


def _run(args: list[str], debug: bool) -> tuple[int, str]:
    """Run the app: (exit code, the one-line message for stderr or '')."""
    from ..errors import SynthError

    try:
        app(args=args, prog_name="synth", standalone_mode=False)
    except SynthError as exc:
        _traceback(debug)
        return exc.exit_code, str(exc)
    except typer.Exit as exc:
        return exc.exit_code, ""
    except Interrupted as exc:
        name = signal.Signals(exc.signum).name
        return 128 + exc.signum, "interrupted" if exc.signum == signal.SIGINT else f"terminated ({name})"
    except typer.Abort as exc:  # click's reading of a KeyboardInterrupt it caught itself
        return (130, "interrupted") if isinstance(exc.__context__, KeyboardInterrupt) else (1, "aborted")
    except KeyboardInterrupt:
        return 130, "interrupted"
    except TyperException as exc:  # usage errors: unknown option, missing argument
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 0, ""  # help was printed
        _traceback(debug)
        return 2, _usage(exc)
    return 0, ""


def _traceback(debug: bool) -> None:
    if debug:
        import traceback

        traceback.print_exc()


def _usage(exc: TyperException) -> str:
    """click's usage message; an argument that starts with '-' is read as an option, so say how to pass it."""
    name = getattr(exc, "option_name", "") or ""
    looks_like_option = name.startswith("--") or name[1:2].isalpha()
    if type(exc).__name__ == "NoSuchOption" and not looks_like_option:
        command = exc.ctx.command_path if getattr(exc, "ctx", None) else "synth"
        command = command.replace("species-import", "species import")  # as the user wrote it: see main()
        return (f"{exc.format_message()}; an argument that starts with '-' goes after '--', "
                f"e.g. {command} -- {name!r}")
    return exc.format_message()


@contextmanager
def _signals(own_process: bool = False):
    """SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` while the command runs (main thread only); the
    handlers before are put back after it, except in a process of its own that was stopped, which ignores
    them until it has exited (:func:`_interrupt`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _interrupt) for sig in _CAUGHT}
    try:
        yield
    finally:
        stopped = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        if not (stopped and own_process):  # a process that was stopped ignores the rest until it has exited
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _short_lived_gc() -> None:
    """Tune the cyclic garbage collector for a command that runs once and exits (issue 17).

    A start imports some 300 modules and builds the route; with Python's default thresholds the collector
    walks that growing heap again and again, and once more at exit, for no garbage: 15-20 % of the CPU of a
    cold `synth scale`. Young collections come every 50,000 allocations instead of 700 (sweeps still collect:
    they free their chunks as they go), and at exit the heap is frozen so the final collection skips it.
    Only here, never on import: a notebook or test session that imports synth keeps its own settings."""
    import atexit
    import gc

    gc.set_threshold(50_000, 20, 10)
    atexit.register(gc.freeze)


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"synth: error: {' '.join(message.split())}\n")
    sys.exit(code)
