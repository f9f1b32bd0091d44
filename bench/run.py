"""`make bench`: time the generator and `mkdocs build` on synthetic corpora of 100, 1,000 and 10,000 articles.

For each size N it synthesises a corpus (bench/synth.py; cached in bench/out/ while the synthesiser
is unchanged), then, each in a fresh Python process so peak memory is that run's own:

1. generates the pages into an empty docs folder (cold: no cache) and times every stage;
2. generates again with nothing changed;
3. edits one seed (one sentence added) and generates again, `--repeat` times: the time, and how
   many pages were rewritten;
4. builds the site with the project's mkdocs.yml (the briefing plugin's own generate is a no-change
   run inside it) and measures the search index; with `--profile`, builds once more under cProfile
   and prints where the build spends its time, grouped by phase.

Figures are wall-clock on a shared machine: expect noise; compare sizes within one run.

    python bench/run.py [--sizes 100,1000,10000] [--no-mkdocs] [--profile 1000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
HAND_WRITTEN_DOCS = ("about.md", "stylesheets")

# cProfile phases of `mkdocs build`: label, functions whose cumulative time counts, functions whose
# cumulative time is subtracted (nested in the first). Functions are (path suffix, name).
PHASES = [
    ("briefing plugin: generate (no change)", [("generator/plugin.py", "on_pre_build")], []),
    ("collect files, build nav",
     [("mkdocs/structure/files.py", "get_files"), ("mkdocs/structure/nav.py", "get_navigation")], []),
    ("read Markdown sources", [("mkdocs/structure/pages.py", "read_source")], []),
    ("Markdown -> HTML (incl. link validation)", [("mkdocs/structure/pages.py", "render")], []),
    ("search: extract page text", [("material/plugins/search/plugin.py", "on_page_context")], []),
    ("theme templates (Material page layout, nav)",
     [("mkdocs/commands/build.py", "_build_page"), ("mkdocs/commands/build.py", "_build_theme_template")],
     [("material/plugins/search/plugin.py", "on_page_context"), ("mkdocs/utils/__init__.py", "write_file")]),
    ("write HTML files", [("mkdocs/utils/__init__.py", "write_file")], []),
    ("search: serialise + write index", [("material/plugins/search/plugin.py", "on_post_build")], []),
    ("copy static and theme files", [("mkdocs/structure/files.py", "copy_static_files")], []),
]  # fmt: skip


# ---------------------------------------------------------------- children (one process per run)


def child_generate(seeds: Path, docs: Path) -> dict:
    import resource

    from generator.parallel import worker_count
    from generator.pipeline import generate

    def kernel_cpu() -> float:  # system time of this process and its (finished) worker processes
        return sum(resource.getrusage(who).ru_stime for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    start, cpu, forked_cpu, kernel = time.perf_counter(), time.process_time(), children_cpu(), kernel_cpu()
    result = generate(seeds, docs)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    forked_cpu, kernel = children_cpu() - forked_cpu, kernel_cpu() - kernel
    times = dict(result.times)
    times["other enrich"] = times.get("enrich", 0.0) - times.get("entities", 0.0) - times.get("related", 0.0)
    return {
        "times": times,
        "total": total,
        "cpu": cpu + forked_cpu,  # the worker processes' too
        "kernel_cpu": kernel,  # of which in the kernel: file creation, page faults (varies with the disk)
        "workers": worker_count(len(result.corpus.briefings) + len(result.corpus.entities)),
        "written": len(result.report.written),
        "unchanged": result.report.unchanged,
        "removed": len(result.report.removed),
        "briefings": len(result.corpus.briefings),
        "entities": len(result.corpus.entities),
        "warnings": len(result.warnings),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def child_heap(seeds: Path, docs: Path) -> dict:
    """Peak Python heap (tracemalloc) of a cold generate: slower, so a run of its own."""
    import tracemalloc

    from generator.pipeline import generate

    tracemalloc.start()
    generate(seeds, docs)
    return {"heap_peak_mb": tracemalloc.get_traced_memory()[1] / 2**20}


def add_timer(spent: dict[str, float], owner, name: str, label: str) -> None:
    """Wrap `owner.name` (a function or method) so that the time spent in it adds to `spent[label]`."""
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


def _time_phases() -> dict[str, float]:
    """Wrap the functions of each `mkdocs build` phase with a timer (cheap, unlike cProfile).

    Returns the dict the timers add to; nested phases are subtracted in `_phase_table`."""
    import mkdocs.commands.build as build_module
    import mkdocs.utils
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from generator.plugin import BriefingPlugin

    spent: dict[str, float] = {}

    def timed(owner, name: str, label: str) -> None:
        add_timer(spent, owner, name, label)

    timed(BriefingPlugin, "on_pre_build", "generate")
    timed(build_module, "get_files", "files")
    timed(build_module, "get_navigation", "nav")
    timed(Page, "read_source", "read")
    timed(Page, "render", "markdown")
    timed(SearchPlugin, "on_page_context", "search_pages")
    timed(SearchPlugin, "on_post_build", "search_index")
    timed(build_module, "_build_page", "build_page")
    timed(build_module, "_build_theme_template", "theme_templates")
    timed(mkdocs.utils, "write_file", "write")
    timed(Files, "copy_static_files", "static")
    return spent


def _phase_table(spent: dict[str, float], total: float) -> list[tuple[str, float]]:
    get = spent.get
    pages_write = get("write", 0.0)  # nearly all of it is pages; theme templates write a few files
    rows = [
        ("briefing plugin: generate (no change)", get("generate", 0.0)),
        ("collect files, build nav", get("files", 0.0) + get("nav", 0.0)),
        ("read Markdown sources", get("read", 0.0)),
        ("Markdown -> HTML (incl. link validation)", get("markdown", 0.0)),
        ("search: extract page text", get("search_pages", 0.0)),
        (
            "theme templates (Material page layout, nav)",
            get("build_page", 0.0) - get("search_pages", 0.0) - pages_write + get("theme_templates", 0.0),
        ),
        ("write HTML files", pages_write),
        ("search: serialise + write index", get("search_index", 0.0)),
        ("copy static and theme files", get("static", 0.0)),
    ]
    rows.append(("other", total - sum(seconds for _, seconds in rows)))
    rows.append(("whole build", total))
    return rows


def child_mkdocs(seeds: Path, docs: Path, site: Path, profile: Path | None) -> dict:
    import logging
    import resource

    os.environ["BRIEFING_SEEDS"] = str(seeds)
    os.environ["BRIEFING_DOCS"] = str(docs)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent = _time_phases() if not profile else {}

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site))
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(build, config)
        profiler.dump_stats(profile)
    else:
        build(config)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    index = site / "search" / "search_index.json"
    data = index.read_bytes() if index.is_file() else b""
    entries = json.loads(data)["docs"] if data else []
    docs_count = len(entries)
    html = sum(1 for _ in site.rglob("*.html"))
    return {
        "total": total,
        "cpu": cpu,
        "phases": _phase_table(spent, total) if spent else [],
        "index_bytes": len(data),
        "index_gzip_bytes": len(gzip.compress(data, 6)),
        "index_entries": docs_count,
        "index_parts": index_parts(entries),
        "html_files": html,
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def index_parts(entries: list[dict]) -> dict[str, int]:
    """Bytes of the search index by page kind and section: what would trimming one of them save?"""
    parts: dict[str, int] = {}
    for entry in entries:
        location = entry.get("location", "")
        page, _, anchor = location.partition("#")
        kind = page.split("/", 1)[0] if "/" in page else (page or "home")
        if kind == "entities" and page != "entities/":
            kind = "entity pages"
        section = anchor or "page text before the first heading"
        if kind == "briefings" and anchor and section not in ("people-organisations-and-places", "related-articles"):
            section = "other sections" if anchor != "mentioned-by-the-source" else anchor
        key = f"{kind}: {section}" if kind in ("briefings", "entity pages") else kind
        parts[key] = parts.get(key, 0) + len(json.dumps(entry, ensure_ascii=False).encode())
    return dict(sorted(parts.items(), key=lambda item: -item[1]))


def _spawn(*args: str, script: Path = Path(__file__), env: dict | None = None) -> dict:
    """Run one child (`script --child args`); its figures (the last line it prints, JSON), plus the
    peak of the memory its process tree holds (PSS, sampled)."""
    command = [sys.executable, str(script.resolve()), "--child", *args]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env
    ) as child:  # the pipes are read by threads, so that a full pipe never stalls the child
        out: list[str] = []
        err: list[str] = []
        readers = [
            threading.Thread(target=lambda pipe=pipe, into=into: into.append(pipe.read()), daemon=True)
            for pipe, into in ((child.stdout, out), (child.stderr, err))
        ]
        for reader in readers:
            reader.start()
        peak_pss = 0
        while child.poll() is None:
            peak_pss = max(peak_pss, _tree_pss_kb(child.pid))
            time.sleep(0.25)  # reading smaps_rollup takes the child's memory lock: not too often
        for reader in readers:
            reader.join()
    if child.returncode:
        sys.stderr.write("".join(err))
        raise SystemExit(f"benchmark child failed: {' '.join(args)}")
    figures = json.loads("".join(out).strip().splitlines()[-1])
    if peak_pss:
        figures["peak_pss_mb"] = peak_pss / 1024
    return figures


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants, in kB (0 where /proc cannot tell).

    PSS counts a page shared by n processes as 1/n in each: the sum is the memory the whole tree
    holds, forked workers' copy-on-write pages counted once, unlike a sum of their RSS."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue  # gone meanwhile, or no /proc (not Linux)
    return total


# ---------------------------------------------------------------- parent


def corpus(n: int) -> Path:
    """The synthetic seeds for size n, regenerated only when the synthesiser changed."""
    sys.path.insert(0, str(BENCH))
    import synth

    folder = OUT / f"seeds-{n}"
    stamp = folder / ".synth"
    wanted = f"{synth.VERSION} {synth.DEFAULT_SEED} {n}"
    if not (stamp.is_file() and stamp.read_text() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        synth.synthesise(n, folder)
        stamp.write_text(wanted)
        print(f"  synthesised {n} seeds in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return folder


def touch_one_seed(seeds: Path, n: int, round_: int) -> Path:
    """Add a sentence to the first paragraph of one seed in the middle of the corpus."""
    path = sorted(seeds.glob("*.txt"))[n // 2]
    lines = path.read_text(encoding="utf-8").split("\n")
    body = 8  # title, blank, date, 3 blanks, caption, blank: the first paragraph follows
    lines[body] = f"{lines[body]} An official added a detail in revision {round_}."
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def bench_size(n: int, args: argparse.Namespace) -> dict:
    print(f"N = {n}", file=sys.stderr)
    pristine = corpus(n)
    work = OUT / f"work-{n}"
    shutil.rmtree(work, ignore_errors=True)
    seeds, docs, site = work / "seeds", work / "docs", work / "site"
    shutil.copytree(pristine, seeds)
    docs.mkdir(parents=True)
    for name in HAND_WRITTEN_DOCS:
        source = REPO / "docs" / name
        if source.is_dir():
            shutil.copytree(source, docs / name)
        elif source.is_file():
            shutil.copy(source, docs / name)

    row: dict = {"n": n}
    row["cold"] = _spawn("generate", str(seeds), str(docs))
    stages = ", ".join(f"{k} {v:.2f}" for k, v in row["cold"]["times"].items())
    print(f"  cold generate {row['cold']['total']:.2f} s ({stages})", file=sys.stderr)
    row["nochange"] = _spawn("generate", str(seeds), str(docs))
    row["changed"] = []
    for round_ in range(1, args.repeat + 1):
        touch_one_seed(seeds, n, round_)
        row["changed"].append(_spawn("generate", str(seeds), str(docs)))
    best = min(row["changed"], key=lambda r: r["total"])
    stages = ", ".join(f"{k} {v:.2f}" for k, v in best["times"].items())
    print(f"  one-seed rerun {best['total']:.2f} s ({stages}; {best['written']} written)", file=sys.stderr)
    if args.heap:
        heap_docs = work / "heap-docs"
        row["heap"] = _spawn("heap", str(seeds), str(heap_docs))
        shutil.rmtree(heap_docs, ignore_errors=True)
    if not args.no_mkdocs:
        row["mkdocs"] = _spawn("mkdocs", str(seeds), str(docs), str(site), "")
        print(f"  mkdocs build {row['mkdocs']['total']:.1f} s", file=sys.stderr)
        if n in args.profile:
            prof = OUT / f"mkdocs-{n}.prof"
            row["mkdocs_profiled"] = _spawn("mkdocs", str(seeds), str(docs), str(site), str(prof))
            row["phases"] = phases(prof)
            row["top"] = top_functions(prof)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return row


def phases(prof: Path) -> list[tuple[str, float]]:
    import pstats

    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in stats.values())
    out = []

    def cumulative(functions: list[tuple[str, str]]) -> float:
        return sum(
            ct
            for (filename, _, name), (_, _, _, ct, _) in stats.items()
            if any(filename.replace(os.sep, "/").endswith(suffix) and name == fn for suffix, fn in functions)
        )

    for label, plus, minus in PHASES:
        out.append((label, cumulative(plus) - cumulative(minus)))
    out.append(("whole build (profiled)", total))
    return out


def top_functions(prof: Path, count: int = 15) -> list[tuple[str, float]]:
    """The functions with the most cumulative time, outside the build's own driver functions."""
    import pstats

    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, name), (_, _, _, ct, _) in stats.items():
        short = filename.replace(os.sep, "/").split("site-packages/")[-1].replace(str(REPO) + "/", "")
        rows.append((f"{short}:{line}({name})", ct))
    rows.sort(key=lambda item: -item[1])
    skip = ("build.py:249(build)", "run_event", "method 'join'", "builtins.exec", "runcall")
    return [row for row in rows if not any(s in row[0] for s in skip)][:count]


