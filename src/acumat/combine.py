"""What combining a rule set's firings needs, computed once per :class:`RuleSet`.

Evaluating a profile asks the engine which rules fire; turning those rules into a
verdict, winners and findings then needs, per fired rule, its verdict rank, its
topic's kind, its priority and the finding it records. None of that depends on the
profile, so it is computed once per rule set (a :class:`CombinePlan`, kept on the
rule set) and a call only looks it up. The plan holds no engine answers: every
decision is still made by the engine for each fact.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from acumat.advice import VERDICTS, Finding, Unanswered, Verdict
from acumat.facts import FACTS, FactSpec
from acumat.rules.model import Rule, Test, tests_of, to_dnf
from acumat.rules.topics import TOPICS, Stage
from acumat.trusted import trusted

if TYPE_CHECKING:
    from acumat.engine import Engine
    from acumat.evaluate import Parts
    from acumat.packs import ExtraQuestion
    from acumat.rules.ruleset import RuleSet
    from acumat.unanswered import OpenQuestion

#: What each verdict means for the person, after "If …: ".
CONSEQUENCE = {
    Verdict.SUITABLE: "nothing changes",
    Verdict.CAUTION: "use the mat only with care",
    Verdict.CONSULT: "see a doctor before using a mat",
    Verdict.AVOID: "do not use the mat",
}
_QUESTIONS = {s.field: s.question for s in FACTS.values() if s.field and s.question}
_ATTR = "_acumat_combine_plan"
Raising = list[tuple[int, frozenset[str], list[tuple[Test, ...]]]]
# fingerprint -> the level rules of that content (rule data only, no rule objects).
_RAISING: dict[str, Raising] = {}


class RuleInfo:
    """One rule as combining sees it (a plain class: cheaper to import than a dataclass)."""

    __slots__ = ("asks", "choice", "finding", "in_plan", "index", "priority", "rank", "reads",
                 "rule", "topic")

    def __init__(self, rule: Rule, rank: int, choice: bool, priority: int, finding: Finding,
                 reads: frozenset[str], index: int = -1) -> None:
        self.rule = rule
        #: The rule's position among its stage's rules (-1 for a rule the set does not hold).
        self.index = index
        #: Rank of the rule's level (0 suitable … 3 avoid), -1 when it sets none.
        self.rank = rank
        #: True for a rule of a choice topic (one winner per evaluation).
        self.choice = choice
        self.priority = priority
        #: The finding the rule records when no note applies (shared: findings are immutable).
        self.finding = finding
        #: Facts the rule's condition reads: a note on one of them is added to its detail.
        self.reads = reads
        # Copied from the rule model: a read here skips pydantic's attribute hook.
        self.topic: str = rule.topic
        self.asks: str | None = rule.then.asks
        #: True for a rule of a ``plan.*`` topic (it shapes the session plan).
        self.in_plan = rule.topic.startswith("plan.")


def _finding(rule: Rule, detail: str) -> Finding:
    # From a validated rule: every value already has the type Finding declares.
    then = rule.then
    return trusted(Finding, {"rule_id": rule.id, "topic": rule.topic, "level": then.level,
                             "summary": then.summary, "detail": detail,
                             "sources": rule.sources, "basis": rule.basis})


#: id(rule) -> (the rule, the facts its tests read, in order, one per test): what
#: finding_with_notes looks notes up by. The rule is kept so that its id is not reused.
_READ_ORDER: dict[int, tuple[Rule, tuple[str, ...]]] = {}


def _read_order(rule: Rule) -> tuple[str, ...]:
    found = _READ_ORDER.get(id(rule))
    if found is None or found[0] is not rule:
        if len(_READ_ORDER) >= 4096:
            _READ_ORDER.clear()
        found = _READ_ORDER[id(rule)] = (rule, tuple(t.fact for t in tests_of(rule.when)))
    return found[1]


def finding_with_notes(rule: Rule, notes: dict[str, list[str]]) -> Finding | None:
    """The rule's finding with the notes on the facts it reads added, or None if none apply."""
    extra = [n for f in _read_order(rule) for n in notes.get(f, ())]
    if not extra:
        return None
    detail = rule.then.detail
    detail = (detail + " " if detail else "") + " ".join(dict.fromkeys(extra))
    return _finding(rule, detail)


