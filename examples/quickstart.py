"""Screen one person and print the advice: the smallest useful acumat program.

Run: python examples/quickstart.py
"""

from acumat import UserProfile, recommend

# A realistic person: mild lower back pain for three weeks, every safety question answered.
sample = UserProfile(
    pregnant=False,
    blood_thinners=False,
    medications=["paracetamol 500 mg"],
    conditions=[],
    skin={"broken": False, "infection": False, "allergy": False, "sensitive": False},
    pain={"region": "lower", "severity": 3, "weeks": 3},
    sessions_completed=0,
    preferences={"intensity": "gentle", "portable": False},
    therapies=["stretching"],
)

print(recommend(sample).explain())
