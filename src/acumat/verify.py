"""``verify()``: check a rule set statically (the checker itself is :mod:`acumat.verifier`).

``import acumat`` loads this small module at once, so that the package attribute
``acumat.verify`` is bound to the function before anything imports the submodule of
the same name (a later ``import acumat.verify`` then leaves that attribute alone).
The checker and its report models are imported on the first call or first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from acumat.packs import Pack
    from acumat.rules.model import Rule
    from acumat.rules.ruleset import RuleSet
    from acumat.verifier import Kind, VerifyFinding, VerifyReport

__all__ = ["Kind", "VerifyFinding", "VerifyReport", "verify"]

_FROM_VERIFIER = frozenset({"Kind", "VerifyFinding", "VerifyReport"})


def verify(rules: RuleSet | Pack | Iterable[Rule] | str | Path | None = None, *,
           duration: Literal["U4", "U5"] = "U4") -> VerifyReport:
    """Check a rule set statically and report every problem found.

    ``rules`` is a :class:`RuleSet` (checked as is), or a pack, a list of rules or
    a rule file path, which is checked as added to ``default_rules(duration)``.
    ``None`` checks the default rules.
    """
    from acumat.verifier import verify_rules

    return verify_rules(rules, duration=duration)


if not TYPE_CHECKING:  # mypy sees the imports above; at run time they load on first use
    def __getattr__(name: str) -> Any:
        if name in _FROM_VERIFIER:
            from acumat import verifier

            value = getattr(verifier, name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(globals()) | _FROM_VERIFIER)
