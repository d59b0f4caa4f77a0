"""The rule set's questions as an R4 Questionnaire, and QuestionnaireResponses back into profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from acumat import UserProfile, default_rules, load_rules, questionnaire
from acumat.fhir import (
    FhirError,
    profile_from_fhir,
    profile_from_questionnaire_response,
    questionnaire_resource,
    questionnaire_response,
    validate,
)
from acumat.testing import profiles
from test_fhir_records import APIXABAN, bundle, med_request, pregnancy

PACK = default_rules().with_pack(load_rules(Path(__file__).resolve().parent.parent
                                            / "examples" / "custom_pack.yaml"))


def _items(q):
    return {i["linkId"]: i for i in q["item"]}


def test_questionnaire_is_valid_r4():
    """questionnaire_resource() validates against the fhir.resources R4B Questionnaire model."""
    q = questionnaire_resource()
    assert validate(q) is q
    assert q["resourceType"] == "Questionnaire" and q["status"] == "active"


def test_link_ids_are_the_profile_paths_of_the_questions():
    """One item per question of questionnaire(), linkId = the profile field path, in the same order."""
    q = questionnaire_resource()
    assert [i["linkId"] for i in q["item"]] == [x.field for x in questionnaire()]


def test_item_types_bounds_and_required():
    """Yes/no -> boolean, choices -> choice with options, numbers -> integer with bounds; safety required."""
    items = _items(questionnaire_resource())
    assert items["pregnant"]["type"] == "boolean" and items["pregnant"]["required"] is True
    assert items["pain.region"]["type"] == "choice" and items["pain.region"]["required"] is False
    assert {o["valueCoding"]["code"] for o in items["pain.region"]["answerOption"]} == {
        "lower", "middle", "upper"}
    conds = items["conditions"]
    assert conds["repeats"] is True and conds["required"] is True
    assert "none" in {o["valueCoding"]["code"] for o in conds["answerOption"]}
    sev = items["pain.severity"]
    assert sev["type"] == "integer"
    bounds = {e["url"].rsplit("/", 1)[1]: e["valueInteger"] for e in sev["extension"]}
    assert bounds == {"minValue": 0, "maxValue": 10}


def test_codes_where_one_exists():
    """pregnant carries LOINC 82810-3 and pain.severity LOINC 72514-3."""
    items = _items(questionnaire_resource())
    assert items["pregnant"]["code"][0]["code"] == "82810-3"
    assert items["pain.severity"]["code"][0]["code"] == "72514-3"


def test_url_and_version_follow_the_rules_fingerprint():
    """A pack changes the fingerprint, so the Questionnaire's url and version change too."""
    plain, packed = questionnaire_resource(), questionnaire_resource(PACK)
    assert plain["version"] == default_rules().fingerprint and plain["version"] in plain["url"]
    assert packed["version"] == PACK.fingerprint != plain["version"]
    assert packed["url"] != plain["url"]


def test_pack_questions_are_included():
    """The custom pack's questions appear as boolean items extra.epilepsy and extra.pacemaker, required."""
    items = _items(questionnaire_resource(PACK))
    assert items["extra.epilepsy"]["type"] == "boolean" and items["extra.epilepsy"]["required"] is True
    assert "extra.pacemaker" in items
    validate(questionnaire_resource(PACK))


def _normal(p: UserProfile) -> dict:
    """A profile as data, with all-None sub-answers and None pack answers counted as not given."""
    d = p.model_dump(mode="json")
    for key in ("skin", "pain"):
        if d[key] is not None and all(v is None for v in d[key].values()):
            d[key] = None
    d["extra"] = {k: v for k, v in d["extra"].items() if v is not None}
    return d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_round_trip_through_a_questionnaire_response(profile):
    """Any profile -> QuestionnaireResponse (valid R4) -> the same profile."""
    qr = questionnaire_response(profile, subject="Patient/p1")
    validate(qr)
    assert _normal(profile_from_questionnaire_response(qr)) == _normal(profile)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(rules=PACK))
def test_round_trip_with_pack_questions(profile):
    """Profiles with answers to pack questions survive the round trip too."""
    qr = questionnaire_response(profile, PACK)
    validate(qr)
    assert _normal(profile_from_questionnaire_response(qr, PACK)) == _normal(profile)


def test_unanswered_items_stay_unanswered():
    """A response answering only pregnant leaves every other answer None."""
    qr = questionnaire_response(UserProfile(pregnant=False))
    p = profile_from_questionnaire_response(qr)
    assert p.pregnant is False and p.blood_thinners is None and p.conditions is None and p.skin is None


def test_none_of_these_means_an_empty_condition_list():
    """The 'none' answer to conditions reads as [] (none of them), distinct from unanswered."""
    qr = questionnaire_response(UserProfile(conditions=[]))
    assert profile_from_questionnaire_response(qr).conditions == []


def _qr(*items):
    return {"resourceType": "QuestionnaireResponse", "status": "completed",
            "questionnaire": questionnaire_resource()["url"], "item": list(items)}


