"""The curated registry, seeds/entities.yml: parsing, one-line errors naming the line, and its effect on a build."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import SEED, make_seeds

from generator.errors import ConfigError
from generator.pipeline import generate
from generator.registry import Registry, RegistryEntry, load_registry, parse_registry


def registry(text: str) -> Registry:
    return parse_registry(textwrap.dedent(text), "seeds/entities.yml")


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        registry(text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_full_registry_parses():
    parsed = registry(
        """\
        # corrections to what detection finds
        entities:
          - name: Volodymyr Zelensky
            type: person
            aliases: [Zelenskyy, Zelensky]
            description: President of Ukraine.
          - name: Moscow Metro
        ignore:
          - Washington
        """
    )
    assert parsed == Registry(
        entries=(
            RegistryEntry("Volodymyr Zelensky", "person", ("Zelenskyy", "Zelensky"), "President of Ukraine."),
            RegistryEntry("Moscow Metro"),
        ),
        ignore=("Washington",),
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n", "entities:\nignore:\n"])
def test_empty_registry_is_allowed(text):
    assert parse_registry(text) == Registry()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entities: []\nignored: [Washington]\n", "seeds/entities.yml:2: unknown key 'ignored'"),
        ("entities:\n  - name: Kyiv\n    kind: place\n", "seeds/entities.yml:3: unknown key 'kind' in an entity"),
        ("entities:\n  - name: Kyiv\n  - type: place\n", "seeds/entities.yml:3: entity has no 'name'"),
        ("entities:\n  - name: Kyiv\n    type: city\n", "seeds/entities.yml:2: type 'city' of 'Kyiv' is not one of"),
        ("entities:\n  - name: Kyiv\n    aliases: {a: b}\n", "seeds/entities.yml:3: 'aliases' must be a list"),
        ("entities:\n  - Kyiv\n", "seeds/entities.yml:2: each entity must be a mapping"),
        ("entities: Kyiv\n", "seeds/entities.yml:1: 'entities' must be a list"),
        ("- Kyiv\n", "seeds/entities.yml:1: expected a mapping"),
        (
            "entities:\n  - name: Kyiv\n  - name: kyiv\n",
            "seeds/entities.yml:3: 'kyiv' is listed twice (first on line 2)",
        ),
        ("entities:\n  - name: [Kyiv\n", "seeds/entities.yml:3: not valid YAML"),
        ("entities:\n  - name: Kyiv\n    description: [a, b]\n", "seeds/entities.yml:3: 'description' must be"),
    ],
)
def test_malformed_registry_names_the_line(text, expected):
    assert error_of(text).startswith(expected)


def test_load_registry_names_the_file(tmp_path):
    path = tmp_path / "entities.yml"
    path.write_text("entities:\n  - name: Kyiv\n    colour: blue\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{path}:3: unknown key 'colour'"):
        load_registry(path)


def test_registry_in_seeds_folder_corrects_the_built_site(tmp_path):
    seeds = make_seeds(
        tmp_path / "seeds",
        SEED,
        **{
            "entities.yml": textwrap.dedent(
                """\
                entities:
                  - name: Volodymyr Zelenskyy
                    aliases: [Volodymyr Zelensky, Zelensky]  # the seed says only "Zelensky"
                    description: President of Ukraine.
                  - name: Spider's Web
                    type: event
                    aliases: [Operation Spiderweb]
                ignore: [Washington]
                """
            )
        },
    )
    result = generate(seeds, tmp_path / "docs")
    entities = {e.name: e for e in result.corpus.entities}
    assert "Washington" not in entities
    zelensky = entities["Volodymyr Zelenskyy"]
    assert zelensky.type == "person" and zelensky.description == "President of Ukraine."
    assert zelensky.aliases == ("Zelensky",)  # the spelling the seed uses: the registry's name is the page's
    page = (tmp_path / "docs" / "entities" / "people" / "volodymyr-zelenskyy.md").read_text(encoding="utf-8")
    assert "President of Ukraine." in page
    data = json.loads((tmp_path / "docs" / "briefing.json").read_text(encoding="utf-8"))
    assert "people/volodymyr-zelenskyy" in {e["id"] for e in data["articles"][0]["entities"]}


def test_bad_registry_stops_the_build_with_one_line(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", SEED, **{"entities.yml": "entities:\n  - name: Kyiv\n    typo: 1\n"})
    with pytest.raises(ConfigError, match=r"entities\.yml:3: unknown key 'typo'"):
        generate(seeds, tmp_path / "docs")
