"""Shared fixtures: the species database and the bundled recipes."""

from __future__ import annotations

import pytest

from synth.catalog import bundled
from synth.recipe import load
from synth.species import default_db


@pytest.fixture(scope="session")
def db():
    return default_db()


@pytest.fixture(scope="session", params=bundled())
def recipe(request):
    """Each bundled recipe in turn."""
    return load(request.param)
