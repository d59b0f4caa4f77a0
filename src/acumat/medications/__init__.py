"""Blood thinners in a typed medication list: names and brands -> drug, class, ATC code.

The medication list is the cross-check for people who answer "no" to the blood-thinner
question because they do not know their medicine thins the blood, so a missed name is a
wrong go-ahead (the worst defect). Each entry is first read into ASCII words
(:mod:`acumat.medications.text`: Unicode clean-up, accents folded, other scripts
transliterated, doses and dosage forms dropped), then matched against the catalogue
(:mod:`acumat.medications.catalogue`, all of ATC B01A plus aspirin products), in order:

1. exact names, also across word breaks (``acetyl-salicylic acid``, ``Thrombo ASS``,
   ``ThromboASS``), longest first;
2. a catalogue name of 7+ letters inside a longer word (``lowdoseaspirin``), marked
   ``fuzzy`` like the next two;
3. spelling variants across languages (:func:`~acumat.medications.text.skeleton`:
   ``warfaryna``, ``varfarina``, ``eparina``);
4. close misspellings with rapidfuzz (``warfarine``, ``xeralto``), marked ``fuzzy``.

Names that contain a catalogue name but are not blood thinners (``5-ASA``/mesalazine,
``Cartia XT``) are set aside first. An entry with letters from a script that gave no
match, or with nothing left to read, is reported by :func:`read_medications` as
unreadable, never silently passed. Negations ("stopped warfarin") are not interpreted:
the medicine still counts, and :meth:`MedicationMatch.describe` quotes the word.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from acumat.medications.catalogue import CATALOGUE, NOT_BLOOD_THINNERS, Drug, DrugClass
from acumat.medications.text import MAX_CHARS, Reading, normalise, read, skeleton

__all__ = [
    "CATALOGUE",
    "EDIT_LEN",
    "FUZZY_CUTOFF",
    "MAX_CHARS",
    "MAX_EDITS",
    "MIN_FUZZY_LEN",
    "Drug",
    "DrugClass",
    "MedicationMatch",
    "MedicationReading",
    "find_blood_thinners",
    "match_medication",
    "normalise",
    "read_medications",
]

#: Similarity (0–100, rapidfuzz ratio) a word needs to count as a misspelling of a name.
#: 85 accepts one wrong, missing or swapped letter in names of 7+ letters ("warfarine")
#: and keeps the common non-thinning drugs in the tests out.
FUZZY_CUTOFF = 85.0
#: Shortest word compared fuzzily; shorter words must match exactly.
MIN_FUZZY_LEN = 5
#: Words of at least this length also match a name at most two edits away with the same
#: first letter ("xeralto" -> Xarelto, "plavics" -> Plavix): swapped vowels score low on
#: ratio. Words one letter shorter match a name one edit away ("plavex" -> Plavix).
EDIT_LEN = 7
MAX_EDITS = 2
#: Longest run of words joined into one name ("aspirin and dipyridamole" -> 2 words).
_MAX_SPAN = 4
#: A name found inside a longer word must have at least this many letters.
_MIN_CONTAINED = 7
#: A name joined from several typed words must be this long, unless the catalogue name
#: itself has several words: "as a" must not become "asa".
_MIN_JOINED = 6


@dataclass(frozen=True, slots=True)
class MedicationMatch:
    """A typed medication name recognised as a blood thinner.

    ``read_as`` is the catalogue name it matched; ``fuzzy`` marks a close spelling
    match (``score`` is the rapidfuzz ratio, 100 for exact names); ``script`` names the
    script transliterated to find it (e.g. ``"CYRILLIC"``), ``reading`` is the text
    acumat matched, and ``negations`` quotes words such as "stopped" that acumat did
    not interpret.
    """

    typed: str
    read_as: str
    drug: Drug
    fuzzy: bool
    score: float
    script: str | None = None
    reading: str = ""
    negations: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for a finding: what was typed and how acumat read it."""
        typed = f"'{self.typed[:80]}'"
        if self.script:
            typed += f" ({_script_name(self.script)} letters, transliterated as '{self.reading[:80]}')"
        combo = ", a combination product" if self.drug.components else ""
        how = ", a close spelling match" if self.fuzzy else ""
        line = (f"{typed} read as {self.read_as} ({self.drug.generic}{combo}, "
                f"{self.drug.drug_class.value}, ATC {self.drug.atc}){how}.")
        if self.negations:
            said = "', '".join(self.negations)
            line += (f" The entry also says '{said}', which acumat does not interpret: it still "
                     "counts this medicine; correct the list if it is not taken.")
        return line


def _script_name(scripts: str) -> str:
    return ", ".join(s if s == "CJK" else s.title() for s in scripts.split(", "))


