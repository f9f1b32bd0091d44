"""A small on-disk cache of work whose inputs can be named by a hash: one seed's analysis (analyse.py),
one article's mentions under the resolved names (entities.py), compiled templates (render.py).

An entry's key is a hash of everything the work reads (a seed's bytes and its file name; for
mentions, also a fingerprint of the resolved names) under a fingerprint of the generator's own code,
so an edited seed or an edited generator can never be served a stale result: a changed input is a
different key, and a changed generator discards the whole file. What depends on the whole corpus at
once (resolving entities, ranking related articles) is recomputed on every run.

The file lives in the docs folder (a dot-file: MkDocs skips it, and it is gitignored). Only the
generator writes it; it is not meant to be shared or committed. Its entries are pickles, and
unpickling runs code, as loading the compiled templates it keeps does: so the file is authenticated
before anything in it is read. It starts with an HMAC-SHA256 tag of its content, under a random
key kept outside the project, in `$XDG_CACHE_HOME/briefing-generator/cache-key` (else
`~/.cache/...`; created on first use, readable by its owner only). Anyone who can write docs/ (or
commit a file there) but cannot read that key cannot make a file this generator will unpickle:
a file whose tag does not match (tampered with, another user's or machine's, an older format) is
ignored with a one-line note and rebuilt. Where no key can be kept, nothing is cached.

A file that cannot be used for another reason (truncated, written by another generator version)
is ignored and rebuilt. Entries not used by a run are dropped when the run saves, so the file
tracks the seeds folder and never grows.

Each entry is stored as its own pickle (bytes) inside the file's mapping: loading the file only
reads those bytes, an entry is unpickled when a run asks for it, and saving writes the bytes of
unchanged entries back as they are: only new results are pickled.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .seeds import display_path

CACHE_NAME = ".briefing-cache.pickle"
FORMAT = 3  # 2: entries are pickled one by one; 3: the file is authenticated
MAGIC = b"briefing-cache 3\n"  # then the tag, then the pickled payload
KEY_BYTES = 32
_TAG_BYTES = 32
T = TypeVar("T")


class Rejected(Exception):
    """A cache file that is not used, or a key that cannot be: `str()` is the one-line note."""


def key_path() -> Path:
    """Where the cache key is kept: outside any project folder, in the user's own cache folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return folder / "briefing-generator" / "cache-key"


def cache_key(project: Path | None = None) -> bytes:
    """The key that authenticates cache files (made on first use). Raises Rejected when it is not
    kept safely: inside `project` (the folder holding docs/), readable or writable by others, or
    not the user's own."""
    path = key_path()
    if project is not None and path.resolve().is_relative_to(project.resolve()):
        raise Rejected(f"{display_path(path)}: the cache key would be inside the project; set XDG_CACHE_HOME")
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise Rejected(f"{display_path(path)}: cannot read the cache key ({error.strerror})") from None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".cache-key.")  # readable by its owner only
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(temp, path)  # never replaces a key another run made meanwhile
            except FileExistsError:
                pass
            except OSError:  # no hard links here (FAT, some network folders)
                os.replace(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
        return _read_key(path)
    except OSError as error:
        raise Rejected(f"{display_path(path)}: cannot keep a cache key ({error.strerror}); nothing is cached") from None


def _read_key(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        key = handle.read(KEY_BYTES + 1)
    shown = display_path(path)
    if not stat.S_ISREG(info.st_mode) or len(key) != KEY_BYTES:
        raise Rejected(f"{shown}: not a cache key (delete it to get a new one); nothing is cached")
    if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
        raise Rejected(f"{shown}: the cache key is not yours alone (chmod 600 it, or delete it); nothing is cached")
    return key


def _tag(key: bytes, payload: bytes | memoryview) -> bytes:
    """HMAC-SHA256 of the header and payload (twice as fast as keyed BLAKE2b where the processor has
    SHA instructions, as the build machine has: under 0.1 s for 100 MB)."""
    tag = hmac.new(key, MAGIC, hashlib.sha256)
    tag.update(payload)
    return tag.digest()


def read_authenticated(path: Path, key: bytes) -> object:
    """The payload stored at `path`, unpickled only once its tag proves it was written with `key`.

    Raises OSError when the file cannot be read, Rejected when it is not an authenticated cache."""
    with path.open("rb") as handle:
        data = handle.read()
    view = memoryview(data)
    start = len(MAGIC) + _TAG_BYTES
    if not data.startswith(MAGIC) or len(data) <= start:
        shown = display_path(path)
        raise Rejected(f"{shown}: not a cache this generator wrote (or an older version did); ignored and rebuilt")
    if not hmac.compare_digest(view[len(MAGIC) : start], _tag(key, view[start:])):
        raise Rejected(
            f"{display_path(path)}: written with another key (another user or machine) or changed since; "
            "ignored and rebuilt"
        )
    return pickle.loads(view[start:])


def write_authenticated(path: Path, key: bytes, payload: object) -> None:
    """Store `payload` at `path` (atomically), tagged with `key`. Raises OSError."""
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC)
            handle.write(_tag(key, data))
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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

    def __init__(
        self, path: Path | None = None, entries: dict[str, bytes] | None = None, key: bytes | None = None
    ) -> None:
        self.path = path
        self.key = key  # authenticates the file; None: nothing is saved
        self.note = ""  # why the file on disk was not used, in one line ("" when it was, or there was none)
        self._old = entries or {}  # key -> pickled result, as loaded
        self._new: dict[str, object] = {}  # key -> result, for every key used since `load`
        self._pickled: dict[str, bytes] = {}  # key -> pickled result, for results taken from `_old`
        self._adopted: dict[str, bytes] = {}  # key -> pickled result, used by another process (`adopt`)
        self.hits = 0
        self.misses = 0

    @classmethod
    def load(cls, path: Path) -> Cache:
        """The cache stored at `path`, or an empty one when there is none or it cannot be used (then
        `note` says why in one line, when the reason is news: a file not ours, a key not kept safely)."""
        try:
            key = cache_key(path.parent.parent)  # the project: the folder holding docs/
        except Rejected as rejected:
            cache = cls(None)
            cache.note = str(rejected)
            return cache
        try:
            data = read_authenticated(path, key)
        except Rejected as rejected:
            cache = cls(path, key=key)
            cache.note = str(rejected)
            return cache
        except Exception:  # missing, unreadable, truncated, from another version: start afresh
            return cls(path, key=key)
        if not (isinstance(data, dict) and data.get("fingerprint") == code_fingerprint()):
            return cls(path, key=key)
        entries = data.get("entries")
        return cls(path, entries if isinstance(entries, dict) else None, key=key)

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

    def save(self) -> str | None:
        """Write the entries used since `load` (atomically), unless nothing changed. Returns a one-line
        warning naming the file when it cannot be written (the pages are complete without it)."""
        if self.path is None or self.key is None:
            return None
        if self.misses == 0 and self._new.keys() | self._adopted.keys() == self._old.keys():
            return None
        payload = {"fingerprint": code_fingerprint(), "entries": self.used_entries()}
        shown = display_path(self.path)
        if self.path.is_dir():
            return f"{shown}: is a folder where the generator keeps its cache; nothing cached (move it away)"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_authenticated(self.path, self.key, payload)
        except OSError as error:
            return f"{shown}: cannot save the cache ({error.strerror or error}); the next run redoes every seed"
        return None


_MISSING = object()


def _unpickled(data: bytes) -> object:
    """One stored entry, or _MISSING when it cannot be unpickled (it is then recomputed)."""
    try:
        return pickle.loads(data)
    except Exception:
        return _MISSING
