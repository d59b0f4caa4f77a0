"""Exact change impact between two rule sets, over the whole finite fact domain.

:func:`diff` splits the fact domain into boxes (see :mod:`acumat.domain`) on
which each rule set's verdict, its worst case over the open questions, each
changed mat or plan choice and the next-session action are constant, and
reports every region where the two rule sets decide differently, with the rules
responsible on each side and a complete example that reproduces it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from acumat.advice import Verdict
from acumat.domain import Box, Domain, TooComplexError, intersect, uncovered
from acumat.evaluate import recommend
from acumat.example_profiles import ON, example_for
from acumat.facts import FACTS, UNKNOWN, FactSpec
from acumat.profile import Condition, UserProfile
from acumat.progress import next_session
from acumat.rules.model import Outcome, Rule, any_of, fact
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS

#: Boxes of one region tried for an example before giving up (bounds the run time).
_TRIES = 10
Kind = Literal["verdict", "mat", "plan", "session", "finding"]
_LEVELS = (Verdict.AVOID, Verdict.CONSULT, Verdict.CAUTION)
# Extra cuts so the coupled integer facts split where their bands do.
_CUTS = Rule(id="cuts", topic="safety", basis="interpreted", then=Outcome(summary="cuts"),
             when=any_of(*(fact("pain_severity").at_least(v) for v in (0, 1, 4, 7)),
                         fact("pain_weeks").at_least(0), fact("pain_weeks").at_least(12)))


class Region(BaseModel):
    """One region of answers where the two rule sets decide differently."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    change: str
    less_safe: bool
    old_rules: tuple[str, ...]
    new_rules: tuple[str, ...]
    old: dict[str, Any]
    new: dict[str, Any]
    where: tuple[dict[str, list[Any]], ...]
    example: dict[str, Any]

    def contains(self, facts: Mapping[str, str | int]) -> bool:
        """Whether a fact assignment (as :func:`acumat.facts.derive` makes) lies in the region."""
        return any(all(_fits(facts.get(k), allowed) for k, allowed in box.items()) for box in self.where)


def _fits(value: str | int | None, allowed: list[Any]) -> bool:
    if isinstance(value, int) and allowed and isinstance(allowed[0], list):
        return any(lo <= value <= hi for lo, hi in allowed)
    return value in allowed


