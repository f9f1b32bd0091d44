"""How long `make serve` takes to show a seed change in an open browser.

Starts `python -m generator serve` (which hands over to `mkdocs serve`) on a free 127.0.0.1 port
in a temporary copy of the project (mkdocs.yml, the hand-written docs, the seeds), opens a page in
headless Chromium and, for each change below, times the moment the file changes until the open
page shows the result without anyone reloading it:

  edit    a paragraph of a seed is rewritten      -> its open briefing shows the new text
  add     a new seed file appears                 -> the open home page lists its title
  remove  that seed file is deleted               -> its open briefing becomes the 404 page

Prints one row per change and run, then the median and worst figure per change against the 2 s goal.

  python tools/measure_reload.py [--runs 3] [--seeds seeds] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, SEED, SEED_BRIEFING  # noqa: E402  (one place for these settings)

HAND_WRITTEN = ("about.md", "stylesheets")
GOAL_SECONDS = 2.0
NOT_FOUND = "404 - Not found"  # the heading of Material's 404 page
NEW_SEED_NAME = "999_live_reload_probe.txt"
NEW_SEED_TITLE = "Live Reload Probe Article"
NEW_SEED_SLUG = "2025-06-03-live-reload-probe-article"
NEW_SEED = f"""# {NEW_SEED_TITLE}

June 03, 2025

A probe article that the reload measurement adds and removes again. It names Istanbul and Kyiv.

It has a second paragraph so that it reads like the others.

Original url:

<https://example.org/probe>
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_project(folder: Path, seeds: list[Path]) -> Path:
    """A minimal copy of the project to serve: mkdocs.yml, hand-written docs, seeds."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "seeds").mkdir(exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    for name in HAND_WRITTEN:
        source = REPO / "docs" / name
        if source.is_dir():
            shutil.copytree(source, folder / "docs" / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy(source, folder / "docs" / name)
    for seed in seeds:
        shutil.copy(seed, folder / "seeds" / seed.name)
    return folder


@dataclass
class Server:
    """`python -m generator serve` running in `project`, with its log lines kept as they arrive."""

    project: Path
    url: str
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)  # monotonic time each log line arrived

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the serve process has used so far: the build cost, whatever the load."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def first_after(self, text: str, since: float) -> float | None:
        for line, at in zip(list(self.lines), list(self.arrived), strict=False):
            if at >= since and text in line:
                return at
        return None

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def wait_for_log(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count(text) == 0:
            if self.process.poll() is not None:
                raise RuntimeError("serve exited:\n" + "\n".join(self.lines))
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {text!r} in the serve log after {timeout} s:\n" + "\n".join(self.lines))
            time.sleep(0.05)

    def wait_until_settled(self, quiet: float = 2.0, timeout: float = 60.0) -> int:
        """Wait until no build has started for `quiet` seconds; return how many builds ran in all."""
        deadline = time.monotonic() + timeout
        builds, since = self.count("Building documentation"), time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > deadline:
                raise TimeoutError("the server keeps rebuilding (a feedback loop?):\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.1)
            now = self.count("Building documentation")
            if now != builds or self.count("Detected file changes") > self.count("Reloading browsers"):
                builds, since = now, time.monotonic()
        return builds


@contextmanager
def serving(project: Path, command: list[str] | None = None, port: int | None = None) -> Iterator[Server]:
    """Run the serve command (default: `python -m generator serve`) in `project` until the block ends."""
    port = port or free_port()
    command = command or [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}  # this checkout's generator
    env.pop("SITE_URL", None)
    process = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    server = Server(project, f"http://127.0.0.1:{port}/", process)

    def pump() -> None:
        for line in process.stdout:
            server.arrived.append(time.monotonic())
            server.lines.append(line.rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        server.wait_for_log("Serving on")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_text(page) -> str:
    """The open page's text, or '' while it is between two loads."""
    try:
        return page.evaluate("document.body ? document.body.textContent : ''")
    except Exception:  # the page is navigating: its context is gone for a moment
        return ""


# When the document now open was ready (DOMContentLoaded), in seconds since the epoch: the browser's
# clock is the system clock, so this compares with time.time() taken when the file changed.
_SHOWN_AT = """() => {
    const [navigation] = performance.getEntriesByType("navigation");
    return (performance.timeOrigin + (navigation ? navigation.domContentLoadedEventEnd : performance.now())) / 1000;
}"""