class CombinePlan:
    """Everything about one rule set that combining its firings needs (see module doc)."""

    __slots__ = ("_asking", "_asks", "_bounds", "_if_yes", "_probes", "_ranks", "_ruleset",
                 "_screening", "_stages", "bounded", "extra_defaults", "findings", "info",
                 "questions", "screened", "sessions", "shown")

    def __init__(self, rules: RuleSet, info: dict[int, RuleInfo],
                 questions: dict[str, ExtraQuestion], extra_defaults: dict[str, str | int]) -> None:
        # A weak reference: the plan is kept on the rule set, and a strong one back would make
        # every rule set a reference cycle, freed only by the cyclic GC (memory piles up).
        self._ruleset = weakref.ref(rules)
        #: id(rule) -> its info; each info holds its rule, so the id is never reused meanwhile.
        self.info = info
        #: Extra questions by name, and the facts they give when not answered.
        self.questions = questions
        self.extra_defaults = extra_defaults
        self._if_yes: dict[tuple[str, Verdict], str] = {}
        self._asks: dict[tuple[str, Verdict], Unanswered] = {}
        self._asking: dict[tuple[int, Verdict], Finding] = {}
        self._probes: dict[str, Probe] = {}
        self._bounds: Subset | None = None
        #: Fired guidance rules (positions) -> what recommend() shows for them (mat, plan, ...).
        self.shown: dict[tuple[int, ...], Any] = {}
        #: Fired screening rules (positions) -> (the rules, their infos, verdict rank, fields
        #: asked).
        self.screened: dict[tuple[int, ...], tuple[list[Rule], list[RuleInfo], int, list[str]]] = {}
        #: Stage -> (its engine, None without rules; whether the second opinion checks it).
        self._stages: dict[str, tuple[Engine | None, bool]] = {}
        #: Fired plan-minute rules (positions in the bounds subset) -> (start, target, step).
        self.bounded: dict[tuple[int, ...], tuple[int, int, int]] = {}
        #: Fired session rules (positions) -> what next_session() makes of them.
        self.sessions: dict[tuple[int, ...], Any] = {}
        #: (fired screening rules, open questions' verdicts) -> the screening findings and
        #: the open questions as shown.
        self.findings: dict[tuple[object, ...], Parts] = {}
        #: The info of each screening rule, by position; and its rank.
        self._screening = tuple(info[id(r)] for r in rules.stage("profile"))
        self._ranks = [i.rank for i in self._screening]

    def screening_of(self, fired: tuple[int, ...]
                     ) -> tuple[list[Rule], list[RuleInfo], int, list[str]]:
        """What the screening rules at positions ``fired`` mean: the rules, their infos,
        the verdict rank (0 when none sets a level) and the fields they ask, each once.
        Remembered per set of positions."""
        found = self.screened.get(fired)
        if found is None:
            infos = self._screening
            sinfo: list[RuleInfo] = []
            rules: list[Rule] = []
            asked: dict[str, None] = {}
            rank = 0
            for k in fired:
                i = infos[k]
                sinfo.append(i)
                rules.append(i.rule)
                if i.rank > rank:
                    rank = i.rank
                if i.asks:
                    asked[i.asks] = None
            if len(self.screened) >= 4096:
                self.screened.clear()
            found = self.screened[fired] = (rules, sinfo, rank, list(asked))
        return found

    @property
    def rules(self) -> RuleSet:
        """The rule set this plan belongs to (alive while anyone uses the plan through it)."""
        rules = self._ruleset()
        if rules is None:
            raise RuntimeError("the rule set of this combine plan no longer exists")
        return rules

    def fire(self, stage: Stage, fact: Mapping[str, str | int]) -> list[int]:
        """Positions of the rules of ``stage`` that fire for ``fact``: what
        :meth:`RuleSet.fire` gives (durable-rules, with the second opinion where the rule
        set checks that stage), as positions among the stage's rules."""
        found = self._stages.get(stage)
        if found is None:
            rules = self.rules
            found = self._stages[stage] = ((rules.engine(stage) if rules.stage(stage) else None),
                                           stage in rules.checked_stages)
        engine, check = found
        return [] if engine is None else engine.fired(fact, check=check)

    def infos(self, fired: list[Rule]) -> list[RuleInfo]:
        """The info of each fired rule, in the same order."""
        info = self.info
        try:
            return [info[id(r)] for r in fired]
        except KeyError:
            # A rule object this rule set does not hold (equal content): describe it too.
            for r in fired:
                if id(r) not in info:
                    info[id(r)] = _info(r)
            return [info[id(r)] for r in fired]

    def raising(self) -> Raising:
        """The screening rules that set a level, worst level first: (rank, facts it reads,
        its condition as conjunctions), for the open-question search. Shared by rule sets
        of the same content (built once, not per identical rule set)."""
        key = self.rules.fingerprint
        found = _RAISING.get(key)
        if found is None:
            found = [(i.rank, i.reads, to_dnf(i.rule.when))
                     for r in self.rules.stage("profile") if (i := self.info[id(r)]).rank >= 0]
            found.sort(key=lambda x: -x[0])  # stable: definition order within a level
            if len(_RAISING) >= 64:
                _RAISING.pop(next(iter(_RAISING)))
            _RAISING[key] = found
        return found

    def probe(self, field: str) -> Probe:
        """The screening rules an answer to ``field`` can change, with their own engine."""
        found = self._probes.get(field)
        if found is None:
            from acumat.engine import shared_engine

            rules = self.rules
            free = {s.name: s for s in rules.facts.values()
                    if s.field == field and s.stage == "profile"}
            stage = rules.stage("profile")
            index = tuple(i for i, r in enumerate(stage) if not self.info[id(r)].reads.isdisjoint(free))
            engine = shared_engine([stage[i].when for i in index]) if index else None
            raising = [(i.rank, i.reads, to_dnf(i.rule.when))
                       for i in (self.info[id(stage[k])] for k in index) if i.rank >= 0]
            raising.sort(key=lambda x: -x[0])  # stable: definition order within a level
            reads = tuple(sorted({t.fact for k in index for t in tests_of(stage[k].when)}))
            found = self._probes[field] = Probe(free, index, engine,
                                                "profile" in rules.checked_stages, raising, reads)
        return found

    def bounds(self) -> Subset:
        """The guidance rules that decide the plan's start, target and step minutes, with an
        engine of their own (their winners depend on these rules alone)."""
        found = self._bounds
        if found is None:
            rules = self.rules
            stage = rules.stage("guidance")
            index = tuple(i for i, r in enumerate(stage) if r.topic in BOUND_TOPICS)
            found = self._bounds = Subset(stage, index, "guidance" in rules.checked_stages)
        return found

    def rank_at(self, fired: list[int]) -> int:
        """The verdict rank (0 suitable … 3 avoid) of the screening rules at positions ``fired``."""
        ranks = self._ranks
        return max([ranks[i] for i in fired], default=0) if fired else 0

    def if_yes(self, field: str, verdict: Verdict) -> str:
        """A sentence on what the riskiest answer to ``field`` would mean."""
        key = (field, verdict)
        text = self._if_yes.get(key)
        if text is None:
            text = self._if_yes[key] = if_yes_text(self.rules, field, verdict)
        return text

    def question(self, field: str) -> str:
        """The question to ask for a profile field."""
        for q in self.rules.questions:
            if q.field == field:
                return q.question
        return _QUESTIONS.get(field, f"Please answer: {field}")

    def ask(self, field: str, verdict: Verdict) -> Unanswered:
        """The open question ``field`` whose riskiest answer leads to ``verdict`` (shared)."""
        key = (field, verdict)
        found = self._asks.get(key)
        if found is None:
            found = self._asks[key] = Unanswered(
                field=field, question=self.question(field), if_yes=self.if_yes(field, verdict),
                if_yes_verdict=verdict)
        return found

    def asking_finding(self, info: RuleInfo, base: Finding, verdict: Verdict,
                       shared: bool) -> Finding:
        """An asking rule's finding, its detail saying what "yes" would mean."""
        key = (id(info.rule), verdict)
        if shared:
            found = self._asking.get(key)
            if found is not None:
                return found
        text = self.if_yes(info.asks or "", verdict)
        found = trusted(Finding, {**base.__dict__, "detail": f"{base.detail} {text}".strip()})
        if shared:
            self._asking[key] = found
        return found


