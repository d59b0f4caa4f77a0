"""Reading typed entries: Unicode clean-up, split names, unreadable entries and what a finding says."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumat.medications import (
    CATALOGUE,
    MedicationReading,
    find_blood_thinners,
    match_medication,
    normalise,
    read_medications,
)

INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"]
# Latin-script generics and brands of one word (the ones a keyboard types directly).
LATIN_NAMES = sorted({(n, d.generic) for d in CATALOGUE for n in (d.generic, *d.brands)
                      if n.isascii() and n.isalpha() and len(n) >= 4})


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(("typed", "words"), [
    ("Héparine 5000 UI", "heparine"),
    ("Acetylsalicylsäure 100 mg", "acetylsalicylsaure"),
    ("apixabán 5 mg comprimidos", "apixaban"),
    ("ＸＡＲＥＬＴＯ　２０ｍｇ", "xarelto"),
    ("war\u00adfa\u200brin", "warfarin"),
    ("e\u0301noxaparine", "enoxaparine"),
    ("A.S.A. 81", "asa"),
    ("Eliquis5mg", "eliquis"),
])
def test_normalise_folds_unicode_and_keeps_words_whole(typed, words):
    """NFKC, invisible characters, combining accents and glued doses never split a name."""
    assert normalise(typed) == words


def test_five_asa_is_not_read_as_asa():
    """5-ASA (mesalazine) is set apart from ASA (aspirin), while ASA 81 stays aspirin."""
    assert match_medication("5-ASA 1g") is None
    assert match_medication("5 ASA") is None
    m = match_medication("ASA 81")
    assert m is not None and m.drug.generic == "acetylsalicylic acid"


def test_non_thinner_phrase_does_not_hide_a_thinner_in_the_same_entry():
    """Setting mesalazine apart still reads the aspirin typed next to it."""
    m = match_medication("mesalazine and aspirin")
    assert m is not None and m.read_as == "aspirin"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LATIN_NAMES), st.lists(st.sampled_from(INVISIBLE), min_size=1, max_size=3),
       st.data())
def test_invisible_characters_inside_any_name_change_nothing(name_generic, marks, data):
    """Invisible characters inserted anywhere inside a catalogue name still read its drug."""
    name, generic = name_generic
    chars = list(name)
    for mark in marks:
        chars.insert(data.draw(st.integers(1, len(chars) - 1)), mark)
    m = match_medication("".join(chars))
    assert m is not None and m.drug.generic == generic


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(LATIN_NAMES), st.booleans())
def test_full_width_or_upper_case_names_read_the_same(name_generic, upper):
    """A catalogue name typed in full-width letters, or in capitals, reads the same drug."""
    name, generic = name_generic
    m = match_medication(_full_width(name.upper() if upper else name))
    assert m is not None and m.drug.generic == generic


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(LATIN_NAMES))
def test_decomposed_accents_read_like_composed_ones(name_generic):
    """NFD text (accents as combining marks) reads like the composed form."""
    name, generic = name_generic
    accented = unicodedata.normalize("NFD", name.replace("e", "é", 1))
    m = match_medication(accented)
    assert m is not None and m.drug.generic == generic


def test_read_medications_splits_matches_and_unreadable_entries():
    """Blood thinners are matched, other-script non-matches are unreadable, Latin non-thinners are neither."""
    reading = read_medications(["metformin", "варфарин", "метформин", "Eliquis 5 mg", "二甲双胍", "—"])
    assert isinstance(reading, MedicationReading)
    assert [m.typed for m in reading.matches] == ["варфарин", "Eliquis 5 mg"]
    assert reading.unreadable == ("метформин", "二甲双胍", "—")


def test_a_unit_in_another_script_does_not_make_an_entry_unreadable():
    """'мг' (Cyrillic mg) is a unit like any other: a Latin drug name with it is read."""
    reading = read_medications(["Metformin 500 мг", "Варфарин 5 мг"])
    assert reading.unreadable == ()
    assert [m.drug.generic for m in reading.matches] == ["warfarin"]


def test_unreadable_note_quotes_each_entry_and_asks_to_confirm():
    """The note quotes every unreadable entry with why, and asks whether it is a blood thinner."""
    note = read_medications(["метформин", "???"]).unreadable_note()
    assert "'метформин' (Cyrillic letters)" in note
    assert "'???' (no name in it)" in note
    assert "blood thinner" in note
    assert "\n" not in note
    assert read_medications(["metformin"]).unreadable_note() == ""


def test_non_text_entries_are_unreadable_not_ignored():
    """An entry that is not text cannot be read, and says so."""
    reading = read_medications(["aspirin", 5])  # type: ignore[list-item]
    assert reading.unreadable == ("5",)
    assert len(reading.matches) == 1


def test_find_blood_thinners_agrees_with_read_medications():
    """find_blood_thinners returns exactly read_medications' matches."""
    entries = ["Plavix", "5-ASA", "Кардиомагнил", "ibuprofen", "ASS 100"]
    assert find_blood_thinners(entries) == list(read_medications(entries).matches)


