"""Which mat to choose (source M1–M9), through the public ``acumat.recommend``."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from acumat import Verdict, recommend
from caution import caution_rules

#: acumat's threshold for "experienced": two weeks of daily use (U12: adapting takes a week or more).
EXPERIENCED = 14


def answered(**over: Any) -> dict[str, Any]:
    """A profile with every safety question answered "no", mild lower back pain, a beginner."""
    base: dict[str, Any] = {
        "pregnant": False,
        "blood_thinners": False,
        "medications": [],
        "conditions": [],
        "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
        "pain": {"region": "lower", "severity": 2, "weeks": 3},
        "sessions_completed": 0,
        "preferences": {"intensity": "gentle", "portable": False},
        "therapies": [],
    }
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key].update(value)
        else:
            out[key] = value
    return out


def mat_of(profile: dict[str, Any]):
    rec = recommend(profile)
    assert rec.verdict == Verdict.SUITABLE, rec.explain()
    assert rec.mat is not None
    return rec.mat


def findings_on(rec, topic: str):
    return [f for f in rec.findings if f.topic == topic]


# -- density and length (M4, M5, M6) -------------------------------------------------------

@pytest.mark.parametrize("intensity", ["gentle", "moderate", "strong", None])
def test_beginner_gets_many_short_spikes(intensity):
    """A beginner gets high density and short spikes whatever stimulation they ask for (M4–M6, U1)."""
    mat = mat_of(answered(sessions_completed=0, preferences={"intensity": intensity}))
    assert (mat.spike_density, mat.spike_length) == ("high", "short")


def test_beginner_just_below_threshold_still_gentle():
    """One session short of experienced, a strong-stimulation request still gets the gentle mat."""
    mat = mat_of(answered(sessions_completed=EXPERIENCED - 1, preferences={"intensity": "strong"}))
    assert (mat.spike_density, mat.spike_length) == ("high", "short")


def test_experienced_strong_request_gets_fewer_longer_spikes():
    """An experienced user with mild pain asking for strong stimulation gets low density, long spikes."""
    mat = mat_of(answered(sessions_completed=EXPERIENCED, preferences={"intensity": "strong"}))
    assert (mat.spike_density, mat.spike_length) == ("low", "long")


@pytest.mark.parametrize("sessions", [EXPERIENCED, 60, 1000])
def test_gentle_preference_keeps_gentle_mat(sessions):
    """However experienced, a gentle preference gets high density and short spikes (M6: comfort)."""
    mat = mat_of(answered(sessions_completed=sessions, preferences={"intensity": "gentle"}))
    assert (mat.spike_density, mat.spike_length) == ("high", "short")


@pytest.mark.parametrize("severity", [4, 5, 6])
def test_moderate_pain_keeps_gentle_mat(severity):
    """Moderate pain gets high density and short spikes even for an experienced strong-seeker (M6)."""
    mat = mat_of(answered(sessions_completed=60, preferences={"intensity": "strong"},
                          pain={"severity": severity}))
    assert (mat.spike_density, mat.spike_length) == ("high", "short")


@pytest.mark.parametrize("intensity", ["moderate", None])
def test_no_strong_request_means_no_long_spikes(intensity):
    """Without a request for strong stimulation, spikes stay short and density never goes low."""
    mat = mat_of(answered(sessions_completed=60, preferences={"intensity": intensity}))
    assert mat.spike_length == "short"
    assert mat.spike_density != "low"


def test_caution_verdict_experienced_never_gets_strongest_mat():
    """With an open safety question (caution) the strongest mat (low density, long spikes) is not advised."""
    rec = recommend(answered(sessions_completed=60, preferences={"intensity": "strong"}),
                    caution_rules())
    assert rec.verdict == Verdict.CAUTION
    assert rec.mat is not None
    assert rec.mat.spike_length == "short"
    assert rec.mat.spike_density != "low"


# -- size (M7, M8, M9) -----------------------------------------------------------------------

@pytest.mark.parametrize("portable", [True, False, None])
@pytest.mark.parametrize("region", ["lower", "middle", "upper", None])
def test_compact_only_for_portable_lower_back(portable, region):
    """A compact mat only when it must travel and the pain is in the lower back; otherwise full (M7–M9)."""
    rec = recommend(answered(preferences={"portable": portable}, pain={"region": region}))
    assert rec.mat is not None
    expected = "compact" if portable is True and region == "lower" else "full"
    assert rec.mat.size == expected


# -- materials (M1, M2, M3) ------------------------------------------------------------------

def test_cover_is_natural_fabric():
    """The cover is a natural fabric, cotton or linen (M1)."""
    cover = mat_of(answered()).cover.lower()
    assert "cotton" in cover or "linen" in cover


def test_spikes_are_non_toxic_plastic():
    """The spikes are non-toxic plastic (M2)."""
    spikes = mat_of(answered()).spikes.lower()
    assert "non-toxic" in spikes
    assert "plastic" in spikes


def test_quality_note_asks_for_durability():
    """The quality note asks for a durable mat (M3)."""
    assert "durable" in mat_of(answered()).quality.lower()


# -- findings cite the M statements -----------------------------------------------------------

_CITES = {
    "mat.spike_density": {"M4"},
    "mat.spike_length": {"M5"},
    "mat.size": {"M9"},
    "mat.cover": {"M1"},
    "mat.spikes": {"M2"},
    "mat.quality": {"M3"},
}


@pytest.mark.parametrize("profile", [
    answered(),
    answered(sessions_completed=30, preferences={"intensity": "strong", "portable": True}),
    answered(pain={"region": "upper", "severity": 5}, extra={"new_to_massage": None}),
], ids=["beginner", "experienced-strong-portable", "caution-upper"])
def test_each_mat_attribute_has_one_finding_citing_m(profile):
    """Each mat attribute is explained by exactly one finding that cites its M statement."""
    rec = recommend(profile, caution_rules() if "extra" in profile else None)
    if "extra" in profile:
        assert rec.verdict == Verdict.CAUTION
    for topic, must in _CITES.items():
        found = findings_on(rec, topic)
        assert len(found) == 1, (topic, found)
        assert must <= set(found[0].sources), (topic, found[0].sources)
        assert any(s.startswith("M") for s in found[0].sources)


def test_mat_findings_agree_with_the_mat():
    """The finding behind each density, length and size names the value the mat got."""
    for profile in (answered(), answered(sessions_completed=20, preferences={"intensity": "strong",
                                                                             "portable": True})):
        rec = recommend(profile)
        assert rec.mat is not None
        for topic, value in (("mat.spike_density", rec.mat.spike_density),
                             ("mat.spike_length", rec.mat.spike_length),
                             ("mat.size", rec.mat.size)):
            (f,) = findings_on(rec, topic)
            assert value in f.summary.lower(), (topic, value, f.summary)


def test_compact_finding_cites_portability():
    """The finding choosing a compact mat cites portability (M8)."""
    rec = recommend(answered(preferences={"portable": True}))
    (f,) = findings_on(rec, "mat.size")
    assert "M8" in f.sources


# -- no mat when the screening says no ----------------------------------------------------------

@pytest.mark.parametrize(("over", "verdict"), [
    ({"pregnant": True}, Verdict.CONSULT),
    ({"pain": {"severity": 8}}, Verdict.CONSULT),
    ({"conditions": ["severe_injury"]}, Verdict.CONSULT),
    ({"skin": {"broken": True}}, Verdict.AVOID),
    ({"blood_thinners": True}, Verdict.AVOID),
    ({"conditions": ["heart_disease"]}, Verdict.AVOID),
], ids=["pregnant", "severe-pain", "severe-injury", "broken-skin", "blood-thinners", "heart"])
def test_no_mat_when_consult_or_avoid(over, verdict):
    """A consult or avoid verdict gives neither mat nor plan, nor any mat finding (C4, C7–C13)."""
    rec = recommend(answered(**over))
    assert rec.verdict == verdict
    assert rec.mat is None
    assert rec.plan is None
    assert not [f for f in rec.findings if f.topic.startswith("mat.")]