#: The plan topics a session's minutes are worked out from.
BOUND_TOPICS = frozenset({"plan.start", "plan.target", "plan.step"})


class Subset:
    """Some rules of one stage, with a durable-rules engine of their own (shared by content)."""

    __slots__ = ("check", "engine", "index", "rules")

    def __init__(self, stage: tuple[Rule, ...], index: tuple[int, ...], check: bool) -> None:
        from acumat.engine import shared_engine

        #: Positions of the rules among the stage's rules, and the rules.
        self.index = index
        self.rules = tuple(stage[i] for i in index)
        self.engine = shared_engine([r.when for r in self.rules]) if index else None
        self.check = check

    def fired(self, fact: Mapping[str, str | int]) -> list[int]:
        """Positions (among the subset's rules) of the rules that fire for ``fact``."""
        if self.engine is None:
            return []
        return self.engine.fired(fact, check=self.check)


class Probe:
    """The screening rules that read the facts of one profile field, and an engine of their own.

    Answering only that field leaves every other screening rule as the screening
    evaluation found it (its condition reads none of the changed facts), so trying an
    answer needs the engine on these rules alone: a smaller fact and fewer rules.
    """

    __slots__ = ("answers", "check", "context", "decided_by", "engine", "free", "index", "members",
                 "memo", "outcomes", "raising", "reads")

    def __init__(self, free: dict[str, FactSpec], index: tuple[int, ...], engine: Engine | None,
                 check: bool, raising: Raising, reads: tuple[str, ...]) -> None:
        from acumat.engine import values_getter  # a module-level import would be circular

        #: The facts that come from the field, by name.
        self.free = free
        #: Positions (among the screening rules) of the rules that read one of them.
        self.index = index
        self.members = frozenset(index)
        self.engine = engine
        self.check = check
        #: The level rules among them, worst level first (as :meth:`CombinePlan.raising`).
        self.raising = raising
        #: Every fact the probed rules read (what their engine is given).
        self.reads = reads
        outside = sorted({t.fact for _, _, dnf in raising for conj in dnf for t in conj} - set(free))
        #: The values the riskiest answer depends on besides the field's own facts.
        self.context: Callable[[Mapping[str, str | int]], tuple[str | int, ...]] = (
            values_getter(tuple(outside)))
        #: What-if fact text -> durable-rules' answer for it (see Engine.fired_remembered).
        self.memo: dict[str, list[int]] = {}
        #: (verdict rank, *context) -> the riskiest answer found (None: none raises it).
        self.answers: dict[tuple[str | int, ...], dict[str, str | int] | None] = {}
        #: The values an open question's outcome depends on: the context and every fact the
        #: probed rules read.
        self.decided_by: Callable[[Mapping[str, str | int]], tuple[str | int, ...]] = (
            values_getter(tuple(sorted(set(outside) | set(reads)))))
        #: (verdict rank, *decided_by) -> (the verdict rank of the riskiest answer, the open
        #: question with that verdict and answer).
        self.outcomes: dict[tuple[str | int, ...], tuple[int, OpenQuestion]] = {}

    def forget(self) -> None:
        """Drop every remembered answer (riskiest answers, outcomes, the engine's answers)."""
        self.answers.clear()
        self.outcomes.clear()
        self.memo.clear()

    def fired(self, fact: Mapping[str, str | int]) -> list[int]:
        """Positions of the probed rules that fire for the what-if ``fact``, via durable-rules
        (its answer remembered per distinct what-if fact: they recur across profiles)."""
        if self.engine is None:
            return []
        index = self.index
        return [index[j] for j in self.engine.fired_remembered(fact, self.memo, check=self.check)]


