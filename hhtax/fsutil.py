"""Atomic file output: a crash never leaves a half-written declaration, book or export.

Books and returns are the household's legal records (books: TT 88/2021/TT-BTC, TT 152/2025/TT-BTC;
a filed return changes only through a supplementary one, Law 38/2019/QH14 Art 47): a file hhtax
writes is either the old one or the complete new one. `atomic_write` writes a temporary file in
the same directory, flushes it to disk, and renames it over the target with `os.replace`, which
is atomic on POSIX and Windows when source and target are on the same file system.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from hhtax.errors import InputError


def ensure_directory(directory: str | Path) -> Path:
    """Create an output directory (and its parents) if missing; InputError if that is impossible."""
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError("not a directory", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot create the directory: {exc.strerror}", file=str(path)) from None
    return path


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at `path` only when the block completes without error.

    Raises InputError naming the path when the directory is missing or not writable.
    """
    target = Path(path)
    directory = target.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise InputError("directory does not exist", file=str(directory)) from None
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", file=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror}", file=str(target)) from None
        raise
    _fsync_directory(directory)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temp file in the same directory + fsync + os.replace)."""
    with atomic_file(path) as handle:
        handle.write(data)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)



@contextlib.contextmanager
def private_temp(target: Path) -> Iterator[Path]:
    """A new, empty file in `target`'s directory under an unpredictable name, created with O_EXCL
    (`mkstemp`: never an existing file, nor a symlink planted there), removed with its SQLite side
    files after the block unless the block moved it into place (`place`)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm"), Path(f"{temp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def place(temp: Path, target: Path, *, overwrite: bool) -> None:
    """Move a finished temporary file to `target` in one step: over whatever is there when
    `overwrite` (`os.replace` replaces a symlink itself, never the file it points to), else only if
    the name is free (a hard link fails on any existing name, a dangling symlink included)."""
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
    if overwrite:
        os.replace(temp, target)
    else:
        os.link(temp, target)
        os.unlink(temp)
    _fsync_directory(target.parent)
