"""Golden files of the real seed's briefing, generated from the seed alone: `make golden` rewrites them.

  tests/golden/seed_briefing.md   docs/briefings/<slug>.md, the briefing page's Markdown
  tests/golden/seed_article.json  the seed's entry in docs/briefing.json, pretty-printed

`tests/test_golden.py` diffs what the generator makes now against these files. After a change that
is meant to alter the page or its JSON (detection, templates, the parser), run `make golden` and read
`git diff tests/golden` before committing it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.pipeline import generate  # noqa: E402

SEED = REPO / "seeds" / "000_3be0f6f4840430dd.txt"
GOLDEN = REPO / "tests" / "golden"
BRIEFING_PAGE = "seed_briefing.md"
ARTICLE_JSON = "seed_article.json"


def render_golden(seed: Path = SEED) -> dict[str, str]:
    """{golden file name: its expected text}, from a site generated for `seed` alone (no registry)."""
    with tempfile.TemporaryDirectory(prefix="golden-") as temp:
        seeds, docs = Path(temp) / "seeds", Path(temp) / "docs"
        seeds.mkdir()
        shutil.copy(seed, seeds / seed.name)
        generate(seeds, docs)
        data = json.loads((docs / "briefing.json").read_text(encoding="utf-8"))
        (article,) = (a for a in data["articles"] if a["seed"] == seed.name)
        page = (docs / "briefings" / f"{article['slug']}.md").read_text(encoding="utf-8")
    return {BRIEFING_PAGE: page, ARTICLE_JSON: json.dumps(article, indent=2, ensure_ascii=False) + "\n"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GOLDEN, help="folder to write (default: tests/golden)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in render_golden().items():
        path = args.out / name
        before = path.read_text(encoding="utf-8") if path.is_file() else None
        path.write_text(text, encoding="utf-8")
        state = "unchanged" if before == text else "written" if before is None else "updated"
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