@pytest.mark.parametrize(("typed", "quoted"), [
    ("stopped warfarin", "stopped"),
    ("no blood thinners", "no"),
    ("kein Marcumar mehr", "kein"),
    ("allergic to aspirin", "allergic"),
    ("I don't take Xarelto anymore", "dont"),
])
def test_negations_still_count_and_are_quoted(typed, quoted):
    """A negated entry still counts as a blood thinner, and the description quotes the word."""
    m = match_medication(typed)
    assert m is not None
    line = m.describe()
    assert f"'{typed}'" in line
    assert f"'{quoted}'" in line
    assert "correct the list" in line


def test_describe_names_generic_class_atc_and_combination():
    """describe() quotes the entry and gives name, generic, class, ATC and 'combination'."""
    line = match_medication("DuoPlavin 75/100").describe()  # type: ignore[union-attr]
    assert line.startswith("'DuoPlavin 75/100' read as DuoPlavin (clopidogrel and acetylsalicylic acid")
    assert "combination" in line and "antiplatelet" in line and "ATC B01AC30" in line


def test_describe_says_how_another_script_was_read():
    """A transliterated match names the script and the Latin text acumat matched."""
    line = match_medication("Варфарин 5 мг").describe()  # type: ignore[union-attr]
    assert "Cyrillic" in line and "'varfarin'" in line and "warfarin" in line


def test_joined_words_do_not_invent_short_abbreviations():
    """'as a' typed in an entry is not joined into ASA (aspirin)."""
    assert match_medication("take as a precaution") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=5))
def test_read_medications_never_raises(entries):
    """Any list of text (surrogates, controls, any script) is read without error."""
    reading = read_medications(entries)
    assert len(reading.matches) + len(reading.unreadable) <= len(entries)
    for u in reading.unreadable:
        assert u in entries


_DOSE_PARTS = st.sampled_from(["5", "-", " ", ".", ",", "mg", "asa", "a.s.a.", "0", "1", "9",
                               "25", "75", "500", "50", "05", "55", "x", "'", "don't", "/"])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([n for n, _ in LATIN_NAMES] + ["aspirin", "ASA", "mesalazine",
                                                      "atorvastatin", "cartia xt"]),
       st.lists(_DOSE_PARTS, max_size=6), st.lists(_DOSE_PARTS, max_size=6))
def test_reading_by_shape_equals_reading_the_entry_itself(name, before, after):
    """An ASCII entry read through its digit shape (each run of digits as a lone 5 or a 0,
    remembered once per shape) gives exactly what reading the entry itself gives: the match, with the
    typed text, and whether it is unreadable."""
    from acumat.medications import _entry_uncached, _read_entry

    text = "".join(before) + name + "".join(after)
    assert _entry_uncached(text) == _read_entry(text)
    assert _entry_uncached(text.replace("0", "7")) == _read_entry(text.replace("0", "7"))