class TextChange(BaseModel):
    """A rule kept with the same decision whose texts (summary, detail, sources, note…) changed."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    fields: tuple[str, ...]
    old: dict[str, Any]
    new: dict[str, Any]


class DiffReport(BaseModel):
    """What :func:`diff` found: decision regions (less safe first), text changes, rule ids."""

    model_config = ConfigDict(frozen=True)

    old: str
    new: str
    regions: tuple[Region, ...]
    text_changes: tuple[TextChange, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    unreachable_regions: int = 0

    @property
    def empty(self) -> bool:
        """True when the rule sets are the same: no region, no text change, same rules."""
        return not (self.regions or self.text_changes or self.added or self.removed or self.changed)

    def text(self) -> str:
        """The report as plain text."""
        lines = [f"diff {self.old} -> {self.new}: {len(self.regions)} decision region(s), "
                 f"{sum(r.less_safe for r in self.regions)} less safe, "
                 f"{len(self.text_changes)} text change(s)"]
        for label, ids in (("added", self.added), ("removed", self.removed), ("changed", self.changed)):
            if ids:
                lines.append(f"rules {label}: {', '.join(ids)}")
        for r in self.regions:
            mark = "LESS SAFE " if r.less_safe else ""
            lines.append(f"- {mark}[{r.kind}] {r.change}")
            lines.append(f"    old: {', '.join(r.old_rules) or '-'}; new: {', '.join(r.new_rules) or '-'}")
            lines.append(f"    where: {_where_text(r.where, FACTS)}")
            lines.append(f"    example: {_json(r.example)}")
        for t in self.text_changes:
            lines.append(f"- [text] {t.rule_id}: {', '.join(t.fields)} changed")
        if self.unreachable_regions:
            lines.append(f"({self.unreachable_regions} region(s) hold only fact combinations no "
                         "profile gives; not listed)")
        return "\n".join(lines) + "\n"


def _json(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _where_text(where: Sequence[dict[str, list[Any]]], specs: Mapping[str, FactSpec] | None = None) -> str:
    def one(name: str, allowed: list[Any]) -> str:
        if allowed and isinstance(allowed[0], list):
            return " or ".join(f"{name} {lo}" if lo == hi else f"{name} {lo}..{hi}" for lo, hi in allowed)
        spec = (specs or {}).get(name)
        rest = [v for v in (spec.values if spec else ()) if v not in allowed]
        if len(allowed) == 1:
            return f"{name}={allowed[0]}"
        if len(rest) == 1:
            return f"{name}≠{rest[0]}"
        return f"{name} in {{{', '.join(map(str, allowed))}}}"

    parts = [", ".join(one(k, v) for k, v in box.items()) or "always" for box in where[:2]]
    more = f" (+{len(where) - 2} more)" if len(where) > 2 else ""
    return " | ".join(f"[{p}]" for p in parts) + more


# -- partitions -------------------------------------------------------------------------

@dataclass(slots=True)
class _Piece:
    box: Box
    key: tuple[Any, ...]
    rules: tuple[str, ...]


def _disjoint(boxes: Sequence[tuple[Box, str]], above: list[Box], dom: Domain) -> list[tuple[Box, str]]:
    out: list[tuple[Box, str]] = []
    seen = list(above)
    for b, rid in boxes:
        out += [(p, rid) for p in uncovered(b, seen, dom)]
        seen.append(b)
    return out


def _lift(box: Box, dom: Domain, specs: Mapping[str, FactSpec]) -> Box:
    # Points whose open answers, all turned to their riskiest value, land in ``box``.
    out = dict(box)
    for k, cells in box.items():
        spec = specs.get(k)
        if spec is None or not spec.risk_order or UNKNOWN not in spec.values:
            continue
        ax = dom.axes[k]
        unk, top = ax.cells.index(UNKNOWN), ax.cells.index(spec.risk_order[-1])
        out[k] = (cells - {unk}) | ({unk} if top in cells else frozenset())
    return out


def _verdicts(rs: RuleSet, dom: Domain) -> list[_Piece]:
    """Disjoint pieces with (verdict, worst case reaches consult) constant, and the deciding rule."""
    safety = [r for r in rs.rules if r.topic == "safety" and r.then.level is not None]
    by_level = {lv: [(b, r.id) for r in safety if r.then.level == lv for b in dom.boxes(r)]
                for lv in _LEVELS}
    pieces: list[tuple[Box, Verdict, str]] = []
    above: list[Box] = []
    for lv in _LEVELS:
        pieces += [(b, lv, rid) for b, rid in _disjoint(by_level[lv], above, dom)]
        above += [b for b, _ in by_level[lv]]
    pieces += [(b, Verdict.SUITABLE, "") for b in uncovered({}, above, dom)]
    worst = [_lift(b, dom, rs.facts) for lv in _LEVELS[:2] for b, _ in by_level[lv]]
    inside = _disjoint([(w, "") for w in worst], [], dom)
    out: list[_Piece] = []
    for b, lv, rid in pieces:
        if lv >= Verdict.CONSULT:
            out.append(_Piece(b, (lv, None), (rid,)))
            continue
        for w, _ in inside:
            x = intersect(b, w, dom)
            if x is not None:
                out.append(_Piece(x, (lv, True), (rid,)))
        out += [_Piece(p, (lv, False), (rid,)) for p in uncovered(b, worst, dom)]
    return out


def _winners(rs: RuleSet, topic: str, dom: Domain) -> list[_Piece]:
    """Disjoint pieces of the domain with the topic's winner constant (key: its value)."""
    members = sorted((r for r in rs.rules if r.topic == topic), key=lambda r: -r.priority)
    boxes = [(b, r.id) for r in members for b in dom.boxes(r)]
    value = {r.id: r.then.value for r in members}
    out = [_Piece(b, (value[rid],), (rid,)) for b, rid in _disjoint(boxes, [], dom)]
    out += [_Piece(b, (None,), ()) for b in uncovered({}, [b for b, _ in boxes], dom)]
    return out


def _pairs(a: Iterable[_Piece], b: Iterable[_Piece], dom: Domain) -> Iterator[tuple[Box, _Piece, _Piece]]:
    blist = list(b)
    for pa in a:
        for pb in blist:
            x = intersect(pa.box, pb.box, dom)
            if x is not None:
                yield x, pa, pb


# -- the diff ---------------------------------------------------------------------------

def _decision(rule: Rule) -> tuple[Any, ...]:
    return (rule.topic, rule.when.model_dump_json(), rule.priority, rule.then.level,
            rule.then.value, rule.then.asks)


_TEXT_FIELDS = ("summary", "detail", "sources", "basis", "note")


