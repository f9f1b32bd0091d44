"""The one exception family for problems the user must fix; the CLI prints each as one line."""

from __future__ import annotations


class BriefingError(Exception):
    """A user-facing problem. `str()` is the whole message, ready to print."""


class SeedError(BriefingError):
    """A seed file that cannot become an article at all (the rest of the site still builds)."""

    def __init__(self, name: str, message: str, line: int | None = None) -> None:
        self.name, self.line, self.message = name, line, message
        where = f"{name}:{line}" if line else name
        super().__init__(f"{where}: {message}")


class ConfigError(BriefingError):
    """A fatal problem with the set-up: missing seeds folder, invalid registry."""


class WriteError(BriefingError):
    """Refusing to touch a file the generator did not write."""
