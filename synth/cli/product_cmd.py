"""``synth product``: what a route makes, figure by figure, beside the values measured on the product."""

from __future__ import annotations

import typer

from .common import JSON, RECIPE


def product(
    recipe: str = RECIPE,
    basis: str | None = typer.Option(None, "--basis", "-b", help='MATERIAL=QUANTITY, e.g. "AMPSi@C=1 kg".'),
    as_json: bool = JSON,
) -> None:
    """Product figures of each named material (composition, porosity, ΔV, capacities) beside reported values."""
    from .common import out as _out, plan as _plan, print_json as _print_json

    _, data = _plan(recipe, basis)
    if as_json:
        _print_json({key: data[key] for key in ("recipe", "basis", "products", "provenance")})
    else:
        from ..render.product_view import products

        _out(products(data["products"]))
