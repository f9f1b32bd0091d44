"""Roles before a name (generator/roles.py), in the shapes whose cheap pre-test must not hide them:
a role noun just before the name, one joined by "and", a qualifier of a title (also "ex-"), a leading
"the head of ..., ", and a line break between role and name."""

from __future__ import annotations

from generator.roles import roles_before


def before(text: str, name: str, title: str = "") -> list[str]:
    """roles_before at the name (or at its title, when it has one), as detection calls it."""
    at = text.index(title or name)
    return roles_before(text, at, title)


def test_a_role_noun_and_a_chain_joined_by_and():
    assert before("Talks were led by Kremlin aide Vladimir Medinsky.", "Vladimir") == ["Kremlin aide"]
    assert before("The head of Russia's delegation, Kremlin aide and Vladimir Medinsky", "Vladimir") == [
        "head of Russia's delegation",
        "Kremlin aide",
    ]


def test_a_qualified_title_and_a_lead_role():
    text = "The head of Russia's delegation, former Culture Minister Vladimir Medinsky, spoke."
    assert before(text, "Vladimir", "Culture Minister") == ["head of Russia's delegation", "former Culture Minister"]
    assert before("The ex-Defense Minister Rustem Umerov", "Rustem", "Defense Minister") == ["ex-Defense Minister"]


def test_a_line_break_between_role_and_name():
    assert before("Kremlin aide \nVladimir Medinsky", "Vladimir") == ["Kremlin aide"]


def test_no_role_where_the_word_before_is_none():
    for text in ("Talks were held in Istanbul with Vladimir Medinsky.", "Vladimir Medinsky said", "aides, Vladimir"):
        assert before(text, "Vladimir") == []
