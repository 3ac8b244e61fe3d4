"""The pre-commit hook as a user's repository runs it, through ``pre-commit try-repo``.

One invocation, because it builds the hook's environment from this
repository (half a minute of CPU, minutes on a busy machine), started as soon
as the suite is collected (tests/early.py): a small repository with an empty
Python module, an empty text file and a Markdown lesson with one wrong tone.
CI (``.ci/run``) runs it; elsewhere it runs when PINYIN_AUDIT_SLOW_TESTS=1, so
that everyday runs of the suite stay quick.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

import early
import pytest

from audit.config import DEFAULT_INCLUDE

ROOT = pathlib.Path(__file__).parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _git(cwd: pathlib.Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _hook_files_pattern() -> str:
    return re.search(r"^\s*files: (\S+)$", HOOKS.read_text(encoding="utf-8"), re.M).group(1)


def test_the_hook_takes_the_files_the_command_takes_from_directories():
    extensions = {pattern.removeprefix("*") for pattern in DEFAULT_INCLUDE}
    pattern = re.compile(_hook_files_pattern())
    assert all(pattern.search(f"docs/lesson{extension}") for extension in extensions)
    assert not [name for name in ("setup.py", "pyproject.toml", "Makefile", "notes.rst") if pattern.search(name)]


def _try_repo(directory: pathlib.Path) -> early.Command:
    """``pre-commit try-repo`` of this repository's hook in a small repository made in ``directory``: an empty Python
    module, an empty text file and a Markdown lesson with one wrong tone."""
    project = directory / "project"
    (project / "package").mkdir(parents=True)
    (project / "package" / "__init__.py").write_text("")
    (project / "empty.txt").write_text("")
    (project / "lesson.md").write_text("# 第一课\n\n<ruby>书<rt>shǔ</rt></ruby>，今年(jīn nián)\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    # A fresh hook environment each time; byte-compiling its packages, or compiling the judging path to C (setup.py;
    # tests/test_build.py and test_compiled.py ask about that), would only slow the install: this asks what the hook does.
    # Its tables are built in a cache of its own: a new install's are built anyway, and the tests beside it (which
    # take turns to build by a lock in their cache) wait for none of them.
    environment = {**os.environ, "PRE_COMMIT_HOME": str(directory / "pre-commit-home"), "PIP_NO_COMPILE": "1",
                   "PINYIN_AUDIT_PURE_PYTHON": "1", "XDG_CACHE_HOME": str(directory / "cache")}
    return early.Command([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "pinyin-audit", "--all-files",
                          "--verbose"], cwd=project, env=environment, timeout=900)


@pytest.mark.skipif(os.environ.get("PINYIN_AUDIT_SLOW_TESTS") != "1",
                    reason="builds a hook environment: set PINYIN_AUDIT_SLOW_TESTS=1 (.ci/run does)")
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="try-repo needs this project as a git repository")
@pytest.mark.started_early(start=_try_repo)  # a minute of installing, beside the rest of the suite
def test_the_hook_audits_text_and_markdown_and_leaves_python_alone(started_early):
    pytest.importorskip("pre_commit")
    output = started_early.stdout.decode() + started_early.stderr.decode()
    assert started_early.returncode == 1, output  # the wrong tone fails the commit ...
    assert "lesson.md:3:8: error: T401 wrong-tone" in output
    assert "empty.txt: 0 glosses, 0 errors, 0 warnings, 0 info" in output  # ... an empty file does not
    assert "__init__.py" not in output and "nothing to audit" not in output
