"""The durable-rules adapter: the only module that talks to the rule engine.

It drives durable-rules' C module directly (the stock ``Host`` starts timer
threads, shares a global registry and swallows errors). Per rule set: conditions
are expanded to conjunctions, packed into durable rulesets of at most
``MAX_TESTS`` tests each, created once, and each keeps one long-lived state. An
evaluation asserts one fact per ruleset, collects every rule that fired, and
always retracts the fact again, under a lock, so evaluations are isolated and
thread-safe.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from acumat.errors import EngineError
from acumat.rules.model import Condition, Test, to_dnf

#: The C functions acumat calls; a durable-rules without one of them is refused at import.
_NEEDED = ("create_ruleset", "assert_fact", "start_action_for_state", "complete_and_start_action",
           "retract_fact", "error")


def _load() -> Any:
    """Import durable-rules' C module, with lazy symbol binding where it is needed.

    durable-rules 2.0.28 references ``PyEval_CallObject``, which Python 3.13 removed,
    in callback code acumat never calls. With the default eager binding the import
    fails on 3.13; with ``RTLD_LAZY`` the symbol is only looked up if that code ran,
    which it never does here. The flags are restored at once, whatever happens.
    """
    try:
        import durable_rules_engine
    except ImportError as exc:
        if "undefined symbol" not in str(exc):
            raise _unavailable(str(exc)) from None
        flags = sys.getdlopenflags()
        sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
        try:
            import durable_rules_engine
        except ImportError as again:
            raise _unavailable(str(again)) from None
        finally:
            sys.setdlopenflags(flags)
    missing = [name for name in _NEEDED if not hasattr(durable_rules_engine, name)]
    if missing:
        raise _unavailable(f"its C module has no {', '.join(missing)}")
    return durable_rules_engine


def _unavailable(reason: str) -> ImportError:
    v = sys.version_info
    return ImportError(
        f"acumat cannot use durable-rules on Python {v.major}.{v.minor}: {reason}. acumat is "
        "tested with durable-rules 2.0.28 on Python 3.11 to 3.13; reinstall it with "
        "'pip install --force-reinstall durable-rules==2.0.28' (it builds from source and needs "
        "a C compiler and the Python headers)."
    )


_dre = _load()

#: Most leaf tests packed into one durable ruleset (the engine fails past 64 at once).
MAX_TESTS = 60
#: Most properties in one asserted fact (the engine fails at 255).
MAX_FIELDS = 200

_GUARD_KEY = "kind"
_GUARD = "acumat"
_SENTINEL = "sentinel"
_SID = "0"
_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_names = itertools.count()


def _enc(value: str | int) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Encoder(dict[object, str]):
    """JSON text of fact values, memoised: facts reuse a small vocabulary."""

    def __missing__(self, value: object) -> str:
        if type(value) is int:
            text = str(value)
        elif type(value) is str:
            text = _enc(value)
        else:
            raise EngineError(f"fact values are str or int, not {type(value).__name__}")
        if len(self) < 4096:
            self[value] = text
        return text


def _test_json(t: Test) -> dict[str, object]:
    if t.op == "eq":
        return {t.fact: t.value}
    return {_OPS[t.op]: {t.fact: t.value}}


@dataclass(frozen=True, slots=True)
class _Chunk:
    handle: int
    names: Mapping[str, int]  # durable rule name -> index of the acumat rule
    fields: tuple[str, ...]  # fact fields this ruleset's rules read
    prefix: str  # '{"sid":"0","kind":"acumat","id":"'
    template: str  # '","a":%s,"b":%s}' : the fields after the id
    text: str  # the ruleset's JSON, to build a fresh copy after a failure

    def fresh(self) -> _Chunk:
        """A new durable ruleset with the same rules (the old one is abandoned)."""
        return _Chunk(_create(self.text), self.names, self.fields, self.prefix, self.template,
                      self.text)


class Engine:
    """Evaluates a fixed list of conditions against facts through durable-rules.

    ``fired(fact)`` returns the indexes (in definition order) of the conditions
    that hold. Build it once per rule set and reuse it: construction compiles
    the rules; an evaluation costs a few C calls.
    """

    def __init__(self, conditions: Sequence[Condition]) -> None:
        groups: list[tuple[int, list[tuple[Test, ...]]]] = []
        #: Conditions with no test at all (``ALWAYS``) hold for every fact. They are
        #: answered without a round trip through the engine, which would return them
        #: for every fact anyway; every condition with a test goes through durable-rules.
        self.constant: frozenset[int] = frozenset(
            i for i, cond in enumerate(conditions) if () in to_dnf(cond))
        for i, cond in enumerate(conditions):
            if i not in self.constant:
                groups.append((i, to_dnf(cond)))
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._enc = _Encoder()
        self._chunks: list[_Chunk] = []
        #: Chunks whose ruleset failed: replaced by a fresh one before their next use.
        self._stale: set[int] = set()
        self.size = len(conditions)
        batch: list[tuple[int, list[tuple[Test, ...]]]] = []
        tests = 0
        fields: set[str] = set()
        for idx, conjs in groups:
            n = sum(len(c) for c in conjs) or 1
            f = {t.fact for c in conjs for t in c}
            if batch and (tests + n > MAX_TESTS or len(fields | f) > MAX_FIELDS):
                self._chunks.append(self._make_chunk(batch))
                batch, tests, fields = [], 0, set()
            batch.append((idx, conjs))
            tests += n
            fields |= f
        if batch or not self._chunks:
            # Even an engine of constant conditions asserts the fact (sentinel only), so a
            # broken engine is noticed the same way.
            self._chunks.append(self._make_chunk(batch))

    @staticmethod
    def _make_chunk(batch: list[tuple[int, list[tuple[Test, ...]]]]) -> _Chunk:
        rules: dict[str, object] = {}
        names: dict[str, int] = {}
        fields: set[str] = set()
        for idx, conjs in batch:
            for k, conj in enumerate(conjs):
                name = f"r{idx}_{k}"
                parts = [{_GUARD_KEY: _GUARD}, *(_test_json(t) for t in conj)]
                rules[name] = {"all": [{"m": {"$and": parts}}]}
                names[name] = idx
                fields.update(t.fact for t in conj)
        # The sentinel fires for every fact and is defined last, and durable-rules
        # returns a fact's actions in definition order: if it does not come back
        # last, the engine's answer is missing or cut short (e.g. a blocked state),
        # and the evaluation fails instead of reading "no rule applies".
        rules[_SENTINEL] = {"all": [{"m": {_GUARD_KEY: _GUARD}}]}
        names[_SENTINEL] = -1
        text = json.dumps(rules, ensure_ascii=False)
        prefix = '{"sid":"%s","%s":"%s","id":"' % (_SID, _GUARD_KEY, _GUARD)  # noqa: UP031
        ordered = tuple(sorted(fields))
        template = '"' + "".join(f',"{k}":%s' for k in ordered) + "}"
        return _Chunk(_create(text), names, ordered, prefix, template, text)

    @property
    def rulesets(self) -> int:
        """How many durable rulesets the conditions were split into."""
        return len(self._chunks)

    def encode(self, fact: Mapping[str, str | int]) -> list[str]:
        """The JSON body (after the id) asserted into each ruleset for ``fact``."""
        enc = self._enc
        return [ch.template % tuple([enc[fact[k]] for k in ch.fields]) for ch in self._chunks]

    def fired(self, fact: Mapping[str, str | int]) -> list[int]:
        """Indexes of the conditions that hold for ``fact``, ascending, each once.

        Raises :class:`EngineError` if durable-rules fails; the failed ruleset is
        replaced by a fresh one before the next call uses it, so that call starts clean.
        """
        try:
            bodies = self.encode(fact)
        except KeyError as exc:
            raise EngineError(f"fact has no value for {exc.args[0]!r}") from None
        hits: set[int] = set()
        with self._lock:
            for i, body in enumerate(bodies):
                if i in self._stale:
                    # Replace a failed ruleset before its next use; if that fails
                    # too, refuse to answer (EngineError) and try again next call.
                    self._chunks[i] = self._chunks[i].fresh()
                    self._stale.discard(i)
                try:
                    hits.update(_evaluate(self._chunks[i], str(next(self._ids)), body))
                except _Unclean as exc:
                    self._stale.add(i)
                    raise EngineError(str(exc)) from exc.__cause__
        hits.discard(-1)
        hits.update(self.constant)
        return sorted(hits)


class _Unclean(Exception):  # noqa: N818 - internal signal, never escapes this module
    """An evaluation failed and may have left the state unusable."""


def _create(text: str) -> int:
    try:
        return int(_dre.create_ruleset(f"acumat{next(_names)}", text))
    except _dre.error as exc:
        raise EngineError(f"durable-rules rejected a ruleset: {exc}") from exc


def _evaluate(ch: _Chunk, fid: str, body: str) -> list[int]:
    h = ch.handle
    found: list[int] = []
    asserted = started = False
    offset = 0
    try:
        code, offset = _dre.assert_fact(h, ch.prefix + fid + body)
        asserted = code != 1
        if code != 0:
            raise _Unclean(f"durable-rules did not match the fact (code {code})")
        res = _dre.start_action_for_state(h, offset)
        started = res is not None
        msg: str | None = res[1] if res else None
        while msg is not None:
            found.append(ch.names[msg[2 : msg.index('"', 2)]])
            msg = _dre.complete_and_start_action(h, offset)
        started = False
        if not found or found[-1] != -1:
            raise _Unclean("durable-rules returned no complete result for the fact")
    except _Unclean:
        _cleanup(h, offset, fid, started, asserted)
        raise
    except Exception as exc:
        _cleanup(h, offset, fid, started, asserted)
        raise _Unclean(f"durable-rules failed during an evaluation: {exc}") from exc
    try:
        _dre.retract_fact(h, '{"sid":"%s","id":"%s"}' % (_SID, fid))  # noqa: UP031
    except Exception as exc:
        # The fact may still be in the state: the ruleset is replaced, never reused.
        raise _Unclean(f"durable-rules failed to retract a fact: {exc}") from exc
    return found


def _cleanup(handle: int, offset: int, fid: str, started: bool, asserted: bool) -> None:
    # Retracting while an action is still started has crashed the engine later, so
    # retract only after a complete drain; otherwise the ruleset is abandoned.
    if started and not _drain(handle, offset):
        return
    if asserted:
        with contextlib.suppress(Exception):
            _dre.retract_fact(handle, '{"sid":"%s","id":"%s"}' % (_SID, fid))  # noqa: UP031


def _drain(handle: int, offset: int) -> bool:
    """Finish every pending action; False if that failed."""
    for _ in range(100_000):
        try:
            if _dre.complete_and_start_action(handle, offset) is None:
                return True
        except Exception:
            return False
    return False
