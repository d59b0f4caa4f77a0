"""Medication orders and statements -> blood-thinner evidence.

A MedicationRequest counts while active or on-hold (and not ``doNotPerform``), a
MedicationStatement while active or intended. The medicine is its medicationCodeableConcept
or the Medication it references (contained or elsewhere in the data). It is a blood thinner
when a code is in one of the RxNorm or ATC sets, or when its text or a coding's display
names one (acumat's medication-name matcher). Anything else proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from acumat.fhir import elements as el
from acumat.fhir.codes import lookup
from acumat.fhir.collect import Collected, Item
from acumat.fhir.model import Evidence
from acumat.medications import match_medication

REQUEST_ACTIVE = frozenset({"active", "on-hold"})
STATEMENT_ACTIVE = frozenset({"active", "intended"})


def read_medications(got: Collected, ours: Callable[[Item], bool], warnings: list[str], *,
                     draft_orders: bool = False) -> list[Evidence]:
    """Evidence of blood thinners, one per resource that names one, in input order.

    ``draft_orders`` counts MedicationRequests in status draft too (orders being written).
    """
    out = []
    for item in got.of_type("MedicationRequest", "MedicationStatement"):
        if not ours(item):
            continue
        ev = _read(got, item, warnings, draft_orders)
        if ev is not None:
            out.append(ev)
    return out


def _read(got: Collected, item: Item, warnings: list[str], draft_orders: bool) -> Evidence | None:
    res = item.resource
    status = el.string(res.get("status"))
    allowed = STATEMENT_ACTIVE
    if item.type == "MedicationRequest":
        allowed = REQUEST_ACTIVE | {"draft"} if draft_orders else REQUEST_ACTIVE
    concepts = list(_concepts(got, item, warnings))
    found = _first_hit(concepts, item, warnings)
    if found is None:
        return None
    code, display, how = found
    if status not in allowed:
        warnings.append(f"{item.ref} ({code or display}): status {status!r}: not read (only "
                        f"{' or '.join(sorted(allowed))} count)")
        return None
    if item.type == "MedicationRequest" and res.get("doNotPerform") is True:
        warnings.append(f"{item.ref} ({code or display}): doNotPerform is true (an order not to give "
                        "it): not read")
        return None
    return Evidence(field="blood_thinners", answer=True, resource=item.ref, code=code,
                    display=display, how=f"{item.type} status {status}; {how}")


def _concepts(got: Collected, item: Item, warnings: list[str]) -> Iterator[tuple[str, Any]]:
    """(path, CodeableConcept) pairs naming the medicine, and the reference's display text."""
    res = item.resource
    if "medicationCodeableConcept" in res:
        yield f"{item.ref} medicationCodeableConcept", res["medicationCodeableConcept"]
    ref_value = res.get("medicationReference")
    if ref_value is None:
        return
    ref = el.reference(ref_value)
    display = ref_value.get("display") if isinstance(ref_value, dict) else None
    if ref is not None:
        med = got.resolve(ref, within=item)
        if med is None:
            warnings.append(f"{item.ref} medicationReference: {ref!r} is not in the data"
                            + (": only its display text is read" if isinstance(display, str)
                               else ": not read"))
        elif med.get("resourceType") != "Medication":
            warnings.append(f"{item.ref} medicationReference: {ref!r} is a "
                            f"{med.get('resourceType')!r}, not a Medication: not read")
        else:
            where = f"{item.ref} medicationReference {ref}"
            yield f"{where} code", med.get("code")
            ingredients = med.get("ingredient")
            if isinstance(ingredients, list):
                for i, ing in enumerate(ingredients[:el.MAX_CODINGS]):
                    if isinstance(ing, dict) and "itemCodeableConcept" in ing:
                        yield f"{where} ingredient[{i}].itemCodeableConcept", ing["itemCodeableConcept"]
    if isinstance(display, str) and display.strip():
        yield f"{item.ref} medicationReference.display", {"text": display}


def _first_hit(concepts: list[tuple[str, Any]], item: Item, warnings: list[str]
               ) -> tuple[str | None, str, str] | None:
    """(code label, display, how) of the first blood thinner named, codes before names."""
    named: list[tuple[str, str]] = []
    for path, cc in concepts:
        for c in el.codings(cc, path, warnings):
            if c.code:
                for h in lookup(c.system, c.code):
                    if h.answer == "blood_thinners":
                        shown = c.display or h.display
                        return h.label, shown, f"code in {h.code_set.source.split(';')[0]}"
            if c.display:
                named.append((path, c.display))
        if el.text(cc):
            named.append((path, el.text(cc)))
    for _path, name in named:
        hit = match_medication(name)
        if hit is not None:
            return None, name, f"name read by acumat's medication matcher: {hit.describe()}"
    return None
