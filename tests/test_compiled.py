"""The compiled modules give the findings their .py files give.

An install built where a C compiler is (see setup.py) imports the judging
path's modules compiled; their .py files are the same code, and run where
none was built.  Both audit the samples here, each through ``python -m audit``
in a process of its own: the installed package, asked from outside the
repository, and the sources, the repository first on the path; so do every
rule's cases (tests/cases), which the other tests run on the sources alone.  Skipped
where the installed package is not compiled: an editable install (the
sources themselves), or one built without a compiler.
"""

from __future__ import annotations

import importlib.machinery
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).parents[1]
COMPILED = ("audit.align", "audit.context", "audit.gloss", "audit.pinyin", "audit.resolver", "audit.span_edges",
            "audit.verdicts", "audit.words")
_WHERE = "import importlib.util as u, sys; print(*(u.find_spec(name).origin for name in sys.argv[1:]))"
# Every rule's cases (tests/cases), audited as tests/test_rules.py audits them, each finding printed whole.
_CASES = """
import pathlib, sys
from audit.config import AuditConfig
from audit.engine import audit_text
from audit.toml import tomllib
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
    for outcome, cases in sorted(tomllib.loads(path.read_text(encoding="utf-8")).items()):
        for case in cases:
            config = AuditConfig(profile=case.get("profile", "auto"), lexicon=frozenset(case.get("lexicon", ())))
            print(path.name, outcome, repr(audit_text(case["text"], config=config).findings))
"""


def _environment(sources: bool) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    return {**environment, "PYTHONPATH": str(REPO)} if sources else environment


def _origins(directory: pathlib.Path, sources: bool) -> list[str]:
    completed = subprocess.run([sys.executable, "-c", _WHERE, *COMPILED], cwd=directory, capture_output=True,
                               text=True, env=_environment(sources), timeout=300, check=True)
    return completed.stdout.split()


def _compiled(origin: str) -> bool:
    return origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _case_findings(directory: pathlib.Path, sources: bool) -> str:
    completed = subprocess.run([sys.executable, "-c", _CASES, str(REPO / "tests" / "cases")], cwd=directory,
                               capture_output=True, text=True, env=_environment(sources), timeout=300)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def _findings(directory: pathlib.Path, sources: bool) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "audit", "check", "--exit-zero", "--jobs", "1", "--format", "json-lines",
         str(REPO / "samples")],
        cwd=directory, capture_output=True, text=True, env=_environment(sources), timeout=300)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.fixture
def compiled_install(tmp_path):
    """Skips the test where the installed package, asked from outside the repository, is not compiled."""
    installed = _origins(tmp_path, sources=False)
    if not all(map(_compiled, installed)):
        pytest.skip(f"the installed package is not compiled: {installed}")


@pytest.mark.usefixtures("compiled_install")
def test_the_compiled_modules_find_what_their_python_files_find(tmp_path):
    assert not any(map(_compiled, _origins(tmp_path, sources=True))), "the sources run as .py files"
    compiled = _findings(tmp_path, sources=False)
    assert compiled.count("\n") > 20  # the samples' findings: a test of something
    assert compiled == _findings(tmp_path, sources=True)


@pytest.mark.usefixtures("compiled_install")
def test_the_compiled_modules_judge_every_rules_cases_as_their_python_files_do(tmp_path):
    compiled = _case_findings(tmp_path, sources=False)
    assert "Finding(code=" in compiled  # the failing cases' findings: a test of something
    assert compiled == _case_findings(tmp_path, sources=True)


@pytest.mark.usefixtures("compiled_install")
def test_the_version_says_whether_the_judging_path_is_compiled(tmp_path):
    for sources, build in ((False, "judging compiled"), (True, "judging in Python")):
        completed = subprocess.run([sys.executable, "-m", "audit", "--version"], cwd=tmp_path, capture_output=True,
                                   text=True, env=_environment(sources), timeout=300, check=True)
        assert completed.stdout.endswith(f" ({build})\n")
