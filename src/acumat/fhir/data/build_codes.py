"""Rebuild the VSAC-derived code files of this folder (a maintainer's tool, not imported).

The value sets are VSAC (NLM Value Set Authority Center) eCQM expansions, read from the
Python files of canvas-medical/canvas-plugins (``canvas_sdk/value_set/v2026`` and ``v2022``),
which carry each set's OID, expansion version, codes and displays. Run::

    python build_codes.py medication.py no_qdm_category_assigned.py condition_v2022.py

RxNorm codes are kept as VSAC lists them, except the few in :data:`EXCLUDE` (listed under
``excluded`` with the reason): an expansion that names no blood thinner is not a blood thinner.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = "canvas-medical/canvas-plugins canvas_sdk/value_set/{ver}/{file} (commit 344f0bcb)"

RXNORM_SETS = ("AnticoagulantMedications", "AnticoagulantsForAllIndications", "AnticoagulantTherapy",
               "AntithromboticTherapyForIschemicStroke", "DirectThrombinInhibitor",
               "InjectableFactorXaInhibitorForVteProphylaxis",
               "LowDoseUnfractionatedHeparinForVteProphylaxis",
               "LowMolecularWeightHeparinForVteProphylaxis",
               "OralFactorXaInhibitorForVteProphylaxisOrVteTreatment", "UnfractionatedHeparin",
               "Warfarin", "OralAnticoagulantMedications")
#: Codes of the expansions above that are not blood thinners, and why they are left out.
EXCLUDE = {
    "105899": "naproxen 500 MG Oral Tablet [Naprosyn]: an NSAID listed in 2.16.840.1.113762.1.4.1206.19; "
              "not an anticoagulant or antiplatelet",
}
#: RxNorm ingredient codes of blood thinners from CPIC's drug table, which VSAC's medication
#: sets above list only as products (aspirin) or not at all (acenocoumarol, phenprocoumon).
CPIC_INGREDIENTS = {"154": "acenocoumarol", "1191": "aspirin", "8150": "phenprocoumon",
                    "11289": "warfarin", "32968": "clopidogrel"}
CPIC_SOURCE = ("CPIC (Clinical Pharmacogenetics Implementation Consortium) drug table, RxNorm "
               "ingredient codes; read from cpicpgx/cpic-schema drug.sql (commit 05f9b09c)")
CONDITION_SETS = {
    "CoagulationDisorders": "conditions.bleeding_disorder",
    "BleedingDisorder": "conditions.bleeding_disorder",
    "CardiacDisease": "conditions.heart_disease",
    "HeartFailure": "conditions.heart_disease",
    "IschemicHeartDiseaseOrOtherRelatedDiagnoses": "conditions.heart_disease",
    "CoronaryArteryDiseaseNoMi": "conditions.heart_disease",
    "MyocardialInfarction": "conditions.heart_disease",
    "MajorInjuries": "conditions.severe_injury",
    "Pregnancy": "pregnant",
}


def classes(path: Path) -> dict[str, dict[str, object]]:
    src = path.read_text()
    out: dict[str, dict[str, object]] = {}
    for m in re.finditer(r"^class (\w+)\(ValueSet\):(.*?)(?=^class |\Z)", src, re.S | re.M):
        body = m.group(2)

        def one(key: str, text: str = body) -> str:
            found = re.search(rf'{key} = "(.*?)"', text)
            return found.group(1) if found else ""

        systems = {s: dict(re.findall(r'"([^"]+)",\s*#\s*(.*)', b))
                   for s, b in re.findall(r"^    (\w+) = \{(.*?)^    \}", body, re.S | re.M)}
        out[m.group(1)] = {"name": one("VALUE_SET_NAME"), "oid": one("OID"),
                           "expansion": one("EXPANSION_VERSION"), "systems": systems}
    return out


def vs_source(vs: dict[str, object], ver: str, file: str) -> str:
    return (f"VSAC value set {vs['oid']} '{vs['name']}', expansion {vs['expansion']}; read from "
            + SOURCE.format(ver=ver, file=file))


def main(med: str, noqdm: str, cond22: str) -> None:
    meds = classes(Path(med))
    rx_sets, excluded = [], {}
    for name in RXNORM_SETS:
        vs = meds[name]
        codes = {}
        for code, display in vs["systems"]["RXNORM"].items():  # type: ignore[index]
            if code in EXCLUDE:
                excluded[code] = EXCLUDE[code]
            else:
                codes[code] = display
        rx_sets.append({"answer": "blood_thinners", "title": vs["name"],
                        "source": vs_source(vs, "v2026", "medication.py"), "codes": codes})
    rx_sets.append({"answer": "blood_thinners", "title": "Blood-thinner ingredients (CPIC)",
                    "source": CPIC_SOURCE, "codes": CPIC_INGREDIENTS})
    write("rxnorm.json", "http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm", rx_sets, excluded)

    conds = {**{k: (v, "v2026", "no_qdm_category_assigned.py") for k, v in classes(Path(noqdm)).items()},
             **{k: (v, "v2022", "condition.py") for k, v in classes(Path(cond22)).items()}}
    icd: list[dict[str, object]] = []
    sct: list[dict[str, object]] = []
    for name, answer in CONDITION_SETS.items():
        vs, ver, file = conds[name]
        systems = vs["systems"]
        for key, target in (("ICD10CM", icd), ("SNOMEDCT", sct)):
            if key in systems:  # type: ignore[operator]
                target.append({"answer": answer, "title": vs["name"],
                               "source": vs_source(vs, ver, file),
                               "codes": systems[key]})  # type: ignore[index]
    write("icd10cm_vsac.json", "http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM", icd, {})
    write("snomed_vsac.json", "http://snomed.info/sct", "SNOMED CT", sct, {})


def write(name: str, system: str, title: str, sets: list[dict[str, object]],
          excluded: dict[str, str]) -> None:
    doc: dict[str, object] = {"system": system, "title": title, "generated_by": "build_codes.py", "sets": sets}
    if excluded:
        doc["excluded"] = excluded
    (HERE / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
