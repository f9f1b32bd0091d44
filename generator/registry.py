"""The optional curated entity registry (`seeds/entities.yml`): the user's corrections to detection.

Format (every key optional except `name`)::

    entities:
      - name: Volodymyr Zelensky        # canonical name shown on pages
        type: person                    # person | organisation | place | event
        aliases: [Zelenskyy, Zelensky]  # other spellings found in the text
        description: President of Ukraine since 2019.
    ignore: [Washington]                # names that must never become entities

Parsing is strict: an unknown key or a malformed entry is a `ConfigError` naming the file and line,
because a silently ignored typo would leave the user wondering why a correction did nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ConfigError

ENTITY_TYPES = ("person", "organisation", "place", "event")
TOP_KEYS = ("entities", "ignore")
ENTRY_KEYS = ("name", "type", "aliases", "description")


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    name: str
    type: str | None = None  # None: keep the type detection found
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Registry:
    entries: tuple[RegistryEntry, ...] = ()
    ignore: tuple[str, ...] = ()


EMPTY_REGISTRY = Registry()


def registry_in(seeds_dir: Path) -> Registry:
    """The registry of a seeds folder (`seeds/entities.yml`), or the empty one when it has none."""
    from .seeds import REGISTRY_NAME

    path = seeds_dir / REGISTRY_NAME
    return load_registry(path) if path.is_file() else EMPTY_REGISTRY


def load_registry(path: Path) -> Registry:
    """Read and parse a registry file; the one place this module touches the file system."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the entity registry: {error}") from error
    return parse_registry(text, str(path))


def parse_registry(text: str, name: str = "entities.yml") -> Registry:
    """Registry text -> Registry; raises ConfigError("name:LINE: ...") on the first problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(f"{name}:{line}: not valid YAML: {problem}") from error
    if root is None:
        return EMPTY_REGISTRY

    def fail(node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(f"{name}:{node.start_mark.line + 1}: {message}")

    if not isinstance(root, yaml.MappingNode):
        raise fail(root, f"expected a mapping with the keys {', '.join(TOP_KEYS)}")
    entries: list[RegistryEntry] = []
    ignore: tuple[str, ...] = ()
    for key_node, value_node in root.value:
        key = key_node.value
        if key == "entities":
            entries = _entries(value_node, fail)
        elif key == "ignore":
            ignore = _strings(value_node, "ignore", fail)
        else:
            raise fail(key_node, f"unknown key {key!r} (expected one of: {', '.join(TOP_KEYS)})")
    return Registry(entries=tuple(entries), ignore=ignore)


def _entries(node: yaml.Node, fail) -> list[RegistryEntry]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise fail(node, "'entities' must be a list of entries, each starting with '- name: ...'")
    entries: list[RegistryEntry] = []
    seen: dict[str, int] = {}
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise fail(item, "each entity must be a mapping with at least 'name'")
        fields: dict[str, object] = {}
        for key_node, value_node in item.value:
            key = key_node.value
            if key not in ENTRY_KEYS:
                raise fail(key_node, f"unknown key {key!r} in an entity (expected one of: {', '.join(ENTRY_KEYS)})")
            if key == "aliases":
                fields[key] = _strings(value_node, "aliases", fail)
            else:
                fields[key] = _string(value_node, key, fail)
        entity_name = fields.get("name")
        if not entity_name:
            raise fail(item, "entity has no 'name'")
        kind = fields.get("type") or None
        if kind is not None and kind not in ENTITY_TYPES:
            raise fail(item, f"type {kind!r} of {entity_name!r} is not one of: {', '.join(ENTITY_TYPES)}")
        folded = str(entity_name).casefold()
        if folded in seen:
            raise fail(item, f"{entity_name!r} is listed twice (first on line {seen[folded]})")
        seen[folded] = item.start_mark.line + 1
        entries.append(
            RegistryEntry(
                name=str(entity_name),
                type=kind,  # type: ignore[arg-type]
                aliases=fields.get("aliases", ()),  # type: ignore[arg-type]
                description=str(fields.get("description", "")),
            )
        )
    return entries


def _string(node: yaml.Node, key: str, fail) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise fail(node, f"{key!r} must be a single line of text")
    value = " ".join(node.value.split())
    if not value and key == "name":
        raise fail(node, "'name' is empty")
    return value


def _strings(node: yaml.Node, key: str, fail) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        if node.value in ("", "~", "null"):
            return ()
        return (_string(node, key, fail),)
    if not isinstance(node, yaml.SequenceNode):
        raise fail(node, f"{key!r} must be a list of names")
    values = tuple(_string(item, key, fail) for item in node.value)
    if any(not value for value in values):
        raise fail(node, f"{key!r} contains an empty name")
    return values
