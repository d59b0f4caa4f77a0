"""Whose record is it: one patient per input, and resources about someone else are skipped.

acumat reads one person's record at a time. Data naming several Patients, or (without a
Patient resource) several different subjects, raises FhirError rather than mixing their
answers; a resource whose subject is another patient is skipped with a warning.
"""

from __future__ import annotations

from acumat.fhir import elements as el
from acumat.fhir.collect import Collected, Item
from acumat.fhir.model import FhirError


def one_patient(got: Collected) -> Item | None:
    """The data's one Patient (None when it has none); FhirError when it is about several people."""
    patients = {i.ref: i for i in got.of_type("Patient")}
    if len(patients) > 1:
        raise FhirError(f"the data holds {len(patients)} patients ({', '.join(sorted(patients))}); "
                        "acumat reads one person's record at a time", resource="(data)")
    if patients:
        return next(iter(patients.values()))
    subjects = {k for i in got.items if (k := _patient_key(_subject(i))) is not None}
    if len(subjects) > 1:
        raise FhirError(f"the resources are about {len(subjects)} different subjects "
                        f"({', '.join(sorted(subjects)[:5])}); acumat reads one person's record at a time",
                        resource="(data)")
    return None


def _patient_key(ref: str | None) -> str | None:
    """``Patient/<id>`` of a reference to a Patient (relative, absolute or versioned), a urn as is."""
    if ref is None:
        return None
    if ref.startswith("urn:"):
        return ref
    at = ref.rfind("Patient/")
    if at < 0 or (at > 0 and ref[at - 1] != "/"):
        return None
    return "/".join(ref[at:].split("/")[:2])


def _subject(item: Item) -> str | None:
    return el.reference(item.resource.get("subject")) or el.reference(item.resource.get("patient"))


def names_of(got: Collected, patient: Item | None) -> set[str]:
    """Every reference that names the patient: Patient/id and its fullUrls."""
    if patient is None:
        return set()
    return {key for key, it in got.index.items() if it is patient} | {patient.ref}


def for_patient(item: Item, patient: Item | None, names: set[str], warnings: list[str]) -> bool:
    """Whether ``item`` is about the patient; a warning when it is about someone else."""
    subject = _subject(item)
    if patient is None or subject is None or not isinstance(patient.resource.get("id"), str):
        return True
    if subject in names or _patient_key(subject) in names:
        return True
    warnings.append(f"{item.ref} ({item.path}): about {subject}, not {patient.ref}: skipped")
    return False
