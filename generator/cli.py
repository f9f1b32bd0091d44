"""`python -m generator`: generate the Markdown, or build / serve the whole site with MkDocs."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path

from .enrich import Settings
from .errors import BriefingError
from .lock import build_lock
from .pipeline import generate
from .seeds import display_path

EXIT_OK, EXIT_WARNINGS, EXIT_FATAL = 0, 1, 2

DESCRIPTION = """Turn scraped news articles in a seeds folder into a searchable briefing site.

  generate   write the Markdown pages into the docs folder (no MkDocs needed)
  build      generate, then build the static site with MkDocs into site/
  serve      preview on http://127.0.0.1:8000, regenerating when a seed changes
  report     what a curator should check in the detected entities, with seeds/entities.yml entries
"""
EPILOG = """Problems with single seeds (no date, not UTF-8, empty, ...) are reported one per line as
`seeds/foo.txt:3: message` and the rest of the site is still built.

exit status:
  0  built (warnings, if any, were printed)
  1  --strict and there were warnings
  2  fatal: seeds folder missing, invalid seeds/entities.yml, a file that cannot be written, ...

The generator writes only its own pages in the docs folder (index.md, timeline.md, briefing.json,
briefings/, entities/, feeds/), lists them in docs/.briefing-manifest.json, and never overwrites or deletes
a file it did not write or that was edited by hand since: it warns instead.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{generate,build,serve,report}")
    report = commands.add_parser("report", help="what to check in the detected entities", description=_report.__doc__)
    report.add_argument("--seeds", default="seeds", help="folder of seed articles (default: seeds)")
    for name, help_text in (
        ("generate", "write Markdown pages only"),
        ("build", "generate and build the site"),
        ("serve", "generate and preview the site with live reload"),
    ):
        command = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_argument("--seeds", default="seeds", help="folder of seed articles (default: seeds)")
        command.add_argument("--docs", default="docs", help="docs folder the pages go into (default: docs)")
        command.add_argument(
            "--strict", action="store_true", help="fail (exit status 1) when there is any warning, as mkdocs --strict"
        )
        command.add_argument(
            "--related", type=int, default=5, metavar="K", help="related articles per briefing (default: 5)"
        )
        if name != "generate":
            command.add_argument(
                "--config-file", "-f", default="mkdocs.yml", help="MkDocs config (default: mkdocs.yml)"
            )
        if name == "build":
            command.add_argument("--site-dir", default=None, help="output folder (default: site/)")
        if name == "serve":
            command.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(args)
        if args.command == "report":
            return _report(args)
        return _mkdocs(args)
    except BriefingError as error:
        return _fatal(str(error))
    except OSError as error:
        where = _failed_file(error)
        return _fatal(f"{where}: {error.strerror or error}")
    except KeyboardInterrupt:
        return _fatal("interrupted")


def _failed_file(error: OSError) -> str:
    """How to name the file an OSError is about. A failed copy or rename names its source first and its
    destination second: when the destination is what failed (a full or read-only disk), name that."""
    names = [name for name in (error.filename, error.filename2) if isinstance(name, str | bytes | os.PathLike)]
    if not names:
        return "error"
    if len(names) == 2 and error.errno in _DESTINATION_ERRORS:
        return display_path(Path(os.fsdecode(names[1])))
    return display_path(Path(os.fsdecode(names[0])))


_DESTINATION_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def _fatal(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FATAL


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _generate(args: argparse.Namespace) -> int:
    with build_lock(Path(args.docs), _say):
        result = generate(
            Path(args.seeds),
            Path(args.docs),
            Settings(related_count=args.related, site_url=os.environ.get("SITE_URL", "")),
        )
    for note in result.notes:
        print(note, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.strict and result.warnings:
        print(f"error: {len(result.warnings)} warning(s) in strict mode", file=sys.stderr)
        return EXIT_WARNINGS
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    """Print likely duplicates, types the text contradicts, entities named once and ambiguous short
    forms, each with an entry to paste into seeds/entities.yml. Reads the seeds; writes nothing."""
    from .cache import Cache
    from .curation import format_report
    from .errors import ConfigError
    from .pipeline import read_and_enrich

    seeds = Path(args.seeds)
    if not seeds.is_dir():
        raise ConfigError(f"{display_path(seeds)}: seeds folder not found")
    analysed, corpus = read_and_enrich(seeds, Cache(None))  # the corpus the site's review page shows
    for warning in analysed.seeds.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(format_report(corpus.review))
    return EXIT_OK


def _preflight(args: argparse.Namespace) -> None:
    """Fail fast, in one line, on what would otherwise surface as a MkDocs abort."""
    from .errors import ConfigError

    if not Path(args.config_file).is_file():
        raise ConfigError(f"{args.config_file}: MkDocs config not found (run from the project folder)")
    seeds = Path(args.seeds)
    if not seeds.is_dir():
        raise ConfigError(f"{display_path(seeds)}: seeds folder not found (create it and put article .txt files in it)")
    Path(args.docs).mkdir(parents=True, exist_ok=True)
    os.environ["BRIEFING_SEEDS"] = str(seeds.resolve())
    os.environ["BRIEFING_DOCS"] = str(Path(args.docs).resolve())
    os.environ["BRIEFING_RELATED"] = str(args.related)


def _mkdocs(args: argparse.Namespace) -> int:
    _preflight(args)
    if args.command == "build":
        with build_lock(Path(args.docs), _say):  # the pages and site/: the plugin's generate finds it held
            return _build(args)
    from mkdocs.__main__ import cli as mkdocs_cli  # serve: MkDocs' own command, with live reload

    from .fastbuild import serve_with_fast_build

    serve_with_fast_build()

    mkdocs_args = ["serve", "--config-file", args.config_file, "--dev-addr", args.dev_addr]
    if args.strict:
        mkdocs_args.append("--strict")
    try:
        mkdocs_cli.main(args=mkdocs_args, prog_name="mkdocs", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else EXIT_FATAL
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    """MkDocs' build, with its messages one per line on stderr and no second 'Aborted' line."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from .fastbuild import build

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        config = load_config(config_file=args.config_file, strict=args.strict, site_dir=args.site_dir)
        build(config)
    except Abort as error:
        if "strict mode" in error.message:
            print(f"error: {error.message}", file=sys.stderr)
            return EXIT_WARNINGS
        if "BuildError" not in error.message:  # a BuildError was already logged, in one line
            print(f"error: {error.message}", file=sys.stderr)
        return EXIT_FATAL
    except MkDocsException as error:
        print(f"error: {error.format_message()}", file=sys.stderr)
        return EXIT_FATAL
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return EXIT_OK
