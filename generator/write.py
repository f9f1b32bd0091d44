"""The only stage that touches docs/: atomic writes of changed files, tracked in a manifest.

A file is ours only if the manifest lists it with the hash it still has. Anything else
(a hand-written page, a generated page someone edited) is never overwritten or deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .errors import WriteError

MANIFEST_NAME = ".briefing-manifest.json"
# What the generator owns under docs/: files, and folders (ending in "/"). It writes nowhere else,
# and deletes nothing elsewhere even if the manifest says so. A new kind of page is added here.
OWNED_PATHS = ("index.md", "timeline.md", "network.md", "briefing.json", "briefings/", "entities/", "feeds/")
# `.name.tmp`, or tempfile.mkstemp(prefix=".name.", suffix=".tmp") when that one is taken (_atomic_write)
_TEMP_NAME = re.compile(r"^\.(.+?)(?:\.[a-z0-9_]{8})?\.tmp$")
_UNREADABLE = "unreadable"  # a digest no file content can have


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line messages


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one page: "written", "unchanged", "refused" or "failed" (with a one-line message).

    `digest` and `stat` are what the manifest records for it afterwards (None: keep what it had)."""

    path: str
    status: str
    digest: str | None = None
    stat: tuple[int, int, int] | None = None
    message: str = ""
    key: str | None = None  # the hash of the page's inputs (render.Site.key), when it has one


def digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def read_manifest(docs_dir: Path) -> dict[str, str]:
    """Generated file -> the hash of what the generator wrote there."""
    return _load_manifest(docs_dir).files


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the generator wrote last time: each file's hash, its stat then, and its inputs' key."""

    files: dict[str, str] = field(default_factory=dict)
    stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    saved_at: int = 0  # the manifest file's own mtime (ns)


def _load_manifest(docs_dir: Path) -> Manifest:
    """An unreadable manifest owns nothing."""
    try:
        with open(docs_dir / MANIFEST_NAME, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
            saved_at = os.fstat(handle.fileno()).st_mtime_ns
    except (OSError, ValueError):
        return Manifest()
    files = data.get("files", {}) if isinstance(data, dict) else {}
    if not isinstance(files, dict):
        return Manifest()
    stats, keys = data.get("stats", {}), data.get("keys", {})
    stats, keys = (stats if isinstance(stats, dict) else {}), (keys if isinstance(keys, dict) else {})
    return Manifest(
        {str(k): str(v) for k, v in files.items()},
        {k: tuple(v) for k, v in stats.items() if isinstance(v, list) and len(v) == 3 and k in files},
        {k: v for k, v in keys.items() if isinstance(v, str) and k in files},
        saved_at,
    )


def _file_digest(path: str) -> str | None:
    """The file's hash; None when there is no file; _UNREADABLE for a folder or unreadable file."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except FileNotFoundError:
        return None
    except OSError:
        return _UNREADABLE


def _stat_of(result: os.stat_result) -> tuple[int, int, int]:
    return (result.st_size, result.st_mtime_ns, result.st_ino)


def _atomic_write(path: str, data: bytes) -> tuple[int, int, int]:
    """Write to a temporary file beside `path`, then rename it over `path`: never a half-written file.
    Returns the new file's stat, as the manifest records it."""
    folder, _, name = path.rpartition("/")
    temp = f"{folder}/.{name}.tmp"
    try:  # a name of our own: a third cheaper than mkstemp's random one, at 10,000 pages a run
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:  # left by a run that was stopped, or another writer's: not ours to reuse
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        try:  # os.write, not a file object: os.fdopen's buffer, isatty and seek cost half the write
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            written = _stat_of(os.fstat(fd))
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return written


def _owned(relative: str) -> bool:
    return any(relative == owned or (owned.endswith("/") and relative.startswith(owned)) for owned in OWNED_PATHS)


def _shown(docs_dir: Path, relative: str) -> str:
    path = docs_dir / relative
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if shown.startswith("..") else shown


# A recorded stat proves a file unchanged only if it was taken well before the manifest was saved: a
# same-size edit within the file system's clock tick of our write would leave the stat as it was.
# Ticks are a few milliseconds where mtimes have sub-second digits (ext4, XFS, APFS, tmpfs), up to
# two seconds where they are whole seconds (ext3, HFS+, FAT).
_SETTLED_NS = 100_000_000
_SETTLED_COARSE_NS = 2_000_000_000


def _settled(stat: tuple[int, int, int], saved_at: int) -> bool:
    mtime = stat[1]
    return mtime < saved_at - (_SETTLED_NS if mtime % 1_000_000_000 else _SETTLED_COARSE_NS)


