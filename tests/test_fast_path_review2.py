"""Second adversarial look at the speed changes since be9836b (review2).

Each property compares the fast path with the pre-speed reference (tests/oracle_glue.py,
or the plain reading of a medication entry): medication entries read per digit shape,
next_session's per-day history reading (several logs a day, cleared_on, broken skin around
the 14-day limit, ``on`` days far after the last log), the session-decision and bounds
memos warm across profiles and histories, and the findings memo shared by recommend() and
next_session().
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_glue
from acumat import SessionLog, UserProfile, default_rules, next_session, recommend
from acumat.errors import RuleError
from acumat.history import Symptom
from acumat.medications import _entry_uncached, _read_entry, read_medications
from acumat.progress import RECENT_DAYS
from acumat.rules.ruleset import RuleSet
from acumat.testing import profiles


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


# -- medications: one reading per digit shape --------------------------------------------

#: Pieces that exercise every pattern of the reader next to digits: 5-ASA, dotted
#: abbreviations, contractions, dosage forms, negations, names glued to doses.
_PIECES = st.sampled_from([
    "5", "55", "05", "50", "15", "51", "0", "1", "2", "9", "5.", ".5", "5,", ",5", "2.5",
    "5-", "-5", "5 ", "x5", "5x", "5mg", "mg", "asa", "ASA", "-ASA", "5-ASA", "5asa", "asa5",
    "a.s.a.", "a.s.a", "A.S.A.", "s.", "a.", "don't", "n't", "didn't", "warfarin",
    "warfarine", "xarelto", "xeralto", "aspirin", "aspirin81", "eliquis", "Eliquis5mg",
    "heparin", "thrombo", "ass", "stopped", "no", "tab", "tablet", "iu", "mesalazine",
    "lowdoseaspirin", "clopidogrel", "b12", "d3", "omega-3", "co-q10", " ", " ", "-", ".",
    ",", "'", "/", "(", ")", "+", "x", "a", "s", "t", "n",
])
_ENTRIES = st.lists(_PIECES, min_size=1, max_size=14).map("".join)


@_settings(1500)
@given(_ENTRIES)
def test_entry_read_per_digit_shape_equals_reading_the_entry(text: str) -> None:
    """An ASCII entry read through its digit shape gives exactly what reading the entry
    itself gives: the same blood thinner (typed as written) and the same unreadable flag."""
    assert _entry_uncached(text) == _read_entry(text)


@_settings(300)
@given(st.lists(_ENTRIES, min_size=1, max_size=4))
def test_medication_lists_with_shared_shapes_keep_each_entry_as_typed(entries: list[str]) -> None:
    """Entries of one shape read in any order (the shape's cache warm) still quote the text
    each person typed."""
    reading = read_medications(entries)
    plain = [_read_entry(e) for e in entries]
    assert [m.typed for m in reading.matches] == [m.typed for m, _ in plain if m is not None]
    assert list(reading.matches) == [m for m, _ in plain if m is not None]


def test_doses_that_differ_only_in_digits_quote_their_own_entry() -> None:
    a = read_medications(["warfarin 3mg"]).matches
    b = read_medications(["warfarin 7mg"]).matches
    assert a[0].typed == "warfarin 3mg" and b[0].typed == "warfarin 7mg"
    assert "warfarin 7mg" in b[0].describe()
    # 5-ASA is mesalazine, 15-ASA and 2.5-ASA are not 5-ASA: shapes keep them apart.
    assert _entry_uncached("5-ASA")[0] is None
    assert _entry_uncached("15-ASA") == _read_entry("15-ASA")
    assert _entry_uncached("2.5-ASA") == _read_entry("2.5-ASA")
    assert _entry_uncached("55-ASA") == _read_entry("55-ASA")


# -- next_session: per-day reading of the history -----------------------------------------

_SYMPTOMS = st.lists(st.sampled_from(list(Symptom)), max_size=3, unique=True)
_BROKEN = st.sampled_from([[], [], [Symptom.BROKEN_SKIN], [Symptom.SKIN_IRRITATION],
                           [Symptom.BROKEN_SKIN, Symptom.SKIN_IRRITATION]])


@st.composite
def crowded_histories(draw: st.DrawFn) -> tuple[list[SessionLog], dt.date | None,
                                                dt.date | None]:
    """Date-ordered logs, often several a day, symptoms spread over a day's logs; a
    cleared_on day among (or between) the logged days; an ``on`` day around the 14-day
    broken-skin limit."""
    day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30)))
    logs: list[SessionLog] = []
    for _ in range(draw(st.integers(0, 10))):
        symptoms = draw(st.one_of(st.just([]), st.just([]), st.just([]), st.just([]), _BROKEN,
                                     _SYMPTOMS))
        logs.append(SessionLog(day=day, minutes=draw(st.sampled_from([5, 10, 10, 15, 20, 120])),
                               discomfort=draw(st.sampled_from([0, 2, 3, 4, 9])),
                               symptoms=symptoms))
        day = day + dt.timedelta(days=draw(st.sampled_from([0, 0, 0, 1, 2, 4, 13, 14, 15])))
    cleared = None
    on = None
    if logs:
        first, last = logs[0].day, logs[-1].day
        if draw(st.booleans()):
            cleared = first + dt.timedelta(days=draw(st.integers(-1, (last - first).days + 1)))
        if draw(st.booleans()):
            on = last + dt.timedelta(days=draw(st.sampled_from(
                [0, 1, RECENT_DAYS - 1, RECENT_DAYS, RECENT_DAYS + 1, 30])))
            if cleared is not None and cleared > on:
                cleared = on
    return logs, on, cleared


def _same_advice(profile: UserProfile, logs: list[SessionLog], on: dt.date | None,
                 cleared: dt.date | None, rules: RuleSet) -> None:
    try:
        plain = oracle_glue.next_session(profile, logs, on=on, rules=rules,
                                         cleared_on=cleared).model_dump_json()
    except (RuleError, ValueError) as exc:
        with pytest.raises(type(exc), match=re.escape(str(exc)[:60])):
            next_session(profile, logs, on=on, rules=rules, cleared_on=cleared)
        return
    for _ in range(2):  # cold, then warm memos
        got = next_session(profile, logs, on=on, rules=rules, cleared_on=cleared)
        assert got.model_dump_json() == plain


_SKIN_OK = {"broken": False, "infection": False, "allergy": False, "sensitive": False}


@st.composite
def _near_safe_profiles(draw: st.DrawFn) -> UserProfile:
    """Fully answered profiles that mostly reach the plan (the session rules then have minutes
    to decide), now and then one answer left open."""
    base: dict[str, Any] = {
        "pregnant": False, "blood_thinners": False, "conditions": [], "skin": dict(_SKIN_OK),
        "pain": {"severity": draw(st.integers(0, 6)), "weeks": draw(st.sampled_from([1, 4, 20])),
                 "region": draw(st.sampled_from(["lower", "lower", "upper"]))},
        "sessions_completed": draw(st.integers(0, 30)),
    }
    if draw(st.integers(0, 4)) == 0:
        base[draw(st.sampled_from(["blood_thinners", "conditions", "skin"]))] = None
    return UserProfile.model_validate(base)


_PEOPLE = st.one_of(_near_safe_profiles(), _near_safe_profiles(), profiles())


@_settings(120)
@given(st.sampled_from(["U4", "U5"]), st.data())
def test_next_session_per_day_history_equals_plain_glue(schedule: str, data: Any) -> None:
    """next_session() with crowded histories, cleared_on and ``on`` days near the broken-skin
    limit equals the plain glue (per-log reading), byte for byte, with memos cold and warm."""
    rules = default_rules(schedule)
    for _ in range(4):
        profile = data.draw(_PEOPLE)
        logs, on, cleared = data.draw(crowded_histories())
        _same_advice(profile, logs, on, cleared, rules)


def test_broken_skin_in_a_later_log_of_a_cleared_day_stays_cleared_and_uncleared_days_stop(
) -> None:
    """Broken skin logged in the second session of a day: cleared with that day, it no longer
    stops; not cleared, it stops for 14 days (either way as the plain glue says)."""
    profile = UserProfile.model_validate({"pregnant": False, "blood_thinners": False,
                                          "conditions": [], "pain": {"severity": 4}})
    d = dt.date(2026, 3, 1)
    logs = [SessionLog(day=d, minutes=10), SessionLog(day=d, minutes=5,
                                                      symptoms=[Symptom.BROKEN_SKIN]),
            SessionLog(day=d + dt.timedelta(days=2), minutes=10)]
    rules = default_rules()
    for on in (d + dt.timedelta(days=3), d + dt.timedelta(days=RECENT_DAYS),
               d + dt.timedelta(days=RECENT_DAYS + 1)):
        for cleared in (None, d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)):
            _same_advice(profile, logs, on, cleared, rules)
    stopped = next_session(profile, logs, on=d + dt.timedelta(days=3), rules=rules)
    assert stopped.action != "progress" and stopped.action != "start"


# -- recommend() and next_session() interleaved: shared findings memo -----------------------

@_settings(60)
@given(st.data())
def test_recommend_and_next_session_interleaved_share_findings_correctly(data: Any) -> None:
    """recommend() and next_session() called in turn on the same rule set (one findings memo,
    keyed by fired positions with or without open questions, and the next session's deciding
    findings) both equal the plain glue."""
    rules = default_rules(data.draw(st.sampled_from(["U4", "U5"])))
    for _ in range(6):
        profile = data.draw(_PEOPLE)
        assert recommend(profile, rules).model_dump_json() == (
            oracle_glue.recommend(profile, rules).model_dump_json())
        logs, on, cleared = data.draw(crowded_histories())
        _same_advice(profile, logs, on, cleared, rules)


# -- Symptom hashing --------------------------------------------------------------------------

def test_symptom_hashes_as_its_string_and_still_equals_only_its_own_value() -> None:
    for s in Symptom:
        assert hash(s) == hash(s.value) and s == s.value
        assert {s} == {s.value} and s in {s.value}
        assert all(s != o for o in Symptom if o is not s)
    assert len(set(Symptom)) == len(Symptom)
    log = SessionLog(day=dt.date(2026, 1, 1), minutes=5, symptoms=["broken_skin"])
    assert log.symptoms == [Symptom.BROKEN_SKIN]
    assert isinstance(log.symptoms[0], Symptom)


# -- error precedence: bad history input before an undecided plan ---------------------------

_BAD_INPUTS: tuple[dict[str, Any], ...] = (
    {"history": [{"day": "2026-01-02", "minutes": 10}, {"day": "2026-01-01", "minutes": 10}]},
    {"history": [], "on": "not a date"},
    {"history": [], "cleared_on": "yesterday"},
    {"history": [{"day": "2026-01-02", "minutes": 0}]},
    {"history": [{"day": "2026-01-05", "minutes": 10}], "on": "2026-01-01"},
)


@pytest.mark.parametrize("bad", _BAD_INPUTS)
def test_bad_history_input_is_reported_before_undecided_plan_minutes(bad: dict[str, Any]) -> None:
    """A rule set whose plan.target rules never fire, given a bad history, ``on`` or
    ``cleared_on``: the plain path (and be9836b) reports the input (a ValidationError naming
    the field) before the rule set's missing plan minutes. evaluate(guidance="bounds") now
    works the minutes out first, so the person is told about the rule set instead of their
    own input (fails on main at a0b00f5)."""
    from pydantic import ValidationError

    from acumat.rules.model import all_of, fact

    base = default_rules()
    never = all_of(fact("pregnant").is_("yes"), fact("pregnant").is_("no"))
    rules = base.replace(*[r.model_copy(update={"when": never}) for r in base
                           if r.topic == "plan.target"])
    profile = {"pregnant": False, "blood_thinners": False, "conditions": [],
               "pain": {"severity": 4}}
    with pytest.raises(ValidationError) as plain:
        oracle_glue.next_session(profile, rules=rules, **bad)
    with pytest.raises(ValidationError) as fast:
        next_session(profile, rules=rules, **bad)
    # The context holds ValueError instances, which never compare equal: compare the rest.
    assert (fast.value.errors(include_url=False, include_context=False)
            == plain.value.errors(include_url=False, include_context=False))
    assert str(fast.value) == str(plain.value)


# -- facts.derive against its be9836b body --------------------------------------------------

def _derive_be9836b(profile: UserProfile) -> tuple[list[tuple[str, Any]], dict[str, list[str]],
                                                   list[Any]]:
    """derive() as it was at be9836b (oracle_glue imports the current derive)."""
    from acumat.facts import _CONDITIONS, _THERAPIES, _VALUE, NO, UNKNOWN, YES, pain_band

    def tri(answer: bool | None) -> str:
        return UNKNOWN if answer is None else (YES if answer else NO)

    skin, pain, prefs = profile.skin, profile.pain, profile.preferences
    reading = read_medications(profile.medications or [])
    matches = list(reading.matches)
    unreadable = reading.unreadable
    listed = bool(matches)
    conds = None if profile.conditions is None else set(profile.conditions)
    weeks = pain.weeks if pain else None
    severity = pain.severity if pain else None
    therapies = profile.therapies
    f: dict[str, Any] = {
        "pregnant": tri(profile.pregnant),
        "blood_thinners": YES if listed else tri(profile.blood_thinners),
        "blood_thinner_listed": YES if listed else NO,
        "medication_unreadable": YES if unreadable else NO,
        **{v: UNKNOWN if conds is None else (YES if c in conds else NO) for c, v in _CONDITIONS},
        "skin_broken": tri(skin.broken if skin else None),
        "skin_infection": tri(skin.infection if skin else None),
        "skin_allergy": tri(skin.allergy if skin else None),
        "skin_sensitive": tri(skin.sensitive if skin else None),
        "pain_band": pain_band(severity),
        "pain_severity": -1 if severity is None else severity,
        "pain_region": _VALUE[pain.region] if pain and pain.region else UNKNOWN,
        "pain_weeks": -1 if weeks is None else weeks,
        "chronic_pain": UNKNOWN if weeks is None else (YES if weeks >= 12 else NO),
        "sessions_completed": profile.sessions_completed,
        "intensity": _VALUE[prefs.intensity] if prefs.intensity else UNKNOWN,
        "portable": tri(prefs.portable),
        **{name: YES if t in therapies else NO for t, name in _THERAPIES},
    }
    notes: dict[str, list[str]] = {}
    if matches:
        notes["blood_thinner_listed"] = [m.describe() for m in matches]
        notes["blood_thinners"] = notes["blood_thinner_listed"]
    if unreadable:
        notes["medication_unreadable"] = [reading.unreadable_note()]
    return list(f.items()), notes, matches


_MEDS = st.lists(st.one_of(_ENTRIES, st.sampled_from(["варфарин", "ワルファリン", "123", "a.s.a. 81"])),
                 max_size=3)


@_settings(400)
@given(profiles(), st.one_of(st.none(), _MEDS))
def test_derive_gives_the_be9836b_fact_in_the_same_key_order(profile: UserProfile,
                                                            meds: list[str] | None) -> None:
    """The rewritten derive() gives the same facts, in the same key order, the same notes and
    matches as before, for any profile (medication lists included) and a fresh dict each time."""
    from acumat.facts import derive

    if meds is not None:
        try:
            profile = UserProfile.model_validate({**profile.model_dump(), "medications": meds})
        except ValueError:  # an entry the profile refuses (e.g. blank): nothing to derive
            return
    items, notes, matches = _derive_be9836b(profile)
    got = derive(profile)
    assert list(got.fact.items()) == items
    assert got.notes == notes and list(got.medications) == matches
    got.fact["pregnant"] = "mutated"
    assert derive(profile).fact["pregnant"] == dict(items)["pregnant"]


# -- parse_history's date-order check (the oracle glue shares parse_history) -----------------

@_settings(300)
@given(st.lists(st.integers(0, 6), min_size=0, max_size=8), st.one_of(st.none(),
                                                                         st.integers(0, 7)))
def test_date_order_error_names_the_first_log_out_of_order(offsets: list[int],
                                                          on: int | None) -> None:
    """The first log whose day comes before the previous log's is named, with be9836b's
    wording; in order, an ``on`` before the last log is refused as before."""
    from pydantic import ValidationError

    from acumat.history import parse_history

    base = dt.date(2026, 5, 1)
    days = [base + dt.timedelta(days=k) for k in offsets]
    logs = [{"day": d.isoformat(), "minutes": 5} for d in days]
    when = None if on is None else base + dt.timedelta(days=on)
    bad = next((i for i in range(1, len(days)) if days[i] < days[i - 1]), None)
    if bad is not None:
        with pytest.raises(ValidationError) as exc:
            parse_history(logs, when)
        (err,) = exc.value.errors(include_url=False)
        assert err["loc"] == ("history", bad, "day")
        assert (f"logs must be in date order: {days[bad]} comes after {days[bad - 1]}"
                in err["msg"])
    elif when is not None and days and days[-1] > when:
        with pytest.raises(ValidationError):
            parse_history(logs, when)
    else:
        assert [log.day for log in parse_history(logs, when)] == days


# -- packs with bound and session rules, crowded histories -----------------------------------

@_settings(25)
@given(st.data())
def test_next_session_with_generated_packs_and_crowded_histories_equals_plain_glue(
        data: Any) -> None:
    """Generated packs adding plan-minute, plan-note and session rules (review1's strategy),
    with histories of several logs a day, cleared_on and ``on`` days: next_session() and
    recommend() equal the plain glue, memos cold and warm."""
    from test_fast_path_review import _people, _rule_set, packs

    pack = data.draw(packs(guidance=True, max_rules=4))
    rules = _rule_set(pack, default_rules(data.draw(st.sampled_from(["U4", "U5"]))))
    for _ in range(6):
        profile = data.draw(st.one_of(_people(rules), _near_safe_profiles()))
        logs, on, cleared = data.draw(crowded_histories())
        _same_advice(profile, logs, on, cleared, rules)
        assert recommend(profile, rules).model_dump_json() == (
            oracle_glue.recommend(profile, rules).model_dump_json())


# -- the facts of conditions and therapies, remembered per set of members -----------------

def test_remembered_condition_facts_follow_the_list_itself():
    """The conditions' and therapies' facts remembered per set of members never answer for
    a value that is not a list: an unvalidated profile (``model_construct``) with a string
    where the list belongs is read as it is, not as the list of its characters seen before
    (review: that turned consult into a mat)."""
    from acumat.profile import Pain, Skin

    safe: dict[str, Any] = {
        "pregnant": False, "blood_thinners": False, "medications": [], "extra": {},
        "skin": Skin(broken=False, infection=False, allergy=False, sensitive=False),
        "pain": Pain(region="lower", severity=3, weeks=2)}
    as_string = UserProfile.model_construct(**safe, conditions="severe_injury")
    alone = recommend(as_string).model_dump_json()
    recommend(UserProfile.model_construct(**safe, conditions=list("severe_injury")))
    after = recommend(as_string)
    assert after.model_dump_json() == alone
    assert after.verdict.value == "consult" and after.mat is None
    # Unhashable entries are read directly too (no TypeError from the memo's key): none of
    # them is a listed condition or therapy.
    from acumat.facts import derive

    odd = derive(UserProfile.model_construct(**safe, conditions=[["x"]], therapies=[{}])).fact
    assert odd["heart_disease"] == "no" and odd["therapy_massage"] == "no"
