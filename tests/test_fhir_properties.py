"""Properties: more risk in the record never lowers the verdict; less never turns unanswered into 'no'."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acumat import UserProfile
from acumat.fhir import profile_from_fhir, questionnaire_response, recommend_fhir
from test_fhir_records import (
    APIXABAN,
    ATC,
    ICD10,
    ICD10CM,
    METFORMIN,
    SCT,
    ago,
    bundle,
    cc,
    condition,
    med_request,
    med_statement,
    pain,
    pregnancy,
)

#: Resources that each state a risk (the source's C1-C13).
RISKS = [
    pregnancy("r-preg", "77386006", when=ago(1)),
    condition("r-preg-c", SCT, "77386006"),
    med_request("r-apix", APIXABAN),
    med_statement("r-clop", cc(ATC, "B01AC04")),
    med_statement("r-warf", cc(text="warfarin 5 mg")),
    condition("r-heart", SCT, "84114007"),
    condition("r-bleed", ICD10CM, "D66"),
    condition("r-injury", ICD10CM, "S32.009A"),
    condition("r-infect", ICD10, "L03.3"),
    condition("r-allergy", ICD10CM, "L23.9"),
    condition("r-wound", ICD10CM, "S31.000A"),
    pain("r-pain", 9, when=ago(1)),
]
#: Resources that state no risk, or that must not be read (inactive, refuted, negatives).
OTHERS = [
    pregnancy("o-notpreg", "60001007", when=ago(3)),
    pregnancy("o-unknown", "261665006", when=ago(4)),
    pain("o-pain", 3, when=ago(3)),
    med_request("o-metf", METFORMIN),
    med_request("o-stopped", APIXABAN, status="stopped"),
    condition("o-resolved", SCT, "84114007", clinical="resolved"),
    condition("o-refuted", ICD10CM, "D66", verification="refuted"),
    questionnaire_response(UserProfile(pregnant=False, blood_thinners=False, conditions=[],
                                       skin={"broken": False, "infection": False, "allergy": False,
                                             "sensitive": False})) | {"id": "o-qr"},
]
ALL = RISKS + OTHERS
SAFETY = ("pregnant", "blood_thinners", "conditions", "skin.broken", "skin.infection", "skin.allergy",
          "pain.severity")


def _answer(profile: UserProfile, path: str):
    head, _, tail = path.partition(".")
    value = getattr(profile, head)
    return getattr(value, tail) if tail and value is not None else value


def _is_no(value) -> bool:
    return value is False or value == []


_SUBSETS = st.lists(st.sampled_from(range(len(ALL))), unique=True, max_size=8)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SUBSETS, st.sampled_from(range(len(RISKS))))
def test_adding_a_risk_resource_never_lowers_the_verdict(chosen, risk):
    """For any record, adding one risk resource gives a verdict at least as severe."""
    base = [ALL[i] for i in chosen if i != risk]
    before = recommend_fhir(bundle(*base)).verdict
    after = recommend_fhir(bundle(*base, RISKS[risk])).verdict
    assert after >= before


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SUBSETS, st.sampled_from(range(len(RISKS))))
def test_removing_a_risk_resource_never_turns_unanswered_into_no(chosen, risk):
    """For any record with a risk resource, removing it never turns an unanswered question into 'no'."""
    with_it = [ALL[i] for i in chosen if i != risk] + [RISKS[risk]]
    before = profile_from_fhir(bundle(*with_it)).profile
    after = profile_from_fhir(bundle(*with_it[:-1])).profile
    for path in SAFETY:
        if _answer(before, path) is None:
            assert not _is_no(_answer(after, path)), path


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SUBSETS)
def test_every_no_is_stated_somewhere(chosen):
    """Every 'no' answer read from a record has evidence that states it (no made-up negatives)."""
    reading = profile_from_fhir(bundle(*[ALL[i] for i in chosen]))
    for path in SAFETY:
        value = _answer(reading.profile, path)
        if _is_no(value):
            assert any(e.field == path and _is_no(e.answer) for e in reading.evidence), path