class PageWriter:
    """One run's writes into docs/: checked paths, the manifest as it was, and one page at a time.

    `write` touches only its own page, so pages can be written from several processes; `finish`
    then removes what is no longer generated and saves the manifest."""

    def __init__(self, docs_dir: Path, paths: list[str]) -> None:
        self.docs_dir = docs_dir
        self.root = str(docs_dir)
        self.folders = _checked_folders(docs_dir, paths)
        _remove_leftover_temp_files(docs_dir, paths)
        before = _load_manifest(docs_dir)
        self.manifest, self.keys = before.files, before.keys
        self.stats = {path: stat for path, stat in before.stats.items() if _settled(stat, before.saved_at)}
        self.resettled = len(self.stats) < len(before.stats)  # save the manifest again, so these settle
        self.existing: dict[str, set[str]] = {}
        for folder in self.folders:
            try:
                self.existing[folder] = set(os.listdir(os.path.join(self.root, folder)))
            except FileNotFoundError:
                os.makedirs(os.path.join(self.root, folder), exist_ok=True)
                self.existing[folder] = set()
            except OSError:
                self.existing[folder] = set()

    def reuse(self, relative: str, key: str | None) -> Outcome | None:
        """The page as written last time, when its inputs' `key` is the same and the file is as we left
        it: then it need not even be rendered. None otherwise."""
        recorded = self.manifest.get(relative)
        if key is None or recorded is None or self.keys.get(relative) != key:
            return None
        current, now = self._current(relative)
        return Outcome(relative, "unchanged", recorded, now, key=key) if current == recorded else None

    def _current(self, relative: str) -> tuple[str | None, tuple[int, int, int] | None]:
        """The hash of the file at `relative` (None when there is none) and its stat. A file as we left
        it (same size, mtime and inode as recorded, and settled) is not read back."""
        folder, _, name = relative.rpartition("/")
        if name not in self.existing[folder]:
            return None, None
        target = f"{self.root}/{relative}"
        try:
            now = _stat_of(os.lstat(target))
        except OSError:
            now = None
        if now is not None and self.stats.get(relative) == now:
            return self.manifest[relative], now
        return _file_digest(target), now

    def write(self, relative: str, text: str, key: str | None = None) -> Outcome:
        """Write one page unless it is unchanged or no longer ours. Never raises for an OSError."""
        data = text.encode("utf-8")
        wanted = digest(data)
        recorded = self.manifest.get(relative)
        current, now = self._current(relative)
        if current is not None and current not in (recorded, wanted):
            owner = "was edited by hand since it was generated" if recorded else "was not written by the generator"
            shown = _shown(self.docs_dir, relative)
            message = f"{shown}: {owner}; not overwriting it (move it away to let the generator write here)"
            return Outcome(relative, "refused", message=message)  # its manifest entry stays: ours once restored
        if current is not None and current == wanted:
            return Outcome(relative, "unchanged", wanted, now, key=key)
        target = f"{self.root}/{relative}"
        try:
            stat = _atomic_write(target, data)
        except OSError as error:
            return Outcome(
                relative, "failed", message=f"{_shown(self.docs_dir, relative)}: cannot write ({error.strerror})"
            )
        return Outcome(relative, "written", wanted, stat, key=key)

    def finish(self, outcomes: list[Outcome], pages: set[str] | dict) -> WriteReport:
        """Record the outcomes, remove the stale pages and save the manifest; raise WriteError for a failed write."""
        report = WriteReport()
        new_manifest, new_stats = dict(self.manifest), dict(self.stats)  # what we knew stays ours until handled
        new_keys = dict(self.keys)
        failed = None
        for outcome in outcomes:
            if outcome.status == "written":
                report.written.append(outcome.path)
            elif outcome.status == "unchanged":
                report.unchanged += 1
            elif outcome.status == "refused":
                report.refused.append(outcome.message)
            else:
                failed = failed or outcome.message
            if outcome.digest is not None:
                new_manifest[outcome.path] = outcome.digest
                for known, value in ((new_stats, outcome.stat), (new_keys, outcome.key)):
                    if value is None:
                        known.pop(outcome.path, None)
                    else:
                        known[outcome.path] = value
        if failed is None:
            try:
                _remove_stale(pages, self.docs_dir, self.manifest, new_manifest, report)
            finally:
                self._save_if_changed(new_manifest, new_stats, new_keys)
        else:
            with contextlib.suppress(WriteError):  # the write that failed is the error to report
                self._save_if_changed(new_manifest, new_stats, new_keys)
        if failed:
            raise WriteError(failed)
        report.written.sort()
        return report

    def _save_if_changed(self, files: dict[str, str], stats: dict[str, tuple], keys: dict[str, str]) -> None:
        stats = {path: stat for path, stat in stats.items() if path in files}
        keys = {path: key for path, key in keys.items() if path in files}
        if files != self.manifest or stats != self.stats or keys != self.keys or self.resettled:
            self._save(files, stats, keys)

    def _save(self, files: dict[str, str], stats: dict[str, tuple], keys: dict[str, str]) -> None:
        payload = {
            "generator": "briefing",
            "files": dict(sorted(files.items())),
            "stats": {path: list(stat) for path, stat in sorted(stats.items())},
            "keys": dict(sorted(keys.items())),
        }
        try:
            _atomic_write(f"{self.root}/{MANIFEST_NAME}", orjson.dumps(payload, option=orjson.OPT_INDENT_2) + b"\n")
        except OSError as error:
            raise WriteError(f"{_shown(self.docs_dir, MANIFEST_NAME)}: cannot write ({error.strerror})") from None


