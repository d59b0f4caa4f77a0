"""Cold start: what importing acumat (and one call) loads, and the lazily imported public names.

Each import check runs in a fresh interpreter, so that nothing imported by the test
session (or by another test) hides what acumat itself imports. No timing here: the
figures are in ``benchmarks/bench_speed.py --only cold``.
"""

from __future__ import annotations

import importlib
import json
import pickle
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

import acumat
from acumat.cli import app, app_for

#: Loaded only by the calls that use them (packs, workers, commands, maintainers' tools).
OPTIONAL = ("yaml", "tomllib", "multiprocessing", "concurrent.futures", "rapidfuzz", "typer", "rich",
            "acumat.batch", "acumat.cases", "acumat.impact", "acumat.rules_doc", "acumat.verifier",
            "acumat.example_profiles", "acumat.questions", "acumat.packs", "acumat.schemas",
            "acumat.testing", "acumat.fhir", "acumat.service", "hypothesis")


def _loaded(code: str, *names: str) -> list[str]:
    """Which of ``names`` are in sys.modules after ``code`` ran in a fresh interpreter."""
    probe = code + f"\nimport sys, json; print(json.dumps([n for n in {list(names)!r} if n in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_import_acumat_loads_none_of_the_optional_modules():
    """`import acumat` imports no pack parser, worker pool, CLI library, fuzzy matcher or
    maintainers' module (and not pydantic: every public name loads on first use)."""
    assert _loaded("import acumat", *OPTIONAL, "pydantic", "acumat.evaluate", "acumat.engine") == []


def test_import_acumat_loads_only_the_package_its_version_and_verify():
    """Of acumat's own modules, `import acumat` loads the package, its version and the small
    acumat.verify (which binds acumat.verify to the function)."""
    code = "import acumat, sys; print(json.dumps(sorted(m for m in sys.modules if m.startswith('acumat'))))"
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert json.loads(out) == ["acumat", "acumat._version", "acumat.verify"]


def test_recommend_with_an_exactly_spelt_medication_loads_no_optional_module():
    """Importing the core names and screening a profile whose medication is spelt as in the
    catalogue loads no pack parser, worker pool, CLI library, fuzzy matcher or maintainers' module."""
    code = textwrap.dedent("""
        from acumat import UserProfile, Verdict, next_session, recommend
        rec = recommend({"pregnant": False, "medications": ["Eliquis 5 mg"]})
        assert rec.verdict is Verdict.AVOID, rec.verdict
        rec.model_dump_json(); rec.explain()
    """)
    assert _loaded(code, *OPTIONAL) == []


def test_a_misspelt_medication_is_still_matched_fuzzily():
    """A misspelt blood thinner ("warfarrin") is still read as warfarin by the fuzzy search
    (source C8: avoid), with rapidfuzz loaded for that branch."""
    code = textwrap.dedent("""
        from acumat import Verdict, recommend
        from acumat.medications import read_medications
        rec = recommend({"medications": ["warfarrin 5 mg"]})
        assert rec.verdict is Verdict.AVOID, rec.verdict
        assert any("C8" in f.sources for f in rec.findings), rec.findings
        (hit,) = read_medications(["warfarrin 5 mg"]).matches
        assert hit.fuzzy and hit.drug.generic == "warfarin", hit
    """)
    assert _loaded(code, "rapidfuzz") == ["rapidfuzz"]


