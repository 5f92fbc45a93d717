"""The README's Python examples, run from the repository folder against a non-editable install.

Started from the repository folder, ``python`` finds the checkout's ``synth/`` before the installed package,
and the bundled recipes must still be found (issue 16: ``synth.recipes`` exists only once installed). The
install goes into a fresh virtual environment without the editable install of the test environment, whose
import hook would hide the failure; its dependencies come from the test environment through a ``.pth`` line,
so nothing is downloaded but the build backend (from pip's cache or index).
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("pyproject.toml", "README.md", "synth", "recipes")  # what the install builds from


def readme_examples() -> list[tuple[str, str | None]]:
    """Each ```python block of the README, with the output the README says it prints (if it says: "prints",
    or "gives (pandas N.N)" and a remark, then the output block)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for m in re.finditer(r"```python\n(.*?)```\n", text, re.S):
        header = r"\n(?:prints|gives \(pandas [\d.]+\)(?:(?!```).)*?)\n\n```\n(.*?)```\n"
        printed = re.match(header, text[m.end():], re.S)
        found.append((m.group(1), printed.group(1) if printed else None))
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The Python of a new virtual environment with synth installed from a copy of the checkout (no -e)."""
    tmp = tmp_path_factory.mktemp("installed")
    source = tmp / "source"
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    target = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 check=True, capture_output=True, text=True).stdout.strip())
    deps = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")} | set(site.getsitepackages())
    (target / "test-dependencies.pth").write_text("".join(f"{d}\n" for d in sorted(deps)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    str(source)], check=True, capture_output=True)
    return python


def _run(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    return subprocess.run([str(python), "-"], input=code, cwd=cwd, env=env, capture_output=True, text=True)


def test_the_checkout_shadows_the_install_and_recipes_are_found(installed):
    """From the repository folder ``import synth`` is the checkout's (the case of the issue); elsewhere it is the
    installed package; both load the bundled recipe."""
    code = "import synth; r = synth.load_recipe('ampsi'); print(synth.__file__); print(r.name, r.source)"
    here = _run(installed, code, ROOT)
    assert here.returncode == 0, here.stderr
    assert here.stdout.splitlines() == [str(ROOT / "synth" / "__init__.py"), "ampsi recipes/ampsi.yaml"]
    away = _run(installed, code, installed.parent.parent.parent)
    assert away.returncode == 0, away.stderr
    assert "site-packages" in away.stdout.splitlines()[0]
    assert away.stdout.splitlines()[1] == "ampsi recipes/ampsi.yaml"


@pytest.mark.parametrize("index", range(len(readme_examples())))
def test_readme_python_examples_run_from_the_checkout(installed, index):
    """Each Python example of the README runs from the repository folder and prints what the README says."""
    code, printed = readme_examples()[index]
    done = _run(installed, code, ROOT)
    assert done.returncode == 0, done.stderr
    if printed is not None:
        assert done.stdout == printed
