"""``synth formula``: molar mass, composition and balances of any formula, with no thermo data needed."""

from __future__ import annotations

import typer

from .common import JSON


def formula(
    formulas: list[str] = typer.Argument(None, help="Formulas, e.g. LiNi0.8Mn0.1Co0.1O2 Li15Si4 'Mg(OH)Cl'."),
    balance: str | None = typer.Option(None, "--balance", help='Balance an equation by element counts alone, '
                                                               'e.g. "Li2CO3 + Ni0.8Mn0.1Co0.1(OH)2 + O2 -> '
                                                               'LiNi0.8Mn0.1Co0.1O2 + CO2 + H2O".'),
    as_json: bool = JSON,
) -> None:
    """Molar mass, composition by mass and mole, element counts (and --balance) of any formula."""
    from ..composition import balanced, composition
    from ..errors import InputError
    from ..render import formula_view as view
    from ..render.terminal import console

    if not formulas and balance is None:
        raise InputError("give one or more formulas, or --balance EQUATION")
    found = [composition(f) for f in formulas or []]
    eq = balanced(balance) if balance is not None else None
    if as_json:
        from ..provenance import provenance
        from ..render.json_out import dumps
        from ..species import default_db

        # The atomic weights are Cantera's (its version is in the provenance); the species data is stated as
        # in every other result, so that each JSON names the same data and versions.
        typer.echo(dumps({"formulas": [view.composition_json(c) for c in found],
                          **({"balance": view.balanced_json(*eq)} if eq else {}),
                          "provenance": provenance(default_db())}))
        return
    for c in found:
        console().print(view.composition(c))
    if eq:
        console().print(view.balanced(*eq))
    console().print(view.source_line((found[0] if found else eq[1][0][1]).source))
