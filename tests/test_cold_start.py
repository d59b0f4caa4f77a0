"""Importing acumat loads only what recommend() needs; the rest is loaded on first use."""

from __future__ import annotations

import subprocess
import sys


def test_import_loads_no_pack_parsers_or_process_pools():
    """import acumat imports neither PyYAML, tomllib, multiprocessing nor concurrent.futures."""
    code = ("import sys, acumat; print(sorted(m for m in ('yaml', 'tomllib', 'multiprocessing', "
            "'concurrent.futures', 'acumat.batch', 'acumat.questions') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == "[]"


def test_lazy_names_load_on_first_use():
    """The lazily imported public names resolve to the real objects, and verify stays a function."""
    code = ("import acumat, acumat.verify, acumat.batch; "
            "print(acumat.load_rules.__module__, acumat.recommend_many is acumat.batch.recommend_many, "
            "callable(acumat.verify), acumat.questionnaire.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.split() == ["acumat.packs", "True", "True", "acumat.questions"]