def _checked_folders(docs_dir: Path, paths: list[str]) -> set[str]:
    """The folders `paths` go in, after checking that every path stays in the generator's own part of
    docs/. Folders are resolved, not files: a few folders serve thousands of pages, and a link at a
    file itself is harmless (atomic writes replace the link, removal unlinks it, never its target)."""
    root = docs_dir.resolve()
    folders: set[str] = set()
    for relative in paths:
        folder = relative.rpartition("/")[0]
        if not _owned_path(relative) or (folder not in folders and not _inside(docs_dir, root, relative)):
            raise WriteError(
                f"generated path {relative!r} is outside the generator's own paths in {docs_dir} "
                f"({', '.join(OWNED_PATHS)}); nothing written"
            )
        folders.add(folder)
    return folders


def _owned_path(relative: str) -> bool:
    """A plain relative path ("briefings/x.md") under one of OWNED_PATHS."""
    return (
        _owned(relative)
        and not relative.startswith("/")
        and not any(part in ("", ".", "..") for part in relative.split("/"))
    )


def _inside(docs_dir: Path, root: Path, relative: str) -> bool:
    """Whether the folder of a generated path, links followed, is inside docs/."""
    return (docs_dir / relative).parent.resolve().is_relative_to(root)


def _remove_stale(pages: set[str] | dict, docs_dir: Path, manifest: dict, new_manifest: dict, report) -> None:
    root = docs_dir.resolve()
    for relative in sorted(set(manifest) - set(pages)):
        if not (_owned_path(relative) and _inside(docs_dir, root, relative)):
            report.refused.append(
                f"{_shown(docs_dir, MANIFEST_NAME)}: entry {relative[:80]!r} is outside the generator's paths; ignored"
            )
            del new_manifest[relative]
            continue
        target = docs_dir / relative
        current = _file_digest(str(target))
        if current is None:
            del new_manifest[relative]
            continue
        if current != manifest[relative]:
            report.refused.append(_kept_message(docs_dir, relative, pages, manifest))
            del new_manifest[relative]  # the user's file now: said this once, never again
            continue
        try:
            target.unlink()
        except OSError as error:
            shown = _shown(docs_dir, relative)
            report.refused.append(f"{shown}: no longer generated, but cannot be removed ({error.strerror})")
            continue
        del new_manifest[relative]
        report.removed.append(relative)
        _remove_empty_parents(target.parent, docs_dir)


_MARKDOWN_LINK = re.compile(r"\]\(([^()\s#]+\.md)(?:#[^()\s]*)?\)")


def _kept_message(docs_dir: Path, relative: str, pages: set[str] | dict, manifest: dict) -> str:
    """The one warning for a page whose seed (or entity) is gone but that was edited by hand: it is
    kept, and is the user's from now on. When it links to generated pages that are gone too, MkDocs'
    strict build fails on those links on every run until the user acts: say so, and what to do."""
    message = f"{_shown(docs_dir, relative)}: no longer generated, but edited by hand since; left in place"
    try:
        text = (docs_dir / relative).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return message
    folder = relative.rpartition("/")[0]
    dead = sorted(
        {
            target
            for link in _MARKDOWN_LINK.findall(text)
            if _owned(target := os.path.normpath(os.path.join(folder, link)).replace(os.sep, "/"))
            and target not in pages
            and (target in manifest or not (docs_dir / target).is_file())  # ours and going, or gone
        }
    )
    if not dead:
        return message
    return (
        f"{message}, and it links to {len(dead)} page(s) no longer generated ({dead[0]}"
        f"{', ...' if len(dead) > 1 else ''}): `build --strict` fails on those links until you delete the "
        "page or fix them (it is yours now; the generator will not touch it again)"
    )


def write_pages(pages: dict[str, str], docs_dir: Path) -> WriteReport:
    """Write `pages` under `docs_dir`, skipping unchanged files; remove what we wrote before and no longer generate.

    Raises WriteError (after recording what was already written) when a file cannot be written."""
    writer = PageWriter(docs_dir, list(pages))
    outcomes = []
    for relative in sorted(pages):
        outcomes.append(writer.write(relative, pages[relative]))
        if outcomes[-1].status == "failed":
            break
    return writer.finish(outcomes, pages)


def _remove_leftover_temp_files(docs_dir: Path, pages: dict[str, str]) -> None:
    """Temporary files of ours (`.index.md.tmp`, `.index.md.k3j2h1xz.tmp`) left by a run that was killed mid-write."""
    by_folder: dict[str, set[str]] = {}
    for relative in pages:
        folder, _, name = relative.rpartition("/")
        by_folder.setdefault(folder, set()).add(name)
    by_folder.setdefault("", set()).add(MANIFEST_NAME)
    for folder, names in by_folder.items():
        try:
            entries = os.listdir(docs_dir / folder)
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_NAME.match(entry)
            if match and match[1] in names:
                (docs_dir / folder / entry).unlink(missing_ok=True)


def _remove_empty_parents(folder: Path, docs_dir: Path) -> None:
    root = docs_dir.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
