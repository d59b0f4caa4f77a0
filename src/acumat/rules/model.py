"""Rules as data: a condition over named facts, an outcome, and the statements behind it.

A condition is plain data (it round-trips through JSON), built in Python with
:func:`fact`, :func:`all_of`, :func:`any_of` and :data:`ALWAYS`::

    Rule(
        id="C9.heart_disease", topic="safety",
        when=fact("heart_disease").is_("yes"),
        then=Outcome(level="avoid", summary="…"),
        sources=("C9",), basis="stated",
    )
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from acumat.advice import Basis, Verdict

Op = Literal["eq", "ne", "lt", "le", "gt", "ge"]
Value = StrictStr | StrictInt
RuleId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")]
FactName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

# defer_build: a model's validator is built on its first use, not when acumat is imported
_DATA = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Test(BaseModel):
    """``fact op value``: e.g. ``pregnant eq "yes"`` or ``pain_severity ge 7``.

    Ordering operators (lt, le, gt, ge) take integer values only.
    """

    model_config = _DATA

    fact: FactName
    op: Op = "eq"
    value: Value


class AllOf(BaseModel):
    """True when every part is true; ``AllOf(all=())`` is always true."""

    model_config = _DATA

    all: tuple[Condition, ...]


class AnyOf(BaseModel):
    """True when at least one part is true."""

    model_config = _DATA

    any: Annotated[tuple[Condition, ...], Field(min_length=1)]


Condition = Union[Test, AllOf, AnyOf]  # noqa: UP007 - a forward-referenced recursive alias

# No model_rebuild() here: with defer_build the models resolve ``Condition`` on first use.

#: The condition that always holds (for statements that are always given). Constructed
#: without validation (there is nothing to check in an empty tuple), so that importing
#: acumat does not build the validators.
ALWAYS = AllOf.model_construct(all=())


class FactRef:
    """Builder for tests on one fact: ``fact("pain_severity").at_least(7)``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def is_(self, value: str | int) -> Test:
        """The fact equals ``value``."""
        return Test(fact=self.name, op="eq", value=value)

    def is_not(self, value: str | int) -> Test:
        """The fact differs from ``value``."""
        return Test(fact=self.name, op="ne", value=value)

    def one_of(self, *values: str | int) -> Condition:
        """The fact equals one of ``values``."""
        if len(values) == 1:
            return self.is_(values[0])
        return AnyOf(any=tuple(self.is_(v) for v in values))

    def at_least(self, value: int) -> Test:
        """The (integer) fact is ``>= value``."""
        return Test(fact=self.name, op="ge", value=value)

    def at_most(self, value: int) -> Test:
        """The (integer) fact is ``<= value``."""
        return Test(fact=self.name, op="le", value=value)

    def above(self, value: int) -> Test:
        """The (integer) fact is ``> value``."""
        return Test(fact=self.name, op="gt", value=value)

    def below(self, value: int) -> Test:
        """The (integer) fact is ``< value``."""
        return Test(fact=self.name, op="lt", value=value)


def fact(name: str) -> FactRef:
    """Start a test on the fact called ``name`` (see :data:`acumat.facts.FACTS`)."""
    return FactRef(name)


def all_of(*parts: Condition) -> AllOf:
    """All of ``parts`` hold."""
    return AllOf(all=parts)


def any_of(*parts: Condition) -> AnyOf:
    """At least one of ``parts`` holds."""
    return AnyOf(any=parts)


class Outcome(BaseModel):
    """What a rule says when it fires.

    ``level`` raises the verdict (safety rules); ``value`` is the choice a
    single-winner topic makes (e.g. ``"high"`` for ``mat.spike_density``);
    ``asks`` names the profile field whose missing answer made the rule fire.
    """

    model_config = _DATA

    summary: Annotated[str, Field(min_length=1, max_length=300)]
    detail: Annotated[str, Field(max_length=2000)] = ""
    level: Verdict | None = None
    value: Value | None = None
    asks: Annotated[str, Field(max_length=100)] | None = None


class Rule(BaseModel):
    """One declaration: when the condition holds, record the outcome, citing the sources."""

    model_config = _DATA

    id: RuleId
    topic: Annotated[str, Field(pattern=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)?$")]
    when: Condition
    then: Outcome
    sources: tuple[Annotated[str, Field(max_length=16)], ...] = ()
    basis: Basis
    priority: int = Field(0, ge=-1000, le=1000, description="Higher wins within a single-winner topic.")
    note: Annotated[str, Field(max_length=2000)] = Field(
        "", description="Why an interpreted rule reads the source the way it does."
    )


def tests_of(cond: Condition) -> list[Test]:
    """Every leaf test in ``cond``, in order."""
    if isinstance(cond, Test):
        return [cond]
    parts = cond.all if isinstance(cond, AllOf) else cond.any
    return [t for p in parts for t in tests_of(p)]


def to_dnf(cond: Condition, limit: int = 64) -> list[tuple[Test, ...]]:
    """``cond`` as a disjunction of conjunctions of tests (``[()]`` = always true).

    Raises ``ValueError`` when that takes more than ``limit`` conjunctions.
    """
    if isinstance(cond, Test):
        return [(cond,)]
    if isinstance(cond, AnyOf):
        out: list[tuple[Test, ...]] = []
        for p in cond.any:
            out.extend(to_dnf(p, limit))
            if len(out) > limit:
                raise ValueError(f"condition expands to more than {limit} alternatives")
        return out
    acc: list[tuple[Test, ...]] = [()]
    for p in cond.all:
        acc = [a + b for a in acc for b in to_dnf(p, limit)]
        if len(acc) > limit:
            raise ValueError(f"condition expands to more than {limit} alternatives")
    return acc
