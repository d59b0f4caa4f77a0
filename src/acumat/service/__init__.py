"""``acumat serve``: a JSON API, a CDS Hooks service and a questionnaire page (the ``serve`` extra).

>>> from acumat.service import create_app
>>> app = create_app()          # an ASGI app for uvicorn or any ASGI server

Routes translate HTTP to library calls and hold no advice logic.
"""

from __future__ import annotations

from acumat.service.app import create_app
from acumat.service.settings import CDS_SERVICE_ID, ServiceSettings

__all__ = ["CDS_SERVICE_ID", "ServiceSettings", "create_app"]
