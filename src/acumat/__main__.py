"""``python -m acumat``: the command line (needs the ``cli`` extra)."""

from __future__ import annotations

from acumat.cli_entry import main

main()
