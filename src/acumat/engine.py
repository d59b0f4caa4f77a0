"""The durable-rules adapter: the only module that talks to the rule engine.

It drives durable-rules' C module directly (the stock ``Host`` starts timer
threads, shares a global registry and swallows errors). Per list of conditions:
they are expanded to conjunctions, packed into durable rulesets of at most
``MAX_TESTS`` tests each, created once, and each keeps one long-lived state. An
evaluation asserts one fact per ruleset, collects every rule that fired, and
always retracts the fact again, under a lock, so evaluations are isolated and
thread-safe.

Memory: durable-rules never frees a ruleset's state (``delete_state`` has crashed;
``delete_ruleset`` frees only the ruleset's own part), so rulesets are created as
rarely as possible: identical condition lists share one engine
(:func:`shared_engine`), a failed evaluation is cleaned up in place whenever that
is safe, and an engine replaces a broken ruleset at most :data:`MAX_REPLACEMENTS`
times. Two evaluators: with ``check=True`` (what :meth:`acumat.RuleSet.fire` uses at
every stage by default) an answer is also computed in pure Python, the reference
evaluator's semantics compiled by :mod:`acumat.compiled`, and must agree.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import operator
import os
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from acumat.compiled import compile_fired
from acumat.errors import EngineError
from acumat.reference import ReferenceEngine
from acumat.rules.model import Condition, Test, to_dnf

#: The C functions acumat calls; a durable-rules without one of them is refused at import.
_NEEDED = ("create_ruleset", "assert_fact", "start_action_for_state", "complete_and_start_action",
           "retract_fact", "get_facts", "delete_ruleset", "error")


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
#: Most times one engine replaces a durable ruleset it could not clean up in place. Each
#: replacement leaves the old ruleset's state behind (durable-rules cannot free it safely),
#: so past this the engine refuses to answer (:class:`EngineError`) instead of growing.
MAX_REPLACEMENTS = 32
#: Disagreements with the reference in a row after which a durable ruleset is rebuilt.
STRIKES = 5
#: Engines kept alive by the shared registry after the last rule set using them is gone.
MAX_SHARED = 32

_GUARD_KEY = "k"
_GUARD = "a"
_SENTINEL = "sentinel"
_SID = "0"
#: The offset of the one state (sid "0") in every durable ruleset: its first state node.
_STATE = 1
_MATCHED = (0, _STATE)  # assert_fact: the fact matched and is stored in that state
_PREFIX = '{"sid":"%s","%s":"%s","id":"' % (_SID, _GUARD_KEY, _GUARD)  # noqa: UP031
_RETRACT = '{"sid":"%s","id":"%%s"}' % _SID  # noqa: UP031
#: durable-rules' ERR_NODE_DELETED: completing when no action is started (nothing changes).
_NOTHING_STARTED = "error code: 307"
#: Fresh attempts at cleaning up a failed state before its ruleset is given up.
_SETTLE_ATTEMPTS = 5
_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_names = itertools.count()

Conj = tuple[Test, ...]


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


def _test_json(t: Test, name: str) -> dict[str, object]:
    # ``name``: the fact's short name inside durable-rules (see _Chunk).
    if t.op == "eq":
        return {name: t.value}
    return {_OPS[t.op]: {name: t.value}}


def values_getter(fields: tuple[str, ...]) -> Callable[[Mapping[str, str | int]], tuple[str | int, ...]]:
    """A function giving a fact's values of ``fields`` as a tuple (KeyError for a missing one)."""
    if len(fields) >= 2:
        return operator.itemgetter(*fields)
    if fields:
        only = fields[0]
        return lambda fact: (fact[only],)
    return lambda fact: ()


