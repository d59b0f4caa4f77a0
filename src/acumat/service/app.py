"""The app factory: ``create_app(rules=...)`` builds the ASGI app for the given rule set and settings."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from acumat import RuleSet, __version__, default_rules, questionnaire
from acumat.service import api, cds_hooks, page, problems
from acumat.service.limits import BodyLimit
from acumat.service.schemas import openapi_components
from acumat.service.settings import ServiceSettings
from acumat.service.state import ServiceState

_DESCRIPTION = (
    "Source-cited advice on acupressure mats for back pain, from acumat's rules. "
    "This is not medical advice: see a doctor about back pain that is severe, lasting or unexplained.\n\n"
    "Errors are RFC 9457 problem details (`application/problem+json`)."
)


def create_app(rules: RuleSet | None = None, *, settings: ServiceSettings | None = None) -> FastAPI:
    """The ASGI app serving ``rules`` (default: :func:`acumat.default_rules`) with ``settings``.

    Each call builds an independent app; nothing is shared between apps or kept in globals.
    """
    rs = default_rules() if rules is None else rules
    if not isinstance(rs, RuleSet):
        raise TypeError(f"rules must be a RuleSet, not {type(rs).__name__}")
    cfg = ServiceSettings() if settings is None else settings
    if cfg.cds_jwks is not None and not cfg.cds_issuers:
        raise ValueError("cds_issuers must name the accepted JWT issuers when cds_jwks is set")
    app = FastAPI(title="acumat", version=__version__, description=_DESCRIPTION,
                  docs_url="/docs", redoc_url=None)
    app.state.acumat = ServiceState(rules=rs, settings=cfg, questions=tuple(questionnaire(rs)))
    if cfg.cds_jwks is not None:
        from acumat.service.cds_auth import JwtVerifier

        app.state.cds_verifier = JwtVerifier.from_file(cfg.cds_jwks, issuers=cfg.cds_issuers)
    else:
        app.state.cds_verifier = None
    problems.install(app)
    app.include_router(api.router)
    app.include_router(cds_hooks.router)
    app.include_router(page.router)
    app.add_middleware(BodyLimit, limit=cfg.max_body_bytes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description,
                              routes=app.routes)
            doc.setdefault("components", {}).setdefault("schemas", {}).update(openapi_components())
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
