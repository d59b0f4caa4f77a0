"""Settings of ``acumat serve``: passed to :func:`acumat.service.create_app`, never read from globals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: The CDS Hooks service id under ``/cds-services/``.
CDS_SERVICE_ID = "acumat-mat-screen"


class ServiceSettings(BaseModel):
    """How the service behaves; every field has a safe default for a loopback server."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_body_bytes: Annotated[int, Field(ge=1024, le=64 * 1024 * 1024)] = Field(
        256 * 1024, description="Largest request body accepted; larger bodies get 413.")
    feedback_log: Path | None = Field(
        None, description="JSON Lines file that CDS Hooks feedback is appended to (None: not kept).")
    cds_jwks: Path | None = Field(
        None, description="JWK Set file of the CDS clients' public keys; when set, every CDS Hooks "
                          "request must carry a JWT signed by one of them.")
    cds_issuers: tuple[str, ...] = Field(
        (), description="The JWT issuers (`iss`) accepted; required with cds_jwks.")
    cds_base_url: str | None = Field(
        None, description="The service's public base URL, which a JWT's `aud` must name "
                          "(default: the URL the request arrived at).")
    public_url: str | None = Field(
        None, description="Base URL used in card links to the questionnaire page (default: none).")
