"""synth: a materials-synthesis process and scale-up calculator.

The public API is imported lazily, so that ``import synth`` (and ``synth --help``) stays fast and does not
load Cantera or pint until a calculation needs them::

    import synth
    r = synth.reaction_thermo("3 Mg2Si + 2 N2 -> 3 Si + 2 Mg3N2", "750 degC")
    print(r.dH)
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "ureg": "synth.units",
    "Q_": "synth.units",
    "quantity": "synth.units",
    "SynthError": "synth.errors",
    "InputError": "synth.errors",
    "DimensionError": "synth.errors",
    "RecipeError": "synth.errors",
    "CheckFailed": "synth.errors",
    "parse_formula": ("synth.formula", "parse"),
    "parse_equation": "synth.reaction",
    "balance": "synth.reaction",
    "species_db": ("synth.species", "default_db"),
    "reaction_thermo": "synth.thermo",
    "heat_path": "synth.thermo",
    "equilibrate": "synth.equilibrium",
    "load_recipe": ("synth.recipe", "load"),
    "scale": ("synth.scaling", "scale"),
    "run_route": ("synth.route", "run"),
    "build_report": ("synth.report", "build"),
    "quantities": ("synth.report", "quantities"),
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'synth' has no attribute {name!r}")
    module, attr = target if isinstance(target, tuple) else (target, name)
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value
