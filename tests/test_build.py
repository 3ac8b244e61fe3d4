"""Installing from the sources: compiled where mypy and a C compiler are, pure Python otherwise (see setup.py).

A build requirement cannot be optional (pip stops where one cannot be found), so mypy is asked for by the
build backend, tools/build_backend.py, which leaves it out when ``PINYIN_AUDIT_PURE_PYTHON=1``.  A wheel
whose compiling failed holds the same files as one never compiled, and is tagged as one: for any Python 3.
Building a wheel takes a minute, so that test runs only when PINYIN_AUDIT_SLOW_TESTS=1 (.ci/run sets it), the
build started as soon as the suite is collected (tests/early.py); that setup.py itself honours
``PINYIN_AUDIT_PURE_PYTHON`` is asked of a dry run of build_ext, in seconds.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

import early
import pytest

from audit.toml import tomllib

REPO = pathlib.Path(__file__).parents[1]


@pytest.fixture
def backend():
    spec = importlib.util.spec_from_file_location("build_backend", REPO / "tools" / "build_backend.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mypy_is_no_build_requirement_pip_must_find_whatever_is_built():
    build_system = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    assert not [requirement for requirement in build_system["requires"] if requirement.startswith("mypy")]
    assert (build_system["build-backend"], build_system["backend-path"]) == ("build_backend", ["tools"])


def test_a_wheel_asks_for_mypy_unless_pure_python_is_asked_for(backend, monkeypatch):
    monkeypatch.setattr(backend.build_meta, "get_requires_for_build_wheel", lambda config_settings=None: ["wheel"])
    monkeypatch.delenv("PINYIN_AUDIT_PURE_PYTHON", raising=False)
    assert backend.get_requires_for_build_wheel() == ["wheel", backend.MYPY]
    monkeypatch.setenv("PINYIN_AUDIT_PURE_PYTHON", "1")
    assert backend.get_requires_for_build_wheel() == ["wheel"]


@pytest.mark.parametrize("pure_python, compiling", [("1", False), ("", True)], ids=["pure", "compiled"])
def test_setup_asks_mypyc_to_compile_unless_pure_python_is_asked_for(tmp_path, pure_python, compiling):
    """Through setup.py's build_ext, with a stand-in mypyc that notes being asked and then fails, so that the build
    falls back to pure Python at once (a dry run: nothing is written)."""
    stand_in = tmp_path / "stand-in" / "mypyc"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text("", encoding="utf-8")
    asked = tmp_path / "asked"
    (stand_in / "build.py").write_text(f"open({str(asked)!r}, 'w').close()\n\n\ndef mypycify(*args, **kwargs):\n"
                                       "    raise SystemExit('not compiling here')\n", encoding="utf-8")
    built = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--dry-run"], cwd=REPO, capture_output=True,
                           text=True, timeout=300, env={**os.environ, "PINYIN_AUDIT_PURE_PYTHON": pure_python,
                                                        "PYTHONPATH": str(stand_in.parent)})
    assert built.returncode == 0, built.stderr
    assert asked.exists() == compiling


def _wheel_built_where_compiling_fails(directory: pathlib.Path) -> early.Command:
    """pip building a wheel of a copy of the sources into ``directory``, with a C compiler that fails (``CC=false``)."""
    sources = directory / "sources"
    shutil.copytree(REPO, sources, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"))
    return early.Command([sys.executable, "-m", "pip", "wheel", str(sources), "--no-deps", "-w", str(directory)],
                         cwd=directory, env={**os.environ, "CC": "false"}, timeout=900)


@pytest.mark.skipif(os.environ.get("PINYIN_AUDIT_SLOW_TESTS") != "1",
                    reason="builds a wheel: set PINYIN_AUDIT_SLOW_TESTS=1 (.ci/run does)")
@pytest.mark.started_early(start=_wheel_built_where_compiling_fails)  # beside the rest of the suite
def test_a_wheel_whose_compiling_failed_is_pure_python_for_any_python_3(started_early):
    built, directory = started_early, started_early.directory
    assert built.returncode == 0, (built.stdout + built.stderr).decode(errors="replace")
    (wheel,) = directory.glob("*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert not [name for name in archive.namelist() if name.endswith((".so", ".pyd"))]
        archive.extractall(directory / "installed")
    said = subprocess.run([sys.executable, "-m", "audit", "--version"], cwd=directory, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(directory / "installed")}, timeout=300)
    assert said.stdout.endswith("(judging in Python)\n")