@dataclass(frozen=True, slots=True)
class MedicationReading:
    """A whole medication list read: the blood thinners found, and entries acumat cannot read.

    ``unreadable`` holds entries with letters in a script that gave no confident match
    (e.g. a name typed in Cyrillic or Chinese characters that is not in the catalogue)
    or with nothing left to read (only digits or symbols); ordinary Latin-script names
    of other medicines are not unreadable.
    """

    matches: tuple[MedicationMatch, ...]
    unreadable: tuple[str, ...]

    def unreadable_note(self) -> str:
        """One line quoting the unreadable entries, asking to confirm them ("" if none)."""
        if not self.unreadable:
            return ""
        quoted = ", ".join(f"'{u[:80]}'{_why_unreadable(u)}" for u in self.unreadable)
        one = len(self.unreadable) == 1
        return (f"acumat could not read {quoted} as {'a medicine name' if one else 'medicine names'}; "
                f"please check whether {'it is' if one else 'any of them is'} a blood thinner "
                "(anticoagulant or antiplatelet, including low-dose aspirin).")


@dataclass(frozen=True, slots=True)
class _Name:
    name: str
    drug: Drug
    multiword: bool


def _tables() -> tuple[dict[str, _Name], dict[str, _Name], dict[str, _Name], frozenset[str]]:
    exact: dict[str, _Name] = {}
    skel: dict[str, _Name] = {}
    close: dict[str, _Name] = {}
    for d in CATALOGUE:
        for name in d.names:
            words = read(name).words
            key = "".join(words)
            entry = _Name(name, d, len(words) > 1)
            exact.setdefault(key, entry)
            if name in d.native:
                continue  # a transliteration is matched exactly, never as a near spelling
            if len(words) == 1 and len(key) >= 6:
                skel.setdefault(skeleton(key), entry)
            if len(key) >= MIN_FUZZY_LEN:
                close.setdefault(key, entry)
    blocked = frozenset("".join(read(n).words) for n in NOT_BLOOD_THINNERS)
    return exact, skel, close, blocked


_EXACT, _SKELETON, _FUZZY, _BLOCKED = _tables()
_LONG = {k: v for k, v in _EXACT.items() if len(k) >= _MIN_CONTAINED}
_LONGEST = max(map(len, _LONG))


@functools.lru_cache(maxsize=256)
def _bucket(length: int, joined: bool) -> tuple[str, ...]:
    """Fuzzy keys long enough and short enough to reach FUZZY_CUTOFF against ``length``.

    A single typed word is compared with single-word names only: "protein" must not be
    a near spelling of "protein C".
    """
    lo = length * FUZZY_CUTOFF / (200 - FUZZY_CUTOFF)
    hi = length * (200 - FUZZY_CUTOFF) / FUZZY_CUTOFF
    return tuple(k for k, v in _FUZZY.items() if lo <= len(k) <= hi and (joined or not v.multiword))


def _edit_buckets() -> dict[tuple[int, str, bool], tuple[str, ...]]:
    """(length, first letter, joined) -> fuzzy keys with that first letter and a length
    at most MAX_EDITS away (single-word keys only unless joined)."""
    buckets: dict[tuple[int, str, bool], list[str]] = {}
    for k, v in _FUZZY.items():
        for length in range(len(k) - MAX_EDITS, len(k) + MAX_EDITS + 1):
            for joined in (True, False) if not v.multiword else (True,):
                buckets.setdefault((length, k[0], joined), []).append(k)
    return {key: tuple(keys) for key, keys in buckets.items()}


_EDIT_BUCKETS = _edit_buckets()


@functools.lru_cache(maxsize=8192)
def _near(c: str, joined: bool) -> tuple[float, str] | None:
    """The catalogue key ``c`` may be a misspelling of, as (ratio, key), or None.

    Cached per word: a new entry usually repeats words seen before ("metformin 1000").
    """
    found = process.extractOne(c, _bucket(len(c), joined), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF)
    if found is not None:
        return float(found[1]), found[0]
    if len(c) < EDIT_LEN - 1:
        return None
    edits = MAX_EDITS if len(c) >= EDIT_LEN else 1
    near = process.extractOne(c, _EDIT_BUCKETS.get((len(c), c[0], joined), ()),
                              scorer=Levenshtein.distance, score_cutoff=edits)
    return None if near is None else (float(fuzz.ratio(c, near[0])), near[0])


#: (catalogue name, drug, fuzzy, score, first word, end word) of a match.
_Hit = tuple[_Name, bool, float, int, int]


def _masked(words: tuple[str, ...]) -> list[bool]:
    """Words belonging to a known non-thinner phrase (Cartia XT, mesalazine)."""
    mask = [False] * len(words)
    for i in range(len(words)):
        for k in range(min(_MAX_SPAN, len(words) - i), 0, -1):
            if "".join(words[i:i + k]) in _BLOCKED:
                mask[i:i + k] = [True] * k
                break
    return mask


