"""Bad FHIR: a clear FhirError naming resource and path, or a skip with a warning; never a made-up 'no'."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumat import AcumatError
from acumat.fhir import MAX_RESOURCES, FhirError, profile_from_fhir
from test_fhir_records import APIXABAN, SCT, ago, bundle, cc, condition, med_request, pain, patient, pregnancy


@pytest.mark.parametrize("data", ["Bundle", 42, None, b"{}"])
def test_data_that_is_not_fhir_is_refused(data):
    """Input that is no dict or list raises FhirError naming '(data)', a ValueError and AcumatError."""
    with pytest.raises(FhirError, match="expected a Bundle") as info:
        profile_from_fhir(data)
    assert info.value.resource == "(data)"
    assert isinstance(info.value, ValueError) and isinstance(info.value, AcumatError)


def test_wrong_resource_type_is_refused():
    """A top-level resourceType that is not a string raises FhirError at path resourceType."""
    with pytest.raises(FhirError) as info:
        profile_from_fhir({"resourceType": 7})
    assert info.value.path == "resourceType"


def test_bundle_entry_not_a_list_is_refused():
    """Bundle.entry that is not a list raises FhirError naming the Bundle and the path."""
    with pytest.raises(FhirError) as info:
        profile_from_fhir({"resourceType": "Bundle", "id": "b1", "entry": {"resource": patient()}})
    assert info.value.resource == "Bundle/b1" and info.value.path.endswith("entry")


def test_huge_bundle_is_refused_not_cut():
    """More than MAX_RESOURCES entries raises FhirError: a cut record could hide a risk."""
    entries = [{"resource": {"resourceType": "Basic", "id": str(i)}} for i in range(MAX_RESOURCES + 1)]
    with pytest.raises(FhirError, match="at most"):
        profile_from_fhir({"resourceType": "Bundle", "entry": entries})


def test_many_small_bundles_are_counted_together():
    """The resource bound holds across the Bundles of a prefetch, not per Bundle."""
    half = [{"resource": {"resourceType": "Basic", "id": str(i)}} for i in range(MAX_RESOURCES // 2 + 1)]
    prefetch = {"a": {"resourceType": "Bundle", "entry": half}, "b": {"resourceType": "Bundle", "entry": half}}
    with pytest.raises(FhirError):
        profile_from_fhir(prefetch)


def test_deeply_nested_bundles_are_refused():
    """Bundles nested more than a few levels deep raise FhirError."""
    data: dict = {"resourceType": "Bundle", "entry": [{"resource": patient()}]}
    for _ in range(6):
        data = {"resourceType": "Bundle", "entry": [{"resource": data}]}
    with pytest.raises(FhirError, match="nested"):
        profile_from_fhir(data)


def test_two_patients_are_refused():
    """Data about two patients raises FhirError: answers of one person must not mix with another's."""
    with pytest.raises(FhirError, match="2 patients"):
        profile_from_fhir([patient("a"), patient("b")])


def test_two_subjects_without_patient_are_refused():
    """Without a Patient resource, resources about different subjects raise FhirError."""
    a = med_request("1", APIXABAN, subject={"reference": "Patient/a"})
    b = pregnancy("2", "60001007") | {"subject": {"reference": "Patient/b"}}
    with pytest.raises(FhirError, match="different subjects"):
        profile_from_fhir([a, b])


def test_resource_about_someone_else_is_skipped():
    """A resource whose subject is another patient is skipped with a warning."""
    other = pregnancy("o1", "60001007") | {"subject": {"reference": "Patient/zzz"}}
    reading = profile_from_fhir(bundle(other))
    assert reading.profile.pregnant is None
    assert any("Patient/zzz" in w for w in reading.warnings)


def test_subject_as_full_url_is_the_patient():
    """A subject given as the Patient's fullUrl is the same patient."""
    obs = pregnancy("o1", "77386006") | {"subject": {"reference": "urn:uuid:Patient-p1"}}
    assert profile_from_fhir(bundle(obs)).profile.pregnant is True


@pytest.mark.parametrize("coding", [
    [{"system": SCT, "code": 60001007}],          # code not a string
    [{"system": None, "code": "60001007"}],       # no system
    ["60001007"],                                   # not a Coding
    {"system": SCT, "code": "60001007"},           # coding not a list
])
def test_malformed_codings_give_no_answer(coding):
    """A malformed 'not pregnant' coding is skipped with a warning, never read as 'no'."""
    obs = pregnancy("o1", "60001007")
    obs["valueCodeableConcept"] = {"coding": coding}
    reading = profile_from_fhir(bundle(obs))
    assert reading.profile.pregnant is None
    assert reading.warnings


