"""What one app instance serves: its rule set and settings, held on the app, not in globals."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from acumat import Question, RuleSet
from acumat.service.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceState:
    """The rule set an app answers with, its settings, and what is derived once from them."""

    rules: RuleSet
    settings: ServiceSettings
    questions: tuple[Question, ...] = field(default=())


def state_of(request: Request) -> ServiceState:
    """The state of the app that received ``request`` (a FastAPI dependency)."""
    st: ServiceState = request.app.state.acumat
    return st
