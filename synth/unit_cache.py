"""Build pint's registry from a disk cache that belongs to this installation, and never fail because of it.

pint can cache its parsed definitions on disk (``cache_folder=":auto:"``, i.e. ``~/.cache/pint``): a start
then costs about 15 ms instead of about 100-200 ms. But that folder is shared by every environment of a
user; its entries are named by file content yet store the absolute path of the file that wrote them, and
pint follows that path for ``@import``. Once the environment that wrote an entry is removed, every other
environment's read raises ``FileNotFoundError`` (issue 17): synth then parsed the definitions from scratch on
every start, after a first failed attempt.

Here the cache folder is private to one installation (one pint at one path, one Python, one synth version),
under synth's own user cache directory, so an entry always names files that exist. A cache that is stale,
corrupt, unreadable or unwritable costs at most one parse: the folder is cleared and rebuilt when it can be
written, and the registry is built without a cache when it cannot. :envvar:`SYNTH_CACHE_DIR` moves the
cache (tests point it at a temporary folder); ``SYNTH_CACHE_DIR=""`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
from pathlib import Path

import pint

ENV = "SYNTH_CACHE_DIR"


def cache_root() -> Path | None:
    """synth's user cache directory (``$SYNTH_CACHE_DIR``, else the platform's, e.g. ``~/.cache/synth``);
    None when the variable is set to the empty string (no disk cache)."""
    if ENV in os.environ:
        return Path(os.environ[ENV]) if os.environ[ENV] else None
    import platformdirs  # a dependency of pint

    return platformdirs.user_cache_path(appname="synth", appauthor=False)


def install_key() -> str:
    """What the cached definitions depend on: this pint (its path and version), this Python and synth."""
    from . import __version__

    parts = (str(Path(pint.__file__).resolve().parent), pint.__version__, platform.python_implementation(),
             platform.python_version(), __version__)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def cache_folder() -> Path | None:
    """This installation's pint cache folder, created if needed; None when it cannot be written."""
    root = cache_root()
    if root is None:
        return None
    folder = root / f"pint-{install_key()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def build_registry(**options) -> pint.UnitRegistry:
    """pint's default registry with ``options``, from this installation's cache when it works.

    A cache that fails to load (stale, corrupt, or written half by a concurrent start) is cleared and
    rebuilt once; if that fails too, or there is no writable cache, the definitions are parsed directly."""
    folder = cache_folder()
    if folder is not None:
        for _attempt in range(2):
            try:
                return pint.UnitRegistry(cache_folder=folder, **options)
            except Exception:  # noqa: BLE001 - any failure of a cache must fall back, never stop a start
                _clear(folder)
    return pint.UnitRegistry(**options)


def _clear(folder: Path) -> None:
    """Remove every entry of ``folder`` (a failed cache), leaving the folder."""
    for entry in folder.iterdir() if folder.is_dir() else ():
        try:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            pass
