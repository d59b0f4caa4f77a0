"""``python -m acumat``: the command line (needs the ``cli`` extra)."""

from __future__ import annotations

import sys

try:
    from acumat.cli import main
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    sys.exit(f"acumat's command line needs the 'cli' extra: pip install 'acumat[cli]' ({exc})")

main()
