"""``synth sweep``: vary recipe values over a grid and report outputs per kg of product."""

from __future__ import annotations

import time

import typer

from .common import RECIPE

PROGRESS_AFTER = 1.0  # s: a sweep shorter than this shows no progress bar


def sweep(
    recipe: str = RECIPE,
    vary: list[str] = typer.Option([], "--vary", "-v", help='PARAM=START..STOP:N, e.g. '
                                                           '"leaching.acid.excess=0..50 %:11", or PARAM=VALUE for '
                                                           "one point; repeat for a full factorial grid."),
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY (sets equipment runs), e.g. '
                                                                 '"AMPSi@C=1 kg"; default: the recipe\'s lab amounts.'),
    output: str | None = typer.Option(None, "--output", "-o", help="Write every point to this CSV file (atomically)."),
    plot: str | None = typer.Option(None, "--plot", help="Draw the outputs against the first --vary as PNG "
                                                         "(needs matplotlib: pip install 'synth[plot]')."),
    show_list: bool = typer.Option(False, "--list", help="List the values that can be varied, and stop."),
    species_files: list[str] = typer.Option([], "--species", help="A species file to run the recipe with; "
                                                                  "repeat for more."),
    prices: list[str] | None = typer.Option(None, "--prices", help="Price files for the cost output (later files "
                                                                   "win over the bundled indicative prices)."),
) -> None:
    """Evaluate a route over a grid of recipe values at once (numpy); outputs per kg of product."""
    from ..errors import InputError
    from ..recipe import load
    from ..render.terminal import console
    from ..sweep import WHY_FIXED, Range, parameters, sweep as run_sweep

    loaded = load(recipe, species_files)
    if show_list:
        from ..render.sweep_view import parameter_list

        console().print(parameter_list(parameters(loaded), loaded.name, WHY_FIXED))
        return
    if not vary:
        raise InputError("give at least one --vary PARAM=START..STOP:N (see `synth sweep RECIPE --list`)")
    ranges = [Range.parse(v, loaded) for v in vary]
    from .output import check_targets, inputs

    check_targets({"-o": output, "--plot": plot}, inputs(recipe))
    if plot is not None:
        from ..render.plotting import require

        require()  # a missing matplotlib fails before the work, not after it
    from ..cost import load_prices

    book = load_prices(prices or ())
    started = time.perf_counter()
    with _Progress() as bar:
        result = run_sweep(loaded, ranges, basis, progress=bar.update, book=book)
    _present(result, time.perf_counter() - started, output, plot, loaded, book)


def _present(result, seconds: float, output: str | None, plot: str | None, loaded, book) -> None:
    """Write the CSV and the plot (atomically), then print the summary; the CSV names the species and price
    data it was computed from."""
    from ..provenance import of_recipe
    from ..render.sweep_view import summary, to_csv
    from ..render.terminal import console
    from ..species_files import database_for
    from .output import STDOUT, write_atomic

    if output is not None:
        write_atomic(output, to_csv(result, of_recipe(loaded, database_for(loaded), book)))
    if plot is not None:
        from ..render.sweep_plot import png

        write_atomic(plot, png(result), "--plot")
    if output in STDOUT or plot in STDOUT:  # stdout holds the data: the summary goes to stderr
        from rich.console import Console

        Console(stderr=True).print(summary(result, seconds))
    else:
        console().print(summary(result, seconds))


class _Progress:
    """A rich progress bar on stderr that appears only once a sweep has run for :data:`PROGRESS_AFTER`."""

    def __enter__(self) -> _Progress:
        self.started, self.bar, self.task = time.perf_counter(), None, None
        return self

    def update(self, done: int, total: int) -> None:
        if self.bar is None and time.perf_counter() - self.started > PROGRESS_AFTER and done < total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self.bar = Progress("sweep", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("sweep", total=total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
