"""Blood-thinner catalogue: medication names and brands -> drug class and ATC code.

People type medication names freely ("Eliquis 5 mg", "Xarelto 20mg tablet",
"warfarine"). :func:`match_medication` strips doses and dosage forms, matches
generic and brand names exactly, then catches close misspellings with rapidfuzz.
A missed blood thinner would be the worst defect (a wrong go-ahead), so matching
leans toward recognising; unrelated common drugs are kept out by a high cutoff
and a minimum name length for fuzzy matching.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

#: Characters of each entry that are looked at (longer input is cut, never parsed whole).
MAX_CHARS = 200
#: Similarity (0–100, rapidfuzz ratio) a word needs to count as a misspelling of a name.
#: 85 accepts one wrong, missing or swapped letter in names of 7+ letters ("warfarine",
#: "xeralto") and rejects unrelated drugs, whose best scores against the catalogue stay
#: below 80 (e.g. "metformin", "atorvastatin", "heparinoid" creams aside).
FUZZY_CUTOFF = 85.0
#: Shortest word compared fuzzily; shorter words must match exactly.
MIN_FUZZY_LEN = 5
#: Words of at least this length also match a name at most two edits away with the same
#: first letter ("xeralto" -> Xarelto, "plavics" -> Plavix): swapped vowels score low on ratio.
EDIT_LEN = 7
MAX_EDITS = 2


class DrugClass(enum.StrEnum):
    """The two kinds of blood thinner the source's C8 covers."""

    ANTICOAGULANT = "anticoagulant"
    ANTIPLATELET = "antiplatelet"


@dataclass(frozen=True, slots=True)
class Drug:
    """One blood-thinning drug: generic name, WHO ATC code, class and brand names."""

    generic: str
    atc: str
    drug_class: DrugClass
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MedicationMatch:
    """A typed medication name recognised as a blood thinner."""

    typed: str
    read_as: str
    drug: Drug
    fuzzy: bool
    score: float

    def describe(self) -> str:
        """One line for a finding: what was typed and how acumat read it."""
        how = ", a close spelling match" if self.fuzzy else ""
        return (f"'{self.typed[:80]}' read as {self.read_as} ({self.drug.generic}, "
                f"{self.drug.drug_class.value}, ATC {self.drug.atc}){how}.")


_A, _P = DrugClass.ANTICOAGULANT, DrugClass.ANTIPLATELET

CATALOGUE: tuple[Drug, ...] = (
    # B01AA vitamin K antagonists
    Drug("warfarin", "B01AA03", _A, ("Coumadin", "Jantoven", "Marevan"), ("warfarin sodium",)),
    Drug("acenocoumarol", "B01AA07", _A, ("Sintrom",)),
    Drug("phenprocoumon", "B01AA04", _A, ("Marcoumar", "Falithrom")),
    Drug("fluindione", "B01AA12", _A, ("Previscan",)),
    # B01AB heparins
    Drug("heparin", "B01AB01", _A, (), ("heparin sodium",)),
    Drug("enoxaparin", "B01AB05", _A, ("Lovenox", "Clexane")),
    Drug("dalteparin", "B01AB04", _A, ("Fragmin",)),
    Drug("tinzaparin", "B01AB10", _A, ("Innohep",)),
    Drug("nadroparin", "B01AB06", _A, ("Fraxiparine", "Fraxiparin")),
    Drug("bemiparin", "B01AB12", _A, ("Zibor", "Hibor")),
    # B01AE direct thrombin inhibitors
    Drug("dabigatran", "B01AE07", _A, ("Pradaxa",), ("dabigatran etexilate",)),
    Drug("argatroban", "B01AE03", _A),
    Drug("bivalirudin", "B01AE06", _A, ("Angiomax",)),
    # B01AF direct factor Xa inhibitors
    Drug("rivaroxaban", "B01AF01", _A, ("Xarelto",)),
    Drug("apixaban", "B01AF02", _A, ("Eliquis",)),
    Drug("edoxaban", "B01AF03", _A, ("Savaysa", "Lixiana")),
    # B01AX05
    Drug("fondaparinux", "B01AX05", _A, ("Arixtra",)),
    # B01AC platelet aggregation inhibitors
    Drug("clopidogrel", "B01AC04", _P, ("Plavix",)),
    Drug("prasugrel", "B01AC22", _P, ("Effient", "Efient")),
    Drug("ticagrelor", "B01AC24", _P, ("Brilinta", "Brilique")),
    Drug("dipyridamole", "B01AC07", _P, ("Persantine",)),
    Drug("ticlopidine", "B01AC05", _P, ("Ticlid",)),
    Drug("cilostazol", "B01AC23", _P, ("Pletal",)),
    Drug("vorapaxar", "B01AC26", _P, ("Zontivity",)),
    # Aspirin inhibits platelets at any dose, so every aspirin counts (conservative).
    Drug("acetylsalicylic acid", "B01AC06", _P, (),
         ("aspirin", "baby aspirin", "low dose aspirin", "asa", "acetylsalicylic")),
    Drug("aspirin and dipyridamole", "B01AC30", _P, ("Aggrenox",)),
    # People often name the class instead of the drug: that is a blood thinner too.
    Drug("unspecified anticoagulant", "B01A", _A, (),
         ("blood thinner", "blood thinners", "blood thinning", "anticoagulant", "anticoagulants",
          "anticoagulation", "thinner")),
    Drug("unspecified antiplatelet", "B01AC", _P, (),
         ("antiplatelet", "antiplatelets", "antiplatelet agent", "platelet inhibitor")),
)