def _text_of(rule: Rule) -> dict[str, Any]:
    return {"summary": rule.then.summary, "detail": rule.then.detail, "sources": list(rule.sources),
            "basis": rule.basis, "note": rule.note}


class _Differ:
    def __init__(self, old: RuleSet, new: RuleSet) -> None:
        self.old, self.new = old, new
        specs = {**old.facts, **new.facts}
        self.specs = specs
        self.dom = Domain(specs, (*old.rules, *new.rules, _CUTS, *_minute_cuts(old, new)))
        qs = {q.name: q for q in (*old.questions, *new.questions)}
        self.both = RuleSet(new.rules, questions=qs.values(), duration=new.duration, name=new.name) \
            if len(qs) > len(new.questions) else new
        self.both_old = RuleSet(old.rules, questions=qs.values(), duration=old.duration, name=old.name) \
            if len(qs) > len(old.questions) else old
        self.groups: dict[tuple[Any, ...], list[Box]] = {}
        self.coupled = _coupled(self.dom)
        self.old_rules: dict[tuple[Any, ...], dict[str, None]] = {}
        self._shown: dict[tuple[str, frozenset[int]], list[Any]] = {}
        self.unreachable = 0

    def topics_changed(self) -> list[str]:
        out = []
        for t in TOPICS:
            a = [_decision(r) for r in self.old.rules if r.topic == t]
            b = [_decision(r) for r in self.new.rules if r.topic == t]
            if a != b:
                out.append(t)
        return out

    def run(self) -> list[Region]:
        dom = self.dom
        vo, vn = _verdicts(self.old, dom), _verdicts(self.new, dom)
        same: list[Box] = []
        for box, po, pn in _pairs(vo, vn, dom):
            if po.key != pn.key:
                self._add(("verdict", po.key, pn.key, (), pn.rules), box, po.rules)
            else:
                same.append({**box, "verdict": frozenset({dom.axes["verdict"].cells.index(po.key[0].value)})})
        usable = [b for b in same if dom.axes["verdict"].cells[min(b["verdict"])] in ("suitable", "caution")]
        for topic in self.topics_changed():
            spec = TOPICS[topic]
            if spec.kind == "choice":
                for box, po, pn in _pairs(_winners(self.old, topic, dom), _winners(self.new, topic, dom), dom):
                    if po.key == pn.key:
                        continue
                    for s in (same if spec.stage == "session" else usable):
                        x = intersect(box, s, dom)
                        if x is not None:
                            self._add((topic, po.key, pn.key, po.rules, pn.rules), x)
            else:
                self._findings(topic, same if spec.stage == "session" else usable)
        if {"plan.start", "plan.target"} & set(self.topics_changed()):
            self._plan_sessions(same)
        return self._regions()

    def _numbers(self, rs: RuleSet) -> list[tuple[Box, int, int]]:
        # Guidance pieces with the plan's (start, target) constant, as next_session reads them.
        out = []
        dom = self.dom
        for box, ps, pt in _pairs(_winners(rs, "plan.start", dom), _winners(rs, "plan.target", dom), dom):
            if isinstance(ps.key[0], int) and isinstance(pt.key[0], int):
                out.append((box, min(ps.key[0], pt.key[0]), pt.key[0]))
        return out

    def _plan_sessions(self, same: list[Box]) -> None:
        """Session actions that change because the plan's start or target minutes changed.

        Facts next_session derives from the plan (at_target, above_start, over_target,
        day_over_target) are re-expressed through the last session's minutes and the
        day's total, which do not depend on the rule set.
        """
        dom = self.dom
        pairs: dict[tuple[int, int, int, int], list[Box]] = {}
        for bo, so, to in self._numbers(self.old):
            for bn, sn, tn in self._numbers(self.new):
                if (so, to) == (sn, tn) or (x := intersect(bo, bn, dom)) is None:
                    continue
                pairs.setdefault((so, to, sn, tn), []).extend(
                    y for s in same if (y := intersect(x, s, dom)) is not None)
        wo, wn = _winners(self.old, "session.action", dom), _winners(self.new, "session.action", dom)
        ax = dom.axes["last_minutes"]
        logged = frozenset({dom.axes["history"].cells.index("logged")})
        for (so, to, sn, tn), regions in pairs.items():
            cuts = sorted({1, so + 1, to, to + 1, sn + 1, tn, tn + 1, 121} & set(range(1, 122)))
            days = sorted({1, to + 1, tn + 1, 10**6})
            for a, b in itertools.pairwise(cuts):
                lm = frozenset(i for i, c in enumerate(ax.cells)
                               if isinstance(c, tuple) and a <= c[0] and c[1] <= b - 1)
                for c, _d in itertools.pairwise(days):
                    if _d - 1 < a or not lm:
                        continue
                    fo, fn = self._plan_facts(a, c, so, to), self._plan_facts(a, c, sn, tn)
                    base = {"last_minutes": lm, "history": logged}
                    self._session_pairs(wo, wn, {**base, **fo}, {**base, **fn}, fo, regions)

    def _plan_facts(self, minutes: int, day_total: int, start: int, target: int) -> Box:
        def cell(name: str, yes: bool) -> frozenset[int]:
            return frozenset({self.dom.axes[name].cells.index("yes" if yes else "no")})

        return {"at_target": cell("at_target", minutes >= target),
                "above_start": cell("above_start", minutes > start),
                "over_target": cell("over_target", minutes > target),
                "day_over_target": cell("day_over_target", day_total > target)}

    def _session_pairs(self, wo: list[_Piece], wn: list[_Piece], bo: Box, bn: Box, fo: Box,
                       regions: list[Box]) -> None:
        dom = self.dom
        derived = set(fo)
        for po in wo:
            xo = intersect(po.box, bo, dom)
            if xo is None:
                continue
            for pn in wn:
                if po.key == pn.key or (xn := intersect(pn.box, bn, dom)) is None:
                    continue
                common = intersect({k: v for k, v in xo.items() if k not in derived},
                                   {k: v for k, v in xn.items() if k not in derived}, dom)
                if common is None:
                    continue
                for r in regions:
                    z = intersect({**common, **fo}, r, dom)
                    if z is not None:
                        self._add(("session.action", po.key, pn.key, po.rules, pn.rules, "plan"), z)

    def _findings(self, topic: str, same: list[Box]) -> None:
        old = {(*_decision(r), r.then.summary): r for r in self.old.rules if r.topic == topic
               and r.then.level is None}
        new = {(*_decision(r), r.then.summary): r for r in self.new.rules if r.topic == topic
               and r.then.level is None}
        for key, r in [*((k, v) for k, v in old.items() if k not in new),
                       *((k, v) for k, v in new.items() if k not in old)]:
            side = "removed" if key in old else "added"
            for b in self.dom.boxes(r):
                for s in same:
                    x = intersect(b, s, self.dom)
                    if x is not None:
                        self._add(("finding:" + topic, side, r.id), x)

    def _add(self, key: tuple[Any, ...], box: Box, old_rules: tuple[str, ...] = ()) -> None:
        # Keep only fact combinations one profile can give (e.g. pain band "severe" with pain 7-10).
        parts = [box]
        for group in self.coupled:
            parts = [x for p in parts for g in group if (x := intersect(p, g, self.dom)) is not None]
        if parts:
            self.old_rules.setdefault(key, {}).update(dict.fromkeys(r for r in old_rules if r))
        self.groups.setdefault(key, []).extend(parts)

    def _regions(self) -> list[Region]:
        out = []
        for key, boxes in self.groups.items():
            region = self._region(key, boxes)
            if region is not None:
                out.append(region)
        out.sort(key=lambda r: (not r.less_safe, r.kind, r.change))
        return out

    def _region(self, key: tuple[Any, ...], boxes: list[Box]) -> Region | None:
        ex = None
        for b in sorted(boxes, key=self._unlikely)[:_TRIES]:
            for stage_box in self._with_session(key, b):
                # Plan-driven session regions hold the old side's derived facts: build with its plan.
                side = self.both_old if key[-1] == "plan" else self.both
                ex = example_for(stage_box, self.dom, side)
                if ex is not None and self._differs(key, ex):
                    break
                ex = None
            if ex is not None:
                break
        if ex is None:
            self.unreachable += 1
            return None
        old_o, new_o = self._outcome(self.old, ex), self._outcome(self.new, ex)
        kind, change, old_rules, new_rules, less = self._describe(key, old_o, new_o)
        example = {"profile": ex["profile"]}
        if "history" in ex:
            example.update(history=ex["history"], on=ON.isoformat())
        # Built from checked parts: skip re-validating thousands of boxes.
        return Region.model_construct(kind=kind, change=change, less_safe=less, old_rules=old_rules,
                                      new_rules=new_rules, old=old_o, new=new_o,
                                      where=tuple(self._where(b) for b in boxes), example=example)

    def _unlikely(self, box: Box) -> tuple[bool, bool]:
        # Try first the boxes most likely to hold a real profile: logged history, suitable verdict.
        def only(name: str, value: str) -> bool:
            ax = self.dom.axes.get(name)
            return ax is not None and name in box and {ax.cells[i] for i in box[name]} == {value}
        return only("history", "empty"), not only("verdict", "suitable")

    def _with_session(self, key: tuple[Any, ...], box: Box) -> Iterator[Box]:
        yield box

    def _differs(self, key: tuple[Any, ...], ex: dict[str, Any]) -> bool:
        # Only the part the region is about: an example must show that very change.
        o, n = self._outcome(self.old, ex), self._outcome(self.new, ex)
        topic = str(key[0])
        if topic == "verdict":
            parts: tuple[str, ...] = ("verdict", "mat", "plan")
        elif topic.startswith("mat."):
            parts = ("mat",)
        elif topic.startswith("plan."):
            parts = ("plan",)
        elif topic.startswith("session."):
            parts = ("action", "minutes")
        else:
            parts = ("findings",)
        return any(o.get(p) != n.get(p) for p in parts)

    def _outcome(self, rs: RuleSet, ex: dict[str, Any]) -> dict[str, Any]:
        profile = UserProfile.model_validate(_for(rs, ex["profile"]))
        rec = recommend(profile, rs)
        out: dict[str, Any] = {
            "verdict": rec.verdict.value,
            "mat": rec.mat.model_dump(mode="json") if rec.mat else None,
            "plan_minutes": [w.minutes for w in rec.plan.weeks] if rec.plan else None,
            "plan": _plan_digest(rec),
            "findings": sorted(f.rule_id for f in rec.findings),
        }
        if "history" in ex:
            adv = next_session(profile, ex["history"], on=ON, rules=rs)
            out["action"] = adv.action
            out["minutes"] = adv.minutes
            out["session_rules"] = [f.rule_id for f in adv.findings[:1]]
        return out

    def _describe(self, key: tuple[Any, ...], o: dict[str, Any], n: dict[str, Any]
                  ) -> tuple[Kind, str, tuple[str, ...], tuple[str, ...], bool]:
        if key[0] == "verdict":
            (vo, _), (vn, _), rn = key[1], key[2], key[4]
            ro = tuple(self.old_rules.get(key, {}))
            less = Verdict(vn) < Verdict(vo) or (o["mat"] is None and n["mat"] is not None)
            if vo != vn:
                change = f"verdict {vo.value} → {vn.value}"
            else:
                change = f"verdict {vo.value} (mat {'withheld' if o['mat'] is None else 'shown'} → " \
                         f"{'withheld' if n['mat'] is None else 'shown'})"
            return "verdict", change, tuple(x for x in ro if x), tuple(x for x in rn if x), less
        if key[0].startswith("finding:"):
            topic, side, rid = key[0][8:], key[1], key[2]
            less = side == "removed" and topic in ("plan.stop_sign", "session.rest")
            kind: Kind = "plan" if topic.startswith("plan.") else (
                "session" if topic.startswith("session.") else "finding")
            rules = (rid,)
            return kind, f"{topic}: finding {rid} {side}", rules if side == "removed" else (), \
                rules if side == "added" else (), less
        topic, (a,), (b,), ro, rn = key[:5]
        kind = "mat" if topic.startswith("mat.") else ("plan" if topic.startswith("plan.") else "session")
        less = topic == "session.action" and a == "stop" and b != "stop"
        return kind, f"{topic} {a} → {b}", ro, rn, less

    def _where(self, box: Box) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for k, cells in sorted(box.items()):
            ax = self.dom.axes[k].cells
            if len(cells) == len(ax):
                continue
            key = (k, cells)
            found = self._shown.get(key)
            if found is None:
                found = self._shown[key] = [list(c) if isinstance(c, tuple) else c
                                            for c in (ax[i] for i in sorted(cells))]
            out[k] = found
        return out


