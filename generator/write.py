"""The only stage that touches docs/: atomic writes of changed files, tracked in a manifest.

A file is ours only if the manifest lists it with the hash it still has. Anything else
(a hand-written page, a generated page someone edited) is never overwritten or deleted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import WriteError

MANIFEST_NAME = ".briefing-manifest.json"
# What the generator owns under docs/: files, and folders (ending in "/"). It writes nowhere else,
# and deletes nothing elsewhere even if the manifest says so. A new kind of page is added here.
OWNED_PATHS = ("index.md", "timeline.md", "briefing.json", "briefings/", "entities/")
_TEMP_NAME = re.compile(r"^\.(.+)\.[a-z0-9_]{8}\.tmp$")  # tempfile.mkstemp(prefix=".name.", suffix=".tmp")
_UNREADABLE = "unreadable"  # a digest no file content can have


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line messages


def digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def read_manifest(docs_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((docs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _file_digest(path: Path) -> str | None:
    """The file's hash; None when there is no file; _UNREADABLE for a folder or unreadable file."""
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError:
        return _UNREADABLE


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _inside(docs_dir: Path, relative: str) -> Path | None:
    """The path for `relative` under docs_dir, or None when it would land outside it (or on the manifest)."""
    pure = PurePosixPath(relative)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or not _owned(relative):
        return None
    # Resolve the folder, not the file: a few folders serve thousands of pages. A symlink at the file
    # itself is harmless: atomic writes replace the link and removal unlinks it, never its target.
    folder = _resolved(docs_dir / pure.parent)
    return folder / pure.name if folder.is_relative_to(_resolved(docs_dir)) else None


@functools.lru_cache(maxsize=1024)
def _resolved(folder: Path) -> Path:
    """`folder.resolve()`, remembered for one write_pages call (cleared at its start)."""
    return folder.resolve()


def _owned(relative: str) -> bool:
    return any(relative == owned or (owned.endswith("/") and relative.startswith(owned)) for owned in OWNED_PATHS)


def _shown(docs_dir: Path, relative: str) -> str:
    path = docs_dir / relative
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if shown.startswith("..") else shown


def write_pages(pages: dict[str, str], docs_dir: Path) -> WriteReport:
    """Write `pages` under `docs_dir`, skipping unchanged files; remove what we wrote before and no longer generate.

    Raises WriteError (after recording what was already written) when a file cannot be written."""
    _resolved.cache_clear()  # folders may have been replaced by links since the last run
    for relative in pages:
        if _inside(docs_dir, relative) is None:
            raise WriteError(
                f"generated path {relative!r} is outside the generator's own paths in {docs_dir} "
                f"({', '.join(OWNED_PATHS)}); nothing written"
            )
    report = WriteReport()
    _remove_leftover_temp_files(docs_dir, pages)
    manifest = read_manifest(docs_dir)
    new_manifest = dict(manifest)  # until each file is handled, what we knew before stays ours
    try:
        _write_all(pages, docs_dir, manifest, new_manifest, report)
        _remove_stale(pages, docs_dir, manifest, new_manifest, report)
    finally:
        if new_manifest != manifest:
            payload = {"generator": "briefing", "files": dict(sorted(new_manifest.items()))}
            try:
                _atomic_write(docs_dir / MANIFEST_NAME, (json.dumps(payload, indent=1) + "\n").encode("utf-8"))
            except OSError as error:
                raise WriteError(f"{_shown(docs_dir, MANIFEST_NAME)}: cannot write ({error.strerror})") from None
    return report


def _write_all(pages: dict[str, str], docs_dir: Path, manifest: dict, new_manifest: dict, report: WriteReport) -> None:
    for relative in sorted(pages):
        data = pages[relative].encode("utf-8")
        target = _inside(docs_dir, relative)
        assert target is not None  # checked by write_pages
        current = _file_digest(target)
        wanted = digest(data)
        if current is not None and current not in (manifest.get(relative), wanted):
            owner = (
                "was edited by hand since it was generated"
                if relative in manifest
                else "was not written by the generator"
            )
            report.refused.append(
                f"{_shown(docs_dir, relative)}: {owner}; not overwriting it "
                "(move it away to let the generator write here)"
            )
            continue  # a manifest entry stays: it is ours again once the user restores or removes the file
        new_manifest[relative] = wanted
        if current == wanted:
            report.unchanged += 1
            continue
        try:
            _atomic_write(target, data)
        except OSError as error:
            new_manifest[relative] = manifest.get(relative, "")
            if not new_manifest[relative]:
                del new_manifest[relative]
            raise WriteError(f"{_shown(docs_dir, relative)}: cannot write ({error.strerror})") from None
        report.written.append(relative)


def _remove_stale(pages: dict[str, str], docs_dir: Path, manifest: dict, new_manifest: dict, report) -> None:
    for relative in sorted(set(manifest) - set(pages)):
        target = _inside(docs_dir, relative)
        if target is None:
            report.refused.append(
                f"{_shown(docs_dir, MANIFEST_NAME)}: entry {relative[:80]!r} is outside the generator's paths; ignored"
            )
            del new_manifest[relative]
            continue
        current = _file_digest(target)
        if current is None:
            del new_manifest[relative]
            continue
        if current != manifest[relative]:
            report.refused.append(
                f"{_shown(docs_dir, relative)}: no longer generated, but edited by hand since; left in place"
            )
            del new_manifest[relative]  # the user's file now
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


def _remove_leftover_temp_files(docs_dir: Path, pages: dict[str, str]) -> None:
    """Temporary files of ours (`.index.md.k3j2h1xz.tmp`) left by a run that was killed mid-write."""
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