def if_yes_text(rules: RuleSet, field: str, verdict: Verdict) -> str:
    """A sentence on what the riskiest answer to ``field`` would mean."""
    spec = next((s for s in rules.facts.values() if s.field == field and s.if_yes), None)
    if spec is not None and spec.if_yes:
        cond = spec.if_yes
    else:
        question = next((q for q in rules.questions if q.field == field), None)
        if question is not None and question.kind == "yes_no":
            cond = f"If the answer to '{question.question}' is yes"
        elif question is not None:
            cond = f"Depending on the answer to '{question.question}'"
        else:
            cond = f"Depending on the answer about {field}"
    return f"{cond}: {CONSEQUENCE[verdict]}."


def _info(r: Rule, index: int = -1) -> RuleInfo:
    level = r.then.level
    return RuleInfo(rule=r, rank=-1 if level is None else level.rank,
                    choice=TOPICS[r.topic].kind == "choice", priority=r.priority,
                    finding=_finding(r, r.then.detail),
                    reads=frozenset(t.fact for t in tests_of(r.when)), index=index)


def _build(rules: RuleSet) -> CombinePlan:
    info: dict[int, RuleInfo] = {}
    stages: tuple[Stage, ...] = ("profile", "guidance", "session")
    for stage in stages:
        for i, r in enumerate(rules.stage(stage)):
            info[id(r)] = _info(r, i)
    for r in rules.rules:  # a rule of no stage (none today): described all the same
        if id(r) not in info:
            info[id(r)] = _info(r)
    questions = {q.name: q for q in rules.questions}
    defaults = {q.fact: q.value_of(None) for q in rules.questions}
    return CombinePlan(rules, info, questions, defaults)


def plan_of(rules: RuleSet) -> CombinePlan:
    """The combine plan of ``rules``, built on first use and kept on the rule set."""
    plan: CombinePlan | None = rules.__dict__.get(_ATTR)
    if plan is None:
        plan = _build(rules)
        # RuleSet is immutable to its users; the plan is derived data, not a change to it.
        object.__setattr__(rules, _ATTR, plan)
    return plan


def verdict_of_rank(rank: int) -> Verdict:
    """The verdict of a rank (below 0: suitable)."""
    return VERDICTS[rank if rank > 0 else 0]
