"""README's Install section as a user without a compiler follows it: build a wheelhouse once,
install from it with no index and no compiler, and get a working acumat with its metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import acumat
from readme_blocks import copy_repo, sh_blocks

BUILD, INSTALL = (b for b in sh_blocks() if b.marker == "install" and b.section == "Install")


def run_block(code: str, cwd: Path, env: dict[str, str], timeout: int = 600) -> None:
    """Run one README block with bash -e; fail with its output unless it exits 0."""
    proc = subprocess.run(["/bin/bash", "-e", "-c", code], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, (
        f"{code}\n--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A repository copy where README's two Install blocks ran: the build as usual, the install
    with PATH holding nothing but python3 (no compiler), no pip configuration and no index."""
    repo = copy_repo(tmp_path_factory.mktemp("install") / "acumat")
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    run_block(BUILD.code, repo, env)
    bare = tmp_path_factory.mktemp("bare-bin")
    (bare / "python3").symlink_to(sys.executable)
    no_compiler = {"HOME": os.environ.get("HOME", str(repo)), "PATH": str(bare), "LANG": "C.UTF-8",
                   "PIP_CONFIG_FILE": os.devnull, "PIP_NO_COMPILE": "1",
                   "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    assert all(shutil.which(cc, path=no_compiler["PATH"]) is None for cc in ("cc", "gcc", "clang"))
    run_block(INSTALL.code, repo, no_compiler)
    return repo


def test_readme_install_blocks_are_the_wheelhouse_commands():
    """README's Install blocks build with `pip wheel` and install with --no-index --find-links."""
    assert "pip wheel --wheel-dir wheelhouse" in BUILD.code
    assert "--no-index --find-links wheelhouse" in INSTALL.code


def test_wheelhouse_holds_only_wheels(installed):
    """The wheelhouse holds wheels only (nothing left to compile), acumat's among them."""
    names = sorted(p.name for p in (installed / "wheelhouse").iterdir())
    assert names and all(n.endswith(".whl") for n in names)
    assert any(n.startswith(f"acumat-{acumat.__version__}-") for n in names)
    assert any(n.startswith("durable_rules-") for n in names)


def test_install_without_compiler_gives_a_working_cli(installed):
    """The venv installed without a compiler screens README's example profile with `acumat`."""
    proc = subprocess.run([str(installed / ".venv" / "bin" / "acumat"), "recommend", "examples/profile.json"],
                          cwd=installed, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Verdict: SUITABLE.")


def test_without_cli_extra_the_command_says_which_extra(installed):
    """With typer removed from that venv, `acumat` exits 1 with one line naming the cli extra."""
    venv = installed / ".venv" / "bin"
    subprocess.run([str(venv / "python"), "-m", "pip", "uninstall", "-q", "-y", "typer"],
                   capture_output=True, timeout=120, check=True,
                   env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
    proc = subprocess.run([str(venv / "acumat"), "recommend", "examples/profile.json"], cwd=installed,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "pip install 'acumat[cli]'" in proc.stderr
    library = subprocess.run([str(venv / "python"), "-c",
                              "import acumat; print(acumat.recommend({'pregnant': True}).verdict.value)"],
                             capture_output=True, text=True, timeout=120, check=True)
    assert library.stdout.strip() == "consult"


def test_wheel_metadata_has_license_urls_and_classifiers(installed):
    """The wheel carries the MIT LICENSE file, project URLs, a development status and 3.11–3.13."""
    wheel = next((installed / "wheelhouse").glob(f"acumat-{acumat.__version__}-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        info = f"acumat-{acumat.__version__}.dist-info"
        license_text = z.read(f"{info}/licenses/LICENSE").decode()
        meta = Parser().parsestr(z.read(f"{info}/METADATA").decode())
    assert license_text.startswith("MIT License")
    assert license_text == (Path(__file__).parent.parent / "LICENSE").read_text()
    assert meta["License-Expression"] == "MIT"
    assert {u.split(",")[0] for u in meta.get_all("Project-URL")} >= {"Homepage", "Source", "Changelog"}
    classifiers = meta.get_all("Classifier")
    assert any(c.startswith("Development Status ::") for c in classifiers)
    for v in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {v}" in classifiers
    assert meta["Requires-Python"] == ">=3.11"
    extras = meta.get_all("Provides-Extra")
    assert {"cli", "testing", "test"} <= set(extras)
    testing = [r for r in meta.get_all("Requires-Dist") if "extra == 'testing'" in r]
    assert [r.split(";")[0].split(">=")[0] for r in testing] == ["hypothesis"]
