"""Writes :mod:`acumat.medications._tables`, the matcher's lookup tables, from the catalogue.

Building the tables reads every catalogue name (:func:`~acumat.medications.text.read`,
with ``anyascii`` for the accented and Cyrillic names), which made up most of the cost of
importing acumat's own modules; the tables are data, so they are computed once and
committed. After changing the catalogue, how names are read or how the tables are built,
regenerate them::

    python -m acumat.medications.generate          # --check: exit 1 if they are stale

Until then the matcher builds them at import, as before (it compares the digest of the
sources recorded in the module with the sources' own), and
``tests/test_medications_tables.py`` fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

from acumat.medications.match import MIN_FUZZY_LEN, build_tables, source_digest

#: Where the generated module goes.
TARGET = Path(__file__).with_name("_tables.py")


def render() -> str:
    """The source text of :mod:`acumat.medications._tables` for the current catalogue."""
    entries, exact, skel, close, blocked = build_tables(MIN_FUZZY_LEN)
    out = [
        '"""The medication matcher\'s lookup tables (generated: do not edit).',
        "",
        "Written by ``python -m acumat.medications.generate`` from",
        ":mod:`acumat.medications.catalogue`; :mod:`acumat.medications.match` loads them.",
        '"""',
        "",
        "#: The digest of the sources these tables were computed from (see match.source_digest)",
        f"SOURCES = {source_digest()!r}",
        "",
        "#: (catalogue name, index of its drug in CATALOGUE, has several words)",
        "NAMES: tuple[tuple[str, int, bool], ...] = (",
        *(f"    ({name!r}, {index}, {multi}),  # {i}" for i, (name, index, multi) in enumerate(entries)),
        ")",
    ]
    for title, what, table in (("EXACT", "read words joined", exact),
                               ("SKELETON", "spelling skeleton of a one-word name", skel),
                               ("FUZZY", "name compared with misspellings", close)):
        out += ["", f"#: {what} -> index into NAMES", f"{title}: dict[str, int] = {{",
                *(f"    {key!r}: {entry}," for key, entry in table.items()), "}"]
    out += ["", "#: Read words of names that are not blood thinners (set aside before matching)",
            "BLOCKED: frozenset[str] = frozenset({", *(f"    {key!r}," for key in sorted(blocked)), "})", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Write the tables; with ``--check``, exit 1 (writing nothing) when they are stale."""
    args = sys.argv[1:] if argv is None else argv
    text = render()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if "--check" in args:
        if current != text:
            print(f"{TARGET} is stale: run python -m acumat.medications.generate", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
