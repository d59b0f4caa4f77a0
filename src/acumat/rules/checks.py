"""Construction checks of a rule set: each rule on its own, the set as a whole (unique ids,
reserved ids, engine limits) and its safety proofs (:mod:`acumat.safety`).

:class:`acumat.RuleSet` runs them once per distinct content; the outcome (pass, or the
``RuleError`` raised) is cached by the rule set's fingerprint and its floor.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from acumat import safety
from acumat.engine import MAX_FIELDS
from acumat.errors import RuleError
from acumat.facts import FACTS, FactSpec
from acumat.rules.model import Rule, tests_of, to_dnf
from acumat.rules.topics import TOPICS, Stage, TopicSpec
from acumat.sources import STATEMENTS

if TYPE_CHECKING:
    from acumat.packs import ExtraQuestion, Pack

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
    read = {t.fact for t in tests_of(rule.when)}
    if len(read) > MAX_FIELDS:
        # The engine takes one fact of at most MAX_FIELDS fields per rule; it can split a
        # rule set but not a rule, so every evaluation would fail.
        raise RuleError(f"the condition reads {len(read)} facts; the engine takes at most "
                        f"{MAX_FIELDS} in one rule (split it into several rules)",
                        rule_id=rule.id, field="when")
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
    """Validate a pack's rules on their own (facts, values, topics, sources, reserved ids)."""
    facts = _fact_specs(pack.questions)
    for r in pack.rules:
        _check_rule(r, facts)
    check_reserved(pack.rules, pack.questions)


def check_reserved(rules: Iterable[Rule], questions: Iterable[ExtraQuestion]) -> None:
    """Every safety question has its automatic unanswered rule, as generated; no other rule
    uses a reserved id (a pack can neither declare, replace nor remove such a rule)."""
    auto = {(r := q.unknown_rule()).id: (q, r) for q in questions if q.safety}
    ids = set()
    for rule in rules:
        ids.add(rule.id)
        if safety.RESERVED_ID.match(rule.id) is None:
            continue
        hit = auto.get(rule.id)
        if hit is None:
            raise RuleError("this id is reserved for the automatic unanswered rule of a safety "
                            "question", rule_id=rule.id, field="id")
        if rule != hit[1]:
            raise RuleError(f"the automatic unanswered rule of safety question {hit[0].name!r} "
                            "cannot be declared or replaced (unknown is not safe)",
                            rule_id=rule.id, field="id")
    for rid, (q, _) in auto.items():
        if rid not in ids:
            raise RuleError(f"the automatic unanswered rule of safety question {q.name!r} cannot "
                            "be removed (unknown is not safe)", rule_id=rid, field="id")


def validate_rules(rules: Iterable[Rule], questions: Iterable[ExtraQuestion] = ()) -> None:
    """Check rules and questions as one rule set, except for the safety proofs: types,
    unique ids, facts, values, topics, sources, engine limits and reserved ids."""
    rules, questions = tuple(rules), tuple(questions)
    facts = _fact_specs(questions)
    seen: set[str] = set()
    for r in rules:
        if not isinstance(r, Rule):
            raise RuleError(f"expected a Rule, got {type(r).__name__}")
        if r.id in seen:
            raise RuleError("duplicate rule id", rule_id=r.id, field="id")
        seen.add(r.id)
        _check_rule(r, facts)
    check_reserved(rules, questions)


def prove_safe(rules: tuple[Rule, ...], facts: Mapping[str, FactSpec],
               floor: tuple[Rule, ...] = ()) -> None:
    """Raise RuleError for the first safety invariant ``rules`` break (see :mod:`acumat.safety`).

    With a ``floor`` (a rule set derived from the default rules) every safety fact is held
    to "unknown is not safe"; otherwise the facts its own safety rules and questions read.
    """
    names: set[str] | None = None
    if not floor:
        names = {t.fact for r in rules if safety.is_level_rule(r) for t in tests_of(r.when)}
        names |= {k for k, v in facts.items() if v.field and v.field.startswith("extra.")
                  and v.safety}
    space = safety.Space(rules, facts, floor)
    found = next(safety.breaches(space, floor=floor, unknown_facts=names), None)
    if found is not None:
        example = ""
        if found.box is not None:
            example = f" (e.g. {space.dom[found.stage].example(found.box)})"
        fix = f"; {found.fix}" if found.fix else ""
        raise RuleError(found.message + example + fix, rule_id=found.rule_id, field=found.field)


# (fingerprint, floor key) -> None when the rule set passed its construction checks,
# else the RuleError it raised. Identical rule sets are built again and again.
_CHECKED: dict[tuple[str, str], RuleError | None] = {}
_CHECKED_MAX = 512
_FLOOR_KEYS: dict[int, tuple[tuple[Rule, ...], str]] = {}
_checked_lock = threading.Lock()
# The floor of each default rule set, one tuple each (so its key is computed once).
DEFAULT_FLOORS: dict[str, tuple[Rule, ...]] = {}


def digest(rules: Iterable[Rule], questions: Iterable[ExtraQuestion] = ()) -> str:
    canon = json.dumps([[r.model_dump(mode="json") for r in rules],
                        [q.model_dump(mode="json") for q in questions]], sort_keys=True,
                       ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode()).hexdigest()[:16]


def floor_key(floor: tuple[Rule, ...]) -> str:
    if not floor:
        return ""
    hit = _FLOOR_KEYS.get(id(floor))
    if hit is None or hit[0] is not floor:
        hit = (floor, digest(floor))
        with _checked_lock:
            if len(_FLOOR_KEYS) > 64:
                _FLOOR_KEYS.clear()
            _FLOOR_KEYS[id(floor)] = hit
    return hit[1]


def _clone(exc: RuleError) -> RuleError:
    # A fresh exception with the same message and fields, so no traceback is shared.
    new = RuleError.__new__(type(exc))
    new.args = exc.args
    new.__dict__.update(exc.__dict__)
    return new


def checked(key: tuple[str, str], check: Callable[[], None]) -> None:
    """Run ``check`` once per key; later calls repeat its outcome (pass, or the same error)."""
    if key in _CHECKED:
        cached = _CHECKED[key]
        if cached is not None:
            raise _clone(cached)
        return
    err: RuleError | None = None
    try:
        check()
    except RuleError as exc:
        err = exc
    with _checked_lock:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = None if err is None else _clone(err)
    if err is not None:
        raise err
