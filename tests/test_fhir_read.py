"""Reading FHIR records into a profile: each answer path, present, absent, negated, inactive."""

from __future__ import annotations

import datetime as dt

import pytest

from acumat import Verdict
from acumat.fhir import profile_from_fhir, recommend_fhir
from test_fhir_records import (
    APIXABAN,
    ATC,
    ICD10,
    ICD10CM,
    METFORMIN,
    RX,
    SCT,
    ago,
    bundle,
    cc,
    condition,
    med_request,
    med_statement,
    medication,
    pain,
    patient,
    pregnancy,
)

# --- medications -------------------------------------------------------------------------


def test_rxnorm_ingredient_order_is_a_blood_thinner_with_its_evidence():
    """An active order coded RxNorm 1364430 (apixaban) answers blood_thinners=True and says so."""
    reading = profile_from_fhir(bundle(med_request("42", APIXABAN)))
    assert reading.profile.blood_thinners is True
    (ev,) = reading.evidence_for("blood_thinners")
    assert (ev.resource, ev.code, ev.display, ev.answer) == ("MedicationRequest/42", "RxNorm 1364430",
                                                             "apixaban", True)
    assert "2.16.840.1.113762.1.4.1206.19" in ev.how


def test_blood_thinner_finding_says_where_it_was_read():
    """recommend_fhir: the C8 finding (avoid) names the MedicationRequest and code, explain() shows it."""
    rec = recommend_fhir(bundle(med_request("42", APIXABAN)))
    assert rec.verdict is Verdict.AVOID
    c8 = next(f for f in rec.findings if f.rule_id == "C8.blood_thinners")
    assert "read from MedicationRequest/42: RxNorm 1364430 apixaban" in c8.detail
    assert "read from MedicationRequest/42: RxNorm 1364430 apixaban" in rec.explain()
    assert rec.mat is None and rec.plan is None


def test_rxnorm_product_code_is_a_blood_thinner():
    """An RxNorm product code (1364445 apixaban 5 MG Oral Tablet, in VSAC's sets) counts as well."""
    reading = profile_from_fhir(bundle(med_request("1", cc(RX, "1364445"))))
    assert reading.profile.blood_thinners is True
    assert reading.evidence[0].code == "RxNorm 1364445"


def test_atc_coded_statement_is_a_blood_thinner():
    """An active MedicationStatement coded ATC B01AC04 (clopidogrel, an antiplatelet) counts."""
    reading = profile_from_fhir(bundle(med_statement("s1", cc(ATC, "B01AC04", "clopidogrel"))))
    assert reading.profile.blood_thinners is True
    assert reading.evidence[0].code == "ATC B01AC04"


def test_text_only_medication_is_read_by_the_name_matcher():
    """A medication given only as text ('Eliquis 5 mg') is recognised through the name matcher."""
    reading = profile_from_fhir(bundle(med_statement("s1", cc(text="Eliquis 5 mg"), status="intended")))
    assert reading.profile.blood_thinners is True
    ev = reading.evidence[0]
    assert ev.code is None and ev.display == "Eliquis 5 mg" and "apixaban" in ev.how


def test_unknown_code_with_a_blood_thinner_display_is_read_by_name():
    """A code acumat does not know, displayed as a warfarin product, still counts through the display."""
    reading = profile_from_fhir(bundle(med_request("1", cc("http://example.org/local", "W5",
                                                           "warfarin sodium 5 MG Oral Tablet"))))
    assert reading.profile.blood_thinners is True


def test_contained_medication_is_read():
    """medicationReference '#m' to a contained Medication coded RxNorm 11289 (warfarin) counts."""
    req = med_request("1", reference="#m", contained=[medication("m", cc(RX, "11289", "warfarin"))])
    reading = profile_from_fhir(bundle(req))
    assert reading.profile.blood_thinners is True
    assert reading.evidence[0].code == "RxNorm 11289"


def test_referenced_medication_in_the_bundle_is_read():
    """medicationReference 'Medication/m7' to a Medication elsewhere in the bundle counts."""
    reading = profile_from_fhir(bundle(medication("m7", cc(RX, "1114195", "rivaroxaban")),
                                       med_request("1", reference="Medication/m7")))
    assert reading.profile.blood_thinners is True
    assert reading.evidence[0].code == "RxNorm 1114195"


