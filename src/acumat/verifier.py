"""Static checks of a rule set over its finite fact domain (exact, not sampled).

The machinery behind :func:`acumat.verify` (the thin :mod:`acumat.verify` imports this
module on its first call). Like the Drools Verifier, it reports rules that cannot work as
meant: unknown names, unreachable rules, conflicts and gaps in single-winner topics,
redundant rules, and breaches of the safety invariants of :mod:`acumat.safety`
(nothing may lower a verdict; an unanswered safety question is never safer than a
"no" and is asked; a stop is never lost, also while an open question could lead to
consult or avoid; the default safety and stop rules stay a floor). A RuleSet that
breaks one of those cannot be built; :func:`acumat.verify` reports every breach of a pack
or rule list checked against the default rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from acumat.domain import Box, Domain, TooComplexError, intersect, uncovered
from acumat.errors import RuleError
from acumat.facts import FactSpec
from acumat.packs import Pack, RuleFileError, load_rules, rules_of
from acumat.rules import default_rules
from acumat.rules.checks import _check_rule, _fact_specs, validate_rules
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS, Stage
from acumat.safety import Space, breaches

Kind = Literal["invalid", "unknown", "unreachable", "conflict", "gap", "redundant", "safety"]

class VerifyFinding(BaseModel):
    """One problem found by :func:`acumat.verify`."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    severity: Literal["error", "warning"]
    rules: tuple[str, ...]
    message: str
    example: dict[str, Any] | None = None


