"""Reading the seeds folder: the I/O edge before parsing. Decides what is a seed and decodes it."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, SeedError
from .model import Article

SEED_SUFFIXES = {".txt"}
REGISTRY_NAME = "entities.yml"
# The largest seed read (10 MiB). A long news article is 100 KB of text; a file 100 times that is a
# dump, not an article. Up to it the cost stays proportional: the 10 MB seeds of bench/hostile.py
# (one line without sentence breaks, or ordinary paragraphs) take about 10 s and 260 MB to generate
# at light load. Each seed is held whole in memory by every stage and lands whole in the search index
# every reader downloads, so a larger one is refused, unread, with a warning.
MAX_SEED_BYTES = 10 * 1024 * 1024
_SNIFF = 8192
# Words of three or more letters written only with bytes 0xC0-0xFF: Cyrillic in Windows-1251,
# while Western text in Windows-1252 has one accented letter among ASCII ones.
_HIGH_WORD = re.compile(rb"(?<![A-Za-z\xc0-\xff])[\xc0-\xff]{3,}(?![A-Za-z\xc0-\xff])")
_WORD = re.compile(rb"[A-Za-z\xc0-\xff]{3,}")


@dataclass(slots=True)
class SeedSet:
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each, naming the file
    ignored: list[str] = field(default_factory=list)  # not seeds: said once, as information


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when inside it (`seeds/foo.txt`)."""
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    if shown.startswith(".."):
        shown = str(path)
    return printable(shown)


def printable(name: str) -> str:
    """A file name safe to print in a one-line message (a newline in a name stays one line)."""
    return name if name.isprintable() else "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)