def test_missing_referenced_medication_uses_only_the_reference_display():
    """A reference to a Medication not in the data: its display is read, and a warning says so."""
    with_display = profile_from_fhir(bundle(med_request("1", reference="Medication/x",
                                                        ref_display="Xarelto 20 mg")))
    assert with_display.profile.blood_thinners is True
    without = profile_from_fhir(bundle(med_request("1", reference="Medication/x")))
    assert without.profile.blood_thinners is None
    assert any("'Medication/x' is not in the data" in w for w in without.warnings)


def test_no_blood_thinner_order_leaves_the_answer_unanswered():
    """Absence is not 'no': a record with only a metformin order leaves blood_thinners None."""
    reading = profile_from_fhir(bundle(med_request("1", METFORMIN)))
    assert reading.profile.blood_thinners is None
    rec = recommend_fhir(bundle(med_request("1", METFORMIN)))
    assert "blood_thinners" in {u.field for u in rec.unanswered}
    assert rec.verdict >= Verdict.CAUTION


@pytest.mark.parametrize("status", ["completed", "stopped", "cancelled", "entered-in-error", "draft"])
def test_orders_not_in_force_are_not_read(status):
    """A blood-thinner order that is completed, stopped, cancelled, entered-in-error or draft is not read."""
    reading = profile_from_fhir(bundle(med_request("1", APIXABAN, status=status)))
    assert reading.profile.blood_thinners is None
    assert any("MedicationRequest/1" in w and status in w for w in reading.warnings)


def test_on_hold_order_still_counts():
    """An on-hold anticoagulant order still counts (the person may be taking it)."""
    assert profile_from_fhir(bundle(med_request("1", APIXABAN, status="on-hold"))).profile.blood_thinners


@pytest.mark.parametrize("status", ["not-taken", "stopped", "completed", "entered-in-error"])
def test_statements_not_in_force_are_not_read(status):
    """A MedicationStatement 'not-taken' (a negated statement) or stopped proves neither yes nor no."""
    reading = profile_from_fhir(bundle(med_statement("s", APIXABAN, status=status)))
    assert reading.profile.blood_thinners is None


def test_do_not_perform_order_is_not_read():
    """A MedicationRequest with doNotPerform=true (an order not to give it) is not a blood thinner."""
    reading = profile_from_fhir(bundle(med_request("1", APIXABAN, doNotPerform=True)))
    assert reading.profile.blood_thinners is None
    assert any("doNotPerform" in w for w in reading.warnings)


# --- conditions --------------------------------------------------------------------------


def test_active_heart_failure_condition_is_heart_disease():
    """SNOMED CT 84114007 (heart failure, VSAC Heart Failure) active -> conditions heart_disease, avoid (C9)."""
    data = bundle(condition("c1", SCT, "84114007"))
    reading = profile_from_fhir(data)
    assert reading.profile.conditions == ["heart_disease"]
    (ev,) = reading.evidence_for("conditions")
    assert ev.answer == "heart_disease" and ev.code == "SNOMED CT 84114007"
    rec = recommend_fhir(data)
    assert rec.verdict is Verdict.AVOID
    c9 = next(f for f in rec.findings if f.rule_id == "C9.heart_disease")
    assert "read from Condition/c1: SNOMED CT 84114007" in c9.detail


def test_icd10cm_bleeding_disorder_is_read():
    """ICD-10-CM D68.00 (von Willebrand disease, VSAC Coagulation Disorders) -> bleeding_disorder (C7)."""
    reading = profile_from_fhir(bundle(condition("c1", ICD10CM, "D68.00")))
    assert reading.profile.conditions == ["bleeding_disorder"]


@pytest.mark.parametrize("clinical", ["recurrence", "relapse"])
def test_recurrence_and_relapse_count(clinical):
    """clinicalStatus recurrence and relapse count like active."""
    reading = profile_from_fhir(bundle(condition("c1", SCT, "84114007", clinical=clinical)))
    assert reading.profile.conditions == ["heart_disease"]


@pytest.mark.parametrize("clinical", ["resolved", "inactive", "remission", None])
def test_inactive_or_statusless_conditions_are_not_read(clinical):
    """Resolved, inactive, in remission or without clinicalStatus: not read, and conditions stay None."""
    reading = profile_from_fhir(bundle(condition("c1", SCT, "84114007", clinical=clinical)))
    assert reading.profile.conditions is None
    assert any("Condition/c1" in w and "clinicalStatus" in w for w in reading.warnings)


