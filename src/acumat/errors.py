"""acumat's own errors: one base class, each also a builtin it resembles."""

from __future__ import annotations


class AcumatError(Exception):
    """Base class of every error acumat raises itself (input errors come from pydantic)."""


class RuleError(AcumatError, ValueError):
    """A rule or rule set is malformed: unknown fact, value out of its domain, bad source id.

    ``rule_id`` and ``field`` name the offending rule and the part of it that is wrong.
    """

    def __init__(self, message: str, *, rule_id: str | None = None, field: str | None = None) -> None:
        self.rule_id = rule_id
        self.field = field
        where = ", ".join(p for p in (f"rule {rule_id!r}" if rule_id else "", field or "") if p)
        super().__init__(f"{where}: {message}" if where else message)


class EngineError(AcumatError, RuntimeError):
    """The rule engine failed during an evaluation; no advice was produced.

    The evaluation's fact has been removed again, so the next call starts clean.
    """


class HistoryError(AcumatError, ValueError):
    """A session history cannot be used as given (e.g. a log dated after ``on``)."""
