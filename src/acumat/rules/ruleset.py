"""An immutable, validated collection of rules, with the engines that evaluate it."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from acumat import safety
from acumat.engine import Engine, shared_engine
from acumat.errors import RuleError
from acumat.reference import ReferenceEngine
from acumat.rules import checks
from acumat.rules.checks import _check_rule, _fact_specs
from acumat.rules.checks import check_pack as check_pack  # re-exported for acumat.packs
from acumat.rules.model import Rule, tests_of
from acumat.rules.topics import TOPICS, Stage

if TYPE_CHECKING:
    from acumat.packs import ExtraQuestion, Pack

Duration = Literal["U4", "U5"]
_STAGES: tuple[Stage, ...] = ("profile", "guidance", "session")


def _rebuild(rules: tuple[Rule, ...], questions: tuple[ExtraQuestion, ...], duration: Duration,
             name: str, floor: tuple[Rule, ...] = ()) -> RuleSet:
    return RuleSet(rules, questions=questions, duration=duration, name=name, floor=floor)


class RuleSet:
    """An immutable, validated rule set. Build a changed copy with :meth:`with_pack`,
    :meth:`without` and :meth:`replace`; the original never changes.

    Construction raises :class:`acumat.RuleError` naming the rule (and field) for a
    malformed rule and for a rule set that breaks a safety invariant (see
    :mod:`acumat.safety`): a pack can add caution but never remove it. ``floor`` lists
    safety rules whose profiles must keep at least their level and session stop rules
    whose sessions must still stop; a rule set derived from the default rules gets
    theirs automatically. The checks run once per distinct
    content. The durable-rules engines are built on first use and reused for every
    later call.
    """

    def __init__(self, rules: Iterable[Rule], *, questions: Iterable[ExtraQuestion] = (),
                 duration: Duration = "U4", name: str = "custom",
                 floor: Iterable[Rule] = ()) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.questions: tuple[ExtraQuestion, ...] = tuple(questions)
        self.duration: Duration = duration
        self.name = name
        #: Safety rules whose profiles must keep at least their level, and stop rules whose
        #: sessions must still stop: the default rules' ones in every rule set derived from
        #: them (empty for one built from scratch).
        self.floor: tuple[Rule, ...] = floor if isinstance(floor, tuple) else tuple(floor)
        #: Every fact the rules may read: the built-in ones and the packs' extra questions.
        self.facts = _fact_specs(self.questions)
        for r in (*self.rules, *self.floor):
            if not isinstance(r, Rule):
                raise RuleError(f"expected a Rule, got {type(r).__name__}")
        self.fingerprint = checks.digest(self.rules, self.questions)
        # Construction refuses a rule set that breaks a safety invariant; the outcome is
        # cached by content, since identical rule sets are built again and again.
        checks.checked((self.fingerprint, checks.floor_key(self.floor)), self._check)
        self._by_stage: dict[Stage, tuple[Rule, ...]] = {
            s: tuple(r for r in self.rules if TOPICS[r.topic].stage == s) for s in _STAGES
        }
        self._engines: dict[Stage, Engine] = {}
        self._lock = threading.Lock()
        self._sealed = True

    def _check(self) -> None:
        checks.validate_rules(self.rules, self.questions)
        for r in self.floor:
            _check_rule(r, self.facts)
            if not (safety.is_level_rule(r) or safety.is_stop_rule(r)):
                raise RuleError("a floor rule must be a safety rule with a level or a session "
                                "stop rule", rule_id=r.id, field="floor")
        checks.prove_safe(self.rules, self.facts, self.floor)

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_sealed", False):
            raise AttributeError(f"RuleSet is immutable: build a new one instead of setting {name!r} "
                                 "(see with_pack, without, replace)")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"RuleSet is immutable: cannot delete {name!r}")

    def __len__(self) -> int:
        return len(self.rules)

    def __reduce__(self) -> tuple[object, ...]:
        # Engines hold C handles: a copy in another process rebuilds its own.
        return (_rebuild, (self.rules, self.questions, self.duration, self.name, self.floor))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __repr__(self) -> str:
        return f"RuleSet({self.name!r}, {len(self.rules)} rules, fingerprint={self.fingerprint})"

    def __getitem__(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"no rule {rule_id!r}")

    def __contains__(self, rule_id: object) -> bool:
        return any(r.id == rule_id for r in self.rules)

    @property
    def ids(self) -> tuple[str, ...]:
        """Rule ids in definition order."""
        return tuple(r.id for r in self.rules)

    def stage(self, stage: Stage) -> tuple[Rule, ...]:
        """The rules evaluated at ``stage``, in definition order."""
        return self._by_stage[stage]

    def facts_read(self) -> list[str]:
        """Names of the facts any rule reads, in first-use order."""
        out: dict[str, None] = {}
        for r in self.rules:
            for t in tests_of(r.when):
                out.setdefault(t.fact)
        return list(out)

    #: Stages whose every evaluation is also made in pure Python (the reference
    #: evaluator's semantics, compiled: :mod:`acumat.compiled`); acumat refuses to answer
    #: (EngineError) when that and durable-rules disagree. All three by default:
    #: compiled, the second opinion costs well under a microsecond per stage with the
    #: default rules (``benchmarks/bench_engine.py`` prints it next to durable-rules'
    #: own cost), so the verdict (screening), the mat and plan (guidance) and the next
    #: session and its stop (session) are all checked. A subclass may narrow it.
    checked_stages: ClassVar[frozenset[Stage]] = frozenset({"profile", "guidance", "session"})

    def engine(self, stage: Stage) -> Engine:
        """The durable-rules engine for ``stage``: shared by every rule set whose rules at
        that stage have the same conditions in the same order (built once per process)."""
        eng = self._engines.get(stage)
        if eng is None:
            with self._lock:
                eng = self._engines.get(stage)
                if eng is None:
                    eng = shared_engine([r.when for r in self._by_stage[stage]])
                    self._engines[stage] = eng
        return eng

    def reference(self, stage: Stage) -> ReferenceEngine:
        """A pure-Python evaluator of the same rules (the second evaluator, test oracle and
        baseline)."""
        return ReferenceEngine([r.when for r in self._by_stage[stage]])

    def fire(self, stage: Stage, fact: Mapping[str, str | int]) -> list[Rule]:
        """The rules of ``stage`` whose condition holds for ``fact``, via durable-rules.

        At the :attr:`checked_stages` the pure-Python second opinion must agree. Raises
        :class:`acumat.EngineError` when the engine fails or disagrees: no rules are
        returned then, so no advice can be built from a partial answer.
        """
        rules = self._by_stage[stage]
        if not rules:
            return []
        return [rules[i] for i in self.engine(stage).fired(fact,
                                                           check=stage in self.checked_stages)]

    def fire_many(self, stage: Stage, facts: Sequence[Mapping[str, str | int]]
                  ) -> list[list[Rule]]:
        """:meth:`fire` for each of ``facts`` (same checks), under one lock acquisition.

        Raises :class:`acumat.EngineError` if any evaluation fails; no partial list.
        """
        rules = self._by_stage[stage]
        if not rules:
            return [[] for _ in facts]
        found = self.engine(stage).fired_many(facts, check=stage in self.checked_stages)
        return [[rules[i] for i in idx] for idx in found]

    # -- composition -----------------------------------------------------------------
    def _derive(self, rules: Iterable[Rule], questions: Iterable[ExtraQuestion] = (),
                suffix: str = "custom") -> RuleSet:
        return RuleSet(rules, questions=(*self.questions, *questions), duration=self.duration,
                       name=f"{self.name}+{suffix}", floor=self._floor_for_derived())

    def _floor_for_derived(self) -> tuple[Rule, ...]:
        # A rule set derived from the default rules (or from a copy of them) keeps their
        # level-setting safety rules and their session stop rules as its floor: no pack,
        # removal or replacement can lower a level or lose a stop.
        if self.floor:
            return self.floor
        from acumat.rules import default_rules

        base = default_rules(self.duration)
        if self.fingerprint != base.fingerprint:
            return ()
        if base is not self:
            return base._floor_for_derived()
        return checks.DEFAULT_FLOORS.setdefault(self.fingerprint, tuple(
            r for r in self.rules if safety.is_level_rule(r) or safety.is_stop_rule(r)))

    def with_pack(self, pack: Pack | Iterable[Rule]) -> RuleSet:
        """A new rule set with ``pack``'s rules (and extra questions) added after these.

        ``pack`` is a :class:`acumat.Pack` (e.g. from :func:`acumat.load_rules`) or
        any iterable of :class:`Rule`; rule ids must be new.
        """
        from acumat.packs import rules_of

        rules, questions = rules_of(pack)
        name = getattr(pack, "name", "custom")
        return self._derive([*self.rules, *rules], questions, name)

    def without(self, *rule_ids: str) -> RuleSet:
        """A new rule set without the named rules (each must exist)."""
        missing = [i for i in rule_ids if i not in self]
        if missing:
            raise RuleError(f"no rule(s) {', '.join(map(repr, missing))} to remove")
        drop = set(rule_ids)
        return self._derive(r for r in self.rules if r.id not in drop)

    def replace(self, *rules: Rule) -> RuleSet:
        """A new rule set with each given rule taking the place of the rule with its id."""
        new = {r.id: r for r in rules}
        missing = [i for i in new if i not in self]
        if missing:
            raise RuleError(f"no rule(s) {', '.join(map(repr, missing))} to replace")
        return self._derive(new.get(r.id, r) for r in self.rules)
