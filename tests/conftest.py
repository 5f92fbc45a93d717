"""Shared fixtures: the species database and the bundled recipes; hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` gives a deeper run: ten times the examples of each property test that does not
fix its own budget, and four times the cases of each fuzzer (test_fuzz.py). The default profile keeps the
suite quick on a developer's machine. Neither has a deadline: a loaded machine must not fail a test.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from synth.catalog import bundled
from synth.recipe import load
from synth.species import default_db

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def db():
    return default_db()


@pytest.fixture(scope="session", params=bundled())
def recipe(request):
    """Each bundled recipe in turn."""
    return load(request.param)
