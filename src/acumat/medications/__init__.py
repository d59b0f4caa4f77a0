"""Blood thinners in a typed medication list: names and brands -> drug, class, ATC code.

The medication list is the cross-check for people who answer "no" to the blood-thinner
question because they do not know their medicine thins the blood, so a missed name is a
wrong go-ahead (the worst defect). Each entry is first read into ASCII words
(:mod:`acumat.medications.text`: Unicode clean-up, accents folded, other scripts
transliterated, doses and dosage forms dropped), then matched
(:mod:`acumat.medications.match`) against the catalogue
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
import re
from collections.abc import Iterable
from dataclasses import dataclass

from acumat.medications.catalogue import CATALOGUE, Drug, DrugClass
from acumat.medications.match import EDIT_LEN, FUZZY_CUTOFF, MAX_EDITS, MIN_FUZZY_LEN, masked, match_words
from acumat.medications.text import MAX_CHARS, Reading, normalise, read

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


def _read_one(text: str) -> tuple[MedicationMatch | None, Reading]:
    # Entries recur verbatim across profiles; the cache holds only short ones.
    return _read_cached(text) if len(text) <= MAX_CHARS else _read_uncached(text)


def _read_uncached(text: str) -> tuple[MedicationMatch | None, Reading]:
    reading = read(text)
    hit = match_words(reading.words)
    if hit is None:
        return None, reading
    name, fuzzy, score, i, j = hit
    foreign = any(reading.foreign[i:j])
    script = ", ".join(reading.scripts) if foreign and reading.scripts else None
    return MedicationMatch(text, name.name, name.drug, fuzzy=fuzzy, score=score, script=script,
                           reading=reading.text, negations=reading.negations), reading


_read_cached = functools.lru_cache(maxsize=4096)(_read_uncached)


def _entry(text: str) -> tuple[MedicationMatch | None, bool]:
    # An entry's blood thinner (or None) and, when none, whether it is unreadable.
    return _entry_cached(text) if len(text) <= MAX_CHARS else _entry_uncached(text)


def _entry_uncached(text: str) -> tuple[MedicationMatch | None, bool]:
    if len(text) <= MAX_CHARS and text.isascii():
        # Entries differ mostly in their doses. Reading an ASCII entry depends on a run of
        # digits only through where it is and whether it is a lone 5 (5-ASA: a 5 with no
        # word character on either side): digits are never part of a word, and every digit
        # is a word character to the patterns. So the entry with each run written as "5"
        # (a lone 5) or "0" reads exactly the same: read once per such shape.
        hit, unreadable = _shape(_RUNS.sub("0", text))
        if hit is not None and hit.typed != text:
            hit = MedicationMatch(text, hit.read_as, hit.drug, hit.fuzzy, hit.score, hit.script,
                                  hit.reading, hit.negations)
        return hit, unreadable
    return _read_entry(text)


def _read_entry(text: str) -> tuple[MedicationMatch | None, bool]:
    hit, reading = _read_uncached(text)
    if hit is not None:
        return hit, False
    return None, _unreadable_words(reading.words, reading.foreign, reading.lost_letters)


#: Every run of ASCII digits but a lone 5 (see _entry_uncached): one starting with another
#: digit, or a 5 followed by more digits. The runs are maximal (each is read to its end),
#: so a lone 5 is never part of a match. Replaced by one "0".
_RUNS = re.compile("[0-46-9][0-9]*|5[0-9]+")
_shape = functools.lru_cache(maxsize=4096)(_read_entry)
_entry_cached = functools.lru_cache(maxsize=4096)(_entry_uncached)


@functools.lru_cache(maxsize=4096)
def _unreadable_words(words: tuple[str, ...], foreign: tuple[bool, ...], lost: bool) -> bool:
    """No blood thinner found, and letters of another script or nothing at all to read
    (judged per word list: entries differ in doses and case far more than in words)."""
    return not words or lost or any(
        f for f, m in zip(foreign, masked(words), strict=True) if not m)


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
    matches, unreadable = read_list(medications)
    return MedicationReading(tuple(matches), tuple(unreadable))


def read_list(medications: Iterable[str]) -> tuple[list[MedicationMatch], list[str]]:
    """:func:`read_medications` as two lists (the blood thinners found, the entries acumat
    cannot read), without the result object (what building a profile's fact needs)."""
    matches: list[MedicationMatch] = []
    unreadable: list[str] = []
    for m in medications:
        if not isinstance(m, str):
            unreadable.append(repr(m))
            continue
        # _entry, inline: an entry of at most MAX_CHARS is remembered.
        hit, unread = _entry_cached(m) if len(m) <= MAX_CHARS else _entry_uncached(m)
        if hit is not None:
            matches.append(hit)
        elif unread:
            unreadable.append(m)
    return matches, unreadable
