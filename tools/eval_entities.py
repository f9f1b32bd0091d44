"""Entity linking quality against hand-made gold: `make eval` (exits 1 below the bar).

Generates the site for the sample corpus (../shared/corpus/*.txt) plus the real seed into a temporary
folder, reads the entities each briefing links from the generated `briefing.json`, and compares them
with `gold.yaml`. A linked entity matches a gold entity when its name or one of its aliases is the gold
name or one of the gold surface forms. Gold `optional` entities count neither way; anything else
linked is a false positive. No registry is used: this measures detection alone.

The seed has no entry in gold.yaml; its gold is the list of issue 12 ("Done means"), below: what a
careful reader expects the real seed's page to link. The Moscow Times, its source, is optional there
as in gold.yaml.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.pipeline import generate  # noqa: E402

SEED = REPO / "seeds" / "000_3be0f6f4840430dd.txt"
CORPUS = REPO.parent / "shared" / "corpus"
THRESHOLD = 0.95

SEED_ENTITIES = (
    # people
    "Rustem Umerov", "Vladimir Medinsky", "Donald Trump", "Keith Kellogg", "Vladimir Putin", "Volodymyr Zelensky",
    "Alexander Ryumin",
    # organisations
    "TASS", "Reuters", "The Economist", "Kremlin", "White House",
    # places
    "Russia", "Ukraine", "Istanbul", "Turkey", "Kyiv", "Moscow", "Sumy", "Kharkiv", "Washington", "United States",
    # named operations
    "Spider's Web",
)  # fmt: skip
SEED_GOLD = {
    "required": {name: [name] for name in SEED_ENTITIES},
    "optional": ["The Moscow Times"],
}


@dataclass(slots=True)
class Score:
    article: str
    true_positives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / wanted if wanted else 1.0


def load_gold(corpus_dir: Path) -> dict[str, dict]:
    gold = yaml.safe_load((corpus_dir / "gold.yaml").read_text(encoding="utf-8"))["articles"]
    gold.setdefault(SEED.name, SEED_GOLD)
    return gold


def score_article(name: str, linked: list[dict], gold: dict) -> Score:
    """Compare the entities one briefing links ({name, aliases}) with its gold entry."""
    score = Score(name)
    required = {
        canonical: {canonical.casefold(), *(f.casefold() for f in forms)}
        for canonical, forms in gold["required"].items()
    }
    optional = {o.casefold() for o in gold.get("optional", [])}
    matched: set[str] = set()
    for entity in linked:
        names = {entity["name"].casefold(), *(a.casefold() for a in entity.get("aliases", []))}
        hit = next((canonical for canonical, forms in required.items() if names & forms), None)
        if hit is not None:
            if hit not in matched:
                matched.add(hit)
                score.true_positives.append(hit)
            else:
                score.false_positives.append(f"{entity['name']} (second entity for {hit})")
        elif not names & optional:
            score.false_positives.append(entity["name"])
    score.false_negatives = [canonical for canonical in required if canonical not in matched]
    return score


def evaluate(corpus_dir: Path = CORPUS, seed: Path = SEED) -> list[Score]:
    """Generate the corpus plus the seed without a registry and score every article against gold."""
    gold = load_gold(corpus_dir)
    with tempfile.TemporaryDirectory(prefix="eval-entities-") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        for source in [seed, *sorted(corpus_dir.glob("*.txt"))]:
            shutil.copy(source, seeds / source.name)
        generate(seeds, Path(tmp) / "docs")
        site = json.loads((Path(tmp) / "docs" / "briefing.json").read_text(encoding="utf-8"))
    entities = {e["id"]: e for e in site["entities"]}
    scores = []
    for article in sorted(site["articles"], key=lambda a: a["seed"]):
        if article["seed"] not in gold:
            continue
        linked = [entities[e["id"]] for e in article["entities"]]
        scores.append(score_article(article["seed"], linked, gold[article["seed"]]))
    return scores


def overall(scores: list[Score]) -> Score:
    total = Score("overall")
    for score in scores:
        total.true_positives += score.true_positives
        total.false_positives += score.false_positives
        total.false_negatives += score.false_negatives
    return total


def report(scores: list[Score]) -> str:
    rows = [*scores, overall(scores)]
    width = max(len(s.article) for s in rows)
    lines = [f"{'article':<{width}}  {'TP':>3} {'FP':>3} {'FN':>3}  precision  recall"]
    for s in rows:
        lines.append(
            f"{s.article:<{width}}  {len(s.true_positives):>3} {len(s.false_positives):>3} "
            f"{len(s.false_negatives):>3}  {s.precision:>9.3f}  {s.recall:>6.3f}"
        )
    for s in scores:
        if s.false_positives:
            lines.append(f"  {s.article}: false positives: {', '.join(s.false_positives)}")
        if s.false_negatives:
            lines.append(f"  {s.article}: missed: {', '.join(s.false_negatives)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with *.txt and gold.yaml")
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args(argv)
    if not (args.corpus / "gold.yaml").is_file():
        print(f"{args.corpus}: no gold.yaml here; pass --corpus", file=sys.stderr)
        return 2
    scores = evaluate(args.corpus, args.seed)
    print(report(scores))
    total = overall(scores)
    if total.precision < THRESHOLD or total.recall < THRESHOLD:
        print(f"below {THRESHOLD}: precision {total.precision:.3f}, recall {total.recall:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
