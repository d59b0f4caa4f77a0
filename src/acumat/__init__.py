"""acumat: source-cited rules on acupressure mats for back pain, evaluated with durable-rules.

>>> from acumat import recommend
>>> rec = recommend({"pregnant": True})
>>> rec.verdict
<Verdict.CONSULT: 'consult'>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from acumat._version import __version__

# Bound now, so that the package attribute stays this function once the submodule
# acumat.verify has been imported (the import system binds a submodule to its parent's
# attribute only when it first loads it). acumat.verify itself is small.
from acumat.verify import verify

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ imports these on first use
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
    from acumat.verifier import VerifyFinding, VerifyReport

#: Where each public name not imported above lives. ``import acumat`` loads none of these
#: modules: the first use of a name imports its module (PEP 562), then the name is an
#: ordinary attribute. ``from acumat import X`` works the same way.
_LAZY: dict[str, str] = {
    "ALWAYS": "acumat.rules.model",
    "AcumatError": "acumat.errors",
    "AllOf": "acumat.rules.model",
    "AnyOf": "acumat.rules.model",
    "BatchError": "acumat.batch",
    "Case": "acumat.cases",
    "CaseSuite": "acumat.cases",
    "Condition": "acumat.profile",
    "DiffReport": "acumat.impact",
    "EngineError": "acumat.errors",
    "ExtraQuestion": "acumat.packs",
    "Finding": "acumat.advice",
    "Intensity": "acumat.profile",
    "MatSpec": "acumat.advice",
    "Outcome": "acumat.rules.model",
    "Pack": "acumat.packs",
    "Pain": "acumat.profile",
    "Preferences": "acumat.profile",
    "Question": "acumat.questions",
    "Recommendation": "acumat.advice",
    "Region": "acumat.profile",
    "Rule": "acumat.rules.model",
    "RuleError": "acumat.errors",
    "RuleFileError": "acumat.packs",
    "RuleSet": "acumat.rules.ruleset",
    "SessionAdvice": "acumat.advice",
    "SessionLog": "acumat.history",
    "SessionPlan": "acumat.advice",
    "Skin": "acumat.profile",
    "SuiteResult": "acumat.cases",
    "Symptom": "acumat.history",
    "Test": "acumat.rules.model",
    "Therapy": "acumat.profile",
    "Unanswered": "acumat.advice",
    "UserProfile": "acumat.profile",
    "Verdict": "acumat.advice",
    "VerifyFinding": "acumat.verifier",
    "VerifyReport": "acumat.verifier",
    "WeekPlan": "acumat.advice",
    "all_of": "acumat.rules.model",
    "any_of": "acumat.rules.model",
    "default_rules": "acumat.rules",
    "diff": "acumat.impact",
    "fact": "acumat.rules.model",
    "iter_recommend_many": "acumat.batch",
    "load_cases": "acumat.cases",
    "load_rules": "acumat.packs",
    "next_session": "acumat.progress",
    "questionnaire": "acumat.questions",
    "recommend": "acumat.evaluate",
    "recommend_many": "acumat.batch",
    "rules_table": "acumat.rules_doc",
    "run_cases": "acumat.cases",
}

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


if not TYPE_CHECKING:  # hidden from type checkers, so that a misspelt name stays an error there
    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
            globals()[name] = value
            return value
        # A submodule (``acumat.profile``), as before, when importing acumat imported them all.
        if not name.startswith("_"):
            # An alias: a bare `import importlib.util` would make `importlib` local here.
            import importlib.util as imp_util

            if imp_util.find_spec(f"{__name__}.{name}") is not None:
                return importlib.import_module(f"{__name__}.{name}")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
