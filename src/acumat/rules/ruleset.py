"""An immutable, validated collection of rules, with the engines that evaluate it."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Literal

from acumat.engine import Engine, shared_engine
from acumat.errors import RuleError
from acumat.facts import FACTS, FactSpec
from acumat.reference import ReferenceEngine
from acumat.rules.model import Rule, tests_of, to_dnf
from acumat.rules.topics import TOPICS, Stage, TopicSpec
from acumat.sources import STATEMENTS

if TYPE_CHECKING:
    from acumat.packs import ExtraQuestion, Pack

Duration = Literal["U4", "U5"]
_STAGES: tuple[Stage, ...] = ("profile", "guidance", "session")
_VISIBLE: dict[Stage, frozenset[str]] = {
    "profile": frozenset({"profile"}),
    "guidance": frozenset({"profile", "guidance"}),
    "session": frozenset({"profile", "guidance", "session"}),
}


def _check_rule(rule: Rule, facts: Mapping[str, FactSpec]) -> None:
    topic = TOPICS.get(rule.topic)
    if topic is None:
        raise RuleError(f"unknown topic {rule.topic!r} (known: {', '.join(TOPICS)})",
                        rule_id=rule.id, field="topic")
    for sid in rule.sources:
        if sid not in STATEMENTS:
            raise RuleError(f"unknown source statement {sid!r}", rule_id=rule.id, field="sources")
    if not rule.sources and rule.basis == "stated":
        raise RuleError("a rule with basis 'stated' must cite at least one source statement",
                        rule_id=rule.id, field="sources")
    for t in tests_of(rule.when):
        spec = facts.get(t.fact)
        if spec is None:
            raise RuleError(f"unknown fact {t.fact!r}", rule_id=rule.id, field="when")
        if spec.stage not in _VISIBLE[topic.stage]:
            raise RuleError(f"fact {t.fact!r} does not exist at the {topic.stage} stage",
                            rule_id=rule.id, field="when")
        if spec.is_int:
            if not isinstance(t.value, int):
                raise RuleError(f"fact {t.fact!r} is an integer; got {t.value!r}",
                                rule_id=rule.id, field="when")
        else:
            if t.op not in ("eq", "ne"):
                raise RuleError(f"fact {t.fact!r} takes only eq/ne tests, not {t.op!r}",
                                rule_id=rule.id, field="when")
            if t.value not in spec.values:
                raise RuleError(f"fact {t.fact!r} has no value {t.value!r} (allowed: "
                                f"{', '.join(spec.values)})", rule_id=rule.id, field="when")
    try:
        to_dnf(rule.when)
    except ValueError as exc:
        raise RuleError(str(exc), rule_id=rule.id, field="when") from None
    _check_outcome(rule, topic)


def _check_outcome(rule: Rule, topic: TopicSpec) -> None:
    out = rule.then
    if topic.kind == "verdict":
        if out.value is not None:
            raise RuleError("safety rules set a level, not a value", rule_id=rule.id,
                            field="then.value")
        return
    if out.level is not None:
        raise RuleError(f"only safety rules may set a level; topic is {rule.topic!r}",
                        rule_id=rule.id, field="then.level")
    if topic.kind == "info":
        return
    if out.value is None:
        raise RuleError(f"topic {rule.topic!r} needs a value", rule_id=rule.id, field="then.value")
    if topic.integer:
        if not isinstance(out.value, int) or not topic.low <= out.value <= topic.high:
            raise RuleError(f"topic {rule.topic!r} takes an integer {topic.low}..{topic.high}",
                            rule_id=rule.id, field="then.value")
    elif not isinstance(out.value, str) or (topic.values and out.value not in topic.values):
        allowed = ", ".join(topic.values) or "text"
        raise RuleError(f"topic {rule.topic!r} takes {allowed}; got {out.value!r}",
                        rule_id=rule.id, field="then.value")


def _fact_specs(questions: Iterable[ExtraQuestion]) -> Mapping[str, FactSpec]:
    specs = dict(FACTS)
    for q in questions:
        if q.fact in specs:
            raise RuleError(f"question {q.name!r} is declared twice", field="questions")
        specs[q.fact] = q.spec()
    return MappingProxyType(specs)


def check_pack(pack: Pack) -> None:
    """Validate a pack's rules on their own (facts, values, topics, sources)."""
    facts = _fact_specs(pack.questions)
    for r in pack.rules:
        _check_rule(r, facts)


def _rebuild(rules: tuple[Rule, ...], questions: tuple[ExtraQuestion, ...], duration: Duration,
             name: str) -> RuleSet:
    return RuleSet(rules, questions=questions, duration=duration, name=name)


class RuleSet:
    """An immutable, validated rule set. Build a changed copy with :meth:`with_pack`,
    :meth:`without` and :meth:`replace`; the original never changes.

    The durable-rules engines are built on first use and reused for every later call.
    """

    def __init__(self, rules: Iterable[Rule], *, questions: Iterable[ExtraQuestion] = (),
                 duration: Duration = "U4", name: str = "custom") -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.questions: tuple[ExtraQuestion, ...] = tuple(questions)
        self.duration: Duration = duration
        self.name = name
        #: Every fact the rules may read: the built-in ones and the packs' extra questions.
        self.facts = _fact_specs(self.questions)
        seen: set[str] = set()
        for r in self.rules:
            if not isinstance(r, Rule):
                raise RuleError(f"expected a Rule, got {type(r).__name__}")
            if r.id in seen:
                raise RuleError("duplicate rule id", rule_id=r.id, field="id")
            seen.add(r.id)
            _check_rule(r, self.facts)
        self._by_stage: dict[Stage, tuple[Rule, ...]] = {
            s: tuple(r for r in self.rules if TOPICS[r.topic].stage == s) for s in _STAGES
        }
        canon = json.dumps([[r.model_dump(mode="json") for r in self.rules],
                            [q.model_dump(mode="json") for q in self.questions]], sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))
        self.fingerprint = hashlib.sha256(canon.encode()).hexdigest()[:16]
        self._engines: dict[Stage, Engine] = {}
        self._lock = threading.Lock()
        self._sealed = True

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
        return (_rebuild, (self.rules, self.questions, self.duration, self.name))

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
                       name=f"{self.name}+{suffix}")

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
