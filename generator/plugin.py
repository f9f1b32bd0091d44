"""MkDocs glue: run the generator before each build and watch seeds/ while serving."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.pages import Page
from watchdog.observers.api import BaseObserver

from .cache import CACHE_NAME
from .enrich import Settings
from .errors import BriefingError
from .lock import LOCK_NAME, acquire, release
from .pagecache import PAGES_NAME
from .parallel import in_child
from .pipeline import generate
from .search import BackgroundIndex, IndexReport, index_site
from .searchable import SectionExclusion, is_searchable, mark_searchable
from .write import MANIFEST_NAME, read_manifest

log = get_plugin_logger("briefing")
# main.html: Open Graph metadata and the Atom feeds' <link>s in every page's head (extends Material's base.html);
# partials/header.html and briefing-search.html, assets/javascripts/briefing-search.js: the header search.
THEME_DIR = Path(__file__).resolve().parent / "theme"
# The page whose tab a generated page shows as current, by the generated page's folder.
TAB_PAGES = {"briefings": "index.md", "entities": "entities/index.md"}


class BriefingConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    """Folder of seed articles, relative to mkdocs.yml."""
    related_count = c.Type(int, default=5)
    """How many computed related articles each briefing lists at most."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    templates: jinja2.BytecodeCache | None = None
    background: BackgroundIndex | None = None  # while serving: the search index is built after the reload
    seeds_observer: BaseObserver | None = None
    lit: Page | None = None  # the navigation page lit as current while a generated page renders
    lock: str | None = None  # the docs folder's lock (lock.py), held from on_pre_build to the end of the build

    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup also makes MkDocs keep this instance across `mkdocs serve` rebuilds.
        # While serving, keep the theme's compiled templates between rebuilds: MkDocs makes a new
        # Jinja environment each build, and recompiling Material's templates is a third of a rebuild.
        self.templates = TemplateCache() if command == "serve" else None
        # While serving, the open page reloads without waiting for the search index (search.BackgroundIndex).
        self.background = BackgroundIndex(_log_index) if command == "serve" else None

    def on_env(self, env, config, files):
        if self.templates is not None:
            env.bytecode_cache = self.templates
        return env

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.seeds_dir = (root / self.config.seeds).resolve()
        self.docs_dir = Path(config.docs_dir)
        # After the project's own custom_dir (its main.html, if any, wins), before the theme's templates.
        theme_dirs = config.theme.dirs
        if str(THEME_DIR) not in theme_dirs:
            theme_dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        # Sections under a `{ data-search-exclude }` heading stay out of the search index (searchable.py).
        if not any(isinstance(extension, SectionExclusion) for extension in config.markdown_extensions):
            config.markdown_extensions.append(SectionExclusion())
        return config

    def on_pre_build(self, config) -> None:
        # One run at a time in the docs folder, from here to the end of the build (site/ included):
        # a second `mkdocs build`, `python -m generator ...` or serve's rebuild waits for this one.
        release(self.lock)  # a build that ended without on_post_build or on_build_error
        if self.background is not None:
            self.background.cancel()  # the last build's index: this build rewrites the site it reads
        self.lock = acquire(self.docs_dir, log.info)
        settings = Settings(
            related_count=self.config.related_count, site_url=config.site_url or "", site_name=config.site_name or ""
        )

        def run() -> tuple[list[str], list[str]]:
            result = generate(self.seeds_dir, self.docs_dir, settings)
            return result.notes, result.warnings

        try:
            # In a process of its own: the run's peak memory (the whole corpus) ends with it.
            notes, warnings = in_child(run)
        except BriefingError as error:
            raise PluginError(str(error)) from None
        for note in notes:
            log.info(note)
        for warning in warnings:
            log.warning(warning)

    def on_post_build(self, config) -> None:
        try:
            if self.background is not None:
                self.background.start(Path(config.site_dir))
            else:
                _log_index(index_site(Path(config.site_dir)))
        except BriefingError as error:
            raise PluginError(str(error)) from None
        finally:
            release(self.lock)
            self.lock = None

    def on_build_error(self, error) -> None:
        release(self.lock)
        self.lock = None

    def on_page_context(self, context, page, config, nav):
        """Light the tab a generated page belongs to while it renders: briefings and entity pages are
        not in the navigation (thousands of them would bloat every page), so no tab would show where
        the reader is. MkDocs has no setting for it (mkdocs/mkdocs#3975)."""
        self.lit = None
        home = TAB_PAGES.get(page.file.src_uri.split("/", 1)[0])
        if home is not None and page.file.src_uri != home:
            tab = next((item for item in nav.pages if item.file.src_uri == home), None)
            if tab is not None and not tab.active:
                tab.active = True
                self.lit = tab
        return context

    def on_post_page(self, output, page, config):
        if self.lit is not None:
            self.lit.active = False
            self.lit = None
        if is_searchable(page.meta):
            try:
                output = mark_searchable(output, page.file.src_uri)
            except BriefingError as error:
                raise PluginError(str(error)) from None
        return output

    def on_serve(self, server, config, builder):
        if self.seeds_dir.is_dir():
            self.seeds_observer = watch_at_once(server, self.seeds_dir)
            if self.seeds_observer is None:
                server.watch(os.fspath(self.seeds_dir))
            else:
                log.info(f"Watching {self.seeds_dir} for changes (notified by the system, not polled)")
        if not ignore_generated_files(server, self.docs_dir):
            log.info("cannot filter the generator's own writes from the docs watch: each change builds twice")
        return server

    def on_shutdown(self) -> None:
        release(self.lock)
        self.lock = None
        if self.background is not None:
            self.background.cancel()
        if self.seeds_observer is not None:
            self.seeds_observer.stop()
            self.seeds_observer.join(timeout=5)
            self.seeds_observer = None


