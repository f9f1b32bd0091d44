"""A small on-disk cache of work whose inputs can be named by a hash: one seed's analysis (analyse.py),
one article's mentions under the resolved names (entities.py), compiled templates (render.py).

An entry's key is a hash of everything the work reads (a seed's bytes and its file name; for
mentions, also a fingerprint of the resolved names) under a fingerprint of the generator's own code,
so an edited seed or an edited generator can never be served a stale result: a changed input is a
different key, and a changed generator discards the whole file. What depends on the whole corpus at
once (resolving entities, ranking related articles) is recomputed on every run.

The file is a pickle in the docs folder (a dot-file: MkDocs skips it, and it is gitignored). Only
the generator writes it; it is not meant to be shared or committed. A file that cannot be read
(corrupt, truncated, written by another Python or generator) is ignored and rebuilt. Entries not
used by a run are dropped when the run saves, so the file tracks the seeds folder and never grows.

Each entry is stored as its own pickle (bytes) inside the file's mapping: loading the file only
reads those bytes, an entry is unpickled when a run asks for it, and saving writes the bytes of
unchanged entries back as they are: only new results are pickled.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

CACHE_NAME = ".briefing-cache.pickle"
FORMAT = 2  # 2: entries are pickled one by one
T = TypeVar("T")


@functools.cache
def code_fingerprint() -> str:
    """A hash of the generator package's source and templates: any code change invalidates the cache."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def content_key(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.hexdigest()


class Cache:
    """Results keyed by the hash of their inputs; `load` it, use `get`, then `save` it."""

    def __init__(self, path: Path | None = None, entries: dict[str, bytes] | None = None) -> None:
        self.path = path
        self._old = entries or {}  # key -> pickled result, as loaded
        self._new: dict[str, object] = {}  # key -> result, for every key used since `load`
        self._pickled: dict[str, bytes] = {}  # key -> pickled result, for results taken from `_old`
        self._adopted: dict[str, bytes] = {}  # key -> pickled result, used by another process (`adopt`)
        self.hits = 0
        self.misses = 0

    @classmethod
    def load(cls, path: Path) -> Cache:
        """The cache stored at `path`, or an empty one when there is none or it cannot be used."""
        try:
            with path.open("rb") as handle:
                data = pickle.load(handle)
        except Exception:  # missing, unreadable, truncated, from another version: start afresh
            return cls(path)
        if not (isinstance(data, dict) and data.get("fingerprint") == code_fingerprint()):
            return cls(path)
        entries = data.get("entries")
        return cls(path, entries if isinstance(entries, dict) else None)

    def get(self, namespace: str, key: str, compute: Callable[[], T], kind: type | None = None) -> T:
        """The stored result for (namespace, key), else `compute()` (stored for next time).

        `kind`, when given, is the type the result must have; anything else found is recomputed.
        """
        value = self.find(namespace, key)
        if value is None or (kind is not None and not isinstance(value, kind)):
            value = compute()
            self.put(namespace, key, value)
        return value  # type: ignore[return-value]

    def find(self, namespace: str, key: str) -> object | None:
        """The stored result for (namespace, key), or None; with `put`, for results worked out
        where a `compute` callback does not fit."""
        full = f"{namespace}:{key}"
        if full in self._new:
            self.hits += 1
            return self._new[full]
        stored = self._adopted.get(full) or self._old.get(full)
        value = _unpickled(stored) if isinstance(stored, bytes) else _MISSING
        if value is _MISSING:
            return None
        self.hits += 1
        self._pickled[full] = stored  # type: ignore[assignment]
        self._new[full] = value
        return value

    def put(self, namespace: str, key: str, value: object) -> None:
        """Store a result worked out here (saved with the others)."""
        full = f"{namespace}:{key}"
        self._new[full] = value
        self._pickled.pop(full, None)
        self.misses += 1

    def used_entries(self) -> dict[str, bytes]:
        """The entries used since `load`, pickled (results computed here are pickled now): what `save` writes."""
        entries = {
            key: self._pickled.get(key) or pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            for key, value in self._new.items()
        }
        return self._adopted | entries

    def adopt(self, entries: dict[str, bytes]) -> None:
        """Count results pickled elsewhere (a worker process's, analyse.py) as used here: `save` keeps
        them as they are, `find` unpickles them when asked."""
        for key, data in entries.items():
            if key not in self._new and key not in self._adopted:
                if self._old.get(key) != data:
                    self.misses += 1  # computed over there: the file has to change
                self._adopted[key] = data

    def save(self) -> None:
        """Write the entries used since `load` (atomically), unless nothing changed."""
        if self.path is None or (self.misses == 0 and self._new.keys() | self._adopted.keys() == self._old.keys()):
            return
        payload = {"fingerprint": code_fingerprint(), "entries": self.used_entries()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f"{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


_MISSING = object()


def _unpickled(data: bytes) -> object:
    """One stored entry, or _MISSING when it cannot be unpickled (it is then recomputed)."""
    try:
        return pickle.loads(data)
    except Exception:
        return _MISSING
