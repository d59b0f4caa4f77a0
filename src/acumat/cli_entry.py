"""The ``acumat`` console script: runs :mod:`acumat.cli`, or says which extra it needs.

The command line needs the ``cli`` extra (typer, rich). This module imports nothing
from it at the top, so that without the extra the command prints one line saying
what to install instead of a traceback. A one-profile ``acumat recommend FILE`` runs
without importing typer at all (:mod:`acumat.cli_fast`), with the same output.
"""

from __future__ import annotations

import importlib.util
import sys

#: The packages of the ``cli`` extra, by import name.
CLI_PACKAGES = ("typer", "rich")


def missing_cli_packages() -> list[str]:
    """The import names of the ``cli`` extra's packages that are not installed."""
    return [name for name in CLI_PACKAGES if importlib.util.find_spec(name) is None]


def main() -> None:
    """Run the command line; exit 1 with a one-line message when the ``cli`` extra is missing."""
    missing = missing_cli_packages()
    if missing:
        sys.exit(f"acumat: the command line needs the 'cli' extra ({', '.join(missing)} not installed): "
                 "pip install 'acumat[cli]'")
    from acumat.cli_fast import run

    code = run(sys.argv[1:])  # `acumat recommend FILE` without typer (same output)
    if code is not None:
        sys.exit(code)
    from acumat.cli import main as cli_main

    cli_main()
