"""Profile and history -> one flat fact: the only thing rules can read.

Every value is a string from a small fixed vocabulary (``"yes" | "no" |
"unknown"`` for questions) or an integer, and every fact is always present, so
the rule engine's loose comparisons (``True == 1``, missing fields) can never
decide anything. :data:`FACTS` documents each fact: its type, allowed values,
and the profile field it comes from. Custom rules may read any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from acumat.history import Symptom
from acumat.medications import MedicationMatch, MedicationReading, read_list
from acumat.profile import Condition, Intensity, Region, Therapy, UserProfile

YES, NO, UNKNOWN = "yes", "no", "unknown"
TRI = (YES, NO, UNKNOWN)
BOOL = (YES, NO)

FactValue = str | int
Fact = dict[str, FactValue]
Stage = Literal["profile", "guidance", "session"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    """What one fact holds.

    ``values`` lists the allowed strings (empty for integer facts, which range
    over ``low..high``). ``field`` is the profile path the fact comes from and
    ``question`` what to ask for it; ``safety`` marks screening questions whose
    "unknown" must never count as safe. ``stage`` says when the fact exists:
    ``profile`` facts always, ``guidance`` facts once the verdict is known (mat
    and plan rules), ``session`` facts in :func:`acumat.next_session`.
    ``risk_order`` (safety facts) lists the values from least to most risky: the
    verdict must never drop along it (checked by :func:`acumat.verify`). ``if_yes``
    is the condition a person reads before what the riskiest answer would mean
    ("If you are pregnant").
    """

    name: str
    description: str
    values: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    field: str | None = None
    question: str | None = None
    safety: bool = False
    stage: Stage = "profile"
    risk_order: tuple[str, ...] = ()
    if_yes: str | None = None

    def __post_init__(self) -> None:
        if self.safety and not self.risk_order and self.values == TRI:
            object.__setattr__(self, "risk_order", (NO, UNKNOWN, YES))

    @property
    def is_int(self) -> bool:
        """True for integer facts."""
        return not self.values


def _tri(name: str, desc: str, fld: str, question: str, if_yes: str) -> FactSpec:
    return FactSpec(name, desc, TRI, field=fld, question=question, safety=True, if_yes=if_yes)


_CONDITION_Q = (
    "Do you have any of these: a bleeding or clotting disorder, heart disease, severe nerve "
    "damage, a severe injury, or another serious medical condition? (list them, or none)"
)
_SPECS: list[FactSpec] = [
    _tri("pregnant", "The person is pregnant.", "pregnant", "Are you pregnant?",
         "If you are pregnant"),
    _tri("blood_thinners", "Takes blood thinners: the answer, raised to yes by a listed medicine.",
         "blood_thinners", "Do you take blood-thinning medicine (anticoagulants or antiplatelets)?",
         "If you take blood-thinning medicine"),
    FactSpec("blood_thinner_listed", "A medication in the list is a known blood thinner.", BOOL,
             field="medications", question="Which medicines do you take?"),
    FactSpec("medication_unreadable", "A medication in the list could not be read (e.g. written "
             "in a script acumat cannot read), so it may be a blood thinner.", BOOL,
             field="medications", question="Which medicines do you take?"),
    *(
        _tri(c.value, f"Has {c.value.replace('_', ' ')} (from conditions).", "conditions", _CONDITION_Q,
             "If you have any of these conditions")
        for c in Condition
    ),
    _tri("skin_broken", "Broken skin or wounds.", "skin.broken",
         "Is the skin of your back broken or wounded?", "If the skin of your back is broken or wounded"),
    _tri("skin_infection", "A skin infection.", "skin.infection", "Do you have a skin infection?",
         "If you have a skin infection"),
    _tri("skin_allergy", "Skin allergies.", "skin.allergy", "Do you have skin allergies?",
         "If you have skin allergies"),
    _tri("skin_sensitive", "Sensitive or damaged skin.", "skin.sensitive",
         "Is your skin sensitive or easily damaged?", "If your skin is sensitive or easily damaged"),
    FactSpec("pain_band", "Pain on the numeric rating scale: none 0, mild 1–3, moderate 4–6, "
             "severe 7–10.", ("none", "mild", "moderate", "severe", UNKNOWN),
             field="pain.severity", question="How bad is the pain, from 0 (none) to 10 (worst)?",
             safety=True, risk_order=("none", "mild", "moderate", UNKNOWN, "severe"),
             if_yes="If the pain is severe (7 to 10 of 10)"),
    FactSpec("pain_severity", "Pain 0–10, or -1 when not answered.", low=-1, high=10,
             field="pain.severity", question="How bad is the pain, from 0 (none) to 10 (worst)?"),
    FactSpec("pain_region", "Where the pain is.", ("lower", "middle", "upper", UNKNOWN),
             field="pain.region", question="Where is the pain: lower, middle or upper back?"),
    FactSpec("pain_weeks", "Weeks the pain has lasted, or -1 when not answered.", low=-1, high=5200,
             field="pain.weeks", question="How many weeks has the pain lasted?"),
    FactSpec("chronic_pain", "Pain has lasted 12 weeks or more.", TRI,
             field="pain.weeks", question="How many weeks has the pain lasted?"),
    FactSpec("sessions_completed", "Mat sessions already done.", low=0, high=100_000,
             field="sessions_completed", question="How many mat sessions have you done so far?"),
    FactSpec("intensity", "Wanted stimulation.", ("gentle", "moderate", "strong", UNKNOWN),
             field="preferences.intensity",
             question="Do you want gentle, moderate or strong stimulation?"),
    FactSpec("portable", "Wants to use the mat away from home.", TRI,
             field="preferences.portable", question="Will you use the mat away from home?"),
    *(
        FactSpec(f"therapy_{t.value}", f"Does {t.value.replace('_', ' ')}.", BOOL, field="therapies",
                 question="Which of these do you do: physical therapy, massage, stretching, "
                          "posture exercises?")
        for t in Therapy
    ),
    FactSpec("verdict", "The screening verdict (guidance rules only).",
             ("suitable", "caution", "consult", "avoid"), stage="guidance"),
    FactSpec("open_risk", "An unanswered screening question could, if answered yes, raise the "
             "verdict to consult or avoid (then no mat, plan or session minutes are given).", BOOL,
             stage="guidance"),
    FactSpec("history", "Whether any session has been logged.", ("empty", "logged"), stage="session"),
    FactSpec("last_minutes", "Minutes of mat use on the last logged day, all its sessions added "
             "up (0 when none).", low=0, high=1440, stage="session"),
    FactSpec("last_discomfort", "The highest discomfort 0–10 on the last logged day (-1 when none).",
             low=-1, high=10, stage="session"),
    *(
        FactSpec(f"last_{s.value}", f"A session of the last logged day brought "
                 f"{s.value.replace('_', ' ')}.", BOOL, stage="session")
        for s in Symptom
    ),
    FactSpec("irritation_twice", "Each of the last two logged days brought skin irritation.", BOOL,
             stage="session"),
    FactSpec("comfortable_streak", "Days in a row with only comfortable sessions (discomfort 0–3, "
             "no symptom) at the last day's minutes, without a break of more than three days.",
             low=0, high=100_000, stage="session"),
    FactSpec("prev_minutes", "Minutes of mat use on the logged day before the last one (0 when "
             "none).", low=0, high=1440, stage="session"),
    FactSpec("jumped", "The last logged day was more than one plan step longer than the day "
             "before it.", BOOL, stage="session"),
    FactSpec("logged_days", "Days with at least one logged session.", low=0, high=100_000,
             stage="session"),
    FactSpec("same_day", "The planned session is on a day that already has a logged session.", BOOL,
             stage="session"),
    FactSpec("recent_stop_sign", "A stop sign not cleared yet: sharp pain, dizziness, numbness, "
             "fainting, palpitations, contractions, bleeding or bruising logged after the last "
             "doctor's clearance (cleared_on), or broken skin in the last 14 days.", BOOL,
             stage="session"),
    FactSpec("over_target", "The last logged day's minutes are more than the daily target.", BOOL,
             stage="session"),
    FactSpec("day_over_target", "Same as over_target (kept for packs written before minutes were "
             "counted per day).", BOOL, stage="session"),
    FactSpec("gap_days", "Days from the last session to the planned one (-1 when none).", low=-1,
             high=100_000, stage="session"),
    FactSpec("plan_start", "The plan's first-week minutes.", low=1, high=120, stage="session"),
    FactSpec("plan_target", "The plan's daily target minutes.", low=1, high=120, stage="session"),
    FactSpec("at_target", "The last logged day already reached the target.", BOOL, stage="session"),
    FactSpec("above_start", "The last logged day was longer than the plan's start.", BOOL,
             stage="session"),
]

#: Every fact rules can read, by name.
FACTS: MappingProxyType[str, FactSpec] = MappingProxyType({s.name: s for s in _SPECS})


def _tri_of(answer: bool | None) -> str:
    return UNKNOWN if answer is None else (YES if answer else NO)


@dataclass(slots=True)
class Derived:
    """A fact plus notes on how some values were read (e.g. which medicine matched)."""

    fact: Fact
    notes: dict[str, list[str]] = field(default_factory=dict)
    medications: list[MedicationMatch] = field(default_factory=list)


def pain_band(severity: int | None) -> str:
    """Band a 0–10 rating: none 0, mild 1–3, moderate 4–6, severe 7–10."""
    if severity is None:
        return UNKNOWN
    if severity == 0:
        return "none"
    if severity <= 3:
        return "mild"
    return "moderate" if severity <= 6 else "severe"


# Enum values looked up once (``member.value`` goes through the enum's descriptor each time).
_CONDITIONS = tuple((c, c.value) for c in Condition)
_THERAPIES = tuple((t, f"therapy_{t.value}") for t in Therapy)
_VALUE: dict[object, str] = {m: m.value for e in (Region, Intensity) for m in e}


_TRI: dict[bool | None, str] = {None: UNKNOWN, True: YES, False: NO}
_NO_CONDITIONS = {v: NO for _, v in _CONDITIONS}
_UNKNOWN_CONDITIONS = {v: UNKNOWN for _, v in _CONDITIONS}
_NO_THERAPIES = {name: NO for _, name in _THERAPIES}
_UNKNOWN_SKIN = {"skin_broken": UNKNOWN, "skin_infection": UNKNOWN, "skin_allergy": UNKNOWN,
                 "skin_sensitive": UNKNOWN}


#: Chosen members -> their facts, for conditions and therapies (few combinations recur).
_BY_CONDITIONS: dict[frozenset[object], dict[str, str]] = {}
_BY_THERAPIES: dict[frozenset[object], dict[str, str]] = {}


def _marked(chosen: Sequence[object], names: Sequence[tuple[object, str]],
            memo: dict[frozenset[object], dict[str, str]]) -> dict[str, str]:
    # Each member's fact: yes if chosen, else no. Worked out from the list itself once per
    # set of members: lists with equal sets of members give equal answers. Anything else
    # (an unvalidated profile's string or tuple, unhashable entries) is answered directly.
    key: frozenset[object] | None = None
    if type(chosen) is list:
        try:  # noqa: SIM105 - contextlib.suppress costs a context manager per call
            key = frozenset(chosen)
        except TypeError:
            pass
    found = None if key is None else memo.get(key)
    if found is None:
        found = {name: YES if m in chosen else NO for m, name in names}
        if key is not None:
            if len(memo) >= 256:
                memo.clear()
            memo[key] = found
    return found


def derive(profile: UserProfile) -> Derived:
    """The profile-stage fact of ``profile``; every profile fact is present."""
    tri = _TRI
    meds = profile.medications
    matches: list[MedicationMatch]
    unreadable: list[str]
    matches, unreadable = read_list(meds) if meds else ([], [])
    listed = bool(matches)
    conds = profile.conditions
    skin = profile.skin
    pain = profile.pain
    prefs = profile.preferences
    therapies = profile.therapies
    # The more dangerous answer wins: a listed blood thinner overrides "no", but an
    # incomplete list can never turn "not asked" into "no".
    f: Fact = {
        "pregnant": tri[profile.pregnant],
        "blood_thinners": YES if listed else tri[profile.blood_thinners],
        "blood_thinner_listed": YES if listed else NO,
        "medication_unreadable": YES if unreadable else NO,
    }
    if conds is None:
        f.update(_UNKNOWN_CONDITIONS)
    elif not conds:
        f.update(_NO_CONDITIONS)
    else:
        f.update(_marked(conds, _CONDITIONS, _BY_CONDITIONS))
    if skin is None:
        f.update(_UNKNOWN_SKIN)
    else:
        f["skin_broken"] = tri[skin.broken]
        f["skin_infection"] = tri[skin.infection]
        f["skin_allergy"] = tri[skin.allergy]
        f["skin_sensitive"] = tri[skin.sensitive]
    if pain is None:
        f.update(pain_band=UNKNOWN, pain_severity=-1, pain_region=UNKNOWN, pain_weeks=-1,
                 chronic_pain=UNKNOWN)
    else:
        severity, weeks, region = pain.severity, pain.weeks, pain.region
        f["pain_band"] = pain_band(severity)
        f["pain_severity"] = -1 if severity is None else severity
        f["pain_region"] = _VALUE[region] if region else UNKNOWN
        f["pain_weeks"] = -1 if weeks is None else weeks
        f["chronic_pain"] = UNKNOWN if weeks is None else (YES if weeks >= 12 else NO)
    f["sessions_completed"] = profile.sessions_completed
    f["intensity"] = _VALUE[prefs.intensity] if prefs.intensity else UNKNOWN
    f["portable"] = tri[prefs.portable]
    if therapies:
        f.update(_marked(therapies, _THERAPIES, _BY_THERAPIES))
    else:
        f.update(_NO_THERAPIES)
    notes: dict[str, list[str]] = {}
    if matches:
        notes["blood_thinner_listed"] = [m.describe() for m in matches]
        notes["blood_thinners"] = notes["blood_thinner_listed"]
    if unreadable:
        notes["medication_unreadable"] = [MedicationReading((), tuple(unreadable)).unreadable_note()]
    return Derived(f, notes, matches)
