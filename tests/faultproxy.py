"""A stand-in for durable-rules' C module that injects faults (used by tests and benchmarks).

``FaultyDurable(real)`` forwards every call to the real module. Faults are armed with
:meth:`FaultyDurable.at` (the n-th call of one function) or :meth:`FaultyDurable.randomly`
(each call with a probability). Kinds:

* ``before``: raise instead of calling (the C call failed and changed nothing);
* ``after``: call, then raise (the C call did its work and the result was lost);
* ``garbage``: call, then return a value of the wrong shape;
* ``drop``: on ``start_action_for_state`` / ``complete_and_start_action``, consume one
  more action and return the one after it: an action silently lost, the rest in order
  (the sentinel still comes back last unless it was the one lost).

Install it with ``monkeypatch.setattr(acumat.engine, "_dre", FaultyDurable(real))``.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

CALLS = ("create_ruleset", "assert_fact", "start_action_for_state", "complete_and_start_action",
         "retract_fact", "get_facts", "delete_ruleset")
EVALUATION_CALLS = ("assert_fact", "start_action_for_state", "complete_and_start_action",
                    "retract_fact")
KINDS = ("before", "after", "garbage")
ERRORS: tuple[type[BaseException], ...] = (MemoryError, RuntimeError, SystemError)
#: Values no C call returns: wrong types and shapes, unknown rule names, bad codes.
GARBAGE: tuple[object, ...] = (42, "", "{}", "garbage", (7, 7), (1, 1), b"x", ["x"],
                               ("{}", '{"no such rule":{}}'), '{"no such rule":{}}', -1.5)


class FaultyDurable:
    """Forwards to ``real``; injects the armed faults. ``seen`` counts calls per function."""

    def __init__(self, real: Any, seed: int = 0) -> None:
        self.real = real
        self.error = real.error
        self.seen: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._targets: dict[tuple[str, int], tuple[str, type[BaseException]]] = {}
        self._rate = 0.0
        self._kinds: tuple[str, ...] = KINDS
        self._drop_ok: Callable[[int], bool] = lambda handle: False
        self._drop_first: Callable[[int], bool] = lambda handle: False
        for name in CALLS:
            setattr(self, name, self._wrap(name))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def at(self, name: str, n: int, kind: str, error: type[BaseException] = RuntimeError
           ) -> FaultyDurable:
        """Inject ``kind`` at the ``n``-th call (from now) of ``name``."""
        self._targets[(name, self.seen[name] + n)] = (kind, error)
        return self

    def randomly(self, rate: float, kinds: tuple[str, ...] = KINDS,
                 drop_ok: Callable[[int], bool] | None = None) -> FaultyDurable:
        """Inject a random kind (and error type) into each call with probability ``rate``.

        ``drop`` is only injected into rulesets for which ``drop_ok(handle)`` is true.
        """
        self._rate, self._kinds = rate, kinds
        if drop_ok is not None:
            self._drop_ok = drop_ok
        return self

    def drop_first(self, which: Callable[[int], bool] = lambda handle: True) -> FaultyDurable:
        """Lose the first action of every evaluation in the rulesets ``which`` accepts."""
        self._drop_first = which
        return self

    def off(self) -> None:
        """No more faults (calls are still forwarded and counted)."""
        self._targets.clear()
        self._rate = 0.0
        self._drop_first = lambda handle: False

    def _choose(self, name: str) -> tuple[str, type[BaseException]] | None:
        target = self._targets.pop((name, self.seen[name]), None)
        if target is not None:
            return target
        if self._rate and self._rng.random() < self._rate:
            return self._rng.choice(self._kinds), self._rng.choice((*ERRORS, self.error))
        return None

    def _wrap(self, name: str) -> Callable[..., Any]:
        real = getattr(self.real, name)
        collects = name in ("start_action_for_state", "complete_and_start_action")

        def call(*args: Any) -> Any:
            self.seen[name] += 1
            if name == "start_action_for_state" and self._drop_first(args[0]):
                return self._lose(args, real, started=True)
            fault = self._choose(name)
            if fault is None:
                return real(*args)
            kind, error = fault
            if kind == "drop":
                if not (collects and self._drop_ok(args[0])):
                    return real(*args)
                self.injected["drop"] += 1
                return self._lose(args, real, started=name == "start_action_for_state")
            self.injected[kind] += 1
            if kind == "before":
                raise error(f"injected {error.__name__} before {name}")
            real(*args)
            if kind == "after":
                raise error(f"injected {error.__name__} after {name}")
            return self._rng.choice(GARBAGE)

        return call

    def _lose(self, args: tuple[Any, ...], real: Callable[..., Any], *, started: bool) -> Any:
        """Call ``real``, then silently consume the action it returned and give the next."""
        got = real(*args)
        if got is None:
            return None
        following = self.real.complete_and_start_action(args[0], args[1])
        if not started:
            return following
        return None if following is None else (got[0], following)


_private = itertools.count(1)


def private_rules(tag: str) -> Any:
    """The default rules plus one never-firing rule per stage: the same answers, but engines
    of their own (each call's conditions differ), so injected faults damage no other test."""
    from acumat import Outcome, Rule, all_of, default_rules, fact

    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"),
                   fact("sessions_completed").is_(-next(_private)))
    note = "Test-only rule that can never fire; it gives this rule set engines of its own."
    return default_rules().with_pack([
        Rule(id=f"{tag}.profile", topic="safety", when=never,
             then=Outcome(level="caution", summary="never"), basis="interpreted", note=note),
        Rule(id=f"{tag}.guidance", topic="plan.note", when=never,
             then=Outcome(summary="never"), basis="interpreted", note=note),
        Rule(id=f"{tag}.session", topic="session.note", when=never,
             then=Outcome(summary="never"), basis="interpreted", note=note),
    ])
