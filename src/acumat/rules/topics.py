"""The topics a rule can speak to, and how their outcomes combine.

* ``verdict`` topics (``safety``): every firing rule is a finding; the worst level wins.
* ``choice`` topics: one winner per evaluation, the firing rule with the highest
  ``priority`` (ties: the earlier rule), like a DMN "priority" hit policy.
* ``list`` topics: every firing rule contributes its value, in rule order.
* ``info`` topics: every firing rule is a finding, with no value.

The stage says when the rules run: ``profile`` (screening), ``guidance`` (mat and
plan, only when the verdict allows use) or ``session`` (:func:`acumat.next_session`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Kind = Literal["verdict", "choice", "list", "info"]
Stage = Literal["profile", "guidance", "session"]


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """How one topic's outcomes are combined, and which values they may take."""

    name: str
    kind: Kind
    stage: Stage
    values: tuple[str, ...] = ()  # allowed string values; empty = text or int (see ``integer``)
    integer: bool = False
    low: int = 0
    high: int = 0


_T = TopicSpec
_ACTIONS = ("stop", "step_back", "step_back_gap", "step_back_target", "step_back_start",
            "step_back_prev", "start",
            "step_up", "hold")
_SPECS = (
    _T("safety", "verdict", "profile"),
    _T("mat.spike_density", "choice", "guidance", ("high", "medium", "low")),
    _T("mat.spike_length", "choice", "guidance", ("short", "long")),
    _T("mat.size", "choice", "guidance", ("full", "compact")),
    _T("mat.cover", "choice", "guidance"),
    _T("mat.spikes", "choice", "guidance"),
    _T("mat.quality", "choice", "guidance"),
    _T("plan.start", "choice", "guidance", integer=True, low=1, high=40),
    _T("plan.target", "choice", "guidance", integer=True, low=1, high=40),
    _T("plan.step", "choice", "guidance", integer=True, low=1, high=15),
    _T("plan.frequency", "choice", "guidance", integer=True, low=1, high=7),
    _T("plan.adaptation", "choice", "guidance", integer=True, low=0, high=12),
    _T("plan.clothing_first", "choice", "guidance", ("thin_shirt", "bare_skin")),
    _T("plan.clothing_after", "choice", "guidance", ("thin_shirt", "bare_skin")),
    _T("plan.surface_first", "choice", "guidance", ("soft", "as_comfortable")),
    _T("plan.surface_after", "choice", "guidance", ("soft", "as_comfortable")),
    _T("plan.position", "choice", "guidance"),
    _T("plan.setting", "choice", "guidance"),
    _T("plan.hygiene", "choice", "guidance"),
    _T("plan.stop_sign", "list", "guidance"),
    _T("plan.note", "info", "guidance"),
    _T("therapy", "info", "guidance"),
    _T("session.action", "choice", "session", _ACTIONS),
    _T("session.rest", "list", "session", integer=True, low=0, high=14),
    _T("session.note", "info", "session"),
)

#: Every topic by name.
TOPICS: MappingProxyType[str, TopicSpec] = MappingProxyType({t.name: t for t in _SPECS})

#: Topics every guidance rule set must decide for a plan and a mat to be built.
REQUIRED_CHOICES = tuple(t.name for t in _SPECS if t.kind == "choice" and t.stage == "guidance")
