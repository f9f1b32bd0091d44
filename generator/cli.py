"""`python -m generator`: generate the Markdown, or build / serve the whole site with MkDocs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .enrich import Settings
from .errors import BriefingError
from .pipeline import generate

DESCRIPTION = """Turn scraped news articles in a seeds folder into a searchable briefing site.

  generate   write the Markdown pages into the docs folder (no MkDocs needed)
  build      generate, then build the static site with MkDocs into site/
  serve      preview on http://127.0.0.1:8000, regenerating when a seed changes
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{generate,build,serve}")
    for name, help_text in (
        ("generate", "write Markdown pages only"),
        ("build", "generate and build the site"),
        ("serve", "generate and preview the site with live reload"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--seeds", default="seeds", help="folder of seed articles (default: seeds)")
        command.add_argument("--docs", default="docs", help="docs folder the pages go into (default: docs)")
        command.add_argument("--strict", action="store_true", help="treat any warning as an error (non-zero exit)")
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
    if args.command == "generate":
        return _generate(args)
    return _mkdocs(args)


def _generate(args: argparse.Namespace) -> int:
    try:
        result = generate(Path(args.seeds), Path(args.docs), Settings(related_count=args.related))
    except BriefingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for note in result.notes:
        print(note, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.strict and result.warnings:
        print(f"error: {len(result.warnings)} warning(s) in strict mode", file=sys.stderr)
        return 1
    return 0


def _mkdocs(args: argparse.Namespace) -> int:
    """Hand over to MkDocs' own command line; the `briefing` plugin runs the generator inside it."""
    from mkdocs.__main__ import cli as mkdocs_cli

    if not Path(args.config_file).is_file():
        print(f"error: {args.config_file}: MkDocs config not found (run from the project folder)", file=sys.stderr)
        return 2
    os.environ["BRIEFING_SEEDS"] = str(Path(args.seeds).resolve())
    os.environ["BRIEFING_DOCS"] = str(Path(args.docs).resolve())
    os.environ["BRIEFING_RELATED"] = str(args.related)
    mkdocs_args = [args.command, "--config-file", args.config_file]
    if args.strict:
        mkdocs_args.append("--strict")
    if args.command == "build" and args.site_dir:
        mkdocs_args += ["--site-dir", args.site_dir]
    if args.command == "serve":
        mkdocs_args += ["--dev-addr", args.dev_addr]
    try:
        mkdocs_cli.main(args=mkdocs_args, prog_name="mkdocs", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0
