"""Recommendation -> CDS Hooks cards: presentation only; the verdict comes from the library.

avoid / consult -> one ``warning`` card saying what to avoid and why; caution or open questions
-> one ``info`` card listing what to ask; suitable -> one ``info`` card with the mat and plan.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence

from acumat import Finding, Recommendation, Unanswered, Verdict
from acumat.service.cds_models import Card, Coding, Link, Source

#: Namespace of the deterministic card uuids (uuid5 of the hook instance and the card's content).
CARD_NAMESPACE = uuid.UUID("6f0c7a52-8a51-5c8e-9a63-3a1f0c9b2d41")
SOURCE_LABEL = "acumat, from the consumer article \u201cAcupressure mats for back pain\u201d"
OVERRIDE_SYSTEM = "urn:acumat:cds:override-reason"
OVERRIDE_REASONS = (
    Coding(code="doctor-approved", system=OVERRIDE_SYSTEM,
           display="A doctor has reviewed mat use for this patient"),
    Coding(code="record-out-of-date", system=OVERRIDE_SYSTEM,
           display="The record this card is based on is out of date"),
    Coding(code="not-using-mat", system=OVERRIDE_SYSTEM,
           display="The patient is not going to use an acupressure mat"),
)
_TOPIC = Coding(code="acupressure-mat", system="urn:acumat:cds:topic", display="Acupressure mat for back pain")
_MAX_SUMMARY = 139
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """``text`` with Markdown's special characters escaped (rule and record text is not markup)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def fit(text: str, limit: int = _MAX_SUMMARY) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:. ")
    return cut + "\u2026"


def _finding_line(f: Finding) -> str:
    level = f.level.value if f.level is not None else "note"
    detail = f" {md(f.detail)}" if f.detail else ""
    return f"- **{level}**: {md(f.summary)}{detail} _(rule `{f.rule_id}`; source {md(f.cites() or 'none')})_"


def _question_line(u: Unanswered) -> str:
    line = f"- {md(u.question)} (`{u.field}`)"
    # Newer recommendations say what a "yes" would lead to; shown when present.
    verdict = getattr(u, "if_yes_verdict", None)
    if_yes = getattr(u, "if_yes", None)
    if verdict is not None:
        line += f" \u2014 if yes: {md(str(getattr(verdict, 'value', verdict)))}"
    if isinstance(if_yes, str) and if_yes:
        line += f" ({md(if_yes)})"
    return line


def _mat_plan_lines(rec: Recommendation) -> list[str]:
    lines: list[str] = []
    if rec.mat is not None:
        m = rec.mat
        lines += ["", "**Mat**", f"- {m.spike_density} spike density, {m.spike_length} spikes, {m.size} size; "
                  f"cover: {md(m.cover)}; spikes: {md(m.spikes)}"]
    if rec.plan is not None:
        p = rec.plan
        lines += ["", f"**Plan** (duration reading {p.schedule}, aiming at {p.target_minutes} minutes a day)"]
        lines += [f"- week {w.week}: {w.minutes} min, {w.sessions_per_week} days a week" for w in p.weeks]
    return lines


def _uuid(hook_instance: str, fingerprint: str, kind: str, rec: Recommendation) -> str:
    key = "|".join([hook_instance, fingerprint, kind, rec.verdict.value,
                    *(f.rule_id for f in rec.findings), *(u.field for u in rec.unanswered)])
    return str(uuid.uuid5(CARD_NAMESPACE, key))


def _source() -> Source:
    return Source(label=SOURCE_LABEL, topic=_TOPIC)


def _footer(rec: Recommendation) -> list[str]:
    return ["", f"_Not medical advice. acumat {rec.acumat_version}, rules {rec.rules_fingerprint}._"]


