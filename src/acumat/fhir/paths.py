"""Profile paths (``skin.broken``, ``extra.epilepsy``) <-> UserProfile values."""

from __future__ import annotations

from typing import Any

from acumat import UserProfile


def build_profile(answers: dict[str, Any]) -> UserProfile:
    """A UserProfile from answers by path (``{"skin.broken": True}``); None values are left out."""
    nested: dict[str, Any] = {}
    for path, value in answers.items():
        if value is None:
            continue
        head, _, tail = path.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    return UserProfile.model_validate(nested)


def get(profile: UserProfile, path: str) -> Any:
    """The value at ``path`` (None when a parent is unset)."""
    head, _, tail = path.partition(".")
    if head == "extra":
        return profile.extra.get(tail)
    value: Any = getattr(profile, head)
    return getattr(value, tail) if tail and value is not None else value
