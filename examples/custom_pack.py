"""Add a vendor's rule pack to acumat's defaults, verify it, and use it."""

from pathlib import Path

from acumat import default_rules, load_rules, recommend, verify
from acumat.testing import assert_monotone, assert_unknown_not_safe

HERE = Path(__file__).parent

pack = load_rules(HERE / "custom_pack.yaml")
rules = default_rules().with_pack(pack)

report = verify(rules)
print(report.text())

answers = {
    "pregnant": False, "blood_thinners": False, "conditions": [],
    "skin": {"broken": False, "infection": False, "allergy": False, "sensitive": False},
    "pain": {"region": "lower", "severity": 3, "weeks": 2},
    "extra": {"epilepsy": True, "pacemaker": False},
}
rec = recommend(answers, rules=rules)
print(f"With epilepsy: {rec.verdict.value}")
for f in rec.findings:
    if f.level is not None:
        print(f"  {f.rule_id}: {f.summary}")

answers["extra"] = {"epilepsy": False, "pacemaker": False}
print(f"Without: {recommend(answers, rules=rules).verdict.value}")

# Property-test the combined rule set with acumat's own strategies.
assert_monotone(rules, max_examples=50)
assert_unknown_not_safe(rules, max_examples=50)
print("property checks passed")
