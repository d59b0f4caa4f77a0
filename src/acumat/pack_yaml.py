"""YAML rule packs: data built from the parser's event stream, strictly (see :mod:`acumat.pack_files`).

No anchors or aliases, no tags but ``!!str``, no duplicate keys, text keys only, and
plain scalars read by the YAML 1.2 core schema unless YAML 1.1 reads them differently,
which is an error. Building from events (not PyYAML's composer and constructor) is
what makes libyaml fast here: the node graph and its Python-level resolver calls are
skipped, and the checks cost one pass.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NoReturn

from acumat.pack_files import MAX_DEPTH, MAX_INT_DIGITS, PackFileError

_STR_TAG = "tag:yaml.org,2002:str"
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_11 = frozenset({"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"})
_WORDS = _NULL | _BOOL.keys() | _BOOL_11
# Plain scalars starting with none of these are text, booleans or null in YAML 1.1 and 1.2.
_NUMERIC_FIRST = frozenset("-+0123456789.<~=")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?")
_SPECIAL_FLOAT = {".inf": "inf", ".Inf": "inf", ".INF": "inf", "+.inf": "inf", "+.Inf": "inf",
                  "+.INF": "inf", "-.inf": "-inf", "-.Inf": "-inf", "-.INF": "-inf",
                  ".nan": "nan", ".NaN": "nan", ".NAN": "nan"}
# What else YAML 1.2's core schema reads as a number.
_INT_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FLOAT_12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


@functools.cache
def _pyyaml() -> tuple[Any, Any]:
    """PyYAML's fastest parser class (libyaml's when built with it) and a YAML 1.1 resolver."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.resolver.Resolver()


def _where(event: Any) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "?"


def _fail(event: Any, message: str) -> NoReturn:
    raise PackFileError(f"{_where(event)}: {message}")


def _scalar(event: Any) -> Any:
    """The value of one scalar: text unless plain and read alike by YAML 1.1 and 1.2."""
    value: str = event.value
    if event.anchor is not None:
        _refuse_anchor(event)
    if event.tag not in (None, "!"):
        if event.tag == _STR_TAG:
            return value
        _refuse_tag(event)
    if not event.implicit[0]:  # quoted or block scalar: always text
        if event.style == '"' and _SURROGATE.search(value):
            # libyaml refuses such escapes; the pure parser would keep lone surrogates.
            _fail(event, "a \\u escape in the range d800-dfff is not a character")
        return value
    if value in _NULL:
        return None
    if value[0] not in _NUMERIC_FIRST:
        if value in _BOOL:
            return _BOOL[value]
        if value in _BOOL_11:
            _fail(event, f"{value} is read as {_reading_11(value)} by YAML 1.1 and as text by "
                  f"YAML 1.2; write true or false for a yes/no answer, or put it in quotes if "
                  f"it is text (\"{value}\")")
        return value
    if _DECIMAL.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_INT_DIGITS:
            _fail(event, f"an integer has more than {MAX_INT_DIGITS} digits")
        return int(value)
    if _HEX.fullmatch(value):
        if len(value) > MAX_INT_DIGITS + 2:
            _fail(event, f"an integer has more than {MAX_INT_DIGITS} digits")
        return int(value, 16)
    if _FLOAT.fullmatch(value):
        return float(value)
    if value in _SPECIAL_FLOAT:
        return float(_SPECIAL_FLOAT[value])
    reading_11 = _reading_11(value)
    reading_12 = "a number" if _INT_12.fullmatch(value) or _FLOAT_12.fullmatch(value) else "text"
    if reading_11 is None and reading_12 == "text":
        return value
    _fail(event, f"{value} is read as {reading_11 or 'text'} by YAML 1.1 and as {reading_12} "
          f"by YAML 1.2; put it in quotes if it is text, or write it so that both read it "
          f"alike (true/false, a number without leading zeros or separators)")


