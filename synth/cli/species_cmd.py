"""``synth species import``: a species entry from a JANAF table, NASA-7/NASA-9 or Shomate coefficients.

Registered as ``species-import``; :func:`synth.cli.app.main` routes ``synth species import ...`` here (the
``species`` command itself takes a species name).
"""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from ..number_text import finite
from .common import number, whole


class Source(enum.StrEnum):
    janaf = "janaf"
    nasa7 = "nasa7"
    nasa9 = "nasa9"
    shomate = "shomate"


def species_import(
    source: str = typer.Argument(..., help="A JANAF table file (tests/reference/janaf format), a NASA-7 (CHEMKIN) "
                                           "or NASA-9 (CEA thermo.inp) record file, or for shomate the "
                                           "coefficients 'A,B,C,D,E,F,G'."),
    kind: Source = typer.Option(..., "--from", help="janaf, nasa7, nasa9 or shomate."),
    formula: str = typer.Option(..., "--formula", help="The formula, e.g. Al2O3."),
    phase: str = typer.Option(..., "--phase", help="cr, l, g, aq or am."),
    ref: str = typer.Option(..., "--ref", help="The reference key the entry cites, e.g. JANAF-Al2O3."),
    cite: str = typer.Option(..., "--cite", help="The full citation of that reference."),
    dfh: str | None = typer.Option(None, "--dfh", help="ΔfH(298.15) for a JANAF fit, e.g. '-1675.692 kJ/mol' "
                                                       "(default: the table's 298.15 K row)."),
    split: list[float] = typer.Option([], "--split", help="Split temperature [K] of a JANAF fit (one: NASA-7 holds "
                                                          "two ranges).", parser=number),
    degree: int = typer.Option(4, "--degree", help="Degree of the Cp polynomial of a JANAF fit (0-4).",
                               parser=whole),
    t_max: float | None = typer.Option(None, "--T-max", help="Upper end [K] of a JANAF fit (default: the last row "
                                                             "of the table's first phase).", parser=number),
    t_range: str | None = typer.Option(None, "--T-range", help="Shomate range 'T_MIN..T_MAX' in K, e.g. 298..2300."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write the species file here (atomically)."),
) -> None:
    """Make a species file entry from published data; print the fit's worst deviation in Cp, S and H."""
    from ..errors import InputError
    from ..render.terminal import console
    from ..species_import import dump
    from .output import check_target, write_atomic

    if output is not None:
        check_target(output)
    try:
        made = _import(source, kind, formula, phase, ref, dfh, split, degree, t_range, t_max)
    except (ValueError, IndexError, OSError) as exc:
        raise InputError(f"species import from {source!r} ({kind.value}): {exc}") from None
    text = dump({"references": {ref: cite}, "species": [made.entry]})
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
    console(stderr=True).print(made.report())


def _import(source, kind: Source, formula, phase, ref, dfh, split, degree, t_range, t_max):
    """The :class:`~synth.species_import.Imported` entry from ``source`` read as ``kind``."""
    from .. import species_import as si
    from ..units import quantity

    if kind is Source.shomate:
        if t_range is None or ".." not in t_range:
            raise ValueError("give --T-range T_MIN..T_MAX in K for Shomate coefficients")
        lo, hi = (_finite(x, "--T-range") for x in t_range.split("..", 1))
        return si.from_shomate([_finite(x, "a coefficient") for x in source.split(",")], lo, hi, formula, phase, ref)
    text = Path(source).read_text(encoding="utf-8")
    if kind is Source.janaf:
        dfh_kj = None if dfh is None else quantity(dfh, "molar energy", "--dfh").to("kJ/mol").magnitude
        rows = si.read_janaf(text)[0]
        first = max(rows[0][0], 298.15)
        breaks = [first, *split, rows[-1][0] if t_max is None else t_max] if split or t_max is not None else None
        return si.from_janaf(text, Path(source).stem, formula, phase, ref, dfh_kj, breaks, degree)
    if kind is Source.nasa7:
        return si.from_nasa7(text, formula, phase, ref)
    return si.from_nasa9(text, formula, phase, ref)


def _finite(text: str, what: str) -> float:
    """``text`` (spaces around it aside) as a finite number in ASCII digits, or a ValueError naming ``what``."""
    read = finite(text.strip())
    if read is None:
        raise ValueError(f"{what} {text.strip()!r} is not a finite number in ASCII digits, e.g. 298 or -1.5e3")
    return read