@pytest.mark.parametrize("verification", ["entered-in-error", "refuted"])
def test_entered_in_error_and_refuted_are_neither_yes_nor_no(verification):
    """verificationStatus entered-in-error or refuted: not a yes, and not a 'no' either (stays None)."""
    reading = profile_from_fhir(bundle(condition("c1", SCT, "84114007", verification=verification)))
    assert reading.profile.conditions is None
    assert recommend_fhir(bundle(condition("c1", SCT, "84114007", verification=verification))
                          ).verdict >= Verdict.CAUTION


def test_unconfirmed_condition_still_counts():
    """A provisional/unconfirmed active heart condition counts: a wrong go-ahead is worse than caution."""
    reading = profile_from_fhir(bundle(condition("c1", SCT, "84114007", verification="unconfirmed")))
    assert reading.profile.conditions == ["heart_disease"]


def test_text_only_condition_is_not_read_and_says_so():
    """A Condition with only text is not matched (no name matcher for conditions); a warning says so."""
    reading = profile_from_fhir(bundle(condition("c1", None, None, text="Heart failure")))
    assert reading.profile.conditions is None
    assert any("text only" in w for w in reading.warnings)


def test_found_condition_warns_that_the_others_are_not_ruled_out():
    """A found condition cannot rule out the others: the reading warns, and the verdict is at least consult."""
    data = bundle(condition("c1", ICD10CM, "S32.009A"))  # lumbar fracture: VSAC Major Injuries
    reading = profile_from_fhir(data)
    assert reading.profile.conditions == ["severe_injury"]
    assert any("does not rule out the other" in w for w in reading.warnings)
    assert recommend_fhir(data).verdict >= Verdict.CONSULT


def test_no_condition_leaves_conditions_unanswered():
    """A record with no relevant Condition leaves conditions None (not [])."""
    reading = profile_from_fhir(bundle(condition("c1", ICD10CM, "E11.9")))  # type 2 diabetes
    assert reading.profile.conditions is None


@pytest.mark.parametrize(("system", "code", "field"), [
    (ICD10, "L03.3", "infection"),      # cellulitis of trunk (WHO L00-L08)
    (ICD10CM, "L23.9", "allergy"),      # allergic contact dermatitis
    (ICD10CM, "S31.000A", "broken"),    # open wound of lower back
])
def test_skin_conditions_answer_the_skin_questions(system, code, field):
    """ICD-10 skin infection, allergic dermatitis and open back wound answer skin.* = True (avoid: C1-C3)."""
    data = bundle(condition("c1", system, code))
    reading = profile_from_fhir(data)
    assert getattr(reading.profile.skin, field) is True
    others = {"infection", "allergy", "broken", "sensitive"} - {field}
    assert all(getattr(reading.profile.skin, o) is None for o in others)
    assert recommend_fhir(data).verdict is Verdict.AVOID


# --- pregnancy ---------------------------------------------------------------------------


def test_pregnancy_status_pregnant():
    """Pregnancy status 77386006 (pregnant) -> pregnant=True -> consult (C4)."""
    data = bundle(pregnancy("o1", "77386006"))
    assert profile_from_fhir(data).profile.pregnant is True
    assert recommend_fhir(data).verdict >= Verdict.CONSULT


def test_pregnancy_status_not_pregnant_is_a_stated_negative():
    """Pregnancy status 60001007 (not pregnant) is stated in the record: pregnant=False with evidence."""
    reading = profile_from_fhir(bundle(pregnancy("o1", "60001007")))
    assert reading.profile.pregnant is False
    assert reading.evidence_for("pregnant")[0].code == "SNOMED CT 60001007"


def test_pregnancy_status_unknown_stays_unanswered():
    """Pregnancy status 261665006 (unknown) leaves pregnant None."""
    assert profile_from_fhir(bundle(pregnancy("o1", "261665006"))).profile.pregnant is None


def test_loinc_answer_codes_are_read():
    """The LOINC answer LA15173-0 (pregnant) is read like SNOMED CT 77386006."""
    reading = profile_from_fhir(bundle(pregnancy("o1", "LA15173-0", system="http://loinc.org")))
    assert reading.profile.pregnant is True