def _exact(words: tuple[str, ...], mask: list[bool]) -> _Hit | None:
    n = len(words)
    for k in range(min(_MAX_SPAN, n), 0, -1):
        for i in range(n - k + 1):
            if any(mask[i:i + k]):
                continue
            key = "".join(words[i:i + k])
            hit = _EXACT.get(key)
            if hit is not None and (k == 1 or hit.multiword or len(key) >= _MIN_JOINED):
                return hit, False, 100.0, i, i + k
    for i, w in enumerate(words):
        if mask[i] or len(w) <= _MIN_CONTAINED:
            continue
        for size in range(min(len(w) - 1, _LONGEST), _MIN_CONTAINED - 1, -1):
            for s in range(len(w) - size + 1):
                hit = _LONG.get(w[s:s + size])
                if hit is not None:  # not the whole word: reported as a close match
                    return hit, True, float(fuzz.ratio(w, w[s:s + size])), i, i + 1
    return None


def _candidates(words: tuple[str, ...], mask: list[bool]) -> list[tuple[str, int, int]]:
    """Single words, and adjacent pairs joined, that may be a misspelt name."""
    out = [(w, i, i + 1) for i, w in enumerate(words) if not mask[i] and len(w) >= MIN_FUZZY_LEN]
    if len(words) <= 3:
        out += [(a + b, i, i + 2) for i, (a, b) in enumerate(itertools.pairwise(words))
                if not (mask[i] or mask[i + 1]) and len(a + b) >= 8]
    return out


def _close(candidates: list[tuple[str, int, int]]) -> _Hit | None:
    for c, i, j in candidates:
        if len(c) >= 6:
            hit = _SKELETON.get(skeleton(c))
            if hit is not None:
                return hit, True, float(fuzz.ratio(c, "".join(read(hit.name).words))), i, j
    best: _Hit | None = None
    for c, i, j in candidates:
        found = _near(c, j - i > 1)
        if found is not None and (best is None or found[0] > best[2]):
            best = (_FUZZY[found[1]], True, found[0], i, j)
    return best


@functools.lru_cache(maxsize=8192)
def _match_words(words: tuple[str, ...]) -> _Hit | None:
    # Cached: the same few medication names recur across profiles.
    if not words:
        return None
    mask = _masked(words)
    return _exact(words, mask) or _close(_candidates(words, mask))


def _read_one(text: str) -> tuple[MedicationMatch | None, Reading]:
    # Entries recur verbatim across profiles; the cache holds only short ones.
    return _read_cached(text) if len(text) <= MAX_CHARS else _read_uncached(text)


def _read_uncached(text: str) -> tuple[MedicationMatch | None, Reading]:
    reading = read(text)
    hit = _match_words(reading.words)
    if hit is None:
        return None, reading
    name, fuzzy, score, i, j = hit
    foreign = any(reading.foreign[i:j])
    script = ", ".join(reading.scripts) if foreign and reading.scripts else None
    return MedicationMatch(text, name.name, name.drug, fuzzy=fuzzy, score=score, script=script,
                           reading=reading.text, negations=reading.negations), reading


_read_cached = functools.lru_cache(maxsize=4096)(_read_uncached)


def _unreadable(reading: Reading) -> bool:
    """No blood thinner found, and letters of another script or nothing at all to read."""
    return not reading.words or reading.lost_letters or any(
        f for f, m in zip(reading.foreign, _masked(reading.words), strict=True) if not m)


def _why_unreadable(text: str) -> str:
    reading = read(text)
    if reading.scripts:
        return f" ({_script_name(', '.join(reading.scripts))} letters)"
    return " (no name in it)" if not reading.words else ""


def match_medication(text: str) -> MedicationMatch | None:
    """Read one typed medication name; the blood thinner it names, or None."""
    if not isinstance(text, str):
        return None
    return _read_one(text)[0]


def find_blood_thinners(medications: Iterable[str]) -> list[MedicationMatch]:
    """Every entry of ``medications`` that names a blood thinner, in input order."""
    return [m for m in map(match_medication, medications) if m is not None]


def read_medications(medications: Iterable[str]) -> MedicationReading:
    """Read a medication list: blood thinners found, and entries acumat cannot read."""
    matches: list[MedicationMatch] = []
    unreadable: list[str] = []
    for m in medications:
        if not isinstance(m, str):
            unreadable.append(repr(m))
            continue
        hit, reading = _read_one(m)
        if hit is not None:
            matches.append(hit)
        elif _unreadable(reading):
            unreadable.append(m)
    return MedicationReading(tuple(matches), tuple(unreadable))