def _log_index(result: IndexReport | BriefingError) -> None:
    if isinstance(result, BriefingError):
        log.warning(str(result))
    else:
        log.info(f"Search: indexed {result.pages:,} pages in {result.seconds:.1f} s (Pagefind)")


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each against its source's checksum."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


# What counts as a change to a seed; reading seeds (opened, closed_no_write) must not start a build.
SEED_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


def _request_rebuild(server) -> None:
    """What MkDocs' own watch handler does on a change: wake its build loop."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def watch_at_once(server, folder: Path) -> BaseObserver | None:
    """Rebuild as soon as the system reports a change under `folder` (inotify on Linux).

    MkDocs polls what it watches every 0.5 s, a quarter of the 2 s a change may take to show.
    Returns None, so that the caller falls back to MkDocs' polling watch, where there is no native
    watcher, where it cannot start (e.g. the inotify limit), or if MkDocs' internals differ. A
    native watcher misses changes made from another machine to a network folder; serve from a
    local disk (or pass the folder to `mkdocs serve --watch` as well) in that case.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild") or Observer is PollingObserver:
        return None

    def on_any_event(event) -> None:
        if event.is_directory or event.event_type not in SEED_CHANGES:
            return
        _request_rebuild(server)

    handler = FileSystemEventHandler()
    handler.on_any_event = on_any_event
    observer = Observer()
    try:
        observer.schedule(handler, os.fspath(folder), recursive=True)
        observer.start()
    except OSError as error:
        log.info(f"cannot watch {folder} natively ({error}); polling it instead")
        return None
    return observer


def ignore_generated_files(server, docs_dir: Path) -> bool:
    """Make `mkdocs serve` ignore the files the generator writes into docs/ (it still sees hand-written ones).

    Every build regenerates docs/ and so changes files MkDocs watches: without this filter each seed
    change is built twice, the open page reloads twice, and the first reload waits for the second
    build. MkDocs' LiveReloadServer has no public way to filter a watch, so this swaps the handler of
    its docs_dir watch; it returns False, leaving MkDocs' own watch in place, if the internals differ.
    """
    from watchdog.events import FileSystemEventHandler

    path = os.path.abspath(docs_dir)
    watches = getattr(server, "_watch_refs", None)
    condition = getattr(server, "_rebuild_cond", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watches, dict) or path not in watches or condition is None or observer is None:
        return False
    generated = GeneratedFiles(Path(path))

    def on_any_event(event) -> None:
        if event.is_directory:
            return
        changed = [event.src_path, getattr(event, "dest_path", "")]
        if all(not name or generated.owns(os.fsdecode(name)) for name in changed):
            return
        _request_rebuild(server)

    handler = FileSystemEventHandler()
    handler.on_any_event = on_any_event
    observer.unschedule(watches[path])
    watches[path] = observer.schedule(handler, path, recursive=True)
    return True


class GeneratedFiles:
    """The files under docs/ the generator has written (its manifest, now or earlier), and its temp files."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.manifest = docs_dir / MANIFEST_NAME
        self.names: set[str] = set()
        self.stamp: float | None = None
        self.refresh()

    def refresh(self) -> None:
        try:
            stamp = self.manifest.stat().st_mtime_ns
        except OSError:
            return
        if stamp != self.stamp:
            self.stamp = stamp
            self.names |= set(read_manifest(self.docs_dir))  # removed pages stay ours: their deletion is ours too

    def owns(self, name: str) -> bool:
        try:
            relative = Path(name).relative_to(self.docs_dir).as_posix() if Path(name).is_absolute() else name
        except ValueError:
            return False  # not under docs/: not ours, so it counts as a change
        base = relative.rsplit("/", 1)[-1]
        if relative in (MANIFEST_NAME, CACHE_NAME, LOCK_NAME, PAGES_NAME) or (
            base.startswith(".") and base.endswith(".tmp")
        ):
            return True  # the manifest, the caches, the lock, and atomic-write temp files
        self.refresh()
        return relative in self.names
