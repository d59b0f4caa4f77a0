"""Exact change impact between two rule sets, over the whole finite fact domain.

:func:`diff` splits the fact domain into boxes (see :mod:`acumat.domain`) on
which each rule set's verdict, its worst case over the open questions, each
changed mat or plan choice and the next-session action are constant, and
reports every region where the two rule sets decide differently, with the rules
responsible on each side and a complete example that reproduces it.
"""

from __future__ import annotations

import itertools
from typing import Any

from acumat.advice import Verdict
from acumat.domain import Box, Domain, TooComplexError, intersect
from acumat.evaluate import recommend
from acumat.example_profiles import ON, asked_only, example_for
from acumat.impact_partitions import (
    CUTS,
    Piece,
    coupled,
    merge,
    minute_cuts,
    pairs,
    verdict_pieces,
    winner_pieces,
)
from acumat.impact_report import DiffReport, Kind, Region, TextChange
from acumat.profile import UserProfile
from acumat.progress import next_session
from acumat.rules.model import Rule
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS

__all__ = ["DiffReport", "Region", "TextChange", "diff"]

#: Boxes of one region tried for an example before giving up (bounds the run time).
_TRIES = 6
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
        self.dom = Domain(specs, (*old.rules, *new.rules, CUTS, *minute_cuts(old, new)))
        # Examples answer the questions of both sides; each side reads the ones it asks.
        self.questions = tuple({q.name: q for q in (*old.questions, *new.questions)}.values())
        self.groups: dict[tuple[Any, ...], list[Box]] = {}
        self.coupled = coupled(self.dom)
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
        vo, vn = verdict_pieces(self.old, dom), verdict_pieces(self.new, dom)
        same: list[Box] = []
        for box, po, pn in pairs(vo, vn, dom):
            if po.key != pn.key:
                self._add(("verdict", po.key, pn.key, (), pn.rules), box, po.rules)
            else:
                same.append({**box, "verdict": frozenset({dom.axes["verdict"].cells.index(po.key[0].value)})})
        usable = [b for b in same if dom.axes["verdict"].cells[min(b["verdict"])] in ("suitable", "caution")]
        for topic in self.topics_changed():
            spec = TOPICS[topic]
            if spec.kind == "choice":
                old_w, new_w = winner_pieces(self.old, topic, dom), winner_pieces(self.new, topic, dom)
                for box, po, pn in pairs(old_w, new_w, dom):
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
        starts, targets = winner_pieces(rs, "plan.start", dom), winner_pieces(rs, "plan.target", dom)
        for box, ps, pt in pairs(starts, targets, dom):
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
        wo, wn = winner_pieces(self.old, "session.action", dom), winner_pieces(self.new, "session.action", dom)
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

    def _session_pairs(self, wo: list[Piece], wn: list[Piece], bo: Box, bn: Box, fo: Box,
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
        boxes = merge(boxes, self.dom)
        ex = None
        # Plan-driven session regions hold the old side's derived facts: build with its plan.
        side = self.old if key[-1] == "plan" else self.new
        for b in sorted(boxes, key=self._unlikely)[:_TRIES]:
            ex = example_for(b, self.dom, side, self.questions)
            if ex is not None and self._differs(key, ex):
                break
            ex = None
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
        profile = UserProfile.model_validate(asked_only(ex["profile"], rs))
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


def _plan_digest(rec: Any) -> dict[str, Any] | None:
    p = rec.plan
    if p is None:
        return None
    return {"target_minutes": p.target_minutes, "weeks": [w.model_dump(mode="json") for w in p.weeks],
            "position": p.position, "stop_signs": list(p.stop_signs), "notes": list(p.notes)}


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
