"""The code sets are data with sources, and every code in them resolves to its set's answer."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from acumat.fhir.codes import ATC, ICD10, ICD10CM, RXNORM, SNOMED, code_sets, lookup
from acumat.medications import match_medication

#: Drugs VSAC lists as anticoagulants that acumat's name catalogue does not (yet) know.
_VSAC_ONLY = {"desirudin"}
_ANSWERS = {"blood_thinners", "pregnant", "skin.infection", "skin.allergy", "skin.broken",
            "conditions.bleeding_disorder", "conditions.heart_disease", "conditions.severe_injury"}


def test_every_set_names_a_known_answer_and_a_source():
    """Each set answers a known profile question and cites a VSAC OID or a terminology release."""
    sets = code_sets()
    assert len(sets) >= 15
    for cs in sets:
        assert cs.answer in _ANSWERS, cs.title
        assert cs.codes, cs.title
        assert any(mark in cs.source for mark in ("VSAC value set 2.16.840.1.", "WHO ", "CPIC")), cs.source


def test_every_code_resolves_to_its_sets_answer():
    """lookup(system, code) of every code of every set gives that set's answer."""
    for cs in code_sets():
        for code in cs.codes:
            assert cs.answer in {h.answer for h in lookup(cs.system, code)}, (cs.title, code)


def test_every_rxnorm_code_names_a_blood_thinner():
    """Each RxNorm code's VSAC display names a blood thinner the name matcher knows (or a VSAC-only one)."""
    for cs in code_sets():
        if cs.system != RXNORM:
            continue
        for code, display in cs.codes.items():
            known = match_medication(display) is not None
            assert known or any(d in display.lower() for d in _VSAC_ONLY), (code, display)


def test_excluded_rxnorm_codes_are_not_blood_thinners():
    """Naproxen, listed in one VSAC expansion, is kept out and the file says why."""
    doc = json.loads(resources.files("acumat.fhir").joinpath("data", "rxnorm.json").read_text())
    assert "105899" in doc["excluded"] and "naproxen" in doc["excluded"]["105899"]
    assert lookup(RXNORM, "105899") == []


@pytest.mark.parametrize(("system", "code", "answer"), [
    (RXNORM, "1364430", "blood_thinners"),      # apixaban (ingredient)
    (RXNORM, "1364445", "blood_thinners"),      # apixaban 5 MG Oral Tablet
    (RXNORM, "1191", "blood_thinners"),         # aspirin (CPIC)
    ("urn:oid:2.16.840.1.113883.6.88", "11289", "blood_thinners"),  # warfarin, system as OID
    (ATC, "B01AF01", "blood_thinners"),         # rivaroxaban, by the B01A group
    (ATC, "N02BA01", "blood_thinners"),         # aspirin as an analgesic
    (SNOMED, "84114007", "conditions.heart_disease"),
    (SNOMED, "77386006", "pregnant"),
    (ICD10CM, "I50.9", "conditions.heart_disease"),   # dotted and undotted forms alike
    (ICD10CM, "I509", "conditions.heart_disease"),
    (ICD10CM, "D66", "conditions.bleeding_disorder"),
    (ICD10, "L02.2", "skin.infection"),         # abscess of trunk, under L02
    (ICD10CM, "L50.0", "skin.allergy"),
])
def test_known_codes(system, code, answer):
    """Spot checks against the published sets: these codes give these answers."""
    assert answer in {h.answer for h in lookup(system, code)}


@pytest.mark.parametrize(("system", "code"), [
    (RXNORM, "6809"),       # metformin
    (RXNORM, "5640"),       # ibuprofen
    (ATC, "N02BE01"),       # paracetamol
    (ATC, "B01"),           # shorter than the B01A group: not a match
    (ICD10CM, "E11.9"),     # type 2 diabetes
    (SNOMED, "38341003"),   # hypertensive disorder
    ("http://example.org", "1364430"),  # right code, unknown system
])
def test_unrelated_codes_answer_nothing(system, code):
    """Codes outside the sets (or in another system) give no answer."""
    assert lookup(system, code) == []
