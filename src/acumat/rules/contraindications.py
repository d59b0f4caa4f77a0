"""Screening: who must avoid the mat, who should see a doctor first (source C1–C15).

Each stated contraindication raises the verdict; each unanswered safety question
raises it to at least ``caution`` (unknown is never safe) and is reported in
``Recommendation.unanswered`` through ``asks``.
"""

from __future__ import annotations

from acumat.advice import Verdict
from acumat.rules.model import ALWAYS, Outcome, Rule, any_of, fact

AVOID, CONSULT, CAUTION = Verdict.AVOID, Verdict.CONSULT, Verdict.CAUTION


def _yes(rule_id: str, name: str, level: Verdict, summary: str, detail: str,
         *sources: str) -> Rule:
    return Rule(id=rule_id, topic="safety", when=fact(name).is_("yes"),
                then=Outcome(level=level, summary=summary, detail=detail),
                sources=sources, basis="stated")


def _unknown(rule_id: str, name: str, asks: str, summary: str, *sources: str) -> Rule:
    return Rule(
        id=rule_id, topic="safety", when=fact(name).is_("unknown"),
        then=Outcome(level=CAUTION, summary=summary, asks=asks,
                     detail="Until this is answered acumat cannot rule the risk out: the "
                            "verdict stays at caution at best."),
        sources=(*sources, "C14"), basis="interpreted",
        note="The source lists who must avoid the mat; an unanswered screening question "
             "cannot be read as 'no' (unknown is not safe).",
    )


RULES: tuple[Rule, ...] = (
    _yes("C1.broken_skin", "skin_broken", AVOID, "Broken skin or a wound: keep the mat off it.",
         "The spikes press into the skin; on a wound they can cut and infect it.", "C1", "C3"),
    _yes("C2.skin_allergy", "skin_allergy", AVOID, "Skin allergies: avoid the mat.",
         "The source lists skin allergies among the reasons not to use it.", "C2"),
    _yes("C3.skin_infection", "skin_infection", AVOID, "Skin infection: keep off the mat.",
         "Pressure from the spikes can make a skin infection worse.", "C3"),
    _yes("C11.sensitive_skin", "skin_sensitive", AVOID, "Sensitive or damaged skin: avoid the mat.",
         "The spikes can irritate or cut sensitive skin.", "C11"),
    _yes("C7.bleeding_disorder", "bleeding_disorder", AVOID,
         "Bleeding or clotting disorder: avoid the mat.",
         "The source warns of a higher bleeding risk.", "C7"),
    _yes("C8.blood_thinners", "blood_thinners", AVOID, "Blood-thinning medicine: avoid the mat.",
         "Anticoagulants and antiplatelets raise the risk of bleeding and bruising under the "
         "spikes. A blood thinner on the medication list counts even when the question was "
         "answered 'no'.", "C8"),
    _yes("C9.heart_disease", "heart_disease", AVOID, "Heart disease: avoid the mat.",
         "The source names heart disease among the conditions that rule it out.", "C9"),
    _yes("C10.severe_nerve_damage", "severe_nerve_damage", AVOID,
         "Severe nerve damage: avoid the mat.",
         "The source names severe nerve damage among the conditions that rule it out.", "C10"),
    _yes("C4.pregnancy", "pregnant", CONSULT, "Pregnant: see a doctor before using the mat.",
         "Pressure on some points may set off contractions or early labour.", "C4"),
    _yes("C12.severe_injury", "severe_injury", CONSULT,
         "Severe injury: get a doctor's advice before using the mat.",
         "The source does not call the mat safe with severe injuries.", "C12"),
    _yes("C12.other_serious", "other_serious", CONSULT,
         "Serious medical condition: get a doctor's advice before using the mat.",
         "The source asks for a doctor's advice with specific medical conditions.", "C12"),
    Rule(
        id="C13.severe_pain", topic="safety", when=fact("pain_band").is_("severe"),
        then=Outcome(level=CONSULT, summary="Severe back pain (7–10 of 10): see a doctor first.",
                     detail="The source calls the mat generally safe for mild to moderate pain "
                            "only; severe pain needs a diagnosis before home remedies."),
        sources=("C13",), basis="interpreted",
        note="The source limits its safety claim to mild and moderate pain without a scale; "
             "acumat reads severe as 7–10 on the 0–10 numeric rating scale (the usual clinical "
             "banding) and asks for a doctor first, since the source's claim does not cover it.",
    ),
    _unknown("unknown.pregnant", "pregnant", "pregnant", "Pregnancy not asked.", "C4"),
    _unknown("unknown.blood_thinners", "blood_thinners", "blood_thinners",
             "Blood-thinner use not asked.", "C8"),
    Rule(
        id="unknown.conditions", topic="safety",
        when=any_of(*(fact(c).is_("unknown") for c in (
            "bleeding_disorder", "heart_disease", "severe_nerve_damage", "severe_injury",
            "other_serious"))),
        then=Outcome(level=CAUTION, summary="Medical conditions not asked.", asks="conditions",
                     detail="Clotting disorders, heart disease, severe nerve damage, severe "
                            "injuries and other serious conditions have not been ruled out."),
        sources=("C7", "C9", "C10", "C12", "C14"), basis="interpreted",
        note="Unknown is not safe: the conditions question is part of the screening.",
    ),
    Rule(
        id="C8.unreadable_medication", topic="safety", when=fact("medication_unreadable").is_("yes"),
        then=Outcome(level=CAUTION, asks="blood_thinners",
                     summary="A medicine on your list could not be read: confirm whether it "
                             "thins the blood.",
                     detail="acumat cannot tell whether it is a blood thinner, so the blood-"
                            "thinner question stays open."),
        sources=("C8", "C14"), basis="interpreted",
        note="The medication list is the cross-check of the blood-thinner answer; a name acumat "
             "cannot read might be one, so it cannot count as a 'no'.",
    ),
    _unknown("unknown.skin_broken", "skin_broken", "skin.broken", "Broken skin not asked.", "C1"),
    _unknown("unknown.skin_infection", "skin_infection", "skin.infection",
             "Skin infection not asked.", "C3"),
    _unknown("unknown.skin_allergy", "skin_allergy", "skin.allergy",
             "Skin allergies not asked.", "C2"),
    _unknown("unknown.skin_sensitive", "skin_sensitive", "skin.sensitive",
             "Sensitive skin not asked.", "C11"),
    _unknown("unknown.pain_severity", "pain_band", "pain.severity",
             "Pain severity not asked.", "C13"),
    Rule(
        id="C15.alongside_care", topic="safety", when=ALWAYS,
        then=Outcome(summary="Proper medical care and your doctor's advice come first.",
                     detail="An acupressure mat is at most a home aid alongside them, never a "
                            "treatment of its own, and results vary from person to person."),
        sources=("C15",), basis="stated",
    ),
)
