"""Writing results to files atomically: a failed run never leaves a half-written or stale file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import InputError


def check_target(path: str, option: str = "-o") -> Path:
    """The file ``path`` names, or a clear error if it cannot be written there (checked before any work)."""
    target = Path(path)
    if not path.strip() or target.name in ("", ".", ".."):
        raise InputError(f"{option} {path!r}: give a file name, e.g. {option} out.csv")
    if target.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name inside it")
    if not target.parent.is_dir():  # Path("x").parent is Path(".")
        raise InputError(f"{option} {path}: folder {target.parent} does not exist; create it or choose another path")
    return target


def write_atomic(path: str, text: str | bytes, option: str = "-o") -> None:
    """Write ``text`` (or bytes) to ``path`` through a temporary file in the same folder, then rename it."""
    target = check_target(path, option)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private (0600); give it the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
