"""The only stage that touches docs/: atomic writes of changed files, tracked in a manifest.

A file is ours only if the manifest lists it with the hash it still has. Anything else
(a hand-written page, a generated page someone edited) is never overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".briefing-manifest.json"


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
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _inside(docs_dir: Path, relative: str) -> Path:
    target = (docs_dir / relative).resolve()
    if not target.is_relative_to(docs_dir.resolve()):
        raise ValueError(f"generated path {relative!r} escapes {docs_dir}")
    return target


def write_pages(pages: dict[str, str], docs_dir: Path) -> WriteReport:
    """Write `pages` under `docs_dir`, skipping unchanged files; remove what we wrote before and no longer generate."""
    report = WriteReport()
    manifest = read_manifest(docs_dir)
    new_manifest: dict[str, str] = {}

    for relative in sorted(pages):
        data = pages[relative].encode("utf-8")
        target = _inside(docs_dir, relative)
        current = _file_digest(target)
        wanted = digest(data)
        if current is not None and current not in (manifest.get(relative), wanted):
            owner = (
                "was edited by hand since it was generated"
                if relative in manifest
                else "was not written by the generator"
            )
            report.refused.append(
                f"{docs_dir / relative}: {owner}; not overwriting it (move it away to let the generator write here)"
            )
            if relative in manifest:
                new_manifest[relative] = manifest[relative]  # still ours once the user restores or removes it
            continue
        new_manifest[relative] = wanted
        if current == wanted:
            report.unchanged += 1
            continue
        _atomic_write(target, data)
        report.written.append(relative)

    for relative in sorted(set(manifest) - set(pages)):
        target = _inside(docs_dir, relative)
        current = _file_digest(target)
        if current is None:
            continue
        if current != manifest[relative]:
            report.refused.append(f"{docs_dir / relative}: no longer generated, but edited by hand; left in place")
            continue
        target.unlink()
        report.removed.append(relative)
        _remove_empty_parents(target.parent, docs_dir)

    if new_manifest != manifest:
        payload = {"generator": "briefing", "files": dict(sorted(new_manifest.items()))}
        _atomic_write(docs_dir / MANIFEST_NAME, (json.dumps(payload, indent=1) + "\n").encode("utf-8"))
    return report


def _remove_empty_parents(folder: Path, docs_dir: Path) -> None:
    root = docs_dir.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
