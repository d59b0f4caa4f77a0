"""The command blocks of README.md, for tests/test_readme.py, tests/test_install.py and .ci/run.

A block is a fenced ```sh block. The line just before its fence may mark it:

- ``<!-- readme: server -->``: a long-running command (a server); the README test
  starts it, waits until it answers, then stops it.
- ``<!-- readme: install -->``: it creates ``.venv`` or installs acumat; the README
  test does not run it (it would reinstall into the test's own environment).
  Instead ``.ci/run`` runs the Quick start ones as written (they are CI's own
  install and test commands) and tests/test_install.py runs the Install ones.

Run as a script, it prints the code of the blocks of one section with one marker,
each followed by a NUL byte (``.ci/run`` reads them that way)::

    python3 tests/readme_blocks.py "Quick start" install
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_MARK = re.compile(r"^<!--\s*readme:\s*([a-z_-]+)\s*-->$")
MARKERS = frozenset({"server", "install"})


@dataclass(frozen=True)
class Block:
    """One ```sh block: its code, the section it is in, its marker and its first line number."""

    code: str
    section: str
    marker: str | None
    line: int

    @property
    def label(self) -> str:
        """A short test id: the section and line."""
        return f"{self.section}:{self.line}"


def sh_blocks(text: str | None = None) -> list[Block]:
    """Every ```sh block of README.md (or of ``text``), in order."""
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    out: list[Block] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        if line.strip() == "```sh":
            prev = next((lines[k].strip() for k in range(i - 1, -1, -1) if lines[k].strip()), "")
            found = _MARK.match(prev)
            marker = found.group(1) if found else None
            if marker is not None and marker not in MARKERS:
                raise ValueError(f"README.md line {i}: unknown marker {prev!r}")
            body: list[str] = []
            start = i + 2
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise ValueError(f"README.md line {start - 1}: the ```sh block is never closed")
            out.append(Block("\n".join(body) + "\n", section, marker, start))
        i += 1
    return out


def repo_files() -> list[str]:
    """The repository's files as a fresh checkout has them (tracked, plus new ones git would track).

    Outside a git checkout (``.ci/run`` tests a plain copy) every file but those .gitignore
    names (and ``.git``) is taken.
    """
    if (ROOT / ".git").exists():
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
        return [name for name in out.decode().split("\0") if name and (ROOT / name).is_file()]
    ignore = [".git", *(line.strip().rstrip("/") for line in
                        (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
                        if line.strip() and not line.startswith("#"))]
    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignore)

    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if not ignored(d))
        base = Path(folder).relative_to(ROOT)
        found += [(base / f).as_posix() for f in sorted(files) if not ignored(f)]
    return found


def copy_repo(dest: Path) -> Path:
    """Copy the repository's files (see :func:`repo_files`) to ``dest``; returns ``dest``."""
    for name in repo_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return dest


def main(argv: list[str]) -> int:
    """Print the blocks of section ``argv[0]`` marked ``argv[1]``, NUL-terminated; 1 if none."""
    section, marker = argv
    found = [b for b in sh_blocks() if b.section == section and b.marker == marker]
    for b in found:
        sys.stdout.write(b.code + "\0")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