def test_newest_pregnancy_status_wins():
    """The newest final observation wins, in either direction."""
    older_yes = bundle(pregnancy("o1", "77386006", when=ago(20)),
                       pregnancy("o2", "60001007", when=ago(2)))
    assert profile_from_fhir(older_yes).profile.pregnant is False
    older_no = bundle(pregnancy("o1", "60001007", when=ago(20)),
                      pregnancy("o2", "77386006", when=ago(2)))
    assert profile_from_fhir(older_no).profile.pregnant is True


def test_preliminary_pregnancy_status_is_not_read():
    """A preliminary observation is not read, even when newest."""
    data = bundle(pregnancy("o1", "77386006", when=ago(20)),
                  pregnancy("o2", "60001007", when=ago(2), status="preliminary"))
    assert profile_from_fhir(data).profile.pregnant is True


def test_active_pregnancy_condition_outweighs_a_not_pregnant_status():
    """An active pregnancy Condition (SNOMED CT 77386006, VSAC Pregnancy) beats a newer 'not pregnant'."""
    data = bundle(condition("c1", SCT, "77386006"), pregnancy("o2", "60001007", when=ago(1)))
    reading = profile_from_fhir(data)
    assert reading.profile.pregnant is True
    assert reading.evidence_for("pregnant")[0].resource == "Condition/c1"


def test_recorded_sex_alone_never_sets_pregnant():
    """Patient.gender male does not answer pregnant by default."""
    data = {"resourceType": "Bundle", "type": "collection",
            "entry": [{"resource": patient(gender="male")}]}
    assert profile_from_fhir(data).profile.pregnant is None


def test_recorded_sex_option_reads_male_as_not_pregnant_and_says_so():
    """use_recorded_sex=True reads male as not pregnant; the evidence names the option; female stays None."""
    male = {"resourceType": "Bundle", "entry": [{"resource": patient(gender="male")}]}
    reading = profile_from_fhir(male, use_recorded_sex=True)
    assert reading.profile.pregnant is False
    (ev,) = reading.evidence_for("pregnant")
    assert ev.resource == "Patient/p1" and "use_recorded_sex" in ev.how
    female = {"resourceType": "Bundle", "entry": [{"resource": patient(gender="female")}]}
    assert profile_from_fhir(female, use_recorded_sex=True).profile.pregnant is None


def test_recorded_sex_never_overrides_a_pregnancy_observation():
    """With use_recorded_sex, a 'pregnant' observation still wins over recorded male sex."""
    data = {"resourceType": "Bundle", "entry": [{"resource": patient(gender="male")},
                                                 {"resource": pregnancy("o1", "77386006")}]}
    assert profile_from_fhir(data, use_recorded_sex=True).profile.pregnant is True


# --- pain --------------------------------------------------------------------------------


def test_pain_severity_is_read_and_severe_pain_needs_a_doctor():
    """LOINC 72514-3 valueInteger 8 -> pain.severity 8 -> consult (C13)."""
    data = bundle(pain("o1", 8))
    assert profile_from_fhir(data).profile.pain.severity == 8
    rec = recommend_fhir(data)
    assert rec.verdict >= Verdict.CONSULT
    c13 = next(f for f in rec.findings if f.rule_id == "C13.severe_pain")
    assert "read from Observation/o1: LOINC 72514-3" in c13.detail


def test_pain_quantity_with_a_fraction_is_rounded_up():
    """valueQuantity 6.5 reads as 7 (rounding up never makes pain look milder)."""
    assert profile_from_fhir(bundle(pain("o1", 6.5, quantity=True))).profile.pain.severity == 7


@pytest.mark.parametrize("value", [11, -1, "7", True, None])
def test_pain_out_of_range_is_not_read(value):
    """A pain value outside 0-10 or not a number is skipped with a warning."""
    reading = profile_from_fhir(bundle(pain("o1", value)))
    assert reading.profile.pain is None
    assert any("Observation/o1" in w for w in reading.warnings)


def test_newest_pain_score_wins():
    """The newest final/amended/corrected pain score is read."""
    data = bundle(pain("o1", 9, when=ago(9)), pain("o2", 3, when=ago(5), status="amended"),
                  pain("o3", 1, when=ago(1), status="preliminary"))
    assert profile_from_fhir(data).profile.pain.severity == 3


