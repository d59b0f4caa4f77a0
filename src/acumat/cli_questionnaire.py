"""The interactive part of ``acumat questionnaire``: turn typed answers into a profile.

Kept apart from :mod:`acumat.cli` so the parsing can be read (and tested) on its own.
Every answer may be left empty or answered ``skip``: the field is then not set,
which acumat reads as "not asked" (never as a "no").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from acumat.profile import UserProfile
from acumat.questions import Question
from acumat.suggest import closest

#: Answers that leave a question unanswered.
SKIP = frozenset({"", "skip"})
_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})
_INT = re.compile(r"[+-]?[0-9]+")


def hint(q: Question) -> str:
    """The answer format shown after a question, e.g. ``yes/no`` or ``0–10``."""
    if q.kind == "yes_no":
        return "yes/no"
    if q.kind == "choice":
        return "/".join(q.choices)
    if q.kind == "choices":
        return "comma-separated: " + ", ".join(q.choices) + "; or none"
    if q.kind == "number":
        return f"{q.low if q.low is not None else ''}–{q.high if q.high is not None else ''}"
    return "comma-separated names, or none"


def _name(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _guess(answer: str, choices: Sequence[str]) -> str:
    # "did you mean 'gentle'? " for a misspelt choice, or "" when nothing is close.
    best = closest(_name(answer), choices)
    return "" if best is None else f"{answer.strip()!r}: did you mean {best!r}? "


def parse_answer(q: Question, text: str) -> Any:
    """The profile value for the answer ``text`` to ``q``; None when skipped.

    Raises ``ValueError`` with a reason the person can act on.
    """
    raw = text.strip()
    if raw.lower() in SKIP:
        return None
    low = raw.lower()
    if q.kind == "yes_no":
        if low in _YES:
            return True
        if low in _NO:
            return False
        raise ValueError("answer yes or no (or skip)")
    if q.kind == "choice":
        value = _name(raw)
        if value not in q.choices:
            raise ValueError(f"{_guess(raw, q.choices)}answer one of {', '.join(q.choices)} (or skip)")
        return value
    if q.kind == "number":
        if not _INT.fullmatch(raw):
            raise ValueError("answer a whole number (or skip)")
        number = int(raw)
        if (q.low is not None and number < q.low) or (q.high is not None and number > q.high):
            raise ValueError(f"answer a whole number from {q.low} to {q.high} (or skip)")
        return number
    if low == "none":
        return []
    items = [part.strip() for part in raw.split(",") if part.strip()]
    if q.kind == "choices":
        names = [_name(part) for part in items]
        bad = [part for part, name in zip(items, names, strict=True) if name not in q.choices]
        if bad:
            guesses = "".join(_guess(part, q.choices) for part in bad)
            raise ValueError(f"not a choice: {', '.join(bad)}; {guesses}answer some of "
                             f"{', '.join(q.choices)}, separated by commas (or none, or skip)")
        return list(dict.fromkeys(names))
    return items


def set_path(profile: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """A copy of ``profile`` with ``value`` at the dotted ``field`` path (``skin.broken``)."""
    out = dict(profile)
    head, _, rest = field.partition(".")
    if rest:
        inner = out.get(head)
        out[head] = set_path(inner if isinstance(inner, dict) else {}, rest, value)
    else:
        out[head] = value
    return out


def check(profile: dict[str, Any], field: str) -> str | None:
    """Why ``profile`` is not a valid :class:`UserProfile` at ``field``, or None if it is."""
    try:
        UserProfile.model_validate(profile)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"])
            if loc == field or loc.startswith(field + "."):
                return f"{loc}: {err['msg']}"
    return None


def ask_all(questions: list[Question], ask: Callable[[str], str],
            tell: Callable[[str], None]) -> dict[str, Any]:
    """Ask every question with ``ask``, re-asking with the reason (via ``tell``) until valid.

    Returns the profile as a dict; skipped questions are left out.
    """
    profile: dict[str, Any] = {}
    for number, q in enumerate(questions, 1):
        tag = " [safety]" if q.safety else ""
        prompt = f"{number}/{len(questions)}{tag} {q.question} ({hint(q)}, or skip)"
        while True:
            try:
                value = parse_answer(q, ask(prompt))
            except ValueError as exc:
                tell(f"  invalid answer: {exc}")
                continue
            if value is None:
                break
            candidate = set_path(profile, q.field, value)
            reason = check(candidate, q.field)
            if reason is None:
                profile = candidate
                break
            tell(f"  invalid answer: {reason}")
    return profile
