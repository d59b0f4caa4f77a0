"""The questionnaire page (``GET /``): static files shipped in the package, no build step, no CDN."""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import APIRouter
from starlette.responses import Response

from acumat.service.problems import ProblemError

router = APIRouter(include_in_schema=False)

_TYPES = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
          "style.css": "text/css; charset=utf-8", "icon.svg": "image/svg+xml"}
# Only this origin's own files and API: nothing from elsewhere can load or run.
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@cache
def _asset(name: str) -> bytes:
    return resources.files("acumat.service").joinpath("static", name).read_bytes()


def _serve(name: str) -> Response:
    return Response(_asset(name), media_type=_TYPES[name],
                    headers={"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "no-cache"})


@router.get("/")
async def index() -> Response:
    """The questionnaire page."""
    return _serve("index.html")


@router.get("/static/{name}")
async def static(name: str) -> Response:
    """The page's script, style sheet and icon."""
    if name not in _TYPES or name == "index.html":
        raise ProblemError(404, f"No file {name!r}.")
    return _serve(name)