def _reading_11(value: str) -> str | None:
    # How YAML 1.1 (PyYAML's resolver) reads a plain scalar, when not as text.
    if value in _BOOL_11:
        return "true" if value.lower() in ("yes", "on") else "false"
    import yaml

    tag = _pyyaml()[1].resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR_TAG:
        return None
    if tag.endswith((":int", ":float")):
        try:
            number = yaml.safe_load(value)
        except (yaml.YAMLError, ValueError):
            return "a number"
        if isinstance(number, int | float) and not isinstance(number, bool) and \
                len(str(number)) <= 3 * MAX_INT_DIGITS:
            return f"the number {number}"
        return "a number"
    if tag.endswith(":timestamp"):
        return "a date"
    if tag.endswith(":merge"):
        return "a merge key"
    return "a value other than text"


def load_yaml(text: str) -> Any:
    """The data of the one YAML document in ``text``; :class:`PackFileError` says where and why."""
    import yaml

    loader = _pyyaml()[0](text)
    try:
        return _build(loader)
    except yaml.YAMLError as exc:
        raise PackFileError(f"cannot parse the file: {' '.join(str(exc).split())}") from None
    finally:
        loader.dispose()


_LIST = object()  # the "key" of an open list
_NO_KEY = object()  # an open mapping waiting for its next key


def _build(loader: Any) -> Any:
    """The data of the one document in ``loader``'s event stream, built without recursion."""
    from yaml import events as ev

    get = loader.get_event
    stack: list[Any] = []  # the open lists and mappings, innermost last
    keys: list[Any] = []  # per open one: _LIST, _NO_KEY or the key waiting for its value
    result: Any = None
    documents = 0
    scalar, map_start, seq_start = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    map_end, seq_end, stream_end = ev.MappingEndEvent, ev.SequenceEndEvent, ev.StreamEndEvent
    words, numeric_first = _WORDS, _NUMERIC_FIRST
    while True:
        event = get()
        kind = type(event)
        if kind is scalar:
            value = event.value
            if event.anchor is not None or event.tag is not None or not value \
                    or (value[0] in numeric_first or value in words if event.implicit[0]
                        else event.style == '"'):
                value = _scalar(event)  # the uncommon cases: anything but plain or quoted text
        elif kind is map_start or kind is seq_start:
            if event.anchor is not None:
                _refuse_anchor(event)
            if event.tag not in (None, "!") and not event.implicit:
                _refuse_tag(event)
            if len(stack) >= MAX_DEPTH:
                _fail(event, f"lists and mappings are nested more than {MAX_DEPTH} deep")
            if kind is map_start:
                stack.append({})
                keys.append(_NO_KEY)
            else:
                stack.append([])
                keys.append(_LIST)
            continue
        elif kind is map_end or kind is seq_end:
            value = stack.pop()
            keys.pop()
        elif kind is stream_end:
            return result
        elif kind is ev.AliasEvent:
            _refuse_anchor(event)
        else:
            if kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    _fail(event, "a rule pack file holds one YAML document, not several")
            continue  # stream start, document start and end
        if not stack:
            result = value
            continue
        key = keys[-1]
        if key is _LIST:
            stack[-1].append(value)
        elif key is _NO_KEY:
            if not isinstance(value, str):
                _fail(event, f"a mapping key must be text, not {_kind(value)}")
            if value in stack[-1]:
                _fail(event, f"the key {value!r} appears more than once in one mapping")
            keys[-1] = value
        else:
            stack[-1][key] = value
            keys[-1] = _NO_KEY


def _kind(value: Any) -> str:
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    return "nothing (null)" if value is None else f"{type(value).__name__} {value!r}"


def _refuse_tag(event: Any) -> NoReturn:
    tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    _fail(event, f"YAML tags ({tag}) are not allowed in rule packs")


def _refuse_anchor(event: Any) -> NoReturn:
    _fail(event, "YAML anchors (&name) and aliases (*name) are not allowed in rule packs; "
          "write the repeated part out in full")

