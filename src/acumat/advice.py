"""Output models: the verdict, the findings behind it, the mat and the session plan."""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from acumat.sources import STATEMENTS

Basis = Literal["stated", "interpreted"]


class Verdict(enum.StrEnum):
    """May the person use a mat? Ordered: ``suitable < caution < consult < avoid``."""

    SUITABLE = "suitable"
    CAUTION = "caution"
    CONSULT = "consult"
    AVOID = "avoid"

    @property
    def rank(self) -> int:
        """Position in the severity order, 0 for suitable to 3 for avoid."""
        return _RANK[self]

    # StrEnum inherits str ordering; these keep the severity order for every operator.
    # Hot path: a plain dict lookup per side (not the enum property machinery).
    def __lt__(self, other: object) -> bool:
        if other.__class__ is not Verdict:
            return NotImplemented
        return _RANK[self] < _RANK[other]

    def __le__(self, other: object) -> bool:
        if other.__class__ is not Verdict:
            return NotImplemented
        return _RANK[self] <= _RANK[other]

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not Verdict:
            return NotImplemented
        return _RANK[self] > _RANK[other]

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not Verdict:
            return NotImplemented
        return _RANK[self] >= _RANK[other]

    __hash__ = str.__hash__


_RANK: dict[Verdict, int] = {v: i for i, v in enumerate(Verdict)}
#: The verdicts by rank (``VERDICTS[v.rank] is v``).
VERDICTS: tuple[Verdict, ...] = tuple(Verdict)

# defer_build: a model's validator is built on its first use, not when acumat is imported
_OUT = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Finding(BaseModel):
    """One piece of advice, with the rule that gave it and the statements behind it."""

    model_config = _OUT

    rule_id: str
    topic: str
    level: Verdict | None = Field(
        description="The verdict this finding asks for; None for guidance that does not bear on it."
    )
    summary: str
    detail: str
    sources: tuple[str, ...]
    basis: Basis

    def cites(self) -> str:
        """The sources as text, e.g. ``"C8 (Medical Conditions)"``."""
        parts = []
        for sid in self.sources:
            st = STATEMENTS.get(sid)
            parts.append(f"{sid} ({st.section})" if st else sid)
        return "; ".join(parts)


class Unanswered(BaseModel):
    """A safety question the profile left unanswered, and what its riskiest answer would mean."""

    model_config = _OUT

    field: str = Field(description="Profile path, e.g. 'pregnant' or 'skin.broken'.")
    question: str
    if_yes: str = Field("", description="What a 'yes' (the riskiest answer) would mean, e.g. "
                                        "'If you are pregnant: see a doctor before using a mat.'")
    if_yes_verdict: Verdict | None = Field(
        None, description="The verdict that answer would lead to, given the other answers.")


SpikeDensity = Literal["high", "medium", "low"]
SpikeLength = Literal["short", "long"]
MatSize = Literal["full", "compact"]


class MatSpec(BaseModel):
    """Which mat to choose (source M1–M9)."""

    model_config = _OUT

    spike_density: SpikeDensity = Field(description="high = many spikes, gentler; low = fewer, stronger.")
    spike_length: SpikeLength
    size: MatSize
    cover: str = Field(description="Cover material.")
    spikes: str = Field(description="Spike material.")
    quality: str = Field(description="What to look for in build quality.")


Clothing = Literal["thin_shirt", "bare_skin"]
Surface = Literal["soft", "as_comfortable"]


class WeekPlan(BaseModel):
    """One week of the build-up."""

    model_config = _OUT

    week: int = Field(ge=1)
    minutes: int = Field(ge=1, description="Minutes per session.")
    sessions_per_week: int = Field(ge=1, le=7)
    clothing: Clothing
    surface: Surface


class SessionPlan(BaseModel):
    """How long, how often and how to use the mat (source U1–U14, C5, C6)."""

    model_config = _OUT

    weeks: tuple[WeekPlan, ...]
    target_minutes: int = Field(description="Daily minutes the build-up aims for.")
    schedule: Literal["U4", "U5"] = Field(description="Which of the source's duration readings is used.")
    position: str
    setting: str
    stop_signs: tuple[str, ...]
    hygiene: str
    notes: tuple[str, ...] = Field(description="What to expect: adapting, lying still, patience.")


_HEADLINES = {
    Verdict.SUITABLE: "You may use an acupressure mat, building up as the plan below says.",
    Verdict.CAUTION: "You may use a mat with care: read the findings and answer the open questions.",
    Verdict.CONSULT: "See a doctor before using an acupressure mat.",
    Verdict.AVOID: "Do not use an acupressure mat.",
}
_AWAITING = ("acumat cannot advise a mat until the questions below are answered: one of them could "
             "rule the mat out or call for a doctor first.")


