"""acumat: source-cited rules on acupressure mats for back pain, evaluated with durable-rules.

>>> from acumat import recommend
>>> rec = recommend({"pregnant": True})
>>> rec.verdict
<Verdict.CONSULT: 'consult'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from acumat._version import __version__
from acumat.advice import (
    Finding,
    MatSpec,
    Recommendation,
    SessionAdvice,
    SessionPlan,
    Unanswered,
    Verdict,
    WeekPlan,
)
from acumat.errors import AcumatError, EngineError, RuleError
from acumat.evaluate import recommend
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
from acumat.progress import next_session
from acumat.rules import default_rules
from acumat.rules.model import ALWAYS, AllOf, AnyOf, Outcome, Rule, Test, all_of, any_of, fact
from acumat.rules.ruleset import RuleSet

# Imported now, although only verify() needs it: the submodule acumat.verify would otherwise
# take the place of the function acumat.verify once something imports it.
from acumat.verify import VerifyFinding, VerifyReport, verify

if TYPE_CHECKING:
    from acumat.batch import BatchError, iter_recommend_many, recommend_many
    from acumat.packs import ExtraQuestion, Pack, RuleFileError, load_rules
    from acumat.questions import Question, questionnaire

#: Public names whose modules are imported on first use (a recommend() needs none of them).
_LAZY = {
    "BatchError": "acumat.batch", "iter_recommend_many": "acumat.batch",
    "recommend_many": "acumat.batch",
    "ExtraQuestion": "acumat.packs", "Pack": "acumat.packs", "RuleFileError": "acumat.packs",
    "load_rules": "acumat.packs",
    "Question": "acumat.questions", "questionnaire": "acumat.questions",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'acumat' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ALWAYS",
    "AcumatError",
    "AllOf",
    "AnyOf",
    "BatchError",
    "Condition",
    "EngineError",
    "ExtraQuestion",
    "Finding",
    "Intensity",
    "MatSpec",
    "Outcome",
    "Pack",
    "Pain",
    "Preferences",
    "Question",
    "Recommendation",
    "Region",
    "Rule",
    "RuleError",
    "RuleFileError",
    "RuleSet",
    "SessionAdvice",
    "SessionLog",
    "SessionPlan",
    "Skin",
    "Symptom",
    "Test",
    "Therapy",
    "Unanswered",
    "UserProfile",
    "Verdict",
    "VerifyFinding",
    "VerifyReport",
    "WeekPlan",
    "__version__",
    "all_of",
    "any_of",
    "default_rules",
    "fact",
    "iter_recommend_many",
    "load_rules",
    "next_session",
    "questionnaire",
    "recommend",
    "recommend_many",
    "verify",
]
