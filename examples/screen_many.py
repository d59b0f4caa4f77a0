"""Screen every profile in profiles.json and print one line per person.

Each line: the profile's index, its verdict, and why: the first unanswered
question when that is what holds the verdict at caution, else the rule id (and
source statements) of the top, most severe finding.

Run: python examples/screen_many.py [path/to/profiles.json]
"""

import json
import sys
from pathlib import Path

from acumat import Recommendation, Verdict, recommend

PROFILES = Path(__file__).with_name("profiles.json")


def reason(rec: Recommendation) -> str:
    """Why: the first unanswered question, unless a stated risk already rules the mat out."""
    top = max(rec.findings, key=lambda f: f.level.rank if f.level else -1)
    if rec.unanswered and rec.verdict <= Verdict.CAUTION:
        return f"unanswered {rec.unanswered[0].field}"
    return f"{top.rule_id} ({', '.join(top.sources)})"


def main(path: Path = PROFILES) -> None:
    people = json.loads(path.read_text(encoding="utf-8"))
    for i, person in enumerate(people):
        rec = recommend(person)
        print(f"{i}\t{rec.verdict.value.upper()}\t{reason(rec)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROFILES)
