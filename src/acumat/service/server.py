"""What ``acumat serve`` runs: the app built from a serializable config, in one or many workers.

Worker processes are separate interpreters: each rebuilds the app from the config that the
parent puts in :data:`CONFIG_ENV` (uvicorn's ``factory=True`` calls :func:`app_from_environment`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict

from acumat import RuleSet, default_rules, load_rules
from acumat.service.app import create_app
from acumat.service.settings import ServiceSettings

CONFIG_ENV = "ACUMAT_SERVE_CONFIG"


class ServeConfig(BaseModel):
    """The rule set to serve (default rules of a duration reading, plus an optional pack file)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pack: Path | None = None
    duration: Literal["U4", "U5"] = "U4"
    settings: ServiceSettings = ServiceSettings()

    def rules(self) -> RuleSet:
        """The rule set this config names; RuleFileError for a bad pack."""
        rs = default_rules(self.duration)
        return rs if self.pack is None else rs.with_pack(load_rules(self.pack))

    def app(self) -> FastAPI:
        """The app for this config."""
        return create_app(self.rules(), settings=self.settings)


def app_from_environment() -> FastAPI:
    """The app for the config in the environment variable :data:`CONFIG_ENV` (uvicorn factory)."""
    raw = os.environ.get(CONFIG_ENV)
    config = ServeConfig() if raw is None else ServeConfig.model_validate_json(raw)
    return config.app()