# --- input shapes ------------------------------------------------------------------------


def test_cds_hooks_prefetch_is_read():
    """A CDS Hooks prefetch object (a Patient, searchset Bundles, a None value) is read like a bundle."""
    prefetch = {
        "patient": patient(),
        "conditions": {"resourceType": "Bundle", "type": "searchset",
                       "entry": [{"resource": condition("c1", SCT, "84114007")}]},
        "medications": {"resourceType": "Bundle", "type": "searchset",
                        "entry": [{"resource": med_request("m1", APIXABAN)}]},
        "pregnancy": None,
    }
    reading = profile_from_fhir(prefetch)
    assert reading.profile.blood_thinners is True
    assert reading.profile.conditions == ["heart_disease"]
    assert reading.profile.pregnant is None


def test_list_of_resources_is_read():
    """A plain list of resources is read."""
    reading = profile_from_fhir([patient(), med_request("1", APIXABAN)])
    assert reading.profile.blood_thinners is True


def test_empty_record_answers_nothing():
    """An empty bundle answers nothing: the profile is the empty profile."""
    reading = profile_from_fhir({"resourceType": "Bundle", "type": "collection", "entry": []})
    assert reading.profile.model_dump(exclude_defaults=True) == {}
    assert reading.evidence == ()


def test_draft_orders_count_only_when_asked():
    """A draft apixaban order (CDS Hooks order-sign) counts with draft_orders=True, not by default."""
    data = bundle(med_request("d1", APIXABAN, status="draft"))
    assert profile_from_fhir(data).profile.blood_thinners is None
    assert profile_from_fhir(data, draft_orders=True).profile.blood_thinners is True
    assert recommend_fhir(data, draft_orders=True).verdict is Verdict.AVOID


def test_patient_without_id_does_not_hide_the_record():
    """A Patient without an id cannot be matched to subjects, so the resources are still read."""
    anon = {"resourceType": "Patient"}
    reading = profile_from_fhir([anon, med_request("1", APIXABAN)])
    assert reading.profile.blood_thinners is True


def test_old_not_pregnant_status_does_not_rule_pregnancy_out():
    """A 'not pregnant' status older than 30 days leaves pregnant unanswered, with a warning."""
    reading = profile_from_fhir(bundle(pregnancy("o1", "60001007", when=ago(45))))
    assert reading.profile.pregnant is None
    assert any("too old to rule pregnancy out" in w for w in reading.warnings)
    assert profile_from_fhir(bundle(pregnancy("o1", "60001007", when=ago(29)))).profile.pregnant is False


def test_old_pregnant_status_still_counts():
    """An old 'pregnant' status is still read: better a needless doctor's visit than a wrong go-ahead."""
    assert profile_from_fhir(bundle(pregnancy("o1", "77386006", when=ago(200)))).profile.pregnant is True


def test_undated_not_pregnant_status_is_not_read():
    """A 'not pregnant' status with no date cannot be shown to be recent: pregnant stays unanswered."""
    obs = pregnancy("o1", "60001007")
    del obs["effectiveDateTime"]
    assert profile_from_fhir(bundle(obs)).profile.pregnant is None


def test_age_limit_follows_on_and_max_age_days():
    """The age limit counts back from `on`; max_age_days=None reads any age; a bad value is refused."""
    data = bundle(pregnancy("o1", "60001007", when="2026-01-10T08:00:00Z"), pain("p1", 2, when="2026-01-10"))
    at = profile_from_fhir(data, on=dt.date(2026, 1, 20)).profile
    assert at.pregnant is False and at.pain.severity == 2
    late = profile_from_fhir(data, on=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)).profile
    assert late.pregnant is None and late.pain is None
    assert profile_from_fhir(data, max_age_days=None).profile.pregnant is False
    with pytest.raises(ValueError, match="max_age_days"):
        profile_from_fhir(data, max_age_days=-1)


def test_old_pain_is_read_only_when_severe():
    """An old mild pain score is not read; an old severe one is (it still calls for a doctor, C13)."""
    assert profile_from_fhir(bundle(pain("o1", 3, when=ago(60)))).profile.pain is None
    assert profile_from_fhir(bundle(pain("o1", 8, when=ago(60)))).profile.pain.severity == 8
