"""End to end, where the user waits: `make site` from cold and after a one-seed edit, the live
preview's wait, and Hugo on the same Markdown (issue 14).

For each size N, in a project folder of its own (this mkdocs.yml, the hand-written docs, the
synthetic seeds of bench/synth.py plus the real seed), each run a fresh process whose whole tree's
peak memory is sampled:

1. `python -m generator build` (what `make site` runs) from cold: no docs, no site, no caches;
   split into generate (the plugin's on_pre_build), the pages (MkDocs, or the fast build) and the
   post-build step (search indexing);
2. the same after one seed gained a sentence;
3. both again with BRIEFING_FAST_BUILD=0 (plain `mkdocs build`), alternating with the fast build
   over `--rounds` rounds, so that a noisy machine hits both alike: medians are printed;
4. the search download per query, in Chromium (bench/search_download.py), on the fast build's site;
5. with `--reload`, tools/measure_reload.py: seed edit to the open page in Chromium showing it;
6. where `hugo` is installed, Hugo building the same generated Markdown (no theme, no search).

    python bench/site.py [--sizes 1000,10000] [--rounds 2] [--no-plain] [--reload] [--no-search]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
from run import OUT, _spawn, add_timer, corpus, touch_one_seed  # noqa: E402  (the generator benchmark's helpers)

HAND_WRITTEN_DOCS = ("about.md", "stylesheets")
REAL_SEED = REPO / "seeds" / "000_3be0f6f4840430dd.txt"
GOALS = {1000: (8.0, 2.0), 10000: (60.0, 5.0)}  # cold make site, one-seed edit shown (seconds)


def child_site(project: Path) -> dict:
    """One `python -m generator build` in `project`, timed by part."""
    import resource

    from mkdocs.plugins import PluginCollection

    from generator.cli import main
    from generator.plugin import BriefingPlugin

    spent: dict[str, float] = {}
    add_timer(spent, BriefingPlugin, "on_pre_build", "generate")
    add_timer(spent, PluginCollection, "on_post_build", "post_build")
    kept: list[str] = []  # the fast build's "pages kept from the last build: K of N"

    class Kept(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("pages kept"):
                kept.append(record.getMessage().split(": ", 1)[1])

    logging.getLogger("mkdocs.plugins.briefing").addHandler(Kept())
    os.chdir(project)
    start = time.perf_counter()
    code = main(["build"])
    total = time.perf_counter() - start
    if code:
        raise SystemExit(f"python -m generator build exited with {code}")
    generate, post = spent.get("generate", 0.0), spent.get("post_build", 0.0)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "total": total,
        "generate": generate,
        "pages": total - generate - post,
        "post_build": post,
        "cpu": time.process_time() + usage.ru_utime + usage.ru_stime,
        "kept": kept[-1] if kept else "",
    }


def make_project(folder: Path, seeds: Path, config: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs").mkdir(parents=True)
    shutil.copy(config, folder / "mkdocs.yml")
    for name in HAND_WRITTEN_DOCS:
        source = REPO / "docs" / name
        if source.is_dir():
            shutil.copytree(source, folder / "docs" / name)
        else:
            shutil.copy(source, folder / "docs" / name)
    shutil.copytree(seeds, folder / "seeds")
    shutil.copy(REAL_SEED, folder / "seeds" / REAL_SEED.name)
    return folder


def site_runs(n: int, fast: bool, cache_home: Path, config: Path) -> tuple[dict, dict]:
    """A cold build and a one-seed-edit build of a new project of n seeds."""
    project = make_project(OUT / f"site-{n}-{'fast' if fast else 'plain'}", corpus(n), config)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), PYTHONPATH=str(REPO))
    if not fast:
        env["BRIEFING_FAST_BUILD"] = "0"
    cold = _spawn("site", str(project), script=Path(__file__), env=env)
    touch_one_seed(project / "seeds", n, 1)
    edit = _spawn("site", str(project), script=Path(__file__), env=env)
    return cold, edit


def hugo_seconds(docs: Path) -> float | None:
    """Hugo rendering the generated Markdown with a one-line layout (no theme, no search)."""
    if shutil.which("hugo") is None:
        return None
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp)
        (site / "layouts" / "_default").mkdir(parents=True)
        for name in ("single.html", "list.html"):
            (site / "layouts" / "_default" / name).write_text("<main>{{ .Content }}</main>\n")
        (site / "hugo.toml").write_text(
            f'baseURL = "http://127.0.0.1/"\ncontentDir = "{docs}"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
        )
        start = time.perf_counter()
        subprocess.run(
            ["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")], check=True, capture_output=True
        )
        return time.perf_counter() - start


def reload_wait(n: int) -> str:
    """tools/measure_reload.py on the n-article corpus plus the real seed: its summary lines."""
    command = [sys.executable, str(REPO / "tools" / "measure_reload.py"), "--runs", "1"]
    command += ["--seeds", str(corpus(n)), "--corpus", str(REPO / "seeds")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if "median" in line or "goal" in line]
    return "\n".join(lines) or done.stdout[-2000:] + done.stderr[-2000:]


def search_report(site: Path) -> str:
    """What a reader downloads per query through the header search (bench/search_download.py)."""
    from search_download import search_download

    lines = ["", "Search, per query (gzipped, in a fresh browser; the search script itself apart):", ""]
    lines += ["| query | results | first result | downloaded | requests |", "|---|---:|---|---:|---:|"]
    for found in search_download(site):
        first = found.first[0] if found.first else ""
        lines.append(f"| {found.query} | {found.results} | {first} | {found.bytes / 1024:,.0f} KB | {found.requests} |")
    return "\n".join(lines)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def report(n: int, fast: list[tuple[dict, dict]], plain: list[tuple[dict, dict]], hugo: float | None) -> str:
    goal_cold, goal_edit = GOALS.get(n, (None, None))
    lines = [
        f"N = {n:,} articles (+ the real seed); `python -m generator build`, medians of {len(fast)} run(s) each,"
        " fast and plain alternating:",
        "",
        "| build | | total | generate | pages | post-build (search) | CPU | peak PSS, process tree | pages kept |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, runs in (("fast", fast), ("plain mkdocs", plain)):
        for kind, index in (("cold", 0), ("one seed edited", 1)):
            if not runs:
                continue
            chosen = [run[index] for run in runs]
            lines.append(
                f"| {label} | {kind} | **{median(chosen, 'total'):.1f} s** | {median(chosen, 'generate'):.1f} | "
                f"{median(chosen, 'pages'):.1f} | {median(chosen, 'post_build'):.1f} | {median(chosen, 'cpu'):.1f} | "
                f"{max(run.get('peak_pss_mb', 0.0) for run in chosen):,.0f} MB | {chosen[-1].get('kept', '')} |"
            )
    if goal_cold is not None:
        lines.append(f"\nGoal: cold ≤ {goal_cold:.0f} s; a one-seed edit shown within {goal_edit:.0f} s.")
    if hugo is not None and fast:
        cold = median([run[0] for run in fast], "total")
        lines.append(
            f"Hugo on the same Markdown (no theme, no search): {hugo:.1f} s; the fast cold build is {cold / hugo:.1f}×"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--rounds", type=int, default=2, help="cold + edit runs of each build, alternating")
    parser.add_argument("--no-plain", action="store_true", help="the fast build only (the quick variant)")
    parser.add_argument("--reload", action="store_true", help="also the live preview's wait (Chromium)")
    parser.add_argument("--no-search", action="store_true", help="skip the search download per query (Chromium)")
    parser.add_argument("--config", type=Path, default=REPO / "mkdocs.yml", help="the mkdocs.yml to build with")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child_site(Path(args.child[1]))))
        return 0
    rows = []
    # The user's own cache folder (the cache key, the gazetteers) as a user has one; the project's
    # caches, which "cold" leaves out, live in its docs folder and go with it.
    cache_home = OUT / "cache-home"
    cache_home.mkdir(parents=True, exist_ok=True)
    for n in (int(size) for size in args.sizes.split(",") if size.strip()):
        fast, plain = [], []
        for _ in range(args.rounds):
            fast.append(site_runs(n, True, Path(cache_home), args.config))
            print(
                f"  N={n} fast: cold {fast[-1][0]['total']:.1f} s, edit {fast[-1][1]['total']:.1f} s",
                file=sys.stderr,
            )
            if not args.no_plain:
                plain.append(site_runs(n, False, Path(cache_home), args.config))
                print(f"  N={n} plain: cold {plain[-1][0]['total']:.1f} s", file=sys.stderr)
        hugo = hugo_seconds(OUT / f"site-{n}-fast" / "docs")
        print(report(n, fast, plain, hugo))
        if not args.no_search:
            print(search_report(OUT / f"site-{n}-fast" / "site"))
        if args.reload:
            print("\nLive preview (tools/measure_reload.py, one run):\n" + reload_wait(n))
        rows.append({"n": n, "fast": fast, "plain": plain, "hugo": hugo})
        print()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
