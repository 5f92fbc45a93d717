"""Start-up stays light: help and recipe listing load neither Cantera nor pint (issue: lazy start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [["--help"], ["recipes"]])
def test_light_commands_do_not_import_the_calculation_stack(args):
    code = ("import sys; from synth.cli.app import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('cantera', 'pint') if m in sys.modules)\n"
            "print('HEAVY:' + ','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "HEAVY:"
