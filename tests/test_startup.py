"""Start-up stays light: help and recipe listing load neither Cantera nor pint (issue: lazy start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def light(args: list[str]) -> str:
    """What ``synth ARGS`` prints, run in a fresh interpreter that then says which of Cantera and pint it loaded
    (its last line, ``HEAVY:`` and their names)."""
    code = ("import sys; from synth.cli.app import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('cantera', 'pint') if m in sys.modules)\n"
            "print('HEAVY:' + ','.join(heavy))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("args", [["--help"], ["recipes"]])
def test_light_commands_do_not_import_the_calculation_stack(args):
    assert light(args).strip().splitlines()[-1] == "HEAVY:"


@pytest.mark.parametrize("command", ["scale", "sweep", "sheet", "product", "export", "plan", "cost", "campaign",
                                     "uncertainty"])
def test_help_names_every_bundled_recipe_without_the_calculation_stack(command):
    """The RECIPE argument's help lists the bundled recipes as `synth recipes` does (from their folder, so a new
    recipe is never left out), and --help still loads neither Cantera nor pint."""
    from synth.catalog import bundled

    out = light([command, "--help"])
    assert out.strip().splitlines()[-1] == "HEAVY:"
    names = bundled()
    assert "mgtr" in names and f"A bundled recipe ({', '.join(names)})" in " ".join(out.split())