def _warning(rec: Recommendation, hook_instance: str, notes: Sequence[str]) -> Card:
    serious = [f for f in rec.findings if f.level is not None and f.level >= Verdict.CONSULT]
    head = "Do not use an acupressure mat" if rec.verdict == Verdict.AVOID else \
        "See a doctor before using an acupressure mat"
    reason = serious[0].summary.rstrip(".") if serious else ""
    summary = fit(f"{head}: {reason}" if reason else f"{head}.")
    lines = [f"**{md(rec.headline)}** (verdict: {rec.verdict.value})", "", "**Why**"]
    lines += [_finding_line(f) for f in serious]
    if rec.unanswered:
        lines += ["", "**Also not yet answered**"] + [_question_line(u) for u in rec.unanswered]
    lines += _notes(notes) + _footer(rec)
    return Card(uuid=_uuid(hook_instance, rec.rules_fingerprint, "warning", rec), summary=summary,
                detail="\n".join(lines), indicator="warning", source=_source(),
                overrideReasons=OVERRIDE_REASONS)


def _ask(rec: Recommendation, hook_instance: str, notes: Sequence[str], links: tuple[Link, ...] | None) -> Card:
    n = len(rec.unanswered)
    if n:
        summary = fit(f"Acupressure mat: ask {n} question{'s' if n != 1 else ''} before advising it "
                      f"({', '.join(u.field for u in rec.unanswered)})")
    else:
        cautions = [f for f in rec.findings if f.level == Verdict.CAUTION]
        reason = cautions[0].summary.rstrip(".") if cautions else "read the findings"
        summary = fit(f"Acupressure mat only with care: {reason}")
    lines = [f"**{md(rec.headline)}** (verdict: {rec.verdict.value})"]
    if rec.unanswered:
        lines += ["", "**Ask the patient**"] + [_question_line(u) for u in rec.unanswered]
    flagged = [f for f in rec.findings if f.level is not None and f.level > Verdict.SUITABLE]
    if flagged:
        lines += ["", "**Findings**"] + [_finding_line(f) for f in flagged]
    if rec.mat is None and rec.plan is None:
        lines += ["", "No mat or plan is given until these answers are known."]
    lines += _mat_plan_lines(rec) + _notes(notes) + _footer(rec)
    return Card(uuid=_uuid(hook_instance, rec.rules_fingerprint, "ask", rec), summary=summary,
                detail="\n".join(lines), indicator="info", source=_source(), links=links)


def _suitable(rec: Recommendation, hook_instance: str, notes: Sequence[str]) -> Card:
    plan = rec.plan
    if plan is not None and plan.weeks:
        summary = fit(f"Acupressure mat suitable: start at {plan.weeks[0].minutes} min a session, building "
                      f"to {plan.target_minutes} min a day")
    else:
        summary = "Acupressure mat suitable for this patient"
    lines = [f"**{md(rec.headline)}** (verdict: {rec.verdict.value})"]
    lines += _mat_plan_lines(rec)
    guidance = [f for f in rec.findings if f.topic.startswith(("plan", "therapy"))]
    if guidance:
        lines += ["", "**How to use it**"] + [_finding_line(f) for f in guidance]
    lines += _notes(notes) + _footer(rec)
    return Card(uuid=_uuid(hook_instance, rec.rules_fingerprint, "suitable", rec), summary=summary,
                detail="\n".join(lines), indicator="info", source=_source())


def _notes(notes: Iterable[str]) -> list[str]:
    notes = list(notes)
    return ["", "**Reading the record**", *(f"- {md(n)}" for n in notes)] if notes else []


def cards_for(rec: Recommendation, *, hook_instance: str, notes: Sequence[str] = (),
              questionnaire_url: str | None = None) -> list[Card]:
    """The cards for ``rec``: exactly one, chosen by its verdict and open questions.

    ``notes`` are warnings from reading the record; ``questionnaire_url`` links the page.
    """
    if rec.verdict >= Verdict.CONSULT:
        return [_warning(rec, hook_instance, notes)]
    if rec.verdict == Verdict.CAUTION or rec.unanswered:
        links = (Link(label="Ask the acumat questions", url=questionnaire_url),) if questionnaire_url else None
        return [_ask(rec, hook_instance, notes, links)]
    return [_suitable(rec, hook_instance, notes)]
