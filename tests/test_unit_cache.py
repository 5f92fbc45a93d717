"""The unit registry's disk cache: private to one installation, and never the reason a start fails or slows.

pint's shared cache (``~/.cache/pint``) stores absolute paths; when the environment that wrote an entry is
gone, reading it raises FileNotFoundError (issue 17). These tests build registries against temporary cache
folders in the states a user meets: missing, stale (entries naming files that no longer exist), corrupt,
read-only. Each must give a registry that converts correctly, and a cache that works again afterwards.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pint
import pytest

from synth import unit_cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(unit_cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _works(ureg) -> None:
    # 1 lb = 0.45359237 kg exactly (international avoirdupois pound, 1959); 750 degC = 1023.15 K.
    assert ureg.Quantity(2, "lb").to("g").magnitude == pytest.approx(2 * 453.59237, rel=1e-12)
    assert ureg.Quantity(750, "degC").to("K").magnitude == pytest.approx(1023.15, rel=1e-12)


def _parses(monkeypatch) -> list[int]:
    """Count the definition files pint parses from text (a cache hit parses none)."""
    from pint.delegates.txt_defparser.defparser import _PintParser

    calls = []
    original = _PintParser.__bases__[0].parse_file

    @functools.wraps(original)  # the same __name__: pint names cache entries by the parser's name
    def counting(self, path):
        calls.append(1)
        return original(self, path)

    monkeypatch.setattr(_PintParser.__bases__[0], "parse_file", counting)
    return calls


def test_missing_cache_is_created_then_used(cache_dir, monkeypatch):
    assert not cache_dir.exists()
    _works(unit_cache.build_registry())
    folder = unit_cache.cache_folder()
    assert folder.parent == cache_dir and any(folder.glob("*.pickle"))
    calls = _parses(monkeypatch)
    _works(unit_cache.build_registry())
    assert calls == []  # the second start reads the cache: nothing parsed from text


def test_stale_cache_from_a_removed_environment_is_rebuilt(cache_dir, tmp_path, monkeypatch):
    # Another environment's pint, at a path that is then removed: its entries have the same content hash as
    # ours (same definitions file) but name the removed path, as ~/.cache/pint does after `rm -rf venv`.
    other = tmp_path / "other-venv-pint"
    other.mkdir()
    pint_dir = Path(pint.__file__).parent
    for name in ("default_en.txt", "constants_en.txt"):
        shutil.copy(pint_dir / name, other / name)
    folder = unit_cache.cache_folder()
    pint.UnitRegistry(filename=str(other / "default_en.txt"), cache_folder=folder)
    shutil.rmtree(other)
    with pytest.raises(FileNotFoundError):  # what pint itself does with such a cache
        pint.UnitRegistry(cache_folder=folder)
    calls = _parses(monkeypatch)
    _works(unit_cache.build_registry(autoconvert_offset_to_baseunit=True))
    assert len(calls) == 2  # parsed once (default_en.txt and the constants it imports), not twice
    calls.clear()
    _works(unit_cache.build_registry())
    assert calls == []  # and the repaired cache serves the next start


def test_corrupt_cache_is_rebuilt(cache_dir):
    unit_cache.build_registry()
    folder = unit_cache.cache_folder()
    for entry in folder.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    _works(unit_cache.build_registry())
    _works(pint.UnitRegistry(cache_folder=folder))  # the entries were rewritten


def test_read_only_folder_is_not_written(cache_dir, monkeypatch):
    # Made by refusing access rather than by permission bits, which do not stop root (CI runs as root).
    monkeypatch.setattr(unit_cache.os, "access", lambda path, mode: False)
    assert unit_cache.cache_folder() is None
    calls = _parses(monkeypatch)
    _works(unit_cache.build_registry())
    assert len(calls) == 2 and not any(cache_dir.rglob("*.pickle"))


def test_empty_variable_turns_the_cache_off(monkeypatch):
    monkeypatch.setenv(unit_cache.ENV, "")
    assert unit_cache.cache_root() is None and unit_cache.cache_folder() is None
    _works(unit_cache.build_registry())


def test_the_key_names_this_installation():
    from synth import __version__

    key = unit_cache.install_key()
    assert len(key) == 16 and key == unit_cache.install_key()
    assert __version__  # part of the key: a new synth version starts a new cache folder