def test_a_one_profile_cli_call_loads_no_batch_verify_or_maintainer_module(tmp_path):
    """`acumat recommend FILE` (the console script's entry point) loads neither the batch
    machinery and its worker pools, nor verify, the case runner, impact, rules tables, yaml or rich."""
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"pregnant": False, "medications": ["Eliquis 5 mg"]}), encoding="utf-8")
    code = textwrap.dedent(f"""
        import atexit, json, sys
        names = ["yaml", "tomllib", "multiprocessing", "concurrent.futures", "rich", "acumat.batch",
                 "acumat.batch_output", "acumat.cases", "acumat.impact", "acumat.rules_doc",
                 "acumat.verifier", "acumat.example_profiles", "acumat.questions", "acumat.packs",
                 "acumat.schemas", "acumat.service"]
        atexit.register(lambda: print("LOADED:" + json.dumps([n for n in names if n in sys.modules])))
        sys.argv = ["acumat", "recommend", {str(profile)!r}]
        from acumat.cli_entry import main
        main()
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Verdict: AVOID." in proc.stdout
    assert json.loads(proc.stdout.split("LOADED:")[1]) == []


def test_every_module_can_be_imported_first():
    """Each of acumat's modules imports in a fresh interpreter as the first acumat import
    (deferred imports change the import order; none of them may close an import cycle). A
    module whose optional extra is not installed is left out."""
    from pathlib import Path

    root = Path(acumat.__file__).parent
    names = sorted(".".join(("acumat", *p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
                   for p in root.rglob("*.py") if p.name != "__main__.py")
    failed = []
    for name in names:
        proc = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True,
                              timeout=120, check=False)
        last = proc.stderr.strip().splitlines()[-1] if proc.returncode else ""
        if last and not (last.startswith("ModuleNotFoundError: No module named '")
                         and not last.split("'")[1].startswith("acumat")):
            failed.append((name, last))
    assert len(names) > 50 and failed == []


def test_rules_package_still_offers_ruleset():
    """`from acumat.rules import RuleSet` works (imported on use) and is the RuleSet class."""
    from acumat.rules import RuleSet

    assert RuleSet is acumat.RuleSet


def test_every_public_name_resolves_to_the_object_in_its_module():
    """Each name in __all__ is the very object its defining module holds (lazily imported)."""
    for name in acumat.__all__:
        value = getattr(acumat, name)
        if name == "__version__":
            assert value == importlib.import_module("acumat._version").__version__
            continue
        home = getattr(value, "__module__", None)
        if isinstance(home, str) and home.startswith("acumat"):
            assert getattr(importlib.import_module(home), name) is value, name
    assert acumat.load_rules.__module__ == "acumat.packs"
    assert acumat.recommend.__module__ == "acumat.evaluate"
    assert acumat.UserProfile.__module__ == "acumat.profile"
    assert acumat.VerifyReport.__module__ == "acumat.verifier"
    batch = importlib.import_module("acumat.batch")
    assert acumat.recommend_many is batch.recommend_many
    assert acumat.BatchError is batch.BatchError


def test_type_checking_imports_and_lazy_table_name_the_same_objects():
    """What type checkers see (the TYPE_CHECKING imports of acumat/__init__.py) is what the
    lazy table imports at run time: the same names from the same modules, all of __all__."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(acumat.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    seen = {alias.name: node.module for node in block.body if isinstance(node, ast.ImportFrom)
            for alias in node.names}
    assert seen == acumat._LAZY
    assert set(seen) | {"__version__", "verify"} == set(acumat.__all__)


def test_dir_lists_every_public_name_before_any_is_used():
    """dir(acumat) in a fresh interpreter lists all of __all__ before any name was touched."""
    code = "import acumat, json; print(json.dumps([n for n in acumat.__all__ if n not in dir(acumat)]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert json.loads(out) == []


def test_star_import_gives_every_public_name():
    """`from acumat import *` binds every name in __all__ (each one imported on demand)."""
    space: dict[str, object] = {}
    exec("from acumat import *", space)
    assert sorted(n for n in space if n != "__builtins__") == sorted(acumat.__all__)