class _Chunk:
    """One durable ruleset with its single long-lived state, and what it needs to be rebuilt."""

    __slots__ = ("bound", "dead", "end", "fields", "handle", "members", "names", "ready",
                 "strikes", "suspect", "template", "text", "texts", "values")

    def __init__(self, batch: Sequence[tuple[int, Sequence[Conj]]]) -> None:
        rules: dict[str, object] = {}
        names: dict[str, int] = {}
        self.fields: tuple[str, ...] = tuple(sorted({t.fact for _, conjs in batch
                                                     for conj in conjs for t in conj}))
        # Inside durable-rules a fact is known by a short name ("f0", "f1", ...): it parses
        # the asserted fact and writes it back into every action, so long names cost time.
        short = {f: f"f{i}" for i, f in enumerate(self.fields)}
        # Every rule name has the same length here, so an action's rule is read by slicing
        # the name and its closing quote off the start of its message ('{"r004_01":...'):
        # keyed with the quote, a longer or cut-off name matches none.
        wi = len(str(max((i for i, _ in batch), default=0)))
        wk = len(str(max((len(c) for _, c in batch), default=1) - 1))
        for idx, conjs in batch:
            for k, conj in enumerate(conjs):
                name = f"r{idx:0{wi}d}_{k:0{wk}d}"
                parts = [{_GUARD_KEY: _GUARD}, *(_test_json(t, short[t.fact]) for t in conj)]
                rules[name] = {"all": [{"m": {"$and": parts}}]}
                names[name + '"'] = idx
        # The sentinel fires for every fact and is defined last, and durable-rules
        # returns a fact's actions in definition order: if it does not come back
        # last, the engine's answer is missing or cut short (e.g. a blocked state),
        # and the evaluation fails instead of reading "no rule applies".
        sentinel = _SENTINEL[0] * (wi + wk + 2)
        rules[sentinel] = {"all": [{"m": {_GUARD_KEY: _GUARD}}]}
        names[sentinel + '"'] = -1
        #: Where the rule name and its closing quote end in an action's message.
        self.end = 3 + len(sentinel)
        self.text = json.dumps(rules, ensure_ascii=False)
        #: Rule name with its closing quote -> the condition index (-1: the sentinel).
        self.names: Mapping[str, int] = names
        #: The condition indexes whose rules live here (the sentinel not included).
        self.members = frozenset(i for i, _ in batch)
        self.bound = range(len(names) + 1)  # each rule fires at most once, then None
        self.template = '"' + "".join(f',"{short[k]}":%s' for k in self.fields) + "}"
        #: The fact's values of ``fields``, as a tuple (KeyError for a missing one).
        self.values: Callable[[Mapping[str, str | int]], tuple[str | int, ...]] = values_getter(self.fields)
        #: The fact text of recent values (formatting and JSON-encoding them costs more).
        self.texts: dict[tuple[str | int, ...], str] = {}
        self.handle = 0
        #: Evaluated cleanly after a failure or built anew: the next answer is checked.
        self.suspect = True
        #: Could not be cleaned up: replaced by a fresh ruleset before its next use.
        self.dead = True
        #: An evaluation has completed, so durable's action context is initialised.
        self.ready = False
        #: Disagreements with the reference in a row (reset by an agreeing answer).
        self.strikes = 0

    def build(self) -> None:
        """Create the durable ruleset (its state is created by the first evaluation)."""
        self.handle = _create(self.text)
        self.dead = self.ready = False
        self.suspect = True
        self.strikes = 0

    def retire(self) -> None:
        """Free the durable ruleset (its state stays allocated: durable cannot free it safely)."""
        handle, self.handle, self.dead = self.handle, 0, True
        if handle:
            try:  # noqa: SIM105 - also from __del__ at exit, when contextlib may be gone
                _dre.delete_ruleset(handle)
            except Exception:  # noqa: S110 - nothing to do: the memory stays allocated
                pass


