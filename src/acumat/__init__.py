"""acumat: source-cited rules on acupressure mats for back pain, evaluated with durable-rules.

>>> from acumat import recommend
>>> rec = recommend({"pregnant": True})
>>> rec.verdict
<Verdict.CONSULT: 'consult'>
"""

from __future__ import annotations

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
from acumat.batch import BatchError, iter_recommend_many, recommend_many
from acumat.cases import Case, CaseSuite, SuiteResult, load_cases, run_cases
from acumat.errors import AcumatError, EngineError, RuleError
from acumat.evaluate import recommend
from acumat.history import SessionLog, Symptom
from acumat.impact import DiffReport, diff
from acumat.packs import ExtraQuestion, Pack, RuleFileError, load_rules
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
from acumat.questions import Question, questionnaire
from acumat.rules import default_rules
from acumat.rules.model import ALWAYS, AllOf, AnyOf, Outcome, Rule, Test, all_of, any_of, fact
from acumat.rules.ruleset import RuleSet
from acumat.rules_doc import rules_table
from acumat.verify import VerifyFinding, VerifyReport, verify

__all__ = [
    "ALWAYS",
    "AcumatError",
    "AllOf",
    "AnyOf",
    "BatchError",
    "Case",
    "CaseSuite",
    "Condition",
    "DiffReport",
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
    "SuiteResult",
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
    "diff",
    "fact",
    "iter_recommend_many",
    "load_cases",
    "load_rules",
    "next_session",
    "questionnaire",
    "recommend",
    "recommend_many",
    "rules_table",
    "run_cases",
    "verify",
]