def decode_seed(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1251/1252 with a warning.

    Raises SeedError for an empty or binary file."""
    if not data:
        raise SeedError(name, "file is empty; skipped")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF8):
            try:
                return data[len(bom) :].decode(codec), [f"{name}: decoded as UTF-16 (save it as UTF-8 to be safe)"]
            except UnicodeDecodeError:
                break
    if _looks_binary(data[:_SNIFF]):
        raise SeedError(name, "looks like a binary file, not text; skipped")
    try:
        # As "utf-8-sig" does (a BOM is dropped; error offsets count from after it), without its
        # Python-level wrapper.
        return (data[3:] if data.startswith(codecs.BOM_UTF8) else data).decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        codec, label = _legacy_codec(data)
        text = data.decode(codec, errors="replace")
        return text, [f"{name}:{line}: not valid UTF-8; decoded as {label}; check its letters and save it as UTF-8"]


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b") + b"\x7f"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return controls > max(4, len(head) // 100)


def _legacy_codec(data: bytes) -> tuple[str, str]:
    words = len(_WORD.findall(data))
    if words and len(_HIGH_WORD.findall(data)) * 5 >= words:
        return "cp1251", "Windows-1251 (Cyrillic)"
    return "cp1252", "Windows-1252"


def list_seeds(seeds_dir: Path) -> tuple[list[Path], list[str]]:
    """The seed files in `seeds_dir` in name order, and the names of what else is there (not seeds).

    Raises ConfigError when the folder is missing or cannot be listed."""
    if not seeds_dir.is_dir():
        where = display_path(seeds_dir)
        if seeds_dir.exists():
            raise ConfigError(f"{where}: is a file, not a seeds folder")
        raise ConfigError(f"{where}: seeds folder not found (create it and put article .txt files in it)")
    try:
        with os.scandir(seeds_dir) as listing:  # file types come with the listing: no stat per file
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        raise ConfigError(f"{display_path(seeds_dir)}: cannot list the seeds folder ({error.strerror})") from None
    paths: list[Path] = []
    ignored: list[str] = []
    for entry in entries:
        name = entry.name
        if name == REGISTRY_NAME:
            continue
        if _seed_name(name) and (entry.is_symlink() or entry.is_file()):  # read_seed says why a link is refused
            paths.append(seeds_dir / name)
        elif _is_dir(entry):
            if not name.startswith("."):
                ignored.append(printable(f"{name}/"))
        else:
            ignored.append(printable(name))
    return paths, ignored


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_FOLLOW_ERRORS = (errno.ELOOP, errno.EMLINK)  # opening a link with O_NOFOLLOW: Linux, macOS / FreeBSD


def read_seed(path: Path, root: Path, display: str) -> bytes:
    """The bytes of the seed file at `path` in the seeds folder `root` (resolved). A link is followed
    only to a regular file inside `root`; one that leads outside it, to a folder, to nothing or round in
    a loop is refused, as is a file over MAX_SEED_BYTES (not read at all). Raises SeedError (`display`
    names the file) for each of these and for a file that cannot be read.

    A file that is not a link is opened without following links, so one swapped for a link after the
    folder was listed is caught too; a link is checked after it is opened (the file opened must be
    the one its resolved path names, inside `root`)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    link = not _NO_FOLLOW and os.path.islink(path)
    fd = -1
    if not link:
        try:
            fd = os.open(path, flags | _NO_FOLLOW)
        except OSError as error:
            if not (_NO_FOLLOW and error.errno in _NO_FOLLOW_ERRORS and os.path.islink(path)):
                raise SeedError(display, f"cannot be read ({error.strerror}); skipped") from None
            link = True
    if link:
        fd = _open_link(path, root, display, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SeedError(display, "is a link to a folder, not a file; skipped" if link else "is a folder; skipped")
        if not stat.S_ISREG(info.st_mode):
            raise SeedError(display, "is not a regular file (a device, pipe or socket); skipped")
        if info.st_size > MAX_SEED_BYTES:
            raise SeedError(display, _too_large(info.st_size))
        data = _read_at_most(fd, MAX_SEED_BYTES + 1, info.st_size)
    except OSError as error:
        raise SeedError(display, f"cannot be read ({error.strerror}); skipped") from None
    finally:
        os.close(fd)
    if len(data) > MAX_SEED_BYTES:  # it grew after it was measured
        raise SeedError(display, _too_large(len(data)))
    return data


def _read_at_most(fd: int, limit: int, size: int) -> bytes:
    """Up to `limit` bytes of the open file (`size`, its length when measured: usually one read)."""
    chunks = [os.read(fd, min(limit, size + 1))]
    total = len(chunks[0])
    while chunks[-1] and total < limit:
        chunks.append(os.read(fd, min(limit - total, 1 << 20)))
        total += len(chunks[-1])
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _open_link(path: Path, root: Path, display: str, flags: int) -> int:
    """Open the file a link at `path` leads to, if it is inside `root`; else SeedError."""
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SeedError(display, "is a link that leads round in a loop; skipped") from None
        if error.errno == errno.ENOENT:
            raise SeedError(display, "is a link to a file that does not exist; skipped") from None
        raise SeedError(display, f"is a link that cannot be followed ({error.strerror}); skipped") from None
    try:
        target = Path(os.path.realpath(path))
        opened, named = os.fstat(fd), os.stat(target)
        inside = target.is_relative_to(root) and (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)
    except OSError:
        inside = False
    if not inside:
        os.close(fd)
        raise SeedError(display, "is a link that leads outside the seeds folder; skipped (copy the file in instead)")
    return fd


def _too_large(size: int) -> str:
    mib = 1024 * 1024
    return (
        f"is {size / mib:.1f} MiB, over the {MAX_SEED_BYTES / mib:g} MiB limit for one article; "
        "skipped, unread (split it into one file per article)"
    )


def _is_dir(entry: os.DirEntry) -> bool:
    """`entry.is_dir()`, False for a link that cannot be followed (a loop raises)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _seed_name(name: str) -> bool:
    """A seed is a visible `.txt` file (editor backups, `.DS_Store`, README.md and lock files are not):
    decided on the name alone, `PurePath(name).suffix` spelled out (list_seeds has the file type)."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:].lower() in SEED_SUFFIXES and not name.startswith((".", "~", "#"))


class DisplayNames:
    """`display_path` for many files: the folder's relative path is worked out once per folder."""

    def __init__(self) -> None:
        self._folders: dict[str, str | None] = {}

    def __call__(self, path: Path) -> str:
        folder, name = os.path.split(str(path))
        if name in ("", ".", "..") or not folder:
            return display_path(path)
        if folder not in self._folders:
            try:
                self._folders[folder] = os.path.relpath(folder)
            except ValueError:  # another drive on Windows
                self._folders[folder] = None
        relative = self._folders[folder]
        if relative is None:
            return printable(str(path))
        shown = name if relative == "." else os.path.join(relative, name)
        return printable(str(path) if shown.startswith("..") else shown)


def with_seed_name(article: Article, name: str) -> Article:
    """`replace(article, seed=name, warnings=())`, spelled out: `replace` costs four times as much.
    (tests/test_seeds.py checks that this names every field.)"""
    a = article
    return Article(
        name, a.title, a.date, a.paragraphs, a.caption, a.photo_credit, a.credit, a.source_name, a.source_url,
        a.related_titles, (), a.slug_hint,
    )  # fmt: skip
