"""Hypothesis strategies and ready-made property checks for acumat rule sets.

acumat's own tests use these; use them to property-test your own packs::

    from hypothesis import given
    from acumat.testing import profiles, assert_monotone

    def test_my_pack_is_monotone():
        assert_monotone(my_rules)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from acumat.history import SessionLog, Symptom
from acumat.profile import (
    Condition,
    Intensity,
    Pain,
    Preferences,
    Region,
    Skin,
    Therapy,
    UserProfile,
)

_UNSET: Any = object()
_MEDS = ("warfarin", "Eliquis 5 mg", "Xarelto 20mg tablet", "clopidogrel", "ibuprofen 200mg",
         "paracetamol", "metformin", "vitamin D", "baby aspirin", "lisinopril")


def _opt_bool() -> st.SearchStrategy[bool | None]:
    return st.sampled_from([None, False, True])


def skins(*, safe: bool = False) -> st.SearchStrategy[Skin | None]:
    """Skin answers; ``safe=True`` draws only all-"no" answers."""
    if safe:
        return st.just(Skin(broken=False, infection=False, allergy=False, sensitive=False))
    return st.none() | st.builds(Skin, broken=_opt_bool(), infection=_opt_bool(),
                                 allergy=_opt_bool(), sensitive=_opt_bool())


def pains(*, safe: bool = False) -> st.SearchStrategy[Pain | None]:
    """Pain answers; ``safe=True`` draws a known, mild-to-moderate severity."""
    severity = st.integers(0, 6) if safe else st.none() | st.integers(0, 10)
    p = st.builds(Pain, region=st.none() | st.sampled_from(list(Region)), severity=severity,
                  weeks=st.none() | st.integers(0, 60))
    return p if safe else st.none() | p


def profiles(
    *,
    safe: bool = False,
    pregnant: bool | None = _UNSET,
    blood_thinners: bool | None = _UNSET,
    conditions: list[Condition] | None = _UNSET,
    skin: Skin | None = _UNSET,
    pain: Pain | None = _UNSET,
    medications: list[str] | None = _UNSET,
    sessions_completed: int = _UNSET,
) -> st.SearchStrategy[UserProfile]:
    """Draw :class:`UserProfile` instances.

    Every keyword fixes that answer (``profiles(pregnant=False)``); ``safe=True``
    draws only profiles with every safety question answered "no" and mild to
    moderate pain, i.e. profiles the default rules call ``suitable``.
    """
    def pick(value: Any, default: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return default if value is _UNSET else st.just(value)

    answer = st.just(False) if safe else _opt_bool()
    meds = (st.none() | st.lists(st.sampled_from(_MEDS[4:5] + _MEDS[6:8]), max_size=2) if safe
            else st.none() | st.lists(st.sampled_from(_MEDS), max_size=3))
    conds = (st.just([]) if safe else
             st.none() | st.lists(st.sampled_from(list(Condition)), max_size=3, unique=True))
    return st.builds(
        UserProfile,
        pregnant=pick(pregnant, answer),
        blood_thinners=pick(blood_thinners, answer),
        medications=pick(medications, meds),
        conditions=pick(conditions, conds),
        skin=pick(skin, skins(safe=safe)),
        pain=pick(pain, pains(safe=safe)),
        sessions_completed=pick(sessions_completed, st.integers(0, 60)),
        preferences=st.builds(Preferences, intensity=st.none() | st.sampled_from(list(Intensity)),
                              portable=_opt_bool()),
        therapies=st.lists(st.sampled_from(list(Therapy)), max_size=4, unique=True),
    )


def session_logs(*, day: dt.date | None = None, comfortable: bool | None = None
                 ) -> st.SearchStrategy[SessionLog]:
    """Draw one :class:`SessionLog`; ``comfortable=True`` draws discomfort 0–3, no symptom."""
    days = st.just(day) if day else st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    if comfortable:
        return st.builds(SessionLog, day=days, minutes=st.integers(1, 40),
                         discomfort=st.integers(0, 3), symptoms=st.just([]))
    return st.builds(SessionLog, day=days, minutes=st.integers(1, 120),
                     discomfort=st.integers(0, 10),
                     symptoms=st.lists(st.sampled_from(list(Symptom)), max_size=2, unique=True))


@st.composite
def histories(draw: st.DrawFn, *, max_size: int = 30, max_gap: int = 14) -> list[SessionLog]:
    """Draw a date-ordered list of session logs (possibly empty)."""
    n = draw(st.integers(0, max_size))
    day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
    logs = []
    for _ in range(n):
        log = draw(session_logs(day=day))
        logs.append(log)
        day = day + dt.timedelta(days=draw(st.integers(0, max_gap)))
    return logs
