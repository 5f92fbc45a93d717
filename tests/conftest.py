"""Shared fixtures: the species database and the bundled recipes; hypothesis profiles; the session's costs.

``HYPOTHESIS_PROFILE=ci`` gives a deeper run: ten times the examples of each property test that does not
fix its own budget, and four times the cases of each fuzzer (test_fuzz.py). The default profile keeps the
suite quick on a developer's machine. Neither has a deadline: a loaded machine must not fail a test.

The suite runs in parallel (``pytest -n auto``, pytest-xdist: see the README's test command); every test
works in its own temporary folder.
"""

from __future__ import annotations

import gc
import os

import pytest
import typer.main
from hypothesis import settings

from synth.catalog import bundled
from synth.recipe import load
from synth.species import default_db

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_collection_finish(session) -> None:
    """Freeze what imports and collection made (modules, test items): it lives until the session ends, and the
    cyclic collector need not walk it again at every full collection. The fuzzers allocate a recipe's worth
    of objects per case; walking the whole heap each time cost about a third of their CPU time."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def one_click_command():
    """typer builds the click command of an app anew at every call (about 10 ms for synth's): the console
    script calls it once per process, the in-process CLI tests some 750 times. Here each app's command is
    built on its first call and run again after; the command and the code it runs are the same."""
    built = {}
    build = typer.main.get_command

    def get_command(app):
        if id(app) not in built:
            built[id(app)] = (app, build(app))  # the app is kept, so that its id stays unique
        return built[id(app)][1]

    patch = pytest.MonkeyPatch()
    patch.setattr(typer.main, "get_command", get_command)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def db():
    return default_db()


@pytest.fixture(scope="session", params=bundled())
def recipe(request):
    """Each bundled recipe in turn."""
    return load(request.param)
