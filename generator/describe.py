"""Who an entity is, in one line: the registry's description, else the roles the text gives it."""

from __future__ import annotations

from .model import Entity

ROLE_LIMIT = 3  # roles in the line; the page lists them all under "Roles in the text"


def _is_title(role: str) -> bool:
    """A title ("Kremlin aide", "former Culture Minister") rather than a phrase ("head of Russia's delegation")."""
    words = role.split()
    if words and words[0].casefold() in ("former", "ex", "acting", "then"):
        words = words[1:]
    return bool(words) and words[0][:1].isupper()


def entity_description(entity: Entity) -> str:
    """Plain text: `seeds/entities.yml`'s description, or "Kremlin aide; former Culture Minister; head of
    Russia's delegation" from the roles (titles first, in the order found), or "" when there are none."""
    if entity.description.strip():
        return entity.description.strip()
    roles = sorted(entity.roles, key=lambda role: not _is_title(role))[:ROLE_LIMIT]  # stable: order found
    line = "; ".join(role.strip() for role in roles if role.strip())
    return line[:1].upper() + line[1:]


def meta_description(entity: Entity, type_name: str, articles: int) -> str:
    """The page's description for search engines and link previews: who it is, and how often named."""
    count = f"named in {articles:,} briefing{'' if articles == 1 else 's'}"
    line = entity_description(entity)
    return (
        f"{entity.name}: {line.rstrip('.')}. {type_name}, {count}."
        if line
        else f"{entity.name}: {type_name.lower()}, {count}."
    )
