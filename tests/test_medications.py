"""The blood-thinner catalogue: names, brands, doses, misspellings, and what must not match."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acumat.medications import (
    CATALOGUE,
    DrugClass,
    find_blood_thinners,
    match_medication,
    normalise,
)

# Standard WHO ATC codes (B01 antithrombotic agents), checked independently of the module.
EXPECTED_ATC = {
    "warfarin": ("B01AA03", DrugClass.ANTICOAGULANT),
    "acenocoumarol": ("B01AA07", DrugClass.ANTICOAGULANT),
    "phenprocoumon": ("B01AA04", DrugClass.ANTICOAGULANT),
    "enoxaparin": ("B01AB05", DrugClass.ANTICOAGULANT),
    "dalteparin": ("B01AB04", DrugClass.ANTICOAGULANT),
    "tinzaparin": ("B01AB10", DrugClass.ANTICOAGULANT),
    "dabigatran": ("B01AE07", DrugClass.ANTICOAGULANT),
    "rivaroxaban": ("B01AF01", DrugClass.ANTICOAGULANT),
    "apixaban": ("B01AF02", DrugClass.ANTICOAGULANT),
    "edoxaban": ("B01AF03", DrugClass.ANTICOAGULANT),
    "fondaparinux": ("B01AX05", DrugClass.ANTICOAGULANT),
    "clopidogrel": ("B01AC04", DrugClass.ANTIPLATELET),
    "prasugrel": ("B01AC22", DrugClass.ANTIPLATELET),
    "ticagrelor": ("B01AC24", DrugClass.ANTIPLATELET),
    "dipyridamole": ("B01AC07", DrugClass.ANTIPLATELET),
}
BRANDS = {
    "Coumadin": "warfarin", "Jantoven": "warfarin", "Lovenox": "enoxaparin",
    "Clexane": "enoxaparin", "Fragmin": "dalteparin", "Pradaxa": "dabigatran",
    "Xarelto": "rivaroxaban", "Eliquis": "apixaban", "Savaysa": "edoxaban",
    "Lixiana": "edoxaban", "Arixtra": "fondaparinux", "Plavix": "clopidogrel",
    "Effient": "prasugrel", "Brilinta": "ticagrelor",
}
UNRELATED = (
    "ibuprofen", "paracetamol", "acetaminophen", "Tylenol", "metformin 500 mg", "lisinopril",
    "atorvastatin 20mg", "omeprazole", "levothyroxine", "amlodipine", "metoprolol", "sertraline",
    "naproxen", "prednisone", "gabapentin", "tramadol", "insulin", "vitamin D", "magnesium",
    "melatonin", "losartan", "pantoprazole", "cetirizine", "montelukast", "furosemide",
)


@pytest.mark.parametrize(("generic", "expected"), sorted(EXPECTED_ATC.items()))
def test_generics_match_with_class_and_atc(generic, expected):
    """Each required generic name is read as itself, with its ATC code and drug class."""
    m = match_medication(generic)
    assert m is not None
    assert (m.drug.generic, m.drug.atc, m.drug.drug_class) == (generic, *expected)
    assert not m.fuzzy


@pytest.mark.parametrize(("brand", "generic"), sorted(BRANDS.items()))
def test_brands_match_their_generic(brand, generic):
    """Brand names are read as the generic drug they contain."""
    m = match_medication(brand)
    assert m is not None
    assert m.drug.generic == generic
    assert m.read_as == brand


@pytest.mark.parametrize(
    ("typed", "generic"),
    [("Eliquis 5 mg", "apixaban"), ("Xarelto 20mg tablet", "rivaroxaban"),
     ("WARFARIN", "warfarin"), ("warfarin sodium 5mg", "warfarin"),
     ("Eliquis 5 mg twice daily", "apixaban"), ("taking xarelto", "rivaroxaban"),
     ("Lovenox 40mg injection", "enoxaparin"), ("clopidogrel 75mg", "clopidogrel"),
     ("Baby aspirin 81mg", "acetylsalicylic acid"), ("low dose aspirin", "acetylsalicylic acid"),
     ("ASA 81", "acetylsalicylic acid")],
)
def test_doses_forms_and_case_are_ignored(typed, generic):
    """Doses, dosage forms, filler words and case do not hide a blood thinner."""
    m = match_medication(typed)
    assert m is not None
    assert m.drug.generic == generic


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [("warfarrin", "warfarin"), ("warferin", "warfarin"), ("xeralto", "Xarelto"),
     ("eliqis", "Eliquis"), ("clopidogrell", "clopidogrel"), ("plavics", "Plavix"),
     ("rivaroxiban", "rivaroxaban"), ("apixiban", "apixaban")],
)
def test_misspellings_are_caught_and_marked(typed, read_as):
    """Close misspellings are read as the catalogue name, marked fuzzy, and described so."""
    m = match_medication(typed)
    assert m is not None
    assert m.fuzzy
    assert m.read_as == read_as
    assert typed in m.describe()
    assert read_as in m.describe()
    assert "close spelling" in m.describe()


@pytest.mark.parametrize("typed", ["blood thinner", "anticoagulant", "antiplatelet"])
def test_class_words_count_as_blood_thinners(typed):
    """Naming the class instead of the drug still counts as a blood thinner."""
    assert match_medication(typed) is not None


@pytest.mark.parametrize("typed", UNRELATED)
def test_unrelated_drugs_do_not_match(typed):
    """Common drugs that are not anticoagulants or antiplatelets are not flagged."""
    assert match_medication(typed) is None


def test_find_keeps_order_and_skips_others():
    """find_blood_thinners returns the matching entries in input order."""
    found = find_blood_thinners(["metformin", "Plavix", "vitamin D", "warfarin 5 mg"])
    assert [m.typed for m in found] == ["Plavix", "warfarin 5 mg"]
    assert [m.drug.drug_class for m in found] == [DrugClass.ANTIPLATELET, DrugClass.ANTICOAGULANT]


def test_catalogue_entries_are_well_formed():
    """Every catalogue entry has an antithrombotic (B01) ATC code, or an aspirin one, and a class."""
    aspirin_codes = ("N02BA01", "N02BA51", "C10BX08")  # aspirin for pain, with caffeine…, with a statin
    for drug in CATALOGUE:
        assert drug.atc.startswith("B01") or drug.atc in aspirin_codes, drug
        assert drug.drug_class in DrugClass


def test_normalise_strips_doses_and_forms():
    """normalise() keeps the name and drops strength, form and frequency words."""
    assert normalise("Xarelto 20mg film-coated tablet once daily") == "xarelto"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    """Arbitrary text never makes the matcher raise."""
    result = match_medication(text)
    assert result is None or result.typed == text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([(n, d.generic) for d in CATALOGUE for n in (d.generic, *d.brands)]),
       st.integers(1, 500), st.sampled_from(["mg", "mcg", "ml", " mg", "units"]),
       st.sampled_from(["tablet", "capsule", "injection", "once daily", ""]))
def test_dose_words_never_change_the_drug(name_generic, amount, unit, form):
    """Adding a dose and a form to any catalogue name still reads the same drug."""
    name, generic = name_generic
    m = match_medication(f"{name} {amount}{unit} {form}")
    assert m is not None
    assert m.drug.generic == generic


def test_huge_input_is_cut():
    """A 10 MB entry is read only up to its first characters, without error."""
    assert match_medication("x" * 10_000_000) is None
    assert match_medication("warfarin " + "x" * 10_000_000) is not None
