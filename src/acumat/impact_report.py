"""What :func:`acumat.diff` reports: regions where two rule sets decide differently, and text changes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from acumat.facts import FACTS, FactSpec

Kind = Literal["verdict", "mat", "plan", "session", "finding"]


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
    #: Regions of fact combinations for which no example profile (and history) was found;
    #: most can never be derived together (e.g. dizziness in the last session but no recent stop sign).
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
            lines.append(f"({self.unreachable_regions} region(s) not listed: no profile and history "
                         "was found that gives their fact combinations)")
        return "\n".join(lines) + "\n"


def _json(obj: Any) -> str:
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