def wait_until(page, shows: Callable[[str], bool], timeout: float = 60.0) -> float:
    """When (time.time() seconds) the page now open was shown, once it satisfies `shows`.

    Checks every 100 ms (cheaply, not to steal CPU from the server being measured); the time
    returned is the page's own DOMContentLoaded, so the check interval does not add to it.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if shows(page_text(page)):
            try:
                return float(page.evaluate(_SHOWN_AT))
            except Exception:  # navigated again between the two calls: look again
                continue
        page.wait_for_timeout(100)
    raise TimeoutError(f"the page at {page.url} did not update within {timeout} s")


def rewrite_first_paragraph(seed: Path, marker: str) -> None:
    """Put `marker` at the start of the seed's first long paragraph (the lede)."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if len(line) > 80 and not line.startswith(("#", "*", "<")):
            lines[index] = re.sub(r"^(reloadprobe\S+ )?", f"{marker} ", line, count=1)
            break
    else:
        raise ValueError(f"{seed}: no paragraph to edit")
    seed.write_text("\n".join(lines), encoding="utf-8")


@dataclass
class Figure:
    change: str
    seconds: float  # file changed -> the open page shows it
    detected: float  # file changed -> MkDocs logs "Detected file changes" (its polling watcher)
    built: float  # file changed -> MkDocs logs "Reloading browsers" (build done)
    builds: int
    cpu: float  # CPU seconds the server spent on it (load-independent)


def measure(server: Server, page, run: int) -> list[Figure]:
    """One edit, one add and one remove, each timed from the file change to the page showing it."""
    figures = []
    seed = server.project / "seeds" / SEED.name
    briefing = SEED_BRIEFING

    def timed(change: str, open_path: str, act: Callable[[], None], shows: Callable[[str], bool]) -> None:
        page.goto(server.url + open_path, wait_until="load")
        server.wait_until_settled(quiet=1.0)
        builds_before = server.count("Building documentation")
        cpu_before = server.cpu_seconds()
        started, started_wall = time.monotonic(), time.time()
        act()
        seen = wait_until(page, shows)
        server.wait_until_settled()
        detected = server.first_after("Detected file changes", started) or float("nan")
        built = server.first_after("Reloading browsers", started) or float("nan")
        figures.append(
            Figure(
                change,
                seen - started_wall,
                detected - started,
                built - started,
                server.count("Building documentation") - builds_before,
                server.cpu_seconds() - cpu_before,
            )
        )

    marker = f"reloadprobe{run}x{time.time_ns()}"  # lower case: not taken for a name
    timed("edit", briefing, lambda: rewrite_first_paragraph(seed, marker), lambda text: marker in text)
    new_seed = server.project / "seeds" / NEW_SEED_NAME
    timed("add", "", lambda: new_seed.write_text(NEW_SEED, encoding="utf-8"), lambda text: NEW_SEED_TITLE in text)
    timed("remove", f"briefings/{NEW_SEED_SLUG}/", new_seed.unlink, lambda text: NOT_FOUND in text)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="how many times to repeat the three changes")
    parser.add_argument("--log", action="store_true", help="print the serve log at the end")
    parser.add_argument(
        "--plain", action="store_true", help="run plain `mkdocs serve` instead of `python -m generator serve`"
    )
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="seed folder to copy")
    parser.add_argument(
        "--corpus", type=Path, default=REPO.parent / "shared" / "corpus", help="extra seeds to copy (if present)"
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"cannot measure: Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    seeds = sorted(args.seeds.glob("*.txt")) + (sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else [])
    from importlib.metadata import version

    print(
        f"{'mkdocs serve' if args.plain else 'python -m generator serve'}: {len(seeds)} seeds; "
        f"click {version('click')}, mkdocs {version('mkdocs')}; "
        f"goal: the open page shows a change within {GOAL_SECONDS:g} s"
    )
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="measure-reload-") as temp:
        project = make_project(Path(temp), seeds)
        port = free_port()
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"] if args.plain else None
        with serving(project, command, port) as server, chromium() as browser:
            page = browser.new_page()
            for run in range(1, args.runs + 1):
                figures += measure(server, page, run)
            if args.log:
                print("\n".join(server.lines))
    print(
        f"\n{'change':<8} {'shown s':>8} {'detected':>9} {'built':>6} {'builds':>7} {'cpu s':>6}"
        f"  within {GOAL_SECONDS:g} s"
    )
    for f in figures:
        ok = "yes" if f.seconds <= GOAL_SECONDS else "NO"
        print(f"{f.change:<8} {f.seconds:8.2f} {f.detected:9.2f} {f.built:6.2f} {f.builds:7d} {f.cpu:6.2f}  {ok}")
    print(f"\n{'change':<8} {'median':>8} {'worst':>8}  within {GOAL_SECONDS:g} s")
    worst_overall = 0.0
    for change in ("edit", "add", "remove"):
        values = [f.seconds for f in figures if f.change == change]
        worst = max(values)
        worst_overall = max(worst_overall, worst)
        print(f"{change:<8} {statistics.median(values):8.2f} {worst:8.2f}  {'yes' if worst <= GOAL_SECONDS else 'NO'}")
    return 0 if worst_overall <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