def _minute_cuts(*sets: RuleSet) -> list[Rule]:
    """Cuts of last_minutes at every plan start and target, so the plan-derived facts split there."""
    values = {int(r.then.value) for rs in sets for r in rs.rules
              if r.topic in ("plan.start", "plan.target") and isinstance(r.then.value, int)}
    if not values:
        return []
    tests = [fact("last_minutes").at_least(v) for v in sorted(values)] + \
        [fact("last_minutes").above(v) for v in sorted(values)]
    return [Rule(id="cuts.minutes", topic="session.note", basis="interpreted",
                 then=Outcome(summary="cuts"), when=any_of(*tests))]


def _coupled(dom: Domain) -> list[list[Box]]:
    """Facts derived from one answer, as the boxes of their possible combinations."""
    def cells(name: str, lo: int, hi: int) -> frozenset[int]:
        ax = dom.axes[name]
        return frozenset(i for i, c in enumerate(ax.cells)
                         if isinstance(c, tuple) and lo <= c[0] and c[1] <= hi)

    def val(name: str, *values: str) -> frozenset[int]:
        ax = dom.axes[name]
        return frozenset(i for i, c in enumerate(ax.cells) if c in values)

    # Neutral combinations first: the first box of a region gives the plainest example.
    bands = {"mild": (1, 3), "none": (0, 0), "moderate": (4, 6), "severe": (7, 10), UNKNOWN: (-1, -1)}
    pain = [{"pain_band": val("pain_band", b), "pain_severity": cells("pain_severity", lo, hi)}
            for b, (lo, hi) in bands.items()]
    weeks = [{"chronic_pain": val("chronic_pain", "no"), "pain_weeks": cells("pain_weeks", 0, 11)},
             {"chronic_pain": val("chronic_pain", UNKNOWN), "pain_weeks": cells("pain_weeks", -1, -1)},
             {"chronic_pain": val("chronic_pain", "yes"), "pain_weeks": cells("pain_weeks", 12, 10**9)}]
    listed = [{"blood_thinner_listed": val("blood_thinner_listed", "no")},
              {"blood_thinner_listed": val("blood_thinner_listed", "yes"),
               "blood_thinners": val("blood_thinners", "yes")}]
    conds = [c.value for c in Condition]
    conditions = [{c: val(c, "yes", "no") for c in conds}, {c: val(c, UNKNOWN) for c in conds}]
    return [pain, weeks, listed, conditions]


