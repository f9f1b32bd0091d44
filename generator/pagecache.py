"""Which built pages in site/ can be kept: the fast build's page cache (fastbuild.py).

A page's key is a hash of its Markdown and of a fingerprint of everything else its HTML is made
from: the MkDocs config, the navigation (titles and URLs), the theme's own templates where they are
not an installed package (a project's custom_dir, generator/theme), the generator's code (the
plugin's page events), the MkDocs and Material versions, and the names of the hand-written files
in docs/ (a link to one of them resolves or warns). Only the generator's own pages are kept: they
link only to pages written in the same run, so a page whose links change has changed Markdown. A
hand-written page is always built again.

What was recorded for each page (its key, the size and mtime of the HTML written, what MkDocs
logged while building it) is stored in the docs folder, beside the generator's other caches, under
the site folder it was built into (`mkdocs serve` builds into a new temporary folder each time).
The file is authenticated as the parse cache is (cache.py): a page is kept only because this
generator recorded it. A page whose HTML was changed or removed since is built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from .cache import Rejected, cache_key, code_fingerprint, content_key, read_authenticated, write_authenticated
from .write import read_manifest

PAGES_NAME = ".briefing-pages.pickle"
FORMAT = 1
# Settings no page shows: where pages are written (so they can be copied between site folders), and
# what `make site` (--strict) and `make serve` (its address, its watch list; the config file's path,
# relative in its first build and absolute in the next) set differently.
NOT_IN_PAGES = frozenset({"site_dir", "strict", "dev_addr", "watch", "config_file_path"})
KEEP_SITES = 3  # site folders remembered: `make site`'s, and a few `mkdocs serve` sessions'


@dataclass(slots=True)
class Recorded:
    key: str
    size: int
    mtime_ns: int
    records: list[tuple[str, int, str]]


@dataclass(slots=True)
class PageCache:
    docs_dir: Path
    site_dir: Path
    secret: bytes | None
    sites: dict[str, dict[str, Recorded]]  # site folder -> page's HTML path in it -> what was recorded
    generated: set[str]
    recorded: dict[str, Recorded] = field(default_factory=dict)  # this build's

    @classmethod
    def open(cls, docs_dir: Path, site_dir: Path) -> PageCache:
        """The cache for building docs_dir into site_dir; empty where there is none or it cannot be used."""
        try:
            secret = cache_key(docs_dir.resolve().parent)
        except Rejected:
            secret = None
        sites: dict = {}
        if secret is not None:
            try:
                stored = read_authenticated(docs_dir / PAGES_NAME, secret)
                if isinstance(stored, dict) and stored.get("format") == FORMAT:
                    sites = stored["sites"]
            except (OSError, Rejected, ValueError, KeyError, EOFError):
                sites = {}
        return cls(docs_dir, site_dir, secret, sites, set(read_manifest(docs_dir)))

    def cacheable(self, file) -> bool:
        return file.src_uri in self.generated and file.is_documentation_page()

    @staticmethod
    def static_key(file) -> str | None:
        """A copied file's key: its source's path, size and mtime (None: made in memory, always written)."""
        if file._content is not None or not file.abs_src_path:  # (MkDocs 1.6's File: content set by a plugin)
            return None
        try:
            info = os.stat(file.abs_src_path)
        except OSError:
            return None
        return content_key("static", file.abs_src_path, str(info.st_size), str(info.st_mtime_ns))

    def record_static(self, file, key: str) -> None:
        info = os.stat(self.site_dir / file.dest_uri, follow_symlinks=False)
        self.recorded[file.dest_uri] = Recorded(key, info.st_size, info.st_mtime_ns, [])

    def page_key(self, fingerprint: str, file) -> str:
        # The inclusion level too: `mkdocs serve` builds drafts that `mkdocs build` leaves out.
        return content_key(fingerprint, file.src_uri, str(file.inclusion), file.content_bytes)

    def keep(self, candidates: dict[str, str]) -> set[str]:
        """The pages (by HTML path in site/) whose recorded key is the one given and whose HTML is as written."""
        previous = self.sites.get(str(self.site_dir.resolve()), {})
        kept = set()
        for dest, key in candidates.items():
            entry = previous.get(dest)
            if entry is not None and entry.key == key and _as_recorded(self.site_dir / dest, entry):
                kept.add(dest)
                self.recorded[dest] = entry
        return kept

    def copy_from_other_sites(self, candidates: dict[str, str]) -> set[str]:
        """Pages built with the same key into another site folder, copied here: `mkdocs serve` builds
        into a new temporary folder, and starts from the pages `make site` (or an earlier serve) built."""
        here = str(self.site_dir.resolve())
        others = [(Path(site), pages) for site, pages in self.sites.items() if site != here]
        copied = set()
        for dest, key in candidates.items():
            for site, pages in others:
                entry = pages.get(dest)
                if entry is None or entry.key != key or not _as_recorded(site / dest, entry):
                    continue
                target = self.site_dir / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(site / dest, target, follow_symlinks=False)
                info = os.stat(target)
                self.recorded[dest] = Recorded(key, info.st_size, info.st_mtime_ns, entry.records)
                copied.add(dest)
                break
        return copied

    def records(self, dest: str) -> list[tuple[str, int, str]]:
        return self.recorded[dest].records

    def record(self, file, key: str, records: list[tuple[str, int, str]]) -> None:
        if not self.cacheable(file):
            return
        try:
            info = os.stat(self.site_dir / file.dest_uri, follow_symlinks=False)
        except OSError:
            return  # nothing written (an empty page)
        self.recorded[file.dest_uri] = Recorded(key, info.st_size, info.st_mtime_ns, records)

    def clean_site(self, kept: set[str]) -> None:
        """Empty site/ as MkDocs does (hidden entries at its top stay), but for the kept pages."""
        if not self.site_dir.is_dir():
            return
        folders_kept = {str(Path(dest).parent) for dest in kept}
        folders_kept |= {str(parent) for dest in kept for parent in Path(dest).parents}

        def clean(relative: str) -> None:
            folder = self.site_dir / relative if relative else self.site_dir
            for entry in os.scandir(folder):
                inner = f"{relative}/{entry.name}" if relative else entry.name
                if not relative and entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if inner in folders_kept:
                        clean(inner)
                    else:
                        shutil.rmtree(entry.path, ignore_errors=True)
                elif inner not in kept:
                    os.unlink(entry.path)

        clean("")

    def save(self) -> None:
        if self.secret is None:
            return
        site = str(self.site_dir.resolve())
        sites = {site: self.recorded}
        for other, pages in self.sites.items():
            if other != site and len(sites) < KEEP_SITES and os.path.isdir(other):
                sites[other] = pages
        with contextlib.suppress(OSError):  # no cache next time: the site itself is built
            write_authenticated(self.docs_dir / PAGES_NAME, self.secret, {"format": FORMAT, "sites": sites})


def _as_recorded(path: Path, entry: Recorded) -> bool:
    """Whether the file at `path` is still the one recorded (a regular file of that size and mtime)."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns) == (entry.size, entry.mtime_ns)


