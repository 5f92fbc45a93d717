"""Optional extras: import a heavy library only when a feature needs it, or say how to install it."""

from __future__ import annotations

from importlib import import_module

from .errors import InputError


def need(module: str, extra: str, what: str):
    """The module ``module``, or an :class:`InputError` naming the extra that brings it (``synth[frames]``)."""
    try:
        return import_module(module)
    except ImportError:
        raise InputError(f'{what} needs {module}: pip install "synth[{extra}]" (or pip install {module})') from None
