"""Reading the seeds folder: the I/O edge before parsing. Decides what is a seed and decodes it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError, SeedError
from .model import Article
from .parse import parse_seed

SEED_SUFFIXES = {".txt"}
REGISTRY_NAME = "entities.yml"


@dataclass(slots=True)
class SeedSet:
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each, naming the file
    ignored: list[str] = field(default_factory=list)


def is_seed(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SEED_SUFFIXES and not path.name.startswith((".", "~"))


def decode_seed(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text: UTF-8 (BOM or not), else Windows-1252 with a warning; binary is refused."""
    if b"\x00" in data[:8192]:
        raise SeedError(name, "looks like a binary file, not text; skipped")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        return text, [f"{name}:{line}: not valid UTF-8; decoded as Windows-1252 (check accented letters)"]


def read_seeds(seeds_dir: Path) -> SeedSet:
    """Parse every seed in `seeds_dir`, in name order. A bad seed is reported and skipped, never fatal."""
    if not seeds_dir.is_dir():
        raise ConfigError(f"{seeds_dir}: seeds folder not found (create it and put article .txt files in it)")
    result = SeedSet()
    for path in sorted(seeds_dir.iterdir()):
        if path.name == REGISTRY_NAME:
            continue
        if not is_seed(path):
            if path.is_file():
                result.ignored.append(path.name)
            continue
        display = str(path)
        try:
            text, notes = decode_seed(path.read_bytes(), display)
            if not text.strip():
                raise SeedError(display, "file is empty; skipped")
            article = parse_seed(text, display)
        except SeedError as error:
            result.warnings.append(str(error))
            continue
        except OSError as error:
            result.warnings.append(f"{display}: cannot be read ({error.strerror}); skipped")
            continue
        result.warnings.extend(notes)
        result.warnings.extend(article.warnings)
        result.articles.append(_with_seed_name(article, path.name))
    return result


def _with_seed_name(article: Article, name: str) -> Article:
    return replace(article, seed=name, warnings=())