_UNIT = r"(?:mg|mcg|µg|ug|g|ml|iu|units?|u|%)"
_DOSE = re.compile(rf"\b\d+(?:[.,]\d+)?\s*{_UNIT}?\b(?:\s*/\s*\d*\s*{_UNIT}?\b)?")
_FORMS = frozenset(
    [
        "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "film", "coated",
        "filmcoated", "oral", "injection", "injections", "solution", "syringe", "syringes",
        "prefilled", "pen", "pens", "once", "twice", "three", "times", "daily", "day", "per", "a",
        "an", "od", "bd", "bid", "qd", "tid", "qid", "x", "mg", "take", "taking", "takes", "sodium",
        "potassium", "dose", "low", "dosage", "and", "with", "of", "the", "every", "morning",
        "evening", "night", "at", "my", "i",
    ]
)
_WORD = re.compile(r"[a-z]+")


def normalise(text: str) -> str:
    """Lower-case ``text`` and drop doses, dosage forms and punctuation."""
    t = text[:MAX_CHARS].lower()
    t = _DOSE.sub(" ", t)
    return " ".join(w for w in _WORD.findall(t) if w not in _FORMS)


def _exact_table() -> dict[str, tuple[str, Drug]]:
    table: dict[str, tuple[str, Drug]] = {}
    for d in CATALOGUE:
        for name in (d.generic, *d.brands, *d.aliases):
            table.setdefault(normalise(name), (name, d))
    return table


_EXACT = _exact_table()
_FUZZY_NAMES = {k: v for k, v in _EXACT.items() if len(k) >= MIN_FUZZY_LEN and " " not in k}
_FUZZY_KEYS = tuple(_FUZZY_NAMES)


def match_medication(text: str) -> MedicationMatch | None:
    """Read one typed medication name; the blood thinner it names, or None."""
    if not isinstance(text, str):
        return None
    found = _match_normalised(normalise(text))
    if found is None:
        return None
    name, drug, fuzzy, score = found
    return MedicationMatch(text, name, drug, fuzzy=fuzzy, score=score)


@functools.lru_cache(maxsize=4096)
def _match_normalised(norm: str) -> tuple[str, Drug, bool, float] | None:
    # Cached: the same few medication names recur across profiles.
    words = norm.split()
    if not words:
        return None
    # Exact: the whole text, any adjacent word pair, then any single word.
    candidates = [" ".join(words)]
    candidates += [f"{a} {b}" for a, b in itertools.pairwise(words)]
    candidates += words
    for c in candidates:
        hit = _EXACT.get(c)
        if hit is not None:
            return hit[0], hit[1], False, 100.0
    best: tuple[float, str] | None = None
    for w in words:
        if len(w) < MIN_FUZZY_LEN:
            continue
        found = process.extractOne(w, _FUZZY_KEYS, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if found is not None and (best is None or found[1] > best[0]):
            best = (float(found[1]), found[0])
        if found is None and len(w) >= EDIT_LEN:
            near = process.extractOne(w, _FUZZY_KEYS, scorer=Levenshtein.distance,
                                      score_cutoff=MAX_EDITS)
            if near is not None and near[0][0] == w[0]:
                score = float(fuzz.ratio(w, near[0]))
                if best is None or score > best[0]:
                    best = (score, near[0])
    if best is None:
        return None
    name, drug = _FUZZY_NAMES[best[1]]
    return name, drug, True, best[0]


def find_blood_thinners(medications: Iterable[str]) -> list[MedicationMatch]:
    """Every entry of ``medications`` that names a blood thinner, in input order."""
    out = []
    for m in medications:
        hit = match_medication(m)
        if hit is not None:
            out.append(hit)
    return out
