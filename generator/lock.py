"""One run at a time in a docs folder: `docs/.briefing.lock`, held with `flock` while a run writes.

Two runs writing one docs folder at once would remove each other's temporary files and record each
other's pages in the manifest. A second run waits for the first, saying so in one line. The system
releases the lock when the process holding it ends, however it ends (kill -9 too), so a lock is
never left behind; the file itself stays (empty) and means nothing when no process holds it.

The lock is re-entrant within a process: `build` holds it for the whole build (pages and site/), and
the MkDocs plugin, which takes it before generating, then finds it already held.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .seeds import display_path

try:
    import fcntl
except ImportError:  # not POSIX: no lock
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".briefing.lock"

_held: dict[str, tuple[int, int]] = {}  # lock file (resolved) -> (descriptor, depth), in this process


def acquire(docs_dir: Path, say: Callable[[str], None]) -> str | None:
    """Take the lock of `docs_dir` (waiting, after `say`ing so, while another run holds it); returns
    its key for `release`, or None where there is no lock to take."""
    if fcntl is None:
        return None
    docs_dir.mkdir(parents=True, exist_ok=True)
    path = docs_dir / LOCK_NAME
    key = str(path.resolve())
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        return key
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"{display_path(path)}: another build is running in this docs folder; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    _held[key] = (fd, 1)
    return key


def release(key: str | None) -> None:
    """Give back a lock taken with `acquire` (the outermost release unlocks it)."""
    if key is None or key not in _held:
        return
    fd, depth = _held[key]
    if depth > 1:
        _held[key] = (fd, depth - 1)
        return
    del _held[key]
    os.close(fd)  # unlocks it


@contextmanager
def build_lock(docs_dir: Path, say: Callable[[str], None]) -> Iterator[None]:
    """`acquire` and `release` around a block."""
    key = acquire(docs_dir, say)
    try:
        yield
    finally:
        release(key)
