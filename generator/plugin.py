"""MkDocs glue: run the generator before each build and watch seeds/ while serving."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .enrich import Settings
from .errors import BriefingError
from .pipeline import generate

log = get_plugin_logger("briefing")


class BriefingConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    """Folder of seed articles, relative to mkdocs.yml."""
    related_count = c.Type(int, default=5)
    """How many computed related articles each briefing lists at most."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.seeds_dir = (root / self.config.seeds).resolve()
        self.docs_dir = Path(config.docs_dir)
        return config

    def on_pre_build(self, config) -> None:
        try:
            result = generate(self.seeds_dir, self.docs_dir, Settings(related_count=self.config.related_count))
        except BriefingError as error:
            raise PluginError(str(error)) from None
        for note in result.notes:
            log.info(note)
        for warning in result.warnings:
            log.warning(warning)

    def on_serve(self, server, config, builder):
        if self.seeds_dir.is_dir():
            server.watch(os.fspath(self.seeds_dir))
        return server
