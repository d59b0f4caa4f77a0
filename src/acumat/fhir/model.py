"""What reading FHIR gives back: the profile, the evidence behind each answer, the warnings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from acumat import AcumatError, UserProfile


class FhirError(AcumatError, ValueError):
    """FHIR data that cannot be read at all (wrong resourceType, too many resources, …).

    ``resource`` names the resource (``"Bundle/7"``, ``"(data)"``) and ``path`` the element
    (``"entry[3].resource"``) that is wrong. No answer is made up from such data.
    """

    def __init__(self, message: str, *, resource: str | None = None, path: str | None = None) -> None:
        self.resource = resource
        self.path = path
        where = " ".join(p for p in (resource or "", path or "") if p)
        super().__init__(f"{where}: {message}" if where else message)


class Evidence(BaseModel):
    """Where one answer of the profile came from.

    ``field`` is the profile path (``"blood_thinners"``, ``"conditions"``, ``"skin.broken"``,
    ``"pregnant"``, ``"pain.severity"``, ``"extra.<name>"``); ``answer`` the value set there (for
    ``conditions`` read from a Condition, the condition it adds, e.g. ``"heart_disease"``; from a
    QuestionnaireResponse, the list answered); ``resource`` the
    resource read (``"MedicationRequest/42"``); ``code`` the code that matched
    (``"RxNorm 1364430"``) or None when the text was read; ``how`` one line saying how.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    answer: JsonValue
    resource: str
    code: str | None = None
    display: str | None = None
    how: str

    def describe(self) -> str:
        """One line for a finding: ``"read from MedicationRequest/42: RxNorm 1364430 apixaban"``."""
        what = " ".join(p for p in (self.code, self.display) if p) or self.how
        return f"read from {self.resource}: {what}"


class FhirReading(BaseModel):
    """A profile read from FHIR, with the evidence for every answer and what was skipped.

    Answers the record does not state stay ``None`` (unanswered): no anticoagulant order does
    not prove that none is taken.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: UserProfile
    evidence: tuple[Evidence, ...] = ()
    warnings: tuple[str, ...] = Field(default=(), description="What was skipped and why.")

    def evidence_for(self, field: str) -> tuple[Evidence, ...]:
        """The evidence for one profile path."""
        return tuple(e for e in self.evidence if e.field == field)

    def explain(self) -> str:
        """Plain text: each answer read and where from, then the warnings."""
        lines = ["Read from FHIR:"]
        lines += [f"  - {e.field} = {e.answer!r}: {e.describe()} ({e.how})" for e in self.evidence]
        if not self.evidence:
            lines.append("  (no answer could be read)")
        if self.warnings:
            lines += ["Skipped:"] + [f"  - {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"