class Recommendation(BaseModel):
    """The answer for one profile: the verdict, why, and (when allowed) the mat and plan."""

    model_config = _OUT

    verdict: Verdict
    findings: tuple[Finding, ...]
    unanswered: tuple[Unanswered, ...]
    mat: MatSpec | None = Field(description="None unless the verdict is suitable or caution and "
                                            "no open question could lead to consult or avoid.")
    plan: SessionPlan | None = Field(description="None whenever mat is None.")
    awaiting_answers: bool = Field(
        False, description="True when mat and plan are withheld because an unanswered question "
                           "could, if answered yes, lead to consult or avoid.")
    rules_fingerprint: str = Field(description="Hash of the rule set that decided.")
    acumat_version: str

    @property
    def headline(self) -> str:
        """One sentence saying what the verdict means for the person."""
        if self.awaiting_answers and self.verdict <= Verdict.CAUTION:
            return _AWAITING
        return _HEADLINES[self.verdict]

    def explain(self) -> str:
        """Plain text a person can read, naming the rule and sources behind each point."""
        by_topic: dict[str, list[Finding]] = {}
        for f in self.findings:
            by_topic.setdefault(f.topic.split(".")[0], []).append(f)

        def cite(f: Finding) -> str:
            return f"(rule {f.rule_id}; {', '.join(f.sources) or 'no source'})"

        lines = [f"Verdict: {self.verdict.value.upper()}. {self.headline}", ""]
        if self.unanswered:
            lines += ["Please answer:"]
            for u in self.unanswered:
                lines.append(f"  - {u.question} [{u.field}]")
                if u.if_yes:
                    lines.append(f"      {u.if_yes}")
            lines += [""]
        lines += ["Why:"]
        for f in by_topic.get("safety", []):
            tag = f.level.value if f.level else "note"
            lines.append(f"  - [{tag}] {f.summary}")
            if f.detail:
                lines.append(f"      {f.detail}")
            lines.append(f"      (rule {f.rule_id}; source {f.cites()})")
        if self.mat:
            lines += ["", "Which mat:"]
            lines += [f"  - {f.summary} {f.detail} {cite(f)}" for f in by_topic.get("mat", [])]
        if self.plan:
            p = self.plan
            lines += ["", f"Plan (duration reading {p.schedule}, aim {p.target_minutes} minutes a day):"]
            for w in p.weeks:
                lines.append(f"  - week {w.week}: {w.minutes} min, {w.sessions_per_week} days a week, "
                             f"{w.clothing.replace('_', ' ')}, {w.surface.replace('_', ' ')} surface")
            plan_rules = [f for f in by_topic.get("plan", []) if f.topic != "plan.note"]
            lines += [f"  - {f.summary} {cite(f)}" for f in plan_rules]
            notes = [f for f in by_topic.get("plan", []) if f.topic == "plan.note"]
            if notes:
                lines += ["", "Good to know:"]
                lines += [f"  - {f.summary} {f.detail} {cite(f)}" for f in notes]
        if by_topic.get("therapy"):
            lines += ["", "With other care:"]
            lines += [f"  - {f.summary} {cite(f)}" for f in by_topic["therapy"]]
        return "\n".join(lines) + "\n"


Action = Literal["start", "step_up", "hold", "step_back", "stop"]


class SessionAdvice(BaseModel):
    """What to do next session, after the sessions logged so far."""

    model_config = _OUT

    action: Action
    minutes: int | None = Field(description="Minutes of mat use for the next session's day (all "
                                            "sessions of that day together); None when stopping.")
    rest_days: int = Field(ge=0, description="Days to rest before that session.")
    reason: str = Field(description="What the deciding rule says, naming why.")
    rule_id: str = Field("", description="The rule that decided the action.")
    verdict: Verdict = Field(description="The profile's screening verdict.")
    findings: tuple[Finding, ...]
    unanswered: tuple[Unanswered, ...] = Field(
        (), description="Open screening questions (a stop names them when they block the advice).")
    rules_fingerprint: str
    acumat_version: str

    def explain(self) -> str:
        """Plain text a person can read: what to do next and why, with the sources."""
        if self.action == "stop":
            head = "Next session: STOP. Do not use the mat."
        else:
            rest = f" after {self.rest_days} rest day(s)" if self.rest_days else ""
            head = (f"Next session: {self.action.replace('_', ' ').upper()}, {self.minutes} minutes "
                    f"that day{rest}.")
        lines = [head, f"Why: {self.reason}", f"Screening verdict: {self.verdict.value}", ""]
        if self.unanswered:
            lines.append("Please answer:")
            for u in self.unanswered:
                lines.append(f"  - {u.question} [{u.field}]" + (f" {u.if_yes}" if u.if_yes else ""))
            lines.append("")
        for f in self.findings:
            lines.append(f"  - {f.summary} (rule {f.rule_id}; source {f.cites() or '-'})")
        return "\n".join(lines) + "\n"
