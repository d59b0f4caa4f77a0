"""Code sets as data: which codes answer which profile question, each set with its source.

One JSON file per code system in ``data/`` (RxNorm, ATC, SNOMED CT, ICD-10-CM, WHO ICD-10,
LOINC observations). Every set names its answer (a profile path such as ``blood_thinners`` or
``conditions.heart_disease``) and its source: a VSAC value-set OID with its expansion, or a
terminology release. ``data/build_codes.py`` rebuilds the VSAC-derived files.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"

#: Short names used in evidence ("RxNorm 1364430").
SYSTEM_NAMES = {RXNORM: "RxNorm", SNOMED: "SNOMED CT", LOINC: "LOINC", ATC: "ATC", ICD10: "ICD-10",
                ICD10CM: "ICD-10-CM"}
#: Other spellings of the same systems seen in EHR data.
_ALIASES = {"urn:oid:2.16.840.1.113883.6.88": RXNORM, "urn:oid:2.16.840.1.113883.6.96": SNOMED,
            "urn:oid:2.16.840.1.113883.6.1": LOINC, "urn:oid:2.16.840.1.113883.6.90": ICD10CM,
            "urn:oid:2.16.840.1.113883.6.3": ICD10, "http://www.whocc.no/atc/": ATC,
            "urn:oid:2.16.840.1.113883.6.73": ATC}

_FILES = ("rxnorm.json", "atc.json", "snomed_vsac.json", "icd10cm_vsac.json", "icd10_who.json")


@dataclass(frozen=True, slots=True)
class CodeSet:
    """One published set of codes and the answer its members give."""

    answer: str
    title: str
    source: str
    system: str
    prefix: bool
    codes: dict[str, str]


@dataclass(frozen=True, slots=True)
class CodeHit:
    """A coding found in a code set."""

    answer: str
    system: str
    code: str
    display: str
    code_set: CodeSet

    @property
    def label(self) -> str:
        """``"RxNorm 1364430"``."""
        return f"{SYSTEM_NAMES.get(self.system, self.system)} {self.code}"


def canonical_system(system: str) -> str:
    """The FHIR system URL for known aliases (OIDs, trailing slashes)."""
    s = system.strip()
    return _ALIASES.get(s, s)


def _key(system: str, code: str) -> str:
    c = code.strip().upper()
    return c.replace(".", "") if system in (ICD10, ICD10CM) else c


def _load(name: str) -> dict[str, Any]:
    text = resources.files("acumat.fhir").joinpath("data", name).read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


@functools.cache
def code_sets() -> tuple[CodeSet, ...]:
    """Every code set acumat reads, loaded once."""
    out: list[CodeSet] = []
    for name in _FILES:
        doc = _load(name)
        systems = [doc["system"], *doc.get("also_systems", [])]
        for s in doc["sets"]:
            for system in systems:
                out.append(CodeSet(s["answer"], s["title"], s["source"], system,
                                   doc.get("match") == "prefix", dict(s["codes"])))
    return tuple(out)


@functools.cache
def _tables() -> tuple[dict[tuple[str, str], list[tuple[CodeSet, str]]],
                       dict[str, list[tuple[str, CodeSet, str]]]]:
    exact: dict[tuple[str, str], list[tuple[CodeSet, str]]] = {}
    prefix: dict[str, list[tuple[str, CodeSet, str]]] = {}
    for cs in code_sets():
        for code, display in cs.codes.items():
            if cs.prefix:
                prefix.setdefault(cs.system, []).append((_key(cs.system, code), cs, display))
            else:
                exact.setdefault((cs.system, _key(cs.system, code)), []).append((cs, display))
    return exact, prefix


def lookup(system: str, code: str) -> list[CodeHit]:
    """The code sets ``system``/``code`` belongs to (several when it answers several questions)."""
    sys_url = canonical_system(system)
    key = _key(sys_url, code)
    exact, prefix = _tables()
    hits: dict[str, CodeHit] = {}
    for cs, display in exact.get((sys_url, key), []):
        hits.setdefault(cs.answer, CodeHit(cs.answer, sys_url, code.strip(), display, cs))
    for pre, cs, display in prefix.get(sys_url, []):
        if key.startswith(pre):
            hits.setdefault(cs.answer, CodeHit(cs.answer, sys_url, code.strip(), display, cs))
    return list(hits.values())


@functools.cache
def observations() -> dict[str, Any]:
    """The observation codes read (pregnancy status, pain severity) and their answer codes."""
    return _load("observations.json")
