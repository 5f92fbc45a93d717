"""``synth uncertainty``: Monte Carlo over a route's uncertain values, with global sensitivity."""

from __future__ import annotations

import typer

from .common import JSON, RECIPE, whole


def uncertainty(
    recipe: str = RECIPE,
    samples: int = typer.Option(10_000, "--samples", "-n", parser=whole, help="Monte Carlo samples."),
    seed: int = typer.Option(0, "--seed", parser=whole, help="Random seed: the same seed gives the same numbers."),
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "AMPSi@C=1 kg".'),
    rate: str | None = typer.Option(None, "--rate", "-r", help='Instead of a basis: the batch of the line that makes '
                                                               'this product rate, e.g. "10 kg/day" (synth plan).'),
    plant: str | None = typer.Option(None, "--plant", help="A plant file for --rate instead of the recipe's."),
    prices: list[str] | None = typer.Option(None, "--prices", help="Price files (uncertain prices join the "
                                                                   "analysis); later files win."),
    method: str = typer.Option("lhs", "--method", help="lhs (Latin hypercube) or random."),
    sobol: int = typer.Option(0, "--sobol", help="Also Sobol indices (SALib) from a Saltelli design of this base "
                                                 "size N (N(D+2) more evaluations; a power of 2).", parser=whole),
    limit: list[str] | None = typer.Option(None, "--limit", help='Probability of meeting a limit, e.g. '
                                                                 '"fresh HCl < 3 kg/kg"; repeat.'),
    workers: int | None = typer.Option(None, "--workers", help="Worker processes on this machine (default: one "
                                                               "per core; 1: this process only).", parser=whole),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run on a Dask cluster: tcp://HOST:PORT."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write every sample to this CSV (atomically)."),
    plot: str | None = typer.Option(None, "--plot", help="Histograms and a tornado chart as PNG "
                                                         "(needs matplotlib: pip install 'synth\\[plot]')."),
    as_json: bool = JSON,
) -> None:
    """How sure: mean, sd, P5/P50/P95 of every output, Spearman and Sobol sensitivity, limits."""
    from ..cost import load_prices
    from ..errors import InputError
    from ..provenance import of_line, of_recipe
    from ..recipe import load
    from ..species_files import database_for
    from .output import check_targets, inputs, write_atomic

    check_targets({"-o": output, "--plot": plot}, inputs(recipe, *(prices or ())))
    if workers is not None and scheduler is not None:
        raise InputError("give --workers N (processes on this machine) or --scheduler ADDRESS (a Dask cluster), "
                         "not both")
    if workers is not None and workers < 1:
        raise InputError(f"--workers: expected 1 or more, not {workers}")
    _require()
    loaded = load(recipe)
    book = load_prices(prices or ())
    line = _line(loaded, rate, basis, plant) if rate is not None else None
    if line is not None:  # the batch of the line that makes the rate, as a basis (the batch synth plan chooses)
        basis = f"{line.product}={line.product_per_batch_g!r} g"
    from ..uncertainty import uncertain, uncertainty as analyse
    from ..uncertainty.forked import cores

    client = _client(scheduler)
    try:
        result = analyse(loaded, uncertain(loaded, book), samples, seed, basis, tuple(prices or ()), method, sobol,
                         tuple(limit or ()), client, workers=cores() if workers is None else workers)
    finally:
        if client is not None:
            _close(client)
    made_from = of_line(line, book) if line is not None else of_recipe(loaded, database_for(loaded), book)
    from ..render import uncertainty_view as view

    if output is not None:
        write_atomic(output, view.to_csv(result, made_from))
    if plot is not None:
        write_atomic(plot, view.png(result), "--plot")
    if as_json:
        from ..render.json_out import dumps

        typer.echo(dumps(result.to_json(made_from)))
    else:
        from ..render.terminal import console

        console().print(view.table(result))


def _line(recipe, rate: str, basis: str | None, plant: str | None):
    """The line that makes ``rate`` (``synth plan``), whose batch the analysis takes."""
    from ..errors import InputError
    from ..plant.line import plan_line

    if basis is not None:
        raise InputError("give either --rate (e.g. '10 kg/day') or --basis (e.g. 'AMPSi@C=1 kg'), not both")
    return plan_line(recipe, rate, None, plant)


def _require() -> None:
    from ..errors import InputError

    try:
        import SALib  # noqa: F401
        import scipy  # noqa: F401
    except ImportError:
        raise InputError("synth uncertainty needs scipy and SALib: pip install 'synth[uncertainty]'") from None


def _client(scheduler: str | None):
    """A dask.distributed Client for --scheduler, or None to run on this machine."""
    if scheduler is None:
        return None
    from ..errors import InputError

    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler needs dask.distributed: pip install 'synth[cluster]'") from None
    try:
        return Client(scheduler, timeout="10s")
    except OSError as exc:
        raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    except (ValueError, TypeError) as exc:  # not an address dask can read ("garbage": no port)
        raise InputError(f"--scheduler {scheduler!r}: not a scheduler address ({exc}); write tcp://HOST:PORT, "
                         "e.g. tcp://10.0.0.5:8786") from None


def _close(client) -> None:
    client.close()