def site_fingerprint(config, nav, files, generated: set[str]) -> str:
    """A hash of what every page's HTML is made from besides its own Markdown."""
    hasher = hashlib.sha256()
    for part in (
        f"format {FORMAT}",
        f"mkdocs {version('mkdocs')}, material {version('mkdocs-material')}",
        code_fingerprint(),
        _config_text(config),
        json.dumps(_nav_outline(nav.items)),
    ):
        hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for folder in config.theme.dirs:
        if "site-packages" not in Path(folder).parts:  # an installed theme is named by its version
            _hash_folder(hasher, Path(folder))
    docs_dir = os.path.abspath(config.docs_dir)
    for file in files:
        if file.inclusion.is_excluded() or file.src_uri in generated:
            continue  # (the docs folder's dot-files, the caches among them, are excluded)
        if file.abs_src_path and file.abs_src_path.startswith(docs_dir):
            hasher.update(file.src_uri.encode("utf-8", "surrogatepass") + b"\0")
    return hasher.hexdigest()


def _config_text(config) -> str:
    """The config's values, in a stable text (plugins by their options, the theme by its settings)."""
    values = {}
    for name, value in config.items():
        if name in NOT_IN_PAGES:
            continue
        if name == "plugins":
            value = [(key, dict(plugin.config)) for key, plugin in value.items()]
        elif name == "theme":
            value = [value.name, value.dirs, dict(value.items())]
        values[name] = value
    return json.dumps(values, sort_keys=True, default=_stable)


def _stable(value: object) -> object:
    """An object in the config (a Markdown extension a plugin added) by its class and its settings:
    its repr would name its memory address, a new one each build."""
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    settings = getattr(value, "getConfigs", None)
    return [name, settings()] if callable(settings) else name


def _nav_outline(items) -> list:
    return [
        [type(item).__name__, item.title, getattr(item, "url", None), _nav_outline(item.children or [])]
        for item in items
    ]


def _hash_folder(hasher, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
