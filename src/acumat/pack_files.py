"""Reading rule-pack files safely: regular files only, bounded reads, strict parsers.

A pack file is untrusted input, so reading it must take bounded time and memory
and must never read a value other than the one written:

* Only a regular file is read (checked with ``fstat`` on the opened descriptor,
  opened non-blocking so that a FIFO cannot hang the call), and at most the size
  limit plus one byte of it: a symlink to ``/dev/zero`` or a growing file cannot
  exhaust memory.
* A key that appears twice in one mapping (YAML or JSON) is an error; parsers
  otherwise keep the last one silently (``level: avoid`` then ``level: caution``).
  TOML forbids duplicate keys itself.
* Nesting deeper than :data:`MAX_DEPTH` and integers longer than :data:`MAX_INT_DIGITS`
  digits are errors, in every format.
* YAML anchors and aliases are refused: an alias lets a few hundred bytes expand to
  millions of nodes ("billion laughs"), and a pack never needs one.
* YAML plain scalars are read by the YAML 1.2 core schema, except that a value
  YAML 1.1 reads differently is refused with a message saying how to write it:
  ``010`` (8 in 1.1, 10 in 1.2), ``0o12``, ``1:30`` (90 in 1.1, text in 1.2),
  ``1_000``, ``yes``/``no``/``on``/``off`` (booleans in 1.1, text in 1.2), bare
  dates, ``<<`` merge keys. Why refuse rather than pick one reading: a pack
  author may have checked the file with a 1.1 tool (PyYAML, which acumat used
  before) or a 1.2 one, and for health rules a silent change of meaning is worse
  than an error that asks for quotes. Everything both versions read alike (``7``,
  ``0x0A``, ``true``, ``null``, ``2.5``, plain words) loads as before.
* Explicit tags other than ``!!str`` are refused (no ``!!python/...``, no ``!!binary``).

YAML is parsed with libyaml's C parser when PyYAML has it (``yaml.CSafeLoader``),
otherwise with the pure-Python one; :mod:`acumat.pack_yaml` builds the data from the
parser's event stream itself, so both give the same data and the same errors.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, NoReturn

#: Deepest nesting of lists and mappings accepted in a pack file.
MAX_DEPTH = 64
#: Most digits accepted in one integer of a pack file.
MAX_INT_DIGITS = 20

SUFFIXES = (".yaml", ".yml", ".toml", ".json")

_CHUNK = 1 << 20


class PackFileError(ValueError):
    """A pack file cannot be read or parsed; the message says why (``load_rules`` adds the file)."""


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, if it holds at most ``max_bytes`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise PackFileError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise PackFileError(f"cannot read the file: it is {kind}; a rule pack must be a regular file")
        if info.st_size > max_bytes:
            raise _too_large(max_bytes)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:  # st_size can be 0 (procfs) or stale: bound the read itself
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _too_large(max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        raise PackFileError(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(max_bytes: int) -> PackFileError:
    return PackFileError(f"the file is larger than the limit of {max_bytes} bytes "
                         "(raise it with load_rules(..., max_bytes=N))")


def parse(raw: bytes, suffix: str) -> Any:
    """The data of a pack file's bytes, by its suffix (``.yaml``, ``.yml``, ``.toml``, ``.json``)."""
    if suffix not in SUFFIXES:
        raise PackFileError("rule files end in .yaml, .yml, .toml or .json")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PackFileError("the file is not UTF-8 text") from None
    text = text.removeprefix("\ufeff")
    import tomllib  # here: importing acumat should not pay for parsers it may never use

    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text, object_pairs_hook=_json_object, parse_int=_int,
                              parse_constant=_no_constant)
        else:
            from acumat.pack_yaml import load_yaml  # here: PyYAML only when a YAML pack is read

            return load_yaml(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        if isinstance(exc, PackFileError):
            raise
        raise PackFileError(f"cannot parse the file: {exc}") from None
    _check_shape(data)
    return data


# --- JSON and TOML ------------------------------------------------------------------------

def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise PackFileError(f"the key {key!r} appears more than once in one object")
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise PackFileError(f"an integer has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _no_constant(name: str) -> NoReturn:
    raise PackFileError(f"{name} is not a number a rule can use")


def _check_shape(data: Any) -> None:
    # Depth and integer size of already-parsed JSON/TOML data, without recursion.
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise PackFileError(f"lists and mappings are nested more than {MAX_DEPTH} deep")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list | int))
        elif isinstance(item, int) and not isinstance(item, bool) and \
                abs(item) >= 10 ** MAX_INT_DIGITS:
            raise PackFileError(f"an integer has more than {MAX_INT_DIGITS} digits")
