"""Matching read words against the catalogue: exact names, names inside words, spellings.

See :mod:`acumat.medications` for the order of the steps. The tables come from
:data:`~acumat.medications.catalogue.CATALOGUE` (precomputed in
:mod:`acumat.medications._tables` by :mod:`acumat.medications.generate`); results are cached per
normalised entry and per word, so only never-seen words pay for the fuzzy search.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from acumat.medications.catalogue import CATALOGUE, NOT_BLOOD_THINNERS, Drug
from acumat.medications.text import read, skeleton

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
class CatalogueName:
    """One name of a catalogue drug, and whether it has several words ("Thrombo ASS")."""

    name: str
    drug: Drug
    multiword: bool


_Table = dict[str, CatalogueName]
#: One catalogue name as the tables store it: (name, index of its drug in CATALOGUE,
#: has several words).
Entry = tuple[str, int, bool]
#: (entries, exact keys, cross-language spelling keys, fuzzy keys, non-thinner phrases)
Tables = tuple[tuple[Entry, ...], dict[str, int], dict[str, int], dict[str, int], frozenset[str]]

_HERE = Path(__file__).parent
#: The sources the tables are computed from: the catalogue, how names are read, how the
#: tables are built (this module) and written (generate.py).
TABLE_SOURCES = ("catalogue.py", "text.py", "match.py", "generate.py")


def build_tables(min_fuzzy_len: int = MIN_FUZZY_LEN) -> Tables:
    """Read every catalogue name into the matcher's tables.

    Each key maps to an index into the entries; a dict's order is the order the matcher
    searches it (the first of equally close names wins). Fuzzy keys have at least
    ``min_fuzzy_len`` letters.
    """
    entries: dict[Entry, int] = {}
    exact: dict[str, int] = {}
    skel: dict[str, int] = {}
    close: dict[str, int] = {}
    for index, d in enumerate(CATALOGUE):
        for name in d.names:
            words = read(name).words
            key = "".join(words)
            entry = entries.setdefault((name, index, len(words) > 1), len(entries))
            exact.setdefault(key, entry)
            if name in d.native:
                continue  # a transliteration is matched exactly, never as a near spelling
            if len(words) == 1 and len(key) >= 6:
                skel.setdefault(skeleton(key), entry)
            if len(key) >= min_fuzzy_len:
                close.setdefault(key, entry)
    blocked = frozenset("".join(read(n).words) for n in NOT_BLOOD_THINNERS)
    return tuple(entries), exact, skel, close, blocked


def source_digest() -> str | None:
    """A digest of :data:`TABLE_SOURCES` as they are now (None when one cannot be read).

    The generated tables record the digest they were computed from; they are used only
    while it still matches.
    """
    h = hashlib.sha256()
    for name in TABLE_SOURCES:
        try:
            h.update((_HERE / name).read_bytes().replace(b"\r\n", b"\n"))
        except OSError:
            return None
        h.update(b"\0")
    return h.hexdigest()[:32]


def _load() -> tuple[_Table, _Table, _Table, frozenset[str]]:
    """Exact keys, cross-language spelling keys, fuzzy keys, non-thinner phrases.

    From the generated :mod:`acumat.medications._tables` while the sources they were
    computed from are unchanged (reading every catalogue name again cost more than the
    rest of importing acumat's own modules); otherwise built here, the same way.
    """
    from acumat.medications import _tables

    tables: Tables
    if source_digest() == _tables.SOURCES:
        tables = (_tables.NAMES, _tables.EXACT, _tables.SKELETON, _tables.FUZZY, _tables.BLOCKED)
    else:  # a catalogue being edited, or sources that cannot be read
        tables = build_tables()
    names, exact, skel, close, blocked = tables
    entries = [CatalogueName(name, CATALOGUE[i], multi) for name, i, multi in names]
    return ({k: entries[i] for k, i in exact.items()}, {k: entries[i] for k, i in skel.items()},
            {k: entries[i] for k, i in close.items()}, blocked)


_EXACT, _SKELETON, _FUZZY, _BLOCKED = _load()
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


@functools.cache
def _by_first_letter_and_length() -> dict[tuple[str, int], tuple[tuple[int, str, bool], ...]]:
    """(first letter, length) -> (position in _FUZZY, key, several words) of those keys."""
    out: dict[tuple[str, int], list[tuple[int, str, bool]]] = {}
    for pos, (k, v) in enumerate(_FUZZY.items()):
        out.setdefault((k[0], len(k)), []).append((pos, k, v.multiword))
    return {group: tuple(keys) for group, keys in out.items()}


@functools.cache
def _edit_bucket(length: int, letter: str, joined: bool) -> tuple[str, ...]:
    """Fuzzy keys with first letter ``letter`` and a length at most MAX_EDITS from
    ``length`` (single-word keys only unless ``joined``), in _FUZZY's order.

    Built on first use: only words no other step matched get this far. At most one per
    (length, letter, joined): entries are cut at MAX_CHARS.
    """
    groups = _by_first_letter_and_length()
    found = sorted(e for n in range(length - MAX_EDITS, length + MAX_EDITS + 1)
                   for e in groups.get((letter, n), ()) if joined or not e[2])
    return tuple(k for _, k, _ in found)


@functools.lru_cache(maxsize=8192)
def _near(c: str, joined: bool) -> tuple[float, str] | None:
    """The catalogue key ``c`` may be a misspelling of, as (ratio, key), or None.

    Cached per word: a new entry usually repeats words seen before ("metformin 1000").
    """
    from rapidfuzz import fuzz, process  # here: exact names (most entries) need no fuzzy search
    from rapidfuzz.distance import Levenshtein

    found = process.extractOne(c, _bucket(len(c), joined), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF)
    if found is not None:
        return float(found[1]), found[0]
    if len(c) < EDIT_LEN - 1:
        return None
    edits = MAX_EDITS if len(c) >= EDIT_LEN else 1
    near = process.extractOne(c, _edit_bucket(len(c), c[0], joined),
                              scorer=Levenshtein.distance, score_cutoff=edits)
    return None if near is None else (float(fuzz.ratio(c, near[0])), near[0])


class Hit(NamedTuple):
    """A match: the catalogue name, whether it was a near spelling, its score, and the
    words it covers (``words[start:end]``)."""

    name: CatalogueName
    fuzzy: bool
    score: float
    start: int
    end: int


def masked(words: tuple[str, ...]) -> list[bool]:
    """Words belonging to a known non-thinner phrase (Cartia XT, mesalazine)."""
    mask = [False] * len(words)
    for i in range(len(words)):
        for k in range(min(_MAX_SPAN, len(words) - i), 0, -1):
            if "".join(words[i:i + k]) in _BLOCKED:
                mask[i:i + k] = [True] * k
                break
    return mask


def _exact(words: tuple[str, ...], mask: list[bool]) -> Hit | None:
    """A catalogue name spelt exactly, joined across words or inside a longer word."""
    n = len(words)
    for k in range(min(_MAX_SPAN, n), 0, -1):
        for i in range(n - k + 1):
            if any(mask[i:i + k]):
                continue
            key = "".join(words[i:i + k])
            hit = _EXACT.get(key)
            if hit is not None and (k == 1 or hit.multiword or len(key) >= _MIN_JOINED):
                return Hit(hit, False, 100.0, i, i + k)
    for i, w in enumerate(words):
        if mask[i] or len(w) <= _MIN_CONTAINED:
            continue
        for size in range(min(len(w) - 1, _LONGEST), _MIN_CONTAINED - 1, -1):
            for s in range(len(w) - size + 1):
                hit = _LONG.get(w[s:s + size])
                if hit is not None:  # not the whole word: reported as a close match
                    from rapidfuzz import fuzz

                    return Hit(hit, True, float(fuzz.ratio(w, w[s:s + size])), i, i + 1)
    return None


def _candidates(words: tuple[str, ...], mask: list[bool]) -> list[tuple[str, int, int]]:
    """Single words, and adjacent pairs joined, that may be a misspelt name."""
    out = [(w, i, i + 1) for i, w in enumerate(words) if not mask[i] and len(w) >= MIN_FUZZY_LEN]
    if len(words) <= 3:
        out += [(a + b, i, i + 2) for i, (a, b) in enumerate(itertools.pairwise(words))
                if not (mask[i] or mask[i + 1]) and len(a + b) >= 8]
    return out


def _close(candidates: list[tuple[str, int, int]]) -> Hit | None:
    """A cross-language spelling variant, else the closest misspelling, or None."""
    for c, i, j in candidates:
        if len(c) >= 6:
            hit = _SKELETON.get(skeleton(c))
            if hit is not None:
                from rapidfuzz import fuzz

                return Hit(hit, True, float(fuzz.ratio(c, "".join(read(hit.name).words))), i, j)
    best: Hit | None = None
    for c, i, j in candidates:
        found = _near(c, j - i > 1)
        if found is not None and (best is None or found[0] > best.score):
            best = Hit(_FUZZY[found[1]], True, found[0], i, j)
    return best


@functools.lru_cache(maxsize=8192)
def match_words(words: tuple[str, ...]) -> Hit | None:
    """The blood thinner named by the read words of one entry, or None.

    Cached per normalised entry: the same few medication names recur across profiles.
    """
    if not words:
        return None
    mask = masked(words)
    return _exact(words, mask) or _close(_candidates(words, mask))

