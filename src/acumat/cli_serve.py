"""``acumat serve``: run the JSON API, the CDS Hooks service and the questionnaire page.

Needs the ``serve`` extra (``pip install 'acumat[serve]'``). Registered on the command line
by one line in :mod:`acumat.cli`; imports nothing of the service until the command runs.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated

import typer


class ServeDuration(enum.StrEnum):
    """The reading of the source's conflicting duration advice."""

    U4 = "U4"
    U5 = "U5"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    rules: Annotated[Path | None, typer.Option(
        "--rules", metavar="PACK_FILE", dir_okay=False,
        help="A custom rule pack (YAML, TOML or JSON) added to the default rules.")] = None,
    duration: Annotated[ServeDuration, typer.Option(
        "--duration", help="Duration reading: U4 (5–10 min building to 20–30) or U5 (10–15 building to 30–40).")
    ] = ServeDuration.U4,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=64, help="Worker processes (a dead worker is restarted).")] = 1,
    max_body: Annotated[int, typer.Option(
        "--max-body-bytes", min=1024, help="Largest request body accepted (larger: 413).")] = 256 * 1024,
    feedback_log: Annotated[Path | None, typer.Option(
        "--feedback-log", metavar="FILE", dir_okay=False,
        help="Append CDS Hooks feedback to this JSON Lines file (default: not kept).")] = None,
    cds_jwks: Annotated[Path | None, typer.Option(
        "--cds-jwks", metavar="FILE", dir_okay=False, exists=True,
        help="JWK Set of trusted CDS clients: CDS Hooks requests must then carry a JWT signed by one.")
    ] = None,
    cds_issuer: Annotated[list[str] | None, typer.Option(
        "--cds-issuer", metavar="ISS", help="An accepted JWT issuer (repeat for more); needed with --cds-jwks.")
    ] = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL",
        help="The public base URL: what a JWT's aud must name, and where card links point.")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn's log level.")] = "info",
) -> None:
    """Serve the JSON API (/v1/...), CDS Hooks (/cds-services) and the questionnaire page (/)."""
    try:
        import uvicorn

        from acumat.service.nodelay import PROTOCOL
        from acumat.service.server import CONFIG_ENV, ServeConfig
        from acumat.service.settings import ServiceSettings
    except ImportError as exc:
        raise _fail(f"'acumat serve' needs the serve extra: pip install 'acumat[serve]' ({exc})") from None
    from pydantic import ValidationError

    from acumat.errors import AcumatError

    if cds_jwks is not None and not cds_issuer:
        raise typer.BadParameter("name the accepted issuers with --cds-issuer", param_hint="--cds-jwks")
    try:
        settings = ServiceSettings(max_body_bytes=max_body, feedback_log=feedback_log, cds_jwks=cds_jwks,
                                   cds_issuers=tuple(cds_issuer or ()), cds_base_url=base_url,
                                   public_url=base_url)
        config = ServeConfig(pack=rules, duration=duration.value, settings=settings)
        app = config.app()  # fails here, before listening, on a bad pack or JWK Set
    except ValidationError as exc:
        raise _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                              for e in exc.errors(include_url=False))) from None
    except (AcumatError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from None
    common = {"host": host, "port": port, "log_level": log_level, "timeout_graceful_shutdown": 5,
              "server_header": False, "http": PROTOCOL}
    if workers == 1:
        uvicorn.run(app, **common)  # type: ignore[arg-type]
        return
    os.environ[CONFIG_ENV] = config.model_dump_json()
    uvicorn.run("acumat.service.server:app_from_environment", factory=True, workers=workers,
                **common)  # type: ignore[arg-type]
