"""The blood-thinner catalogue as data: coverage of ATC B01A, no collisions, every category read.

The spellings table (tests/data/medication_spellings.tsv) holds names as people type
them, one category per kind of spelling; its expected drugs come from the WHO ATC index
and the national product registers, not from acumat's output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from acumat.medications import CATALOGUE, match_medication, normalise, read_medications
from acumat.medications.text import skeleton

DATA = Path(__file__).parent / "data"

# Every substance code of WHO ATC group B01A (antithrombotic agents), typed from the
# ATC/DDD index independently of the catalogue (B01AC30 and B01AC56, combinations, are
# checked in test_combinations_name_their_components).
B01A_CODES = {
    "B01AA01": "dicoumarol", "B01AA02": "phenindione", "B01AA03": "warfarin",
    "B01AA04": "phenprocoumon", "B01AA07": "acenocoumarol", "B01AA08": "ethyl biscoumacetate",
    "B01AA09": "clorindione", "B01AA10": "diphenadione", "B01AA11": "tioclomarol",
    "B01AA12": "fluindione",
    "B01AB01": "heparin", "B01AB02": "antithrombin III", "B01AB04": "dalteparin",
    "B01AB05": "enoxaparin", "B01AB06": "nadroparin", "B01AB07": "parnaparin",
    "B01AB08": "reviparin", "B01AB09": "danaparoid", "B01AB10": "tinzaparin",
    "B01AB11": "sulodexide", "B01AB12": "bemiparin", "B01AB13": "certoparin",
    "B01AC01": "ditazole", "B01AC02": "cloricromen", "B01AC03": "picotamide",
    "B01AC04": "clopidogrel", "B01AC05": "ticlopidine", "B01AC06": "acetylsalicylic acid",
    "B01AC07": "dipyridamole", "B01AC08": "carbasalate calcium", "B01AC09": "epoprostenol",
    "B01AC10": "indobufen", "B01AC11": "iloprost", "B01AC13": "abciximab",
    "B01AC15": "aloxiprin", "B01AC16": "eptifibatide", "B01AC17": "tirofiban",
    "B01AC18": "triflusal", "B01AC19": "beraprost", "B01AC21": "treprostinil",
    "B01AC22": "prasugrel", "B01AC23": "cilostazol", "B01AC24": "ticagrelor",
    "B01AC25": "cangrelor", "B01AC26": "vorapaxar", "B01AC27": "selexipag",
    "B01AC28": "limaprost",
    "B01AD01": "streptokinase", "B01AD02": "alteplase", "B01AD03": "anistreplase",
    "B01AD04": "urokinase", "B01AD05": "fibrinolysin", "B01AD06": "brinase",
    "B01AD07": "reteplase", "B01AD08": "saruplase", "B01AD09": "ancrod",
    "B01AD10": "drotrecogin alfa (activated)", "B01AD11": "tenecteplase", "B01AD12": "protein C",
    "B01AD13": "apadamtase alfa and cinaxadamtase alfa",
    "B01AE01": "desirudin", "B01AE02": "lepirudin", "B01AE03": "argatroban",
    "B01AE04": "melagatran", "B01AE05": "ximelagatran", "B01AE06": "bivalirudin",
    "B01AE07": "dabigatran",
    "B01AF01": "rivaroxaban", "B01AF02": "apixaban", "B01AF03": "edoxaban",
    "B01AF04": "betrixaban", "B01AF51": "rivaroxaban and acetylsalicylic acid",
    "B01AX01": "defibrotide", "B01AX04": "dermatan sulfate", "B01AX05": "fondaparinux",
    "B01AX07": "caplacizumab",
}


def _spellings() -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    text = (DATA / "medication_spellings.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            category, typed, expected = line.split("\t")
            typed = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), typed)
            rows[category].append((typed, expected))
    return rows


SPELLINGS = _spellings()


def _misread(category: str) -> list[tuple[str, str, str]]:
    """(typed, expected, got) for every row of ``category`` read otherwise than expected."""
    wrong = []
    for typed, expected in SPELLINGS[category]:
        reading = read_medications([typed])
        got = (reading.matches[0].drug.generic if reading.matches
               else "?" if reading.unreadable else "-")
        if got != expected:
            wrong.append((typed, expected, got))
    return wrong


def test_every_b01a_substance_is_in_the_catalogue_with_its_code():
    """Each substance of ATC B01A is a catalogue entry under its own code (B01AD included)."""
    by_code = {d.atc: d.generic for d in CATALOGUE}
    assert {code: by_code.get(code) for code in B01A_CODES} == B01A_CODES


def test_atc_codes_are_well_formed():
    """Every ATC code is a WHO code: a level-4 group or a 7-character substance code."""
    for drug in CATALOGUE:
        assert re.fullmatch(r"[A-Z]\d\d[A-Z]{1,2}(\d\d)?", drug.atc), drug


def test_every_name_resolves_to_its_own_entry():
    """Each generic, brand, alias and native-script name, typed alone, reads as its own drug."""
    wrong = [(name, d.generic, getattr(match_medication(name), "drug", None))
             for d in CATALOGUE for name in d.names
             if getattr(match_medication(name), "drug", None) is not d]
    assert wrong == []


def test_no_name_maps_to_two_drugs():
    """No two entries share a name once read (case, accents, spaces and hyphens ignored)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for d in CATALOGUE:
        for name in d.names:
            owners[normalise(name).replace(" ", "")].add(d.generic)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert "" not in owners


