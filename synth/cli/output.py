"""Writing results to files atomically, and only where synth may write.

The rules (README, "Robustness"):

- ``-`` or ``/dev/stdout`` writes to standard output.
- Otherwise the target is a new path or an existing regular file. Devices, FIFOs, sockets and folders are
  refused, and so is an input file of the command (the recipe, a price file) or its other output.
- A file is replaced atomically: written to a hidden ``.NAME.*.part`` file in the same folder, then renamed.
  A failed or interrupted run (an error, Ctrl-C, SIGTERM) removes the part file and leaves the old file.
- An existing file keeps its mode. A file with other hard links is refused: renaming would split it from
  its other names. A symbolic link is followed, so the file it points to is replaced and the link kept.
- A target that cannot be written (missing or read-only folder, a name too long) is found before the work.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError

STDOUT = ("-", "/dev/stdout")
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
_PART_SUFFIX = 16  # bytes mkstemp and ".part" add to a name: ".NAME." + 8 random + ".part"


def check_target(path: str, option: str = "-o", others: Mapping[str | None, str] | None = None) -> Path | None:
    """The file ``path`` names (None for stdout), or an :class:`InputError` if synth must not write there.

    ``others`` maps the command's other files (its inputs, another output) to what they are: writing
    over one of them is refused."""
    if path in STDOUT:
        return None
    if not path.strip() or Path(path).name in ("", ".", "..") or "\x00" in path:
        raise InputError(f"{option} {path[:80]!r}: give a file name, e.g. {option} out.csv, or '-' for stdout")
    if path.endswith(("/", os.sep)):
        raise InputError(f"{option} {path}: names a folder (it ends with '/'); give a file name in it, e.g. "
                         f"{option} {path}out.csv")
    target = Path(os.path.realpath(path))  # a symbolic link: write the file it points to
    _check_existing(Path(path), path, option)  # through any link: the pipe behind /dev/fd/1 too
    _check_folder(target, path, option)
    for other, role in (others or {}).items():
        if other and other not in STDOUT and os.path.realpath(other) == str(target):
            raise InputError(f"{option} {path}: that is {role}; choose another file name")
    return target


def check_targets(targets: Mapping[str, str | None], others: Mapping[str, str]) -> None:
    """Check each output target of one command (option -> path, None for not given) before the work, against
    the command's inputs (``others``, e.g. :func:`inputs`) and against each other."""
    seen = dict(others)
    for option, path in targets.items():
        if path is not None:
            check_target(path, option, seen)
            seen[path] = f"the {option} file"


def inputs(*paths: str | None) -> dict[str, str]:
    """``others`` for :func:`check_target`: the command's input files (recipes, price files) that exist as
    files (a bundled recipe's name is not one)."""
    return {p: "an input file of this command" for p in paths if p and os.path.isfile(p)}


def _check_existing(target: Path, path: str, option: str) -> None:
    try:
        info = target.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return  # said by _check_folder, with the limit
        raise InputError(f"{option} {path}: cannot use it ({exc.strerror})") from None
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise InputError(f"{option} {path}: is {kind}; synth writes only to a regular file or a new path "
                             f"(give a file name{', or - for stdout' if kind != 'a folder' else ' inside it'})")
    if info.st_nlink > 1:
        raise InputError(f"{option} {path}: the file has {info.st_nlink} hard links, and replacing it atomically "
                         "would split them; write to a new name")


def _check_folder(target: Path, path: str, option: str) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"{option} {path}: folder {folder} does not exist; create it or choose another path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{option} {path}: folder {folder} is not writable; choose another path")
    longest = _name_max(folder)
    if len(target.name.encode("utf-8", "surrogateescape")) > longest:
        raise InputError(f"{option} {path}: the file name is longer than the {longest} bytes this folder allows")


def write_atomic(path: str, content: str | bytes | Iterable[str], option: str = "-o") -> None:
    """Write ``content`` (text, bytes, or text in chunks) to ``path`` atomically, or to stdout for ``-``.

    Chunks are written as they come, so a large result (a sweep's CSV) is never one string in memory."""
    target = check_target(path, option)
    if target is None:
        sys.stdout.flush()
        _write(sys.stdout.buffer, content)
        sys.stdout.flush()
        return
    name = target.name.encode("utf-8", "surrogateescape")
    longest = _name_max(target.parent)
    prefix = "." + name[: max(1, longest - _PART_SUFFIX)].decode("utf-8", "ignore") + "."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write(fh, content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{option} {path}: cannot write ({exc.strerror}); nothing was written") from None
    except BaseException:  # an error, Ctrl-C or SIGTERM (see cli.app.main): no part file stays behind
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(fh, content) -> None:
    if isinstance(content, bytes):
        fh.write(content)
    elif isinstance(content, str):
        fh.write(content.encode("utf-8"))
    else:
        for chunk in content:
            fh.write(chunk.encode("utf-8"))


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _mode(target: Path) -> int:
    """The existing file's permission bits, or the usual mode of a new file (mkstemp makes it 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
