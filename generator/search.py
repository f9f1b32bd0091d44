"""The search index: Pagefind run over the finished site, into site_dir/pagefind/.

Pagefind reads the built HTML (what searchable.py marked in it), so it indexes whatever built the
pages: plain `mkdocs build`, `mkdocs serve`, or pages rendered in other processes. A build waits for
the index (`index_site`); while serving, the index is built in the background (`BackgroundIndex`) so
that the open page reloads without waiting for it, and search answers from the last index meanwhile.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefingError
from .searchable import EXCLUDE_SELECTORS

OUTPUT_SUBDIR = "pagefind"
# While serving, beside the published bundle (MkDocs' clean between builds keeps dot folders):
NEXT, LAST = ".pagefind-next", ".pagefind-last"  # the index being built; the last one built, kept


@dataclass(frozen=True)
class IndexReport:
    pages: int
    words: int
    seconds: float


def pagefind_binary() -> str:
    """The Pagefind executable: PAGEFIND_BINARY_PATH, else the one the `pagefind[bin]` package brings."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    found = get_executable() if get_executable else None
    if found is None:
        raise BriefingError("search: Pagefind is not installed (pip install 'pagefind[bin]'); cannot index the site")
    return os.fspath(found)


def _command(site_dir: Path, output: Path) -> list[str]:
    # Every option given: Pagefind also reads a pagefind.yml and PAGEFIND_* variables, which these override.
    return [
        pagefind_binary(),
        *("--site", os.fspath(site_dir.resolve())),
        *("--output-path", os.fspath(output.resolve())),
        *("--exclude-selectors", ", ".join(EXCLUDE_SELECTORS)),
    ]


def _report(site_dir: Path, returncode: int, stdout: str, stderr: str, seconds: float) -> IndexReport:
    if returncode != 0:
        last = (stderr.strip() or stdout.strip() or f"exit status {returncode}").splitlines()[-1]
        raise BriefingError(f"{site_dir}: Pagefind failed to index the site: {last}")
    return IndexReport(_count(stdout, "page"), _count(stdout, "word"), seconds)


def _count(output: str, what: str) -> int:
    """The figure Pagefind prints as 'Indexed 1532 pages' (0 when its output says otherwise)."""
    found = re.search(rf"Indexed (\d+) {what}s?", output)
    return int(found.group(1)) if found else 0


def index_site(site_dir: Path) -> IndexReport:
    """Index the built site in `site_dir` into `site_dir/pagefind/`, replacing the last index."""
    output = site_dir / OUTPUT_SUBDIR
    start = time.perf_counter()
    shutil.rmtree(output, ignore_errors=True)  # Pagefind would leave the last run's fragments beside its own
    try:
        done = subprocess.run(_command(site_dir, output), capture_output=True, text=True, cwd=site_dir, check=False)
    except OSError as error:
        raise BriefingError(f"{site_dir}: cannot run Pagefind ({error})") from None
    return _report(site_dir, done.returncode, done.stdout, done.stderr, time.perf_counter() - start)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _publish(site_dir: Path, bundle: Path) -> None:
    """Put a copy of `bundle` (hard links) at site_dir/pagefind/, in place of what is there."""
    staged, old = site_dir / ".pagefind-staged", site_dir / ".pagefind-old"
    for folder in (staged, old):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(bundle, staged, copy_function=_link_or_copy)
    published = site_dir / OUTPUT_SUBDIR
    if published.exists():
        published.rename(old)
    staged.rename(published)
    shutil.rmtree(old, ignore_errors=True)


class BackgroundIndex:
    """While serving: index each build's site in a Pagefind process of its own, not holding up the reload.

    Right after a build the last index is put back (the build's clean removed it), so search works at
    once, a build behind; the new index replaces it when done. The next build first stops the
    indexing still running (`cancel`), so Pagefind never reads a site being rewritten."""

    def __init__(self, done: Callable[[IndexReport | BriefingError], None]) -> None:
        self.done = done
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None

    def start(self, site_dir: Path) -> None:
        self.cancel()
        if (site_dir / LAST).is_dir():
            _publish(site_dir, site_dir / LAST)
        shutil.rmtree(site_dir / NEXT, ignore_errors=True)
        started = time.perf_counter()
        try:
            command = _command(site_dir, site_dir / NEXT)
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=site_dir
            )
        except (OSError, BriefingError) as error:
            self.done(error if isinstance(error, BriefingError) else BriefingError(f"{site_dir}: {error}"))
            return
        self.thread = threading.Thread(target=self._finish, args=(self.process, site_dir, started), daemon=True)
        self.thread.start()

    def _finish(self, process: subprocess.Popen, site_dir: Path, started: float) -> None:
        stdout, stderr = process.communicate()
        if process.returncode < 0:
            return  # stopped by cancel(): a newer build is on its way
        try:
            report = _report(site_dir, process.returncode, stdout, stderr, time.perf_counter() - started)
            shutil.rmtree(site_dir / LAST, ignore_errors=True)
            (site_dir / NEXT).rename(site_dir / LAST)
            _publish(site_dir, site_dir / LAST)
        except BriefingError as error:
            self.done(error)
        except OSError as error:
            self.done(BriefingError(f"{site_dir / OUTPUT_SUBDIR}: cannot put the new search index in place ({error})"))
        else:
            self.done(report)

    def cancel(self) -> None:
        """Stop the indexing still running, if any, and wait until it has let go of the site."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.thread is not None:
            self.thread.join()
        self.process = self.thread = None