STAGES = ("read", "entities", "related", "other enrich", "render", "render+write", "write")


def _mb(value: float) -> str:
    return f"{value:,.0f} MB"


def _size(value: int) -> str:
    return f"{value / 2**20:.1f} MB" if value >= 2**20 else f"{value / 2**10:.0f} KB"


def report(rows: list[dict]) -> str:
    lines = [
        "Generator (wall-clock seconds; CPU seconds of the process and its worker processes; each run a fresh"
        " process; cold = empty docs/, no cache). Pages are rendered and written together, spread over the"
        " worker processes:",
        "",
        "| N | read+parse | entities | related | other enrich | render: shared | render+write pages | finish"
        " | total | CPU (of which kernel) | peak RSS | peak PSS, all processes"
        + (" | heap peak" if any("heap" in r for r in rows) else "")
        + " | pages written | no-change rerun | one seed changed: time | pages rewritten |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
        + ("|---:" if any("heap" in r for r in rows) else "")
        + "|---:|---:|---:|---:|",
    ]
    for r in rows:
        t = r["cold"]["times"]
        changed = r["changed"]
        best = min(changed, key=lambda c: c["total"])
        median = statistics.median(c["total"] for c in changed)
        cells = [
            f"{r['n']:,}",
            *(f"{t.get(k, 0.0):.2f}" for k in STAGES),
            f"**{r['cold']['total']:.2f}**",
            f"{r['cold'].get('cpu', 0.0):.2f} ({r['cold'].get('kernel_cpu', 0.0):.1f} kernel)",
            _mb(r["cold"]["maxrss_mb"]) + f" (each of {r['cold'].get('workers', 1) - 1} workers ≤ "
            f"{_mb(r['cold'].get('worker_maxrss_mb', 0.0))})"
            if r["cold"].get("workers", 1) > 1
            else _mb(r["cold"]["maxrss_mb"]),
            _mb(r["cold"]["peak_pss_mb"]) if "peak_pss_mb" in r["cold"] else "n/a",
        ]
        if any("heap" in x for x in rows):
            cells.append(_mb(r["heap"]["heap_peak_mb"]) if "heap" in r else "")
        cells += [
            f"{r['cold']['written']:,}",
            f"{r['nochange']['total']:.2f} ({r['nochange']['written']} written)",
            f"{best['total']:.2f} (CPU {best.get('cpu', 0.0):.2f}; median {median:.2f})",
            f"{best['written']}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Corpus: " + ", ".join(f"{r['n']:,} briefings → {r['cold']['entities']:,} entities" for r in rows))
    if len(rows) > 1:
        ratios = [
            f"{a['n']:,} → {b['n']:,} articles: {b['cold']['total'] / a['cold']['total']:.1f}× the time"
            for a, b in itertools.pairwise(rows)
        ]
        lines.append("Growth (cold total): " + "; ".join(ratios))
    built = [r for r in rows if "mkdocs" in r]
    if built:
        lines += [
            "",
            "`mkdocs build` (seconds; includes the plugin's no-change generate):",
            "",
            "| N | mkdocs build | CPU | peak RSS | HTML files | site size | search index | gzipped | index entries |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in built:
            m = r["mkdocs"]
            lines.append(
                f"| {r['n']:,} | {m['total']:.1f} | {m.get('cpu', 0.0):.1f} | {_mb(m['maxrss_mb'])} | "
                f"{m['html_files']:,} | "
                f"{_size(m['site_bytes'])} | {_size(m['index_bytes'])} | {_size(m['index_gzip_bytes'])} | "
                f"{m['index_entries']:,} |"
            )
    for r in built:
        parts = r["mkdocs"].get("index_parts") or {}
        if parts:
            total = sum(parts.values()) or 1
            lines += ["", f"Search index by page kind and section at N = {r['n']:,} (JSON bytes):", ""]
            lines += ["| part | size | share |", "|---|---:|---:|"]
            lines += [f"| {key} | {_size(size)} | {100 * size / total:.0f}% |" for key, size in list(parts.items())[:8]]
    for r in built:
        timed = dict(r["mkdocs"].get("phases") or [])
        profiled = dict(r.get("phases") or [])
        if not timed and not profiled:
            continue
        whole = timed.get("whole build") or profiled.get("whole build (profiled)") or 1.0
        lines += ["", f"Where `mkdocs build` spends its time at N = {r['n']:,}:", ""]
        header = "| phase | seconds | share |" + (" cProfile seconds |" if profiled else "")
        lines += [header, "|---|---:|---:|" + ("---:|" if profiled else "")]
        labels = list(timed) or list(profiled)
        for label in labels:
            seconds = timed.get(label, 0.0)
            row = f"| {label} | {seconds:.1f} | {100 * seconds / whole:.0f}% |"
            if profiled:
                other = profiled.get(label, profiled.get(label + " (profiled)"))
                row += f" {other:.1f} |" if other is not None else " |"
            lines.append(row)
        if r.get("top"):
            lines += ["", "Top functions by cumulative time (cProfile):", "", "```"]
            lines += [f"{ct:8.1f} s  {name}" for name, ct in r["top"]]
            lines.append("```")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--no-mkdocs", action="store_true", help="time the generator only")
    parser.add_argument("--profile", default="", help="sizes to profile `mkdocs build` at, e.g. 1000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="one-seed-changed reruns per size (best is shown)")
    parser.add_argument("--heap", action="store_true", help="also measure the Python heap peak (tracemalloc)")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/work-N (docs and site)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *paths = args.child
        if kind == "generate":
            result = child_generate(Path(paths[0]), Path(paths[1]))
        elif kind == "heap":
            result = child_heap(Path(paths[0]), Path(paths[1]))
        else:
            result = child_mkdocs(Path(paths[0]), Path(paths[1]), Path(paths[2]), Path(paths[3]) if paths[3] else None)
        print(json.dumps(result))
        return 0

    args.profile = {int(s) for s in args.profile.split(",") if s.strip()}
    rows = [bench_size(int(s), args) for s in args.sizes.split(",") if s.strip()]
    text = report(rows)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
