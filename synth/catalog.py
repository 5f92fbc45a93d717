"""The recipes shipped with synth, found without importing the calculation stack (pint, Cantera).

They live at the top of the repository (``recipes/``) and install as the resource package
``synth.recipes``. From a source checkout, ``import synth`` may find the checkout's ``synth/`` folder
before the installed package (Python puts the current folder first on the path), and there
``synth.recipes`` does not exist: then the recipes are the ``recipes/`` folder beside ``synth/``.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from .errors import InputError


def folder() -> Traversable:
    """Where the bundled recipes are: the installed ``synth.recipes``, else the checkout's ``recipes/``."""
    try:
        return resources.files("synth.recipes")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parent.parent / "recipes"
        if checkout.is_dir():
            return checkout
        raise InputError(f"the bundled recipes are missing: neither the package synth.recipes nor {checkout} "
                         "exists; reinstall synth (pip install synth)") from None


def bundled() -> list[str]:
    """Names of the bundled recipes (``ampsi``, ``ns-mpsi``)."""
    return sorted(p.name[:-5] for p in folder().iterdir() if p.name.endswith(".yaml"))


def text(name: str) -> str:
    """The text of the bundled recipe ``name`` (``ampsi``)."""
    return folder().joinpath(f"{name}.yaml").read_text(encoding="utf-8")
