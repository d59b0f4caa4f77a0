"""Synthetic rule packs of any size, deterministic by seed (for the pack-loading benchmark)."""

from __future__ import annotations

import random
from typing import Any

_TRI_FACTS = ("pregnant", "blood_thinners", "heart_disease", "chronic_pain", "portable")
_INT_FACTS = (("pain_severity", 0, 10), ("pain_weeks", 0, 200), ("sessions_completed", 0, 500))
_LEVELS = ("caution", "consult", "avoid")


def pack_data(n_rules: int, *, seed: int = 1, questions: int = 20) -> dict[str, Any]:
    """A pack mapping with ``n_rules`` safety rules over built-in and extra yes/no facts."""
    rng = random.Random(seed)
    qs = [{"name": f"q{i}", "kind": "yes_no", "question": f"Question number {i}?",
           "safety": i % 2 == 0} for i in range(questions)]
    rules = []
    for i in range(n_rules):
        name, low, high = _INT_FACTS[rng.randrange(len(_INT_FACTS))]
        parts: list[dict[str, Any]] = [
            {"fact": name, "op": rng.choice(("ge", "le", "gt", "lt")), "value": rng.randint(low, high)},
            {"fact": rng.choice(_TRI_FACTS), "op": "eq", "value": rng.choice(("yes", "unknown"))},
        ]
        if questions and rng.random() < 0.5:
            parts.append({"fact": f"extra_q{rng.randrange(questions)}", "op": "eq", "value": "yes"})
        rules.append({
            "id": f"bench.rule_{i}", "topic": "safety",
            "when": {"all": parts} if rng.random() < 0.7 else {"any": parts},
            "then": {"level": rng.choice(_LEVELS), "summary": f"Synthetic finding {i}.",
                     "detail": "Generated for the pack-loading benchmark."},
            "sources": ["C12"], "basis": "interpreted", "note": "Synthetic.",
        })
    return {"name": "bench", "questions": qs, "rules": rules}
