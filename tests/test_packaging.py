"""Every package of synth is installed: a subpackage missing from pyproject's list works from the checkout and
fails after `pip install .` (synth.plant once did)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "synth").rglob("__init__.py")}
    assert found - listed == set()
