"""Energy by kind for the generic unit operations: each heat term as a heating or a cooling duty.

A heat term ``q`` [J per batch] at temperature ``T`` [K] is heat to supply when positive (a ``heating``
:class:`~synth.steps.base.Duty` at ``T``) and heat to remove when negative (``cooling`` at ``T``); never netted
against another term. Over a sweep's grid a term may change sign, so it gives both duties, each zero where
the other applies.
"""

from __future__ import annotations

import numpy as np

from ..vector import is_array
from .base import Duty


def by_sign(name: str, q, T: float) -> tuple[Duty, ...]:
    """The duty (or duties, over a grid) of heat term ``name``: ``q`` [J] at ``T`` [K]."""
    if is_array(q):
        return Duty(name, "heating", np.maximum(q, 0.0), T), Duty(name, "cooling", np.maximum(-q, 0.0), T)
    if q > 0:
        return (Duty(name, "heating", q, T),)
    if q < 0:
        return (Duty(name, "cooling", -q, T),)
    return ()


def duties(*terms: tuple[str, object, float]) -> tuple[Duty, ...]:
    """Every (name, q [J], T [K]) term as its duties, in order."""
    return tuple(d for name, q, T in terms for d in by_sign(name, q, T))
