"""Fact assignment -> complete example profile (and history): the inverse of :mod:`acumat.facts`.

Static checks (:func:`acumat.verify`, :func:`acumat.diff`) reason over facts; a
person reproduces a finding with a profile. :func:`profile_for` builds the
profile whose derived facts are the given ones, :func:`history_for` the session
logs, and :func:`example_for` a complete example inside a box of the fact domain.
Facts an assignment leaves out get neutral answers: every screening question
answered "no", mild lower-back pain, no preferences, no therapies.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from acumat.advice import Verdict
from acumat.domain import Box, Domain
from acumat.errors import AcumatError
from acumat.evaluate import evaluate, plan_bounds
from acumat.facts import FACTS, NO, UNKNOWN, YES
from acumat.history import SessionLog, Symptom
from acumat.packs import ExtraQuestion
from acumat.profile import Condition, Therapy
from acumat.progress import RECENT_DAYS, session_fact
from acumat.rules.ruleset import RuleSet
from acumat.rules.topics import TOPICS

Facts = Mapping[str, str | int]

#: The planned session's day in example histories (any fixed day works).
ON = dt.date(2026, 3, 1)
_CONDITIONS = tuple(c.value for c in Condition)
_BANDS = {"none": (0, 0), "mild": (1, 3), "moderate": (4, 6), "severe": (7, 10)}
#: Preferred values of facts left free, first choice first.
_PREFER: dict[str, tuple[str | int, ...]] = {
    "pain_band": ("mild", "moderate", "none", "severe", UNKNOWN),
    "pain_region": ("lower", "middle", "upper", UNKNOWN),
    "intensity": (UNKNOWN, "gentle", "moderate", "strong"),
    "portable": (UNKNOWN, NO, YES),
    "chronic_pain": (NO, YES, UNKNOWN),
    "verdict": ("suitable", "caution", "consult", "avoid"),
    "history": ("logged", "empty"),
}


class NoExampleError(AcumatError, ValueError):
    """No profile (and history) has exactly these facts (e.g. ``pain_band`` severe with pain 2)."""


def _tri(v: str | int | None) -> bool | None:
    return None if v in (None, UNKNOWN) else v == YES


def asked_only(profile: Mapping[str, Any], rules: RuleSet) -> dict[str, Any]:
    """``profile`` without answers to extra questions ``rules`` does not ask (it refuses them)."""
    asked = {q.name for q in rules.questions}
    out = dict(profile)
    extra = {k: v for k, v in (profile.get("extra") or {}).items() if k in asked}
    out.pop("extra", None)
    if extra:
        out["extra"] = extra
    return out


def profile_for(facts: Facts, rules: RuleSet | None = None, *,
                questions: Sequence[ExtraQuestion] | None = None) -> dict[str, Any]:
    """A complete profile (JSON-able dict) whose profile-stage facts include ``facts``.

    ``rules`` (or ``questions``) supplies a pack's extra questions (facts ``extra_<name>``). Raises
    :class:`NoExampleError` when the facts cannot come from one profile.
    """
    f = dict(facts)
    conds = [f.get(c) for c in _CONDITIONS]
    if UNKNOWN in conds and any(c not in (None, UNKNOWN) for c in conds):
        raise NoExampleError("the conditions are one question: all unknown or all answered")
    listed = f.get("blood_thinner_listed") == YES
    if listed and f.get("blood_thinners", YES) != YES:
        raise NoExampleError("a listed blood thinner makes blood_thinners 'yes'")
    p: dict[str, Any] = {
        "pregnant": _tri(f.get("pregnant", NO)),
        "blood_thinners": True if listed else _tri(f.get("blood_thinners", NO)),
        # A name in a script acumat cannot read (Yi), for rule sets with an unreadable-name fact.
        "medications": (["warfarin"] if listed else [])
        + (["ꆈꌠ"] if f.get("medication_unreadable") == YES else []),
        "conditions": None if UNKNOWN in conds else [c for c, v in zip(_CONDITIONS, conds, strict=True)
                                                      if v == YES],
        "skin": {k: _tri(f.get(f"skin_{k}", NO)) for k in ("broken", "infection", "allergy", "sensitive")},
        "pain": _pain(f),
        "sessions_completed": int(f.get("sessions_completed", 0)),
        "preferences": {"intensity": None if f.get("intensity", UNKNOWN) == UNKNOWN else f["intensity"],
                        "portable": _tri(f.get("portable", UNKNOWN))},
        "therapies": [t.value for t in Therapy if f.get(f"therapy_{t.value}") == YES],
    }
    extra: dict[str, Any] = {}
    if questions is None:
        questions = rules.questions if rules is not None else ()
    for q in questions:
        v = f.get(q.fact)
        if q.kind == "yes_no":
            extra[q.name] = _tri(v if v is not None else NO)
        elif q.kind == "choice":
            extra[q.name] = None if v in (None, UNKNOWN) else v
        else:
            extra[q.name] = None if v in (None, -1) else int(v)
    if extra:
        p["extra"] = extra
    return p


def _pain(f: dict[str, str | int]) -> dict[str, Any]:
    band, sev = f.get("pain_band"), f.get("pain_severity")
    if isinstance(sev, int) and sev >= 0:
        severity: int | None = sev
    elif sev == -1 or band == UNKNOWN:
        severity = None
    else:
        severity = _BANDS[str(band or "mild")][0] if band != "mild" and band else 2
    if band is not None and (UNKNOWN if severity is None else _band(severity)) != band:
        raise NoExampleError(f"pain_band {band!r} does not fit pain_severity {sev!r}")
    chronic, weeks_f = f.get("chronic_pain"), f.get("pain_weeks")
    if isinstance(weeks_f, int) and weeks_f >= 0:
        weeks: int | None = weeks_f
    elif weeks_f == -1 or chronic == UNKNOWN:
        weeks = None
    else:
        weeks = 12 if chronic == YES else 4
    if chronic is not None and (UNKNOWN if weeks is None else (YES if weeks >= 12 else NO)) != chronic:
        raise NoExampleError(f"chronic_pain {chronic!r} does not fit pain_weeks {weeks_f!r}")
    region = f.get("pain_region", "lower")
    return {"region": None if region == UNKNOWN else region, "severity": severity, "weeks": weeks}


def _band(severity: int) -> str:
    return next(b for b, (lo, hi) in _BANDS.items() if lo <= severity <= hi)


def history_for(facts: Facts, profile: Mapping[str, Any], rules: RuleSet) -> list[dict[str, Any]]:
    """Session logs (JSON-able, planned session on :data:`ON`) giving the session facts in ``facts``.

    Raises :class:`NoExampleError` when no history gives exactly those facts.
    """
    ev = evaluate(dict(profile), rules)
    for logs in _histories(facts, ev.rules, profile):
        got = session_fact(ev, _logs(logs), ON)
        if all(got.get(k) == v for k, v in facts.items() if FACTS.get(k) and FACTS[k].stage == "session"):
            return logs
    raise NoExampleError("no session history gives these session facts")


def _histories(facts: Facts, rules: RuleSet, profile: Mapping[str, Any]) -> Iterator[list[dict[str, Any]]]:
    if facts.get("history", "logged") == "empty":
        yield []
        return
    minutes = facts.get("last_minutes")
    discomfort = facts.get("last_discomfort")
    streak = facts.get("comfortable_streak")
    gap = facts.get("gap_days")
    syms = [s for s in Symptom if facts.get(f"last_{s.value}") == YES]
    ev = evaluate(dict(profile), rules)
    start, target, _ = plan_bounds(ev)
    mins = [int(minutes)] if isinstance(minutes, int) and minutes >= 1 else \
        [start, target, start + 1, target + 1, 1]
    d = int(discomfort) if isinstance(discomfort, int) and discomfort >= 0 else \
        (5 if syms or streak == 0 else 0)
    k = int(streak) if isinstance(streak, int) else (0 if syms or d > 3 else 1)
    g = int(gap) if isinstance(gap, int) and gap >= 0 else 1
    last_day = ON - dt.timedelta(days=g)
    first = last_day - dt.timedelta(days=max(k, 1) - 1)
    for m, earlier_stop in itertools.product(mins, (False, True)):
        for same_day in dict.fromkeys((0, target // m)):
            logs: list[dict[str, Any]] = []
            if earlier_stop:
                logs.append(_log(first - dt.timedelta(days=1), m, 0, ["sharp_pain"]))
            logs += [_log(first + dt.timedelta(days=i), m) for i in range(max(k, 1) - 1)]
            logs += [_log(last_day, m) for _ in range(same_day)]
            logs.append(_log(last_day, m, d, [s.value for s in syms]))
            yield logs


def _logs(logs: list[dict[str, Any]]) -> list[SessionLog]:
    # Logs this module built itself are valid: skip re-validating them in the search loops.
    return [SessionLog.model_construct(day=dt.date.fromisoformat(x["day"]), minutes=x["minutes"],
                                       discomfort=x["discomfort"],
                                       symptoms=[Symptom(v) for v in x["symptoms"]]) for x in logs]


def _log(day: dt.date, minutes: int, discomfort: int = 0, symptoms: list[str] | None = None
         ) -> dict[str, Any]:
    return {"day": day.isoformat(), "minutes": minutes, "discomfort": discomfort,
            "symptoms": symptoms or []}


def _candidates(name: str, cells: frozenset[int], dom: Domain) -> list[str | int]:
    ax = dom.axes[name]
    out: list[str | int] = []
    for i in sorted(cells):
        c = ax.cells[i]
        if isinstance(c, str):
            out.append(c)
        else:
            lo, hi = c
            tries = (lo, min(hi, lo + 1), min(hi, 7), min(hi, 12), min(hi, 15), min(hi, 30), hi)
            out.extend(dict.fromkeys(v for v in tries if lo <= v <= hi))
    pref = _PREFER.get(name, (NO, YES, UNKNOWN))
    return sorted(dict.fromkeys(out), key=lambda v: pref.index(v) if v in pref else len(pref))


def _points(box: Box, dom: Domain) -> Iterator[dict[str, str | int]]:
    # The free facts keep neutral answers; the constrained ones try their cells, preferred first.
    names = sorted(box)
    options = [_candidates(n, box[n], dom)[:7] for n in names]
    for combo in itertools.islice(itertools.product(*options), 400):
        yield dict(zip(names, combo, strict=True))


def example_for(box: Box, dom: Domain, rules: RuleSet,
                questions: Sequence[ExtraQuestion] | None = None) -> dict[str, Any] | None:
    """A complete example in ``box``: ``{"facts", "profile"}`` plus ``"history"`` for session facts.

    ``None`` when no profile (and history) found lands in the box (the box holds only
    fact combinations no real input can give), or when the rule set cannot advise there
    at all (e.g. it decides no plan length).
    """
    try:
        return _example_for(box, dom, rules, questions)
    except AcumatError:
        return None


def _example_for(box: Box, dom: Domain, rules: RuleSet,
                 questions: Sequence[ExtraQuestion] | None) -> dict[str, Any] | None:
    profile_part = {k: v for k, v in box.items() if (k in FACTS and FACTS[k].stage == "profile")
                    or k.startswith("extra_")}
    rest = {k: v for k, v in box.items() if k not in profile_part}
    verdict_cells = rest.pop("verdict", None)
    session = bool(rest)
    tried = session_misses = 0
    for base in _verdict_boxes(profile_part, dom, rules, verdict_cells):
        for point in _points(base, dom):
            tried += 1
            if tried > 300:
                return None
            try:
                profile = profile_for(point, rules, questions=questions)
            except NoExampleError:
                continue
            own = asked_only(profile, rules)
            ev = evaluate(own, rules)
            # Answers to questions ``rules`` does not ask are taken as given (the point's values).
            if not _inside({**point, **ev.derived.fact}, profile_part, dom):
                continue
            if verdict_cells is not None and not _inside({"verdict": ev.verdict.value},
                                                         {"verdict": verdict_cells}, dom):
                continue
            out: dict[str, Any] = {"facts": {**point}, "profile": profile}
            if session:
                found = _session_example(rest, dom, own, rules)
                if found is None:
                    session_misses += 1
                    if session_misses >= 1:
                        return None
                    continue
                out["history"], sf = found
                out["facts"].update({k: sf[k] for k in rest})
            if verdict_cells is not None:
                out["facts"]["verdict"] = ev.verdict.value
            return out
    return None


def _session_example(rest: Box, dom: Domain, profile: dict[str, Any], rules: RuleSet
                     ) -> tuple[list[dict[str, Any]], dict[str, str | int]] | None:
    # Symptoms as the box wants them (no where free); a few lengths, discomforts, gaps and
    # streaks; _histories then tries an earlier stop sign and extra sessions on the last day.
    ev = evaluate(profile, rules)
    start, target, _ = plan_bounds(ev)
    base: dict[str, str | int] = {}
    for name in rest:
        if name.startswith("last_") and FACTS.get(name) is not None and not FACTS[name].is_int:
            allowed = {dom.axes[name].cells[i] for i in rest[name]}
            base[name] = NO if NO in allowed else YES
    if "history" in rest:
        logged = "logged" in {dom.axes["history"].cells[i] for i in rest["history"]}
        base["history"] = "logged" if logged else "empty"

    def pick(name: str, extra: tuple[int, ...], n: int) -> list[int | None]:
        if name not in rest:
            return [None]
        found: list[int | None] = [
            v for v in (*extra, *(c for c in _candidates(name, rest[name], dom) if isinstance(c, int)))
            if _inside({name: v}, {name: rest[name]}, dom)]
        return list(dict.fromkeys(found))[:n] or [None]

    for gap, m, d, k in itertools.product(
            pick("gap_days", (1, RECENT_DAYS + 1, 8), 3),
            pick("last_minutes", (start, target, target + 1, 1), 4),
            pick("last_discomfort", (0, 5, 7), 3), pick("comfortable_streak", (0, 1, 7), 3)):
        point = {**base, **{k2: v for k2, v in (("gap_days", gap), ("last_minutes", m),
                                                ("last_discomfort", d), ("comfortable_streak", k))
                             if v is not None}}
        for logs in _histories(point, rules, profile):
            sf = session_fact(ev, _logs(logs), ON)
            if _inside(sf, rest, dom):
                return logs, sf
    return None


def _inside(fact: Mapping[str, str | int], box: Box, dom: Domain) -> bool:
    for k, cells in box.items():
        ax = dom.axes[k]
        v = fact[k]
        idx = next((i for i, c in enumerate(ax.cells)
                    if c == v or (isinstance(c, tuple) and isinstance(v, int) and c[0] <= v <= c[1])), None)
        if idx is None or idx not in cells:
            return False
    return True


def _verdict_boxes(box: Box, dom: Domain, rules: RuleSet, verdict_cells: frozenset[int] | None
                   ) -> Iterable[Box]:
    # A wanted verdict: the box itself first (neutral answers give suitable), then with the
    # condition of each safety rule of a wanted level added.
    yield box
    if verdict_cells is None:
        return
    wanted = {dom.axes["verdict"].cells[i] for i in verdict_cells}
    for r in rules.rules:
        if TOPICS[r.topic].kind != "verdict" or r.then.level is None:
            continue
        if Verdict(r.then.level).value not in wanted:
            continue
        for rb in dom.boxes(r):
            merged = dict(box)
            ok = True
            for k, v in rb.items():
                merged[k] = dom.get(merged, k) & v
                ok = ok and bool(merged[k])
            if ok:
                yield merged