@pytest.mark.parametrize(("item", "path"), [
    ({"linkId": "nonsense", "answer": [{"valueBoolean": True}]}, "item[0].linkId"),
    ({"linkId": "pain.severity", "answer": [{"valueInteger": 11}]}, "item[0].answer[0]"),
    ({"linkId": "pregnant", "answer": [{"valueString": "yes"}]}, "item[0].answer[0]"),
    ({"linkId": "pregnant", "answer": [{"valueBoolean": True}, {"valueBoolean": False}]},
     "item[0].answer"),
    ({"linkId": "conditions", "answer": [{"valueCoding": {"code": "none"}},
                                         {"valueCoding": {"code": "heart_disease"}}]}, "item[0].answer"),
    ({"linkId": "pain.region", "answer": [{"valueCoding": {"code": "neck"}}]}, "item[0].answer[0]"),
])
def test_answers_that_do_not_fit_raise_naming_the_item(item, path):
    """An answer that does not fit its question raises FhirError with the item's path."""
    with pytest.raises(FhirError) as info:
        profile_from_questionnaire_response(_qr(item))
    assert info.value.path == path


def test_duplicate_link_id_is_refused():
    """The same question answered twice raises FhirError (conflicting answers must not pass silently)."""
    a = {"linkId": "pregnant", "answer": [{"valueBoolean": False}]}
    with pytest.raises(FhirError, match="twice"):
        profile_from_questionnaire_response(_qr(a, {"linkId": "pregnant", "answer": [{"valueBoolean": True}]}))


def test_wrong_resource_or_questionnaire_is_refused():
    """Not a QuestionnaireResponse, or one answering another Questionnaire: FhirError."""
    with pytest.raises(FhirError, match="expected a QuestionnaireResponse"):
        profile_from_questionnaire_response({"resourceType": "Questionnaire"})
    with pytest.raises(FhirError, match="not an acumat Questionnaire"):
        profile_from_questionnaire_response(_qr() | {"questionnaire": "http://example.org/Q/phq9"})


def test_questionnaire_response_in_a_bundle_answers_what_the_record_does_not():
    """A completed response in the bundle fills unanswered questions, with its own evidence."""
    qr = questionnaire_response(UserProfile(skin={"broken": False, "infection": False}, conditions=[]))
    qr["id"] = "qr1"
    reading = profile_from_fhir(bundle(qr, med_request("1", APIXABAN)))
    assert reading.profile.skin.broken is False and reading.profile.conditions == []
    assert reading.profile.blood_thinners is True
    assert reading.evidence_for("skin.broken")[0].resource == "QuestionnaireResponse/qr1"


def test_record_yes_outweighs_a_response_no():
    """The record's 'pregnant' beats a response's 'not pregnant'; a warning says which was kept."""
    qr = questionnaire_response(UserProfile(pregnant=False, blood_thinners=False))
    qr["id"] = "qr1"
    reading = profile_from_fhir(bundle(qr, pregnancy("o1", "77386006"), med_request("1", APIXABAN)))
    assert reading.profile.pregnant is True and reading.profile.blood_thinners is True
    assert any("riskier answer is kept" in w for w in reading.warnings)


def test_response_yes_outweighs_a_record_no():
    """A response's 'pregnant' beats the record's older 'not pregnant' status."""
    qr = questionnaire_response(UserProfile(pregnant=True))
    reading = profile_from_fhir(bundle(qr, pregnancy("o1", "60001007")))
    assert reading.profile.pregnant is True


def test_unfinished_or_foreign_responses_are_not_read():
    """An in-progress response, or one to another Questionnaire, is skipped with a warning."""
    qr = questionnaire_response(UserProfile(pregnant=False)) | {"status": "in-progress"}
    assert profile_from_fhir(bundle(qr)).profile.pregnant is None
    other = questionnaire_response(UserProfile(pregnant=False)) | {"questionnaire": "http://x.org/Q"}
    reading = profile_from_fhir(bundle(other))
    assert reading.profile.pregnant is None and reading.warnings


def test_response_with_pack_answers_read_without_the_pack_keeps_the_rest():
    """In a bundle, answers to questions the rule set lacks are skipped with a warning; the rest count."""
    qr = questionnaire_response(UserProfile(pregnant=True, extra={"epilepsy": True}), PACK)
    reading = profile_from_fhir(bundle(qr))
    assert reading.profile.pregnant is True and reading.profile.extra == {}
    assert any("extra.epilepsy" in w for w in reading.warnings)
    assert profile_from_fhir(bundle(qr), rules=PACK).profile.extra == {"epilepsy": True}


def test_unanswered_then_answered_twice_is_refused():
    """A linkId listed twice is refused even when its first listing has no answer."""
    with pytest.raises(FhirError, match="twice"):
        profile_from_questionnaire_response(_qr({"linkId": "pregnant"},
                                                {"linkId": "pregnant", "answer": [{"valueBoolean": True}]}))
