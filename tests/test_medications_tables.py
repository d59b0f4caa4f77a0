"""The matcher's precomputed tables: the committed module is what the catalogue gives today."""

from __future__ import annotations

from pathlib import Path

import pytest

import acumat.medications.match as matcher
from acumat.medications import CATALOGUE, _tables, generate, match_medication


def test_the_committed_tables_are_what_the_generator_writes_now():
    """_tables.py is not stale: after a catalogue (or reading) change, run
    `python -m acumat.medications.generate` and commit the result."""
    assert Path(_tables.__file__).read_text(encoding="utf-8") == generate.render(), \
        "stale: run python -m acumat.medications.generate"
    assert generate.main(["--check"]) == 0


def test_the_tables_record_the_digest_of_todays_sources():
    """The digest in _tables.py is that of the catalogue, text, match and generate modules,
    so the matcher uses the committed tables (and not its own fallback)."""
    assert matcher.source_digest() == _tables.SOURCES


def test_a_changed_source_changes_the_digest(tmp_path, monkeypatch):
    """Editing any of the sources (here a copy of them) gives another digest, so stale
    tables are never used; an unreadable source gives none."""
    for name in matcher.TABLE_SOURCES:
        (tmp_path / name).write_bytes((Path(matcher.__file__).parent / name).read_bytes())
    monkeypatch.setattr(matcher, "_HERE", tmp_path)
    assert matcher.source_digest() == _tables.SOURCES
    catalogue = tmp_path / "catalogue.py"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace('"Eliquis"', '"Eliquiss"'),
                         encoding="utf-8")
    assert matcher.source_digest() not in (None, _tables.SOURCES)
    catalogue.unlink()
    assert matcher.source_digest() is None


def _resolved(tables: matcher.Tables) -> tuple[list[list[tuple[str, matcher.CatalogueName]]], frozenset[str]]:
    names, exact, skel, close, blocked = tables
    entries = [matcher.CatalogueName(n, CATALOGUE[i], multi) for n, i, multi in names]
    return [[(k, entries[i]) for k, i in t.items()] for t in (exact, skel, close)], blocked


def test_the_loaded_tables_equal_the_ones_built_from_the_catalogue():
    """Every key, in the same order, maps to the same catalogue name and drug object as
    reading the catalogue at import did."""
    built, blocked = _resolved(matcher.build_tables())
    assert [list(t.items()) for t in (matcher._EXACT, matcher._SKELETON, matcher._FUZZY)] == built
    assert blocked == matcher._BLOCKED
    assert all(any(v.drug is d for d in CATALOGUE) for v in matcher._EXACT.values())


def test_with_stale_tables_the_matcher_builds_its_own(monkeypatch):
    """When the recorded digest differs from the sources', _load reads the catalogue instead
    of trusting the committed tables (a name added but not regenerated is still found)."""
    monkeypatch.setattr(matcher, "source_digest", lambda: "edited")
    monkeypatch.setattr(_tables, "EXACT", {})
    exact, skel, close, blocked = matcher._load()
    assert list(exact.items()) == list(matcher._EXACT.items())
    assert (skel, close, blocked) == (matcher._SKELETON, matcher._FUZZY, matcher._BLOCKED)


@pytest.mark.parametrize("joined", [True, False])
def test_edit_buckets_hold_the_keys_within_max_edits_of_a_length(joined):
    """_edit_bucket(length, letter, joined) lists, in _FUZZY's order, exactly the fuzzy keys
    with that first letter whose length is within MAX_EDITS (multi-word keys only if joined)."""
    for length in range(1, max(map(len, matcher._FUZZY)) + 4):
        for letter in {k[0] for k in matcher._FUZZY} | {"q"}:
            expected = tuple(k for k, v in matcher._FUZZY.items()
                             if k[0] == letter and abs(len(k) - length) <= matcher.MAX_EDITS
                             and (joined or not v.multiword))
            assert matcher._edit_bucket(length, letter, joined) == expected


def test_the_edit_step_still_finds_swapped_vowels():
    """A name two edits away with the same first letter ("xeralto") is still Xarelto."""
    hit = match_medication("xeralto 20 mg")
    assert hit is not None and hit.drug.generic == "rivaroxaban" and hit.fuzzy
