"""The safety invariants every rule set keeps, proved over the finite fact domain.

:class:`acumat.RuleSet` refuses to be built when one is broken (a ``RuleError``
naming the rule), and :func:`acumat.verify` reports them as errors. The proofs are
exact (see :mod:`acumat.domain`) and driven by the data only: the facts' risk
orders, the topics, and the rules' levels and values.

* **Monotone severity**: moving a safety fact one step up its risk order (``no`` to
  ``unknown`` to ``yes``) never lowers the verdict.
* **Unknown is not safe**: an unanswered safety question keeps the verdict at
  ``caution`` or above.
* **An unanswered answer is asked**: every profile fact that can be left unanswered
  and is read by a rule that raises the verdict has an "unanswered" rule: one of level
  ``caution`` or above that ``asks`` the fact's profile field whenever it is
  unanswered (for a pack's question: the question is declared ``safety: true``), so the
  question is listed as open and its riskiest answer is tried.
* **A stop is never lost**: wherever the verdict is ``consult`` or ``avoid``, and
  wherever an open screening question could lead there (``open_risk``), a ``stop``
  session action fires (and a fired stop always wins).
* **A floor of safety rules** (the default rules' level-setting safety rules and their
  session stop rules, in a rule set derived from them): every profile they cover still
  gets at least their level, and every session they stop still stops.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from acumat.advice import Verdict
from acumat.domain import Box, Domain, TooComplexError, intersect, uncovered
from acumat.facts import FACTS, UNKNOWN, YES, FactSpec, Stage
from acumat.rules.model import Rule, tests_of
from acumat.rules.topics import TOPICS

#: Ids of the automatic "unanswered" rules of safety questions: no pack may declare one.
RESERVED_ID = re.compile(r"^extra\..+\.unanswered$")
#: The session topic whose ``stop`` value no other action may outrank.
ACTION_TOPIC = "session.action"
STOP = "stop"
#: The guidance and session fact that says an open screening question could lead to
#: consult or avoid (then no mat, plan or session minutes may be given).
OPEN_RISK = "open_risk"
#: The integer a number fact holds when its question is not answered.
UNANSWERED_INT = -1
#: Verdicts at which the mat must not be used, so every session action must be a stop.
NO_USE = (Verdict.CONSULT, Verdict.AVOID)

_VISIBLE: dict[Stage, tuple[Stage, ...]] = {
    "profile": ("profile",), "guidance": ("profile", "guidance"),
    "session": ("profile", "guidance", "session"),
}
# Guidance (mat, plan) only matters when the verdict allows use.
_RESTRICT: dict[Stage, dict[str, tuple[str, ...]]] = {
    "profile": {}, "guidance": {"verdict": ("suitable", "caution")}, "session": {},
}


@dataclass(frozen=True, slots=True)
class Breach:
    """One broken safety invariant: the rule (and field) to blame, and a counterexample.

    ``proven`` is False when the check was too complex to finish: the invariant
    could not be shown to hold, which a rule set under construction must not accept.
    ``fix`` is a rule to add (YAML, several lines), shown after the counterexample.
    """

    rule_id: str | None
    field: str | None
    message: str
    stage: Stage = "profile"
    box: Box | None = None
    proven: bool = True
    fix: str = ""


def is_level_rule(rule: Rule) -> bool:
    """True for a rule of a verdict topic that sets a level."""
    return TOPICS[rule.topic].kind == "verdict" and rule.then.level is not None


def raises_level(rule: Rule) -> bool:
    """True for a safety rule whose level can raise the verdict (caution or above)."""
    return is_level_rule(rule) and rule.then.level is not None and \
        rule.then.level > Verdict.SUITABLE


def is_stop_rule(rule: Rule) -> bool:
    """True for a session action rule that says stop."""
    return rule.topic == ACTION_TOPIC and rule.then.value == STOP


def unanswered_value(spec: FactSpec) -> str | int | None:
    """The value a profile fact holds when its question is left unanswered, or None when
    it always has an answer: ``"unknown"`` among its values, or -1 as the low end of an
    integer fact (see the fact's description)."""
    if spec.stage != "profile" or spec.field is None:
        return None
    if UNKNOWN in spec.values:
        return UNKNOWN
    if spec.is_int and spec.low == UNANSWERED_INT:
        return UNANSWERED_INT
    return None


class Space:
    """The fact domain of each stage for a list of rules, and the boxes of each rule."""

    def __init__(self, rules: Sequence[Rule], facts: Mapping[str, FactSpec],
                 extra: Sequence[Rule] = ()) -> None:
        self.rules = tuple(rules)
        self.facts = facts
        cut_rules = (*self.rules, *extra)
        self.dom: dict[Stage, Domain] = {}
        for stage in ("profile", "guidance", "session"):
            specs = {k: v for k, v in facts.items() if v.stage in _VISIBLE[stage]}
            self.dom[stage] = Domain(specs, cut_rules, _RESTRICT[stage])
        self._boxes: dict[int, tuple[Rule, list[Box]]] = {}
        self._cover: dict[Verdict, list[Box]] = {}
        self._stops: list[Box] | None = None
        self._asking: dict[str, list[Box]] = {}

    def boxes(self, rule: Rule) -> list[Box]:
        """The boxes where ``rule`` fires, in its stage's domain (memoised)."""
        hit = self._boxes.get(id(rule))
        if hit is None or hit[0] is not rule:
            hit = (rule, self.dom[TOPICS[rule.topic].stage].boxes(rule))
            self._boxes[id(rule)] = hit
        return hit[1]

    def cover(self, at_least: Verdict) -> list[Box]:
        """Boxes of every profile where some rule gives ``at_least`` or more (memoised)."""
        hit = self._cover.get(at_least)
        if hit is None:
            hit = self._cover[at_least] = [
                b for r in self.rules if is_level_rule(r) and r.then.level is not None
                and r.then.level >= at_least for b in self.boxes(r)]
        return hit

    def stops(self) -> list[Box]:
        """Boxes of every session where some stop rule fires (memoised)."""
        if self._stops is None:
            self._stops = [b for r in self.rules if is_stop_rule(r) for b in self.boxes(r)]
        return self._stops

    def asking(self, field: str) -> list[Box]:
        """Boxes of every profile where a rule of level caution or above asks ``field``."""
        hit = self._asking.get(field)
        if hit is None:
            hit = self._asking[field] = [
                b for r in self.rules if raises_level(r) and r.then.asks == field
                for b in self.boxes(r)]
        return hit

    def unanswered(self, field: str) -> Box:
        """The profiles where ``field`` is not answered: each fact read from it holds its
        unanswered value (the facts of one profile field are unanswered together)."""
        dom = self.dom["profile"]
        box: Box = {}
        for name, spec in self.facts.items():
            value = unanswered_value(spec)
            if value is None or spec.field != field or name not in dom.axes:
                continue
            cells = dom.axes[name].cells
            box[name] = frozenset(i for i, c in enumerate(cells) if c == value or (
                isinstance(c, tuple) and isinstance(value, int) and c[0] <= value <= c[1]))
        return box


def breaches(space: Space, *, floor: Sequence[Rule] = (),
             unknown_facts: Iterable[str] | None = None) -> Iterator[Breach]:
    """Every broken invariant of ``space.rules``, most specific first.

    ``floor`` holds the rules whose coverage must be kept (the default safety rules
    of a rule set derived from them); ``unknown_facts`` the safety facts whose
    "unknown" must not count as safe (None: every risk-ordered profile fact).
    """
    yield from kept(space, floor)
    yield from monotone(space)
    yield from unknown_not_safe(space, unknown_facts, floor)
    yield from unanswered_asked(space)
    yield from stop_wins(space)


def kept(space: Space, floor: Sequence[Rule]) -> Iterator[Breach]:
    """Each floor rule's profiles still get at least its level from some rule."""
    by_id = {r.id: r for r in space.rules}
    for p in floor:
        now = by_id.get(p.id)
        if now is not None and now == p:
            continue
        if is_stop_rule(p):
            yield from _stop_kept(space, p, now)
            continue
        level = p.then.level
        assert level is not None
        try:
            holes = [h for box in space.boxes(p)
                     for h in uncovered(box, space.cover(level), space.dom["profile"])]
        except TooComplexError:
            yield Breach(p.id, None, f"cannot prove that the profiles of {p.id!r} still get "
                         f"{level.value} (too complex)", proven=False)
            continue
        if not holes:
            continue
        cited = f" ({', '.join(p.sources)})" if p.sources else ""
        if now is None:
            yield Breach(p.id, "id", f"the default safety rule {p.id!r}{cited} cannot be removed: "
                         f"profiles it covers would no longer get {level.value}", box=holes[0])
        elif now.then.level is None or now.then.level < level:
            lower = now.then.level.value if now.then.level else "no level"
            yield Breach(p.id, "then.level", f"the default safety rule {p.id!r}{cited} cannot be "
                         f"lowered from {level.value} to {lower}", box=holes[0])
        else:
            yield Breach(p.id, "when", f"the default safety rule {p.id!r}{cited} cannot be "
                         f"narrowed: profiles it covers would no longer get {level.value}",
                         box=holes[0])


def _stop_kept(space: Space, p: Rule, now: Rule | None) -> Iterator[Breach]:
    # A default stop rule may go (or change) only where other stop rules still stop.
    dom = space.dom["session"]
    try:
        holes = [h for box in space.boxes(p) for h in uncovered(box, space.stops(), dom)]
    except TooComplexError:
        yield Breach(p.id, None, f"cannot prove that the sessions {p.id!r} stops still stop "
                     "(too complex)", "session", proven=False)
        return
    if not holes:
        return
    cited = f" ({', '.join(p.sources)})" if p.sources else ""
    if now is None:
        yield Breach(p.id, "id", f"the default stop rule {p.id!r}{cited} cannot be removed: "
                     "no other stop rule fires for sessions it stops", "session", holes[0])
    elif not is_stop_rule(now):
        value = now.then.value if now.topic == ACTION_TOPIC else now.topic
        yield Breach(p.id, "then.value", f"the default stop rule {p.id!r}{cited} cannot be "
                     f"changed from {STOP!r} to {value!r}", "session", holes[0])
    else:
        yield Breach(p.id, "when", f"the default stop rule {p.id!r}{cited} cannot be narrowed: "
                     "sessions it stops would no longer stop", "session", holes[0])


def monotone(space: Space) -> Iterator[Breach]:
    """A step up any safety fact's risk order never lowers the verdict."""
    dom = space.dom["profile"]
    levelled = [r for r in space.rules if is_level_rule(r)]
    for name, spec in space.facts.items():
        order = spec.risk_order
        if not order or spec.stage != "profile":
            continue
        idx = {v: i for i, v in enumerate(dom.axes[name].cells)}
        for r in levelled:
            level = r.then.level
            assert level is not None
            if name not in {t.fact for t in tests_of(r.when)}:
                continue  # the rule fires whatever the fact says
            for box in space.boxes(r):
                have = dom.get(box, name)
                for lo, hi in itertools.pairwise(order):
                    if idx[lo] not in have or idx[hi] in have:
                        continue
                    moved = {**box, name: frozenset({idx[hi]})}
                    try:
                        holes = uncovered(moved, space.cover(level), dom)
                    except TooComplexError:
                        yield Breach(r.id, "when", f"cannot prove that {name}={hi!r} keeps the "
                                     f"verdict at {level.value} (too complex)", proven=False)
                        continue
                    if holes:
                        yield Breach(r.id, "when", f"answering {name}={hi!r} instead of {lo!r} "
                                     f"lowers the verdict below {level.value}", box=holes[0])


def unknown_not_safe(space: Space, names: Iterable[str] | None = None,
                     floor: Sequence[Rule] = ()) -> Iterator[Breach]:
    """An unanswered safety question keeps every profile at caution or above."""
    dom = space.dom["profile"]
    ids = {r.id for r in space.rules}
    wanted = set(space.facts) if names is None else set(names)
    for name, spec in space.facts.items():
        if name not in wanted or UNKNOWN not in spec.risk_order or spec.stage != "profile":
            continue
        cell = dom.axes[name].cells.index(UNKNOWN)
        # Blame the removed floor rule that asked this question, if there is one.
        gone = next((p.id for p in floor if p.id not in ids and any(
            t.fact == name and t.value == UNKNOWN for t in tests_of(p.when))), None)
        try:
            holes = uncovered({name: frozenset({cell})}, space.cover(Verdict.CAUTION), dom)
        except TooComplexError:
            yield Breach(gone, spec.field or name, f"cannot prove that an unanswered {name!r} "
                         "keeps the verdict at caution (too complex)", proven=False)
            continue
        if holes:
            yield Breach(gone, spec.field or name, f"an unanswered {name!r} can give the verdict "
                         "'suitable' (unknown must never count as safe)", box=holes[0])


def unanswered_asked(space: Space) -> Iterator[Breach]:
    """Every profile fact that can be unanswered and is read by a rule raising the verdict
    has an "unanswered" rule: caution or above, asking its field whenever it is unanswered.

    Without one, an unanswered answer reads as "no" (and the question is never listed as
    open, so its riskiest answer is never tried). A pack's own question must be declared
    ``safety: true``, which adds that rule automatically.
    """
    dom = space.dom["profile"]
    done: set[str] = set()
    for r in space.rules:
        if not raises_level(r):
            continue
        for name in dict.fromkeys(t.fact for t in tests_of(r.when)):
            spec = space.facts[name]
            value = unanswered_value(spec)
            if value is None or spec.field is None:
                continue
            fld = spec.field
            if name not in FACTS and not spec.safety:
                q = fld.removeprefix("extra.")
                yield Breach(r.id, "when", f"sets a level from the pack question {q!r}, which "
                             "is not a safety question: left unanswered it would read as 'no'. "
                             f"Declare the question {q!r} with 'safety: true' (its automatic "
                             f"unanswered rule then keeps the verdict at caution and asks "
                             f"{fld})", box={name: space.unanswered(fld)[name]})
                continue
            if fld in done:
                continue
            done.add(fld)
            region = space.unanswered(fld)
            try:
                holes = uncovered(region, space.asking(fld), dom)
            except TooComplexError:
                yield Breach(r.id, "when", f"cannot prove that an unanswered {fld} is asked "
                             "(too complex)", proven=False)
                continue
            if holes:
                yield Breach(r.id, "when", f"sets a level from {name!r}, which is "
                             f"{value!r} when {fld} is not answered, and no rule of level "
                             f"caution or above asks {fld} then: an unanswered answer would "
                             "read as 'no'", box=holes[0],
                             fix=f"add this rule:\n{suggest(r, name, spec, value)}")


def suggest(rule: Rule, name: str, spec: FactSpec, value: str | int) -> str:
    """The YAML of an "unanswered" rule for fact ``name`` (read by ``rule``) to add."""
    prefix = rule.id.split(".", 1)[0]
    rid = f"{prefix}.unanswered.{name}"
    if len(rid) > 80 or RESERVED_ID.match(rid):
        rid = f"pack.unanswered.{name}"[:80]
    summary = json.dumps(f"Not answered: {spec.question or spec.field}", ensure_ascii=False)
    return "\n".join((
        f"  - id: {rid}",
        "    topic: safety",
        f"    when: {{fact: {name}, op: eq, value: {json.dumps(value)}}}",
        f"    then: {{level: caution, summary: {summary}, asks: {spec.field}}}",
        "    sources: [C14]",
        "    basis: interpreted",
        "    note: Unknown is not safe; the question stays open until it is answered.",
    ))


def stop_wins(space: Space) -> Iterator[Breach]:
    """Where the verdict is consult or avoid, or an open screening question could lead there,
    a stop fires (and so wins) with any other action."""
    if not any(r.then.level in NO_USE for r in space.rules if is_level_rule(r)):
        return  # no rule can give consult or avoid
    dom = space.dom["session"]
    acts = [r for r in space.rules if r.topic == ACTION_TOPIC]
    stops = space.stops()
    cells = dom.axes["verdict"].cells
    regions: list[tuple[Box, str]] = [(
        {"verdict": frozenset(i for i, v in enumerate(cells) if v in {n.value for n in NO_USE})},
        "when the verdict is consult or avoid")]
    if OPEN_RISK in dom.axes and any(r.then.asks for r in space.rules
                                     if TOPICS[r.topic].stage == "profile"):
        # Questions are open only where a screening rule asks one.
        regions.append(({OPEN_RISK: frozenset({dom.axes[OPEN_RISK].cells.index(YES)})},
                        "while an open screening question could lead to consult or avoid "
                        f"({OPEN_RISK} {YES!r})"))
    for r in acts:
        if r.then.value == STOP:
            continue
        found = _unstopped(r, space.boxes(r), regions, stops, dom)
        if found is not None:
            yield found


def _unstopped(r: Rule, boxes: Sequence[Box], regions: Sequence[tuple[Box, str]],
               stops: Sequence[Box], dom: Domain) -> Breach | None:
    for bad, why in regions:
        for box in boxes:
            region = intersect(box, bad, dom)
            if region is None:
                continue
            try:
                holes = uncovered(region, stops, dom)
            except TooComplexError:
                return Breach(r.id, "when", f"cannot prove that a stop fires with it {why} "
                              "(too complex)", "session", proven=False)
            if holes:
                return Breach(r.id, "when", f"advises {r.then.value!r} {why} and no stop rule "
                              "fires", "session", holes[0])
    return None
