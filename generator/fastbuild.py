"""`mkdocs build` for this project, faster: pages built on every core, and kept from the last build
when nothing they are made from has changed.

It runs MkDocs' own steps (`mkdocs.commands.build.build`, MkDocs 1.6.1) in MkDocs' order, with the
same plugin events and the same page functions, so it writes the same pages (tests/test_fastbuild.py
compares them page by page). Three things differ:

1. site/ is not emptied first. The HTML of a page whose key (its Markdown, and a fingerprint of
   everything else a page is made from: config, navigation, theme, plugin code, versions) is the
   one recorded when it was written, and whose file is as written then, is kept (pagecache.py).
2. The pages to build are read, converted and rendered in forked worker processes
   (parallel.fork_map). What they log comes back and is logged here, so `--strict` counts it, and
   is kept with the page, so a kept page logs its warnings again.
3. Links to anchors in other pages are not checked. MkDocs reports those at `info` level unless
   `validation: links: anchors:` asks for more; a config that does is built by MkDocs itself.

Anything it was not tested with (another MkDocs or Material version, another plugin, `--dirty`)
is built by MkDocs' own `build` instead, saying why; so is everything when BRIEFING_FAST_BUILD=0.
"""

from __future__ import annotations

import logging
import os
from importlib.metadata import version
from pathlib import Path

from .pagecache import PageCache, site_fingerprint
from .parallel import fork_map

log = logging.getLogger("mkdocs.plugins.briefing")

# The versions whose build internals this module calls (_populate_page, _build_page, ...).
TESTED_WITH = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2"}
# Plugins whose per-page work is safe in a worker process and needs nothing from the other pages.
SAFE_PLUGINS = {"briefing"}


def unsupported(config, dirty: bool = False) -> str | None:
    """Why this config must be built by MkDocs' own build, or None."""
    if os.environ.get("BRIEFING_FAST_BUILD") == "0":
        return "BRIEFING_FAST_BUILD=0"
    for package, tested in TESTED_WITH.items():
        installed = version(package)
        if installed != tested:
            return f"{package} {installed} is installed; the fast build was tested with {tested}"
    others = sorted(set(config.plugins) - SAFE_PLUGINS)
    if others:
        return f"plugin {others[0]!r} is not known to be safe in worker processes"
    if dirty:
        return "--dirty asks MkDocs to skip pages by their dates"
    if config.validation.links.anchors > logging.INFO:
        return "validation.links.anchors asks for links to other pages' anchors to be checked"
    if config.extra_templates:
        return "extra_templates are not handled"
    return None


def build(config, *, serve_url: str | None = None, dirty: bool = False) -> None:
    """Build the site like `mkdocs.commands.build.build(config, serve_url=..., dirty=...)`."""
    from mkdocs.commands import build as mkdocs_build

    reason = unsupported(config, dirty)
    if reason is not None:
        log.info(f"built by MkDocs itself: {reason}")
        mkdocs_build.build(config, serve_url=serve_url, dirty=dirty)
        return
    _build(config, serve_url, mkdocs_build)


def _build(config, serve_url: str | None, steps) -> None:
    """MkDocs' build() (mkdocs/commands/build.py, 1.6.1), step for step where not said otherwise."""
    from mkdocs import utils
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    mkdocs_logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        mkdocs_logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)

        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        # A page in the navigation titled by its own heading names itself in every page's navigation:
        # it is read and converted before any other page is built.
        untitled = [file for file in doc_files if file.page in nav.pages and file.page.title is None]
        for file in untitled:
            steps._populate_page(file.page, config, files)

        cache = PageCache.open(Path(config.docs_dir), Path(config.site_dir))
        fingerprint = site_fingerprint(config, nav, files, cache.generated)
        keys = {file.src_uri: cache.page_key(fingerprint, file) for file in doc_files}
        static = [file for file in files if not file.is_documentation_page() and inclusion(file.inclusion)]
        static_keys = {file.dest_uri: key for file in static if (key := cache.static_key(file)) is not None}
        kept = _keep(cache, [file for file in doc_files if file not in untitled], keys, static_keys)

        env = config.plugins.on_env(env, config=config, files=files)
        for file in static:  # files.copy_static_files(), but for the kept ones
            if file.dest_uri not in kept:
                file.copy_file()
                if file.dest_uri in static_keys:
                    cache.record_static(file, static_keys[file.dest_uri])
        for template in config.theme.static_templates:
            steps._build_theme_template(template, env, files, config, nav)

        for file in doc_files:
            if file.dest_uri in kept:
                _replay(cache.records(file.dest_uri))
        to_build = [file for file in doc_files if file.dest_uri not in kept]

        def build_share(share):
            return [_build_one(file, config, files, doc_files, nav, env, steps) for file in share]

        for file, (records, error) in zip(to_build, fork_map(build_share, to_build), strict=True):
            _replay(records)
            if error is not None:
                raise error
            cache.record(file, keys[file.src_uri], records)

        config.plugins.on_post_build(config=config)
        cache.save()

        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        mkdocs_logger.removeHandler(warning_counter)


def _keep(cache: PageCache, doc_files: list, keys: dict[str, str], static_keys: dict[str, str]) -> set[str]:
    """Empty site/ but for what can be kept (by HTML path in site/): the generated pages and static
    files whose key is the one recorded and whose file is as written, and those another site folder
    built with the same key (copied here)."""
    candidates = {file.dest_uri: keys[file.src_uri] for file in doc_files if cache.cacheable(file)}
    candidates.update(static_keys)
    kept = cache.keep(candidates)
    cache.clean_site(kept)  # MkDocs empties site/ here
    copied = cache.copy_from_other_sites({dest: key for dest, key in candidates.items() if dest not in kept})
    pages_copied = len(copied - static_keys.keys())
    log.info(
        f"pages kept from the last build: {len(kept - static_keys.keys())} of {len(doc_files)}"
        + (f"; {pages_copied} copied from another site folder built alike" if pages_copied else "")
    )
    return kept | copied


def _build_one(file, config, files, doc_files, nav, env, steps) -> tuple[list, BaseException | None]:
    """Read, convert and render one page, and write its HTML: what MkDocs does for it in its two page
    loops. Returns what was logged meanwhile (to log again in the parent) and the error, if any."""
    records = _Records()
    mkdocs_logger = logging.getLogger("mkdocs")
    saved = mkdocs_logger.handlers[:]
    mkdocs_logger.handlers = [records]
    page = file.page
    try:
        if page.markdown is None:
            steps._populate_page(page, config, files)
        steps._build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
        error = None
    except Exception as exception:
        error = exception
    finally:
        mkdocs_logger.handlers = saved
        if file.page not in nav.pages:  # built once: what it holds is not needed again
            page.markdown = page.content = None
            page.toc = []  # type: ignore[assignment]
    return records.records, error


class _Records(logging.Handler):
    """What MkDocs logs while a page is built: (logger, level, message), to log again elsewhere."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _replay(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


def serve_with_fast_build() -> None:
    """Make MkDocs' serve command, run in this process, build with `build` above: it calls the name
    `build` that its module (mkdocs.commands.serve, 1.6.1) imported from mkdocs.commands.build."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.commands import serve

    if getattr(serve, "build", None) is mkdocs_build.build:
        serve.build = build
    else:
        log.info("mkdocs serve builds with MkDocs' own build: its serve module has changed")
