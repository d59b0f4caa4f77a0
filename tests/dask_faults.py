"""A Dask worker plugin that kills its worker process whenever a screening task starts (fault injection)."""

from __future__ import annotations

import os
from typing import Any

from distributed import WorkerPlugin


class KillOnScreen(WorkerPlugin):
    """Ends the worker process abruptly as a ``screen_partition`` task begins executing."""

    name = "acumat-kill-on-screen"

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        """Called by the worker on every task state change."""
        if finish == "executing" and "screen_partition" in str(key):
            os._exit(1)
