"""Rule data: the model, the topics, and the packs built from the source document."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from acumat.rules.ruleset import RuleSet
else:
    def __getattr__(name: str) -> Any:
        # ``from acumat.rules import RuleSet`` as before, imported on use: importing
        # acumat.rules.ruleset here would close an import cycle for some import orders.
        if name == "RuleSet":
            from acumat.rules.ruleset import RuleSet

            return RuleSet
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_rules(duration: Literal["U4", "U5"] = "U4") -> RuleSet:
    """The rule set encoding the source document (immutable; built once per duration).

    ``duration`` picks the reading of the source's conflicting duration advice:
    ``"U4"`` (default: 5–10 minutes building to 20–30) or ``"U5"`` (10–15 building
    to 30–40). The choice applies to the plan and to :func:`acumat.next_session`.
    """
    # A plain function around the cached builder: ``functools.cache`` on this function
    # itself would hide its signature from mypy and IDEs (any argument would pass).
    return _build(duration)


@functools.cache
def _build(duration: Literal["U4", "U5"]) -> RuleSet:
    # The packs are imported here: their rules are built (and validated) on first use.
    from acumat.rules import contraindications, progression, selection, therapies, usage
    from acumat.rules.ruleset import RuleSet

    if duration not in usage.SCHEDULES:
        raise ValueError(f"duration must be 'U4' or 'U5', not {duration!r}")
    return RuleSet(
        (
            *contraindications.RULES,
            *selection.RULES,
            *usage.rules(duration),
            *therapies.RULES,
            *progression.rules(duration),
        ),
        duration=duration,
        name=f"default-{duration}",
    )