def test_entries_that_are_not_resources_are_skipped():
    """An entry that is not an object, or a resource without resourceType, is skipped with a warning."""
    data = bundle(med_request("1", APIXABAN))
    data["entry"] += ["junk", {"resource": {"id": "x"}}, {"resource": 5}]
    reading = profile_from_fhir(data)
    assert reading.profile.blood_thinners is True
    assert len(reading.warnings) == 3


def test_operation_outcome_in_prefetch_is_a_warning():
    """A prefetch value that is an OperationOutcome (the EHR could not fetch it) is reported, not read."""
    reading = profile_from_fhir({"patient": patient(), "meds": {"resourceType": "OperationOutcome"}})
    assert any("OperationOutcome" in w for w in reading.warnings)


def test_reference_to_a_non_medication_is_not_read():
    """medicationReference pointing at a Patient is skipped with a warning."""
    reading = profile_from_fhir(bundle(med_request("1", reference="Patient/p1")))
    assert reading.profile.blood_thinners is None
    assert any("not a Medication" in w for w in reading.warnings)


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-5, 20) | st.floats(allow_nan=True)
                     | st.text(max_size=8) | st.sampled_from(["active", "final", "60001007", SCT,
                                                                "Bundle", "Observation", "Patient"]),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.sampled_from(["resourceType", "entry", "resource", "code",
                                                         "coding", "system", "status", "id",
                                                         "valueCodeableConcept", "subject",
                                                         "clinicalStatus", "valueInteger"]),
                                       inner, max_size=5),
                     max_leaves=25)

_GOOD = bundle(pregnancy("o0", "60001007", when=ago(5)), pregnancy("o1", "77386006"),
               condition("c1", SCT, "84114007"), med_request("m1", APIXABAN), pain("p1", 8),
               med_request("m2", cc(text="warfarin")))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


_ALL_PATHS = [p for p in _paths(_GOOD) if p]


def _assert_no_unsupported_no(reading):
    """Every 'no' (False) answer of a safety question is backed by evidence."""
    p = reading.profile
    answers = {"pregnant": p.pregnant, "blood_thinners": p.blood_thinners}
    if p.skin is not None:
        answers |= {f"skin.{k}": v for k, v in p.skin.model_dump().items()}
    for fld, value in answers.items():
        if value is False:
            assert any(e.field == fld and e.answer is False for e in reading.evidence), fld
    if p.conditions == []:
        raise AssertionError("conditions [] read from FHIR without a QuestionnaireResponse")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JSON)
def test_random_json_never_crashes(data):
    """Any JSON-like input gives a FhirReading or a FhirError, never another exception or an unbacked 'no'."""
    try:
        reading = profile_from_fhir(data)
    except FhirError:
        return
    _assert_no_unsupported_no(reading)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_ALL_PATHS), _JSON)
def test_corrupting_a_good_bundle_never_crashes(path, junk):
    """Replacing any element of a good bundle with junk never crashes and never makes up a 'no'."""
    data = copy.deepcopy(_GOOD)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = junk
    try:
        reading = profile_from_fhir(data)
    except FhirError:
        return
    _assert_no_unsupported_no(reading)


def test_absolute_and_versioned_subjects_name_the_same_patient():
    """Absolute and versioned references to Patient/p1 are the patient; to Patient/p2 they are not."""
    same = pregnancy("o1", "77386006") | {"subject": {"reference": "https://ehr.example/fhir/Patient/p1/_history/2"}}
    assert profile_from_fhir(bundle(same)).profile.pregnant is True
    other = pregnancy("o1", "77386006") | {"subject": {"reference": "https://ehr.example/fhir/Patient/p2"}}
    assert profile_from_fhir(bundle(other)).profile.pregnant is None


def test_two_absolute_subjects_without_patient_are_refused():
    """Without a Patient resource, absolute references to two patients raise FhirError."""
    a = pregnancy("o1", "60001007") | {"subject": {"reference": "https://ehr.example/fhir/Patient/a"}}
    b = med_request("m1", APIXABAN, subject={"reference": "https://ehr.example/fhir/Patient/b"})
    with pytest.raises(FhirError, match="different subjects"):
        profile_from_fhir([a, b])