def test_no_spelling_key_maps_to_two_drugs():
    """The cross-language spelling keys of single-word names do not collide between drugs."""
    owners: dict[str, set[str]] = defaultdict(set)
    for d in CATALOGUE:
        for name in (d.generic, *d.brands, *d.aliases):
            key = normalise(name)
            if " " not in key and len(key) >= 6:
                owners[skeleton(key)].add(d.generic)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_combinations_name_their_components():
    """A combination entry lists at least two substances, one of them a blood thinner."""
    combos = [d for d in CATALOGUE if len(d.components) > 1]
    assert {d.atc for d in combos} >= {"B01AC30", "B01AC56", "B01AF51"}
    singles = {d.generic for d in CATALOGUE if not d.components}
    for d in combos:
        assert set(d.components) & singles, d


@pytest.mark.parametrize("atc_group", ["B01AA", "B01AB", "B01AC", "B01AD", "B01AE", "B01AF",
                                       "B01AX"])
def test_each_atc_group_is_recognised(atc_group):
    """Generic names and brands of each ATC B01A group are read as the right drug."""
    assert SPELLINGS[atc_group]
    assert _misread(atc_group) == []


def test_aspirin_abbreviations_and_brands():
    """National aspirin abbreviations (ASS, ASA, AAS, ASK) and brands are read as aspirin."""
    assert _misread("aspirin") == []


def test_combination_products():
    """Aspirin + dipyridamole, clopidogrel + aspirin and other aspirin combinations count."""
    assert _misread("combination") == []


def test_generic_names_in_other_languages():
    """Generic and class names in the common European languages are read (accents folded)."""
    assert _misread("language") == []


def test_national_brand_names():
    """Brand names from the major national markets are read as their generic drug."""
    assert _misread("national-brand") == []


def test_names_in_other_scripts_are_transliterated():
    """Cyrillic, Greek and Japanese/Chinese names are recognised through transliteration."""
    assert _misread("script") == []


def test_invisible_characters_and_full_width_letters():
    """Soft hyphens, zero-width and bidi characters and full-width letters do not hide a name."""
    assert _misread("invisible") == []


def test_misspellings():
    """Common misspellings of blood thinners are caught."""
    assert _misread("misspelling") == []


def test_real_world_entries():
    """Entries as people type them (doses, schedules, class words, negations) are read."""
    assert _misread("real-world") == []


def test_common_non_thinning_drugs_stay_unflagged():
    """Painkillers, statins, metformin, PPIs, antidepressants, vitamins, 5-ASA… are not flagged."""
    assert len(SPELLINGS["not-thinner"]) >= 200
    assert _misread("not-thinner") == []


def test_unreadable_entries_are_reported():
    """Non-thinners in other scripts, and entries with nothing to read, are unreadable."""
    assert _misread("unreadable") == []


def test_every_name_todays_matcher_found_is_still_found():
    """Regression: each name the previous matcher read as a blood thinner still is, with the
    same ATC code unless it is now an exact product name ("aspirinn" is Aspirin N)."""
    rows = [line.split("\t") for line in
            (DATA / "medication_regression.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 1500
    found = {typed: match_medication(typed) for typed, _ in rows}
    assert [typed for typed, m in found.items() if m is None] == []
    changed = [(typed, atc, found[typed]) for typed, atc in rows
               if found[typed].drug.atc != atc and found[typed].fuzzy]
    assert changed == []