def _plan_digest(rec: Any) -> dict[str, Any] | None:
    p = rec.plan
    if p is None:
        return None
    return {"target_minutes": p.target_minutes, "weeks": [w.model_dump(mode="json") for w in p.weeks],
            "position": p.position, "stop_signs": list(p.stop_signs), "notes": list(p.notes)}


def _for(rs: RuleSet, profile: Mapping[str, Any]) -> dict[str, Any]:
    # A rule set without a pack's questions refuses their answers: drop the ones it does not ask.
    asked = {q.name for q in rs.questions}
    out = dict(profile)
    extra = {k: v for k, v in (profile.get("extra") or {}).items() if k in asked}
    out.pop("extra", None)
    if extra:
        out["extra"] = extra
    return out


def diff(old: RuleSet, new: RuleSet) -> DiffReport:
    """Every region of answers where ``old`` and ``new`` decide differently (exact).

    Compares the verdict (and whether its worst case over open questions reaches
    consult), every mat and plan choice and the next-session action, over the whole
    fact domain in boxes; each region names the rules responsible on each side and
    holds one complete example (profile, plus history and ``on`` for session
    changes). Less safe changes come first. Rules whose texts alone changed are
    listed as text changes.
    """
    for name, rs in (("old", old), ("new", new)):
        if not isinstance(rs, RuleSet):
            raise TypeError(f"{name} must be a RuleSet, not {type(rs).__name__}")
    d = _Differ(old, new)
    try:
        regions = d.run()
    except TooComplexError:
        raise ValueError("the change is too complex to compare exactly") from None
    ob, nb = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    texts, changed = [], []
    for rid in ob.keys() & nb.keys():
        a, b = ob[rid], nb[rid]
        if _decision(a) != _decision(b):
            changed.append(rid)
        elif a != b:
            ta, tb = _text_of(a), _text_of(b)
            fields = tuple(k for k in _TEXT_FIELDS if ta[k] != tb[k])
            texts.append(TextChange(rule_id=rid, fields=fields, old={k: ta[k] for k in fields},
                                    new={k: tb[k] for k in fields}))
    return DiffReport(old=f"{old.name} ({old.fingerprint})", new=f"{new.name} ({new.fingerprint})",
                      regions=tuple(regions), text_changes=tuple(sorted(texts, key=lambda t: t.rule_id)),
                      added=tuple(r for r in nb if r not in ob), removed=tuple(r for r in ob if r not in nb),
                      changed=tuple(sorted(changed)), unreachable_regions=d.unreachable)