class VerifyReport(BaseModel):
    """The result of :func:`acumat.verify`: ``ok`` when no finding is an error."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    rules_checked: int
    findings: tuple[VerifyFinding, ...]

    def text(self) -> str:
        """The report as plain text."""
        head = (f"{'OK' if self.ok else 'ERRORS'}: {self.rules_checked} rules checked, "
                f"{len(self.findings)} finding(s)")
        lines = [head]
        for f in self.findings:
            lines.append(f"- {f.severity} [{f.kind}] {', '.join(f.rules) or '-'}: {f.message}")
            if f.example:
                lines.append(f"    example: {f.example}")
        return "\n".join(lines) + "\n"


def _profile_example(facts: dict[str, str | int], box: Box, dom: Domain,
                     rs: RuleSet | None) -> dict[str, Any]:
    # The facts the rules read, and a complete profile (plus history for session facts) that
    # gives them: usable as is with recommend() / next_session(..., on=example_profiles.ON).
    # Without a rule set (one too broken to build) the profile is built from the facts alone.
    from acumat.example_profiles import NoExampleError, example_for, profile_for

    found = example_for(box, dom, rs) if rs is not None else None
    if found is None and rs is None:
        try:
            return {"facts": facts, "profile": profile_for(facts)}
        except NoExampleError:
            pass
    if found is None:
        return {"facts": facts, "profile": None,
                "note": "no profile gives exactly these facts (they are never derived together)"}
    return {"facts": facts, **{k: v for k, v in found.items() if k != "facts"}}


def _ruleset_of(checker: object) -> RuleSet | None:
    # The checked rules as a RuleSet, to build and check example profiles; None if refused.
    rs = getattr(checker, "rs", None)
    if rs is not None:
        return rs  # type: ignore[no-any-return]
    rules, facts = getattr(checker, "rules", None), getattr(checker, "facts", None)
    if rules is None or facts is None:
        return None
    from acumat.errors import AcumatError
    from acumat.facts import TRI
    from acumat.packs import ExtraQuestion
    from acumat.rules.ruleset import RuleSet

    questions = []
    for spec in facts.values():
        if not (spec.field or "").startswith("extra.") or not spec.question:
            continue
        kind = "number" if spec.is_int else ("yes_no" if spec.values == TRI else "choice")
        questions.append(ExtraQuestion(
            name=spec.field[6:], question=spec.question, kind=kind, safety=spec.safety,
            choices=tuple(v for v in spec.values if v != "unknown") if kind == "choice" else (),
            high=spec.high if kind == "number" else 100))
    try:
        return RuleSet(rules, questions=questions, duration=getattr(checker, "duration", "U4"))
    except (AcumatError, ValueError):
        return None


class _Checker:
    def __init__(self, rules: Sequence[Rule], facts: Mapping[str, FactSpec],
                 floor: Sequence[Rule] = (), duration: Literal["U4", "U5"] = "U4") -> None:
        self.rules = tuple(rules)
        self.duration = duration
        self.ids = tuple(r.id for r in self.rules)
        self.facts = facts
        self.floor = tuple(floor)
        self.out: list[VerifyFinding] = []
        self.space = Space(self.rules, facts, self.floor)
        self.dom: dict[Stage, Domain] = self.space.dom
        self.boxes: dict[str, list[Box]] = {r.id: self.space.boxes(r) for r in self.rules}

    @staticmethod
    def stage(r: Rule) -> Stage:
        return TOPICS[r.topic].stage

    def add(self, kind: Kind, severity: Literal["error", "warning"], rules: Iterable[str],
            message: str, box: Box | None = None, stage: Stage = "profile") -> None:
        example = (_profile_example(self.dom[stage].example(box), box, self.dom[stage],
                                    _ruleset_of(self))
                   if box is not None else None)
        self.out.append(VerifyFinding(kind=kind, severity=severity, rules=tuple(rules),
                                      message=message, example=example))

    def unreachable(self) -> None:
        for r in self.rules:
            if not self.boxes[r.id] and (self.stage(r) != "guidance" or r.topic == "safety"):
                self.add("unreachable", "warning", [r.id], "no fact combination satisfies the "
                         "condition: the rule can never fire")
            elif not self.boxes[r.id]:
                self.add("unreachable", "warning", [r.id], "the rule can never fire when a mat "
                         "may be used (verdict suitable or caution)")

    def conflicts(self) -> None:
        rules = [r for r in self.rules if TOPICS[r.topic].kind == "choice"]
        for i, a in enumerate(rules):
            for b in rules[i + 1:]:
                if a.topic != b.topic or a.priority != b.priority or a.then.value == b.then.value:
                    continue
                dom = self.dom[self.stage(a)]
                for ba in self.boxes[a.id]:
                    hit = next((x for bb in self.boxes[b.id]
                                if (x := intersect(ba, bb, dom)) is not None), None)
                    if hit is not None:
                        self.add("conflict", "error", [a.id, b.id],
                                 f"both can fire for topic {a.topic!r} with equal priority "
                                 f"{a.priority} but give {a.then.value!r} and {b.then.value!r}",
                                 hit, self.stage(a))
                        break

    def gaps(self) -> None:
        for name, spec in TOPICS.items():
            if spec.kind != "choice" or spec.stage == "profile":
                continue
            members = [r for r in self.rules if r.topic == name]
            cover = [b for r in members for b in self.boxes[r.id]]
            try:
                holes = uncovered({}, cover, self.dom[spec.stage])
            except TooComplexError:
                self.add("gap", "warning", [r.id for r in members],
                         f"topic {name!r} is too complex to check for gaps exactly")
                continue
            if holes:
                self.add("gap", "error", [r.id for r in members],
                         f"no rule decides {name!r} for some facts ({len(holes)} region(s))",
                         holes[0], spec.stage)

    def redundant(self) -> None:
        for a in self.rules:
            for b in self.rules:
                if a is b or a.topic != b.topic or not self.boxes[a.id]:
                    continue
                same = (a.then.level, a.then.value) == (b.then.level, b.then.value)
                if TOPICS[a.topic].kind in ("info", "list") or (
                        TOPICS[a.topic].kind == "verdict" and a.then.level is None):
                    same = same and a.then.summary == b.then.summary
                if not same or b.priority < a.priority:
                    continue
                dom = self.dom[self.stage(a)]
                try:
                    if all(not uncovered(x, self.boxes[b.id], dom) for x in self.boxes[a.id]):
                        if b.priority == a.priority and self.ids.index(b.id) > \
                                self.ids.index(a.id) and a.id in self._subsumes(b, a):
                            continue  # mutual: report once, on the later rule
                        self.add("redundant", "warning", [a.id, b.id],
                                 f"{a.id!r} adds nothing: {b.id!r} fires whenever it does, "
                                 "with the same outcome")
                        break
                except TooComplexError:
                    continue

    def _subsumes(self, a: Rule, b: Rule) -> set[str]:
        dom = self.dom[self.stage(a)]
        ok = all(not uncovered(x, self.boxes[a.id], dom) for x in self.boxes[b.id])
        return {b.id} if ok else set()

    def safety(self) -> None:
        # The same proofs RuleSet construction enforces (acumat.safety), all reported.
        for b in breaches(self.space, floor=self.floor):
            message = f"{b.message}; {b.fix}" if b.fix else b.message
            self.add("safety", "error" if b.proven else "warning",
                     [b.rule_id] if b.rule_id else [], message, b.box, b.stage)
        if not self.floor:
            self.unlike_source()

    def unlike_source(self) -> None:
        # A rule set built from scratch need not hold the source's safety rules; say which
        # it lacks, and flag one it holds at a lower level.
        by_id = {r.id: r for r in self.rules}
        for r in default_rules(self.duration).rules:
            if r.topic != "safety" or r.then.level is None or r.basis != "stated":
                continue
            now = by_id.get(r.id)
            if now is None:
                self.add("safety", "warning", [r.id], f"the source's safety rule {r.id!r} "
                         f"({', '.join(r.sources)}) is not in this rule set")
            elif now.then.level is None or now.then.level < r.then.level:
                self.add("safety", "error", [r.id],
                         f"{r.id!r} is replaced by a rule with a lower level "
                         f"({now.then.level} < {r.then.level.value})")

    def run(self) -> VerifyReport:
        self.unreachable()
        self.conflicts()
        self.gaps()
        self.redundant()
        self.safety()
        return VerifyReport(ok=not any(f.severity == "error" for f in self.out),
                            rules_checked=len(self.rules), findings=tuple(self.out))


def _invalid(findings: list[VerifyFinding], n: int) -> VerifyReport:
    return VerifyReport(ok=False, rules_checked=n, findings=tuple(findings))


def verify_rules(rules: RuleSet | Pack | Iterable[Rule] | str | Path | None = None, *,
                 duration: Literal["U4", "U5"] = "U4") -> VerifyReport:
    """What :func:`acumat.verify` returns for ``rules`` and ``duration`` (see there)."""
    if rules is None:
        rules = default_rules(duration)
    if isinstance(rules, str | Path):
        try:
            rules = load_rules(rules)
        except RuleFileError as exc:
            kind: Kind = "unknown" if exc.field in ("when", "topic", "sources", "then.value",
                                                    "then.level") else "invalid"
            return _invalid([VerifyFinding(kind=kind, severity="error",
                                           rules=(exc.rule_id,) if exc.rule_id else (),
                                           message=str(exc))], 0)
    if not isinstance(rules, RuleSet):
        pack_rules, questions = rules_of(rules)
        base = default_rules(duration)
        facts = _fact_specs((*base.questions, *questions))
        bad = []
        for r in pack_rules:
            try:
                _check_rule(r, facts)
            except RuleError as exc:
                bad.append(VerifyFinding(kind="unknown", severity="error", rules=(r.id,),
                                         message=str(exc)))
        if bad:
            return _invalid(bad, len(pack_rules))
        all_rules = (*base.rules, *pack_rules)
        all_questions = (*base.questions, *questions)
        try:
            validate_rules(all_rules, all_questions)
        except RuleError as exc:
            return _invalid([VerifyFinding(kind="invalid", severity="error",
                                           rules=(exc.rule_id,) if exc.rule_id else (),
                                           message=str(exc))], len(pack_rules))
        # Checked as the rule set with_pack would build, without building it: a pack
        # that breaks a safety invariant cannot become a RuleSet, but is reported in full.
        return _Checker(all_rules, facts, base._floor_for_derived(), duration).run()
    return _Checker(rules.rules, rules.facts, rules.floor or rules._floor_for_derived(),
                    rules.duration).run()
