"""Matching read words against the catalogue: exact names, names inside words, spellings.

See :mod:`acumat.medications` for the order of the steps. The tables are built once at
import from :data:`~acumat.medications.catalogue.CATALOGUE`; results are cached per
normalised entry and per word, so only never-seen words pay for the fuzzy search.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
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


def _tables() -> tuple[_Table, _Table, _Table, frozenset[str]]:
    """Exact keys, cross-language spelling keys, fuzzy keys, non-thinner phrases."""
    exact: _Table = {}
    skel: _Table = {}
    close: _Table = {}
    for d in CATALOGUE:
        for name in d.names:
            words = read(name).words
            key = "".join(words)
            entry = CatalogueName(name, d, len(words) > 1)
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
    from rapidfuzz import fuzz, process  # here: exact names (most entries) need no fuzzy search
    from rapidfuzz.distance import Levenshtein

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

