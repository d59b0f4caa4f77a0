"""Package-level contracts: public names, immutability, the import guard, versions."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import acumat
from acumat import default_rules


def test_all_is_sorted_and_complete():
    """__all__ is sorted, and every name in it exists; nothing private is exported."""
    assert acumat.__all__ == sorted(acumat.__all__)
    for name in acumat.__all__:
        assert hasattr(acumat, name), name
    assert not [n for n in acumat.__all__ if n.startswith("_") and n != "__version__"]


def test_public_names_have_docstrings():
    """Every exported class and function documents itself."""
    missing = [n for n in acumat.__all__
               if callable(getattr(acumat, n)) and not (getattr(acumat, n).__doc__ or "").strip()]
    assert missing == []


def test_default_rules_cannot_be_edited():
    """The built-in rule set refuses attribute changes; its rules are frozen models."""
    rules = default_rules()
    with pytest.raises(AttributeError):
        rules.rules = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del rules.name
    with pytest.raises(Exception, match="frozen"):
        rules.rules[0].id = "changed"  # type: ignore[misc]
    assert default_rules() is rules


def test_unknown_duration_is_rejected():
    """default_rules() accepts only the source's two duration readings."""
    with pytest.raises(ValueError, match="U4"):
        default_rules("U6")  # type: ignore[arg-type]


def test_import_without_engine_says_why_in_one_sentence():
    """If durable-rules' C module cannot be imported even with lazy binding, importing what
    uses the engine (``from acumat import recommend``) raises ImportError with one sentence
    naming the tested versions and how to reinstall."""
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "durable_rules_engine":
                    raise ImportError("undefined symbol: PyEval_CallObject")
        sys.meta_path.insert(0, Block())
        try:
            from acumat import recommend
        except ImportError as exc:
            print("MSG:" + str(exc))
            print("CAUSE:" + repr(exc.__cause__) + repr(exc.__suppress_context__))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    msg = out.split("MSG:")[1].splitlines()[0]
    assert "3.11 to 3.13" in msg and "durable-rules" in msg and "pip install" in msg
    assert "CAUSE:NoneTrue" in out


def test_import_restores_dlopen_flags():
    """The engine is imported with lazy symbol binding only for itself: the flags are restored."""
    code = ("import sys; before = sys.getdlopenflags(); import acumat; "
            "acumat.recommend({'pregnant': True}); print(sys.getdlopenflags() == before)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == "True"


def test_import_starts_no_threads():
    """Importing acumat and evaluating a profile starts no background thread."""
    code = ("import threading; n = threading.active_count(); import acumat; "
            "acumat.recommend({}); print(threading.active_count() - n)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == "0"