class Engine:
    """Evaluates a fixed list of conditions against facts through durable-rules.

    ``fired(fact)`` returns the indexes (in definition order) of the conditions
    that hold. Construction compiles the rules into durable rulesets (about 0.2-0.3 MB
    each, plus 0.4-0.6 MB for its state, which durable-rules never frees): get engines
    through :func:`shared_engine`, which gives identical condition lists one engine.

    With ``check=True`` every answer is also computed in pure Python (the semantics of
    :class:`acumat.reference.ReferenceEngine`, compiled by :mod:`acumat.compiled` from
    the same condition trees), and a disagreement raises
    :class:`EngineError`: durable-rules is dormant, and an action it dropped would
    silently drop a rule. Any failure of the C module raises :class:`EngineError`,
    never its own exception. A failed ruleset is cleaned up in place when that is safe
    (its next answer is then checked against the reference); otherwise it is replaced
    before its next use, at most :data:`MAX_REPLACEMENTS` times.
    """

    def __init__(self, conditions: Sequence[Condition]) -> None:
        dnfs = [to_dnf(c) for c in conditions]
        self._chunks: list[_Chunk] = []
        self.size = len(dnfs)
        #: Conditions with no test at all (``ALWAYS``) hold for every fact. They are
        #: answered without a round trip through the engine, which would return them
        #: for every fact anyway; every condition with a test goes through durable-rules.
        self.constant: frozenset[int] = frozenset(i for i, d in enumerate(dnfs) if () in d)
        self._const = sorted(self.constant)
        #: The pure-Python evaluator of the same conditions (closures: the test oracle).
        self.reference = ReferenceEngine(conditions)
        #: The same semantics compiled to one function: the second opinion on every check.
        #: (``encode`` runs first and refuses any value that is not exactly str or int.)
        self.second = compile_fired(conditions, exact_types=True)
        self.replacements = 0
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._enc = _Encoder()
        self._verify_next = True
        batch: list[tuple[int, Sequence[Conj]]] = []
        tests = 0
        fields: set[str] = set()
        for idx, conjs in enumerate(dnfs):
            if idx in self.constant:
                continue
            n = sum(len(c) for c in conjs) or 1
            f = {t.fact for c in conjs for t in c}
            if batch and (tests + n > MAX_TESTS or len(fields | f) > MAX_FIELDS):
                self._chunks.append(_Chunk(batch))
                batch, tests, fields = [], 0, set()
            batch.append((idx, conjs))
            tests += n
            fields |= f
        if batch or not self._chunks:
            # Even an engine of constant conditions asserts the fact (sentinel only), so a
            # broken engine is noticed the same way.
            self._chunks.append(_Chunk(batch))
        try:
            for ch in self._chunks:
                ch.build()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Free the durable rulesets now; later calls raise :class:`EngineError`."""
        self.replacements = MAX_REPLACEMENTS
        for ch in getattr(self, "_chunks", ()):
            ch.retire()

    def __del__(self) -> None:
        # Nobody can be evaluating: an evaluation holds a reference to the engine.
        for ch in getattr(self, "_chunks", ()):
            ch.retire()

    @property
    def rulesets(self) -> int:
        """How many durable rulesets the conditions were split into."""
        return len(self._chunks)

    def encode(self, fact: Mapping[str, str | int]) -> list[str]:
        """The JSON body (after the id) asserted into each ruleset for ``fact``."""
        try:
            return [ch.texts.get(vals) or self._text(ch, vals)
                    for ch in self._chunks if (vals := ch.values(fact)) is not None]
        except KeyError as exc:
            raise EngineError(f"fact has no value for {exc.args[0]!r}") from None

    def _text(self, ch: _Chunk, vals: tuple[str | int, ...]) -> str:
        # The values' types are checked by the encoder (str or int, never bool or float);
        # equal tuples of such values always give the same text.
        text = ch.template % tuple(map(self._enc.__getitem__, vals))
        if len(ch.texts) >= 4096:
            ch.texts.clear()
        ch.texts[vals] = text
        return text

    def fired_remembered(self, fact: Mapping[str, str | int], memo: dict[str, list[int]], *,
                         check: bool = True, limit: int = 1024) -> list[int]:
        """:meth:`fired`, remembering durable-rules' answer per asserted fact text in ``memo``.

        An evaluation asserts one fact and retracts it again, so durable-rules answers the
        same text the same way; an answer is remembered only once it is complete (and,
        with ``check``, agreed by the second opinion). For facts that recur, such as the
        small what-if facts of open questions. At ``limit`` entries the memo starts over.
        """
        bodies = self.encode(fact)
        key = bodies[0] if len(bodies) == 1 else "\x00".join(bodies)
        found = memo.get(key)
        if found is None:
            want = self.second(fact) if check else None
            with self._lock:
                found = self._fire(bodies, fact, want)
            if len(memo) >= limit:
                memo.clear()
            memo[key] = found
        return found

    def fired(self, fact: Mapping[str, str | int], *, check: bool = True) -> list[int]:
        """Indexes of the conditions that hold for ``fact``, ascending, each once.

        With ``check`` (the default) the reference evaluator must give the same
        answer. Raises :class:`EngineError` if durable-rules fails or disagrees.
        """
        chunks = self._chunks
        if len(chunks) == 1:  # the usual case: encode() for one ruleset, inline
            ch = chunks[0]
            try:
                vals = ch.values(fact)
            except KeyError as exc:
                raise EngineError(f"fact has no value for {exc.args[0]!r}") from None
            body = ch.texts.get(vals) or self._text(ch, vals)
            want = self.second(fact) if check else None
            with self._lock:
                if want is None or self._verify_next or ch.dead:
                    return self._fire([body], fact, want)
                # The usual case, inline: a sound ruleset whose answer is checked.
                try:
                    found = _evaluate(ch, str(next(self._ids)), body)
                except EngineError:
                    self._verify_next = True
                    raise
                found.pop()  # the sentinel, last (as _evaluate made sure)
                const = self._const
                if const:  # conditions that always hold, answered without durable
                    found += const
                    if found != want:
                        found.sort()
                if found == want:
                    return found
                return self._settled(set(found), want)
        bodies = self.encode(fact)
        want = self.second(fact) if check else None
        with self._lock:
            return self._fire(bodies, fact, want)

    def fired_many(self, facts: Sequence[Mapping[str, str | int]], *, check: bool = True
                   ) -> list[list[int]]:
        """:meth:`fired` for each of ``facts``, under one lock acquisition."""
        bodies = [self.encode(f) for f in facts]
        wants = [self.second(f) for f in facts] if check else [None] * len(facts)
        with self._lock:
            return [self._fire(b, f, w) for b, f, w in zip(bodies, facts, wants, strict=True)]

    def _fire(self, bodies: list[str], fact: Mapping[str, str | int], want: list[int] | None
              ) -> list[int]:
        if want is None and self._verify_next:
            want = self.second(fact)
        chunks = self._chunks
        try:
            if len(chunks) == 1:  # the usual case
                ch = chunks[0]
                if ch.dead:
                    self._replace(ch)
                hits = set(_evaluate(ch, str(next(self._ids)), bodies[0]))
            else:
                hits = set()
                for ch, body in zip(chunks, bodies, strict=True):
                    if ch.dead:
                        self._replace(ch)
                    hits.update(_evaluate(ch, str(next(self._ids)), body))
        except EngineError:
            self._verify_next = True
            raise
        hits.discard(-1)
        if want is None:
            if self._const:
                hits.update(self._const)
            return sorted(hits)
        return self._settled(hits, want)

    def _settled(self, hits: set[int], want: list[int]) -> list[int]:
        # durable-rules' complete answer (the sentinel left out) against the second opinion.
        if self._const:
            hits.update(self._const)
        got = sorted(hits)
        if got != want:
            self._disagree(hits, set(want))
        if self._verify_next:
            self._verify_next = False
            for ch in self._chunks:
                ch.suspect = False
                ch.strikes = 0
        return got

    def _disagree(self, got: set[int], want: set[int]) -> None:
        # The state is clean (the answer was complete and the fact retracted), so one
        # disagreement only refuses this answer; a ruleset that disagrees STRIKES times
        # in a row is rebuilt before its next use.
        for ch in self._chunks:
            if (got ^ want) & ch.members:
                ch.strikes += 1
                if ch.strikes >= STRIKES:
                    ch.retire()
                ch.suspect = True
        self._verify_next = True
        missing = sorted(want - got)
        extra = sorted(got - want)
        raise EngineError("durable-rules and the reference evaluator disagree (conditions "
                          f"missing: {missing}, extra: {extra}); no answer is given")

    def _replace(self, ch: _Chunk) -> None:
        if self.replacements >= MAX_REPLACEMENTS:
            raise EngineError(f"durable-rules failed {self.replacements} times beyond repair in "
                              "this engine; it refuses to answer (restart the process)")
        ch.retire()
        self.replacements += 1
        ch.build()
        self._verify_next = True
        # A warm-up evaluation sets the new state's action context, so that a failure in
        # the next evaluation can be cleaned up in place (see _settle).
        _evaluate(ch, "warmup", ch.template % tuple('"?"' for _ in ch.fields))


def _create(text: str) -> int:
    try:
        return int(_dre.create_ruleset(f"acumat{next(_names)}", text))
    except Exception as exc:
        raise EngineError(f"durable-rules could not create a ruleset: {type(exc).__name__}: "
                          f"{exc}") from exc


class _Bad(Exception):  # noqa: N818 - internal signal, never escapes this module
    """durable-rules answered something acumat cannot use."""


def _evaluate(ch: _Chunk, fid: str, body: str) -> list[int]:
    """The condition indexes the chunk's rules fired for one fact, the sentinel (-1) last.

    Asserts the fact, collects every action, retracts the fact. On any failure the state
    is cleaned up in place if that is safe, or the chunk is marked dead; then EngineError.
    """
    dre = _dre
    h = ch.handle
    try:
        res = dre.assert_fact(h, _PREFIX + fid + body)
        if res != _MATCHED:
            raise _Bad(f"durable-rules did not match the fact ({res!r})")
        names, end = ch.names, ch.end
        found: list[int] = []
        append, complete = found.append, dre.complete_and_start_action
        got = dre.start_action_for_state(h, _STATE)
        msg = None if got is None else got[1]
        for _ in ch.bound:  # each durable rule fires at most once per fact
            if msg is None:
                break
            append(names[msg[2:end]])
            msg = complete(h, _STATE)
        else:
            raise _Bad("durable-rules returned more actions than there are rules")
        if not found or found[-1] != -1:
            raise _Bad("durable-rules returned no complete result for the fact")
        res = dre.retract_fact(h, _RETRACT % fid)
        if res != _MATCHED:
            raise _Bad(f"durable-rules did not retract the fact ({res!r})")
    except BaseException as exc:
        if ch.ready and _settle(h):
            ch.suspect = True
        else:
            ch.retire()
        if not isinstance(exc, Exception):
            raise
        if isinstance(exc, _Bad):
            raise EngineError(str(exc)) from None
        raise EngineError(f"durable-rules failed during an evaluation: {type(exc).__name__}: "
                          f"{exc}") from exc
    if not ch.ready:
        ch.ready = True
    return found


def _settle(h: int) -> bool:
    """After a failed evaluation, bring the state back to empty; False if that is not safe.

    Only for a state that has completed an evaluation before (its action context is set).
    Each attempt (up to five) works out the state afresh, so a call that fails inside one
    (leaving the state in one of the same few conditions) is met by the next.
    """
    for _ in range(_SETTLE_ATTEMPTS):
        with contextlib.suppress(Exception):
            if _settle_once(h):
                return True
    return False


def _settle_once(h: int) -> bool:
    # An action may still be started (its lease then blocks a new start), so the state is
    # drained first: retracting while an action is started has crashed durable-rules.
    # Completing when nothing is started fails with ERR_NODE_DELETED and changes nothing.
    dre = _dre
    if dre.start_action_for_state(h, _STATE) is None:
        try:
            msg = dre.complete_and_start_action(h, _STATE)
        except Exception as exc:
            if _NOTHING_STARTED not in str(exc):
                raise
            msg = None
    else:
        msg = dre.complete_and_start_action(h, _STATE)
    for _ in range(10_000):
        if msg is None:
            break
        msg = dre.complete_and_start_action(h, _STATE)
    else:
        return False
    # Nothing is started now: retracting whatever is left is safe.
    for left in json.loads(dre.get_facts(h, _SID)):
        dre.retract_fact(h, _RETRACT % left["id"])
    return bool(dre.get_facts(h, _SID) == "[]")


# -- the shared registry ----------------------------------------------------------------
_registry_lock = threading.Lock()
#: Every engine still alive, by the exact conditions it evaluates.
_live: weakref.WeakValueDictionary[str, Engine] = weakref.WeakValueDictionary()
#: The most recently requested engines, kept alive even when no rule set holds them.
_recent: OrderedDict[str, Engine] = OrderedDict()


def _key(conditions: Sequence[Condition]) -> str:
    # The condition trees themselves, not their expansion: the second opinion is compiled
    # from the trees, so only rule sets with the very same trees may share it.
    return json.dumps([c.model_dump(mode="json") for c in conditions], sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))


def shared_engine(conditions: Sequence[Condition]) -> Engine:
    """The engine for ``conditions``: one per distinct list of conditions in the process.

    Identical lists (the same condition trees in the same order) share one engine, so
    building the same rule set again costs no durable-rules memory. The
    :data:`MAX_SHARED` most recently requested engines stay alive; older ones are freed
    once no rule set uses them.
    """
    key = _key(conditions)
    with _registry_lock:
        eng = _live.get(key)
        if eng is None:
            eng = Engine(conditions)
            _live[key] = eng
        _recent[key] = eng
        _recent.move_to_end(key)
        while len(_recent) > MAX_SHARED:
            _recent.popitem(last=False)
    return eng


def shared_count() -> tuple[int, int]:
    """(engines alive, engines kept by the registry): for tests and benchmarks."""
    with _registry_lock:
        return len(_live), len(_recent)