def test_submodules_are_reachable_as_attributes_after_import_acumat():
    """`import acumat` then `acumat.profile.UserProfile` works (the submodule loads on first
    use), as when importing acumat loaded every module."""
    code = textwrap.dedent("""
        import acumat
        assert acumat.profile.UserProfile is acumat.UserProfile
        assert acumat.engine.__name__ == "acumat.engine"
        assert callable(acumat.verify)
        print("OK")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.stdout.strip() == "OK", out.stderr


LAZY_USER_SCRIPT = textwrap.dedent("""\
    import acumat
    from acumat import Recommendation, UserProfile, VerifyReport, verify

    rec: Recommendation = acumat.recommend(UserProfile.model_validate({"pregnant": True}))
    report: VerifyReport = verify()
    n: int = acumat.recommend({})
    acumat.recomend({})
""")


def test_type_checkers_see_the_lazily_imported_names(tmp_path):
    """mypy --strict on a user's script types acumat.recommend and the imported names as
    before (a wrong result type and a misspelt name are errors, the right uses are not)."""
    script = tmp_path / "user.py"
    script.write_text(LAZY_USER_SCRIPT)
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                           "--cache-dir", str(tmp_path / "cache"), str(script)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    errors = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 2, proc.stdout + proc.stderr
    assert "user.py:6: error:" in errors[0] and '"Recommendation"' in errors[0]
    assert "user.py:7: error:" in errors[1] and "recomend" in errors[1]


def test_an_unknown_name_is_an_attribute_error():
    """A name acumat does not have raises AttributeError naming it (hasattr is False)."""
    with pytest.raises(AttributeError, match="recomend"):
        acumat.recomend  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(acumat, "recomend")


@pytest.mark.parametrize("first", [
    "import acumat.verify",
    "from acumat.verify import VerifyReport",
    "import acumat.cli",
    "from acumat import verify",
    "import acumat; acumat.VerifyReport",
])
def test_acumat_verify_stays_the_function_after_the_submodule_is_imported(first):
    """acumat.verify is the verify() function whichever import comes first, also once the
    submodule of the same name (and the checker behind it) has been imported."""
    code = textwrap.dedent(f"""
        {first}
        import acumat, acumat.verify, acumat.verifier, sys, types
        assert callable(acumat.verify) and not isinstance(acumat.verify, types.ModuleType), acumat.verify
        assert acumat.verify is sys.modules["acumat.verify"].verify
        report = acumat.verify()
        assert report.ok and type(report) is acumat.VerifyReport, report
        print("OK")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.stdout.strip() == "OK", out.stderr


def test_verify_submodule_still_offers_its_report_models():
    """`from acumat.verify import VerifyReport, VerifyFinding` gives the package's classes."""
    from acumat.verify import VerifyFinding, VerifyReport

    assert VerifyReport is acumat.VerifyReport and VerifyFinding is acumat.VerifyFinding
    assert {"VerifyFinding", "VerifyReport", "verify"} <= set(dir(sys.modules["acumat.verify"]))


def test_results_and_functions_pickle_across_processes():
    """A Recommendation pickles (pickle and cloudpickle) and loads in a fresh interpreter that
    has only imported acumat; the lazily imported functions pickle by reference."""
    cloudpickle = pytest.importorskip("cloudpickle")
    rec = acumat.recommend({"pregnant": True})
    blobs = [pickle.dumps(rec), cloudpickle.dumps(rec), cloudpickle.dumps(acumat.recommend)]
    code = textwrap.dedent("""
        import pickle, sys
        import acumat
        rec, again, fn = (pickle.loads(bytes.fromhex(h)) for h in sys.stdin.read().split())
        assert rec == again and fn is acumat.recommend
        assert fn({"pregnant": True}) == rec
        print(rec.verdict.value)
    """)
    out = subprocess.run([sys.executable, "-c", code], input=" ".join(b.hex() for b in blobs),
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.stdout.strip() == "consult", out.stderr


@pytest.mark.parametrize("args", [
    ["recommend", "--help"], ["recommend"], ["recommend", "examples/profile.json", "--json"],
    ["recommend", "no-such-file.json"], ["recommend", "examples/profile.json", "--jsn"],
    ["next", "--help"], ["schema", "profile"], ["rules", "--format", "csv"], ["verify"],
])
def test_a_command_built_alone_behaves_as_in_the_whole_app(args):
    """The CLI builds only the named command; its output and exit code are those of the whole app."""
    runner = CliRunner()
    alone = app_for(args)
    assert alone is not app and len(alone.registered_commands) == 1
    whole, one = runner.invoke(app, args), runner.invoke(alone, args)
    assert (one.exit_code, one.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["recomend", "x"], ["-x"]])
def test_options_help_and_unknown_commands_get_the_whole_app(args):
    """Without a known command name first, the CLI runs the whole app (help, suggestions)."""
    assert app_for(args) is app
