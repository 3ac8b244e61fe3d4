"""A short run starts fast: it imports only what it uses; and a run ends without freeing what it read.

Nearly all the time a check of one short file takes is Python importing
modules, so what a run must not import is pinned here, through the real
entry point; how long it takes is measured by benchmarks/throughput.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# A line with everyday polyphones: the context resolver and its model are needed.
ONE_LINE = "这件事我不太了解(le jiě)，他说得(de)很快，我们去银行(yín háng)取钱。\n"

# The model's and the report's libraries, the sources of the tables (read from the cache
# instead), what only other options, output formats and input formats use, and what a short
# run can do without: regex (re serves the usual text), dataclasses (and inspect with it: the
# package's records are named tuples and plain classes), pathlib, logging, shutil (argparse asks it
# the terminal's width).
NOT_FOR_A_ONE_LINE_CHECK = {
    "numpy", "pandas", "matplotlib", "pyarrow", "dask", "g2pM", "pypinyin", "pypinyin_dict", "wordfreq", "jieba",
    "reports", "audit.frame", "audit.dask", "audit.baseline", "audit.fixer", "audit.fingerprint",
    "audit.formats.json_report", "audit.formats.sarif", "audit.formats.junit", "audit.formats.github",
    "regex", "pathlib", "hashlib", "xml", "difflib", "tempfile", "logging", "signal", "dataclasses", "inspect",
    "json", "csv", "html", "audit.markup_scanner", "shutil",
}


def imported_modules(*arguments: str, cwd: str) -> set[str]:
    """The top-level and dotted names of every module the command imports, by ``python -X importtime``."""
    completed = subprocess.run([sys.executable, "-X", "importtime", *arguments], cwd=cwd, capture_output=True,
                               text=True, timeout=300)
    assert completed.returncode in (0, 1), completed.stderr
    names = {line.rpartition("|")[2].strip() for line in completed.stderr.splitlines() if line.startswith("import time:")}
    return names | {name.partition(".")[0] for name in names}


@pytest.mark.parametrize("configured", [False, True], ids=["no pyproject.toml", "a pyproject.toml read before"])
def test_a_one_line_check_imports_none_of_the_heavy_or_unneeded_modules(tmp_path, configured):
    """Nor the TOML reader: what a configuration parsed to is remembered from the run before."""
    if configured:
        (tmp_path / "pyproject.toml").write_text('[tool.pinyin-audit]\nfail-on = "error"\n', encoding="utf-8")
    document = tmp_path / "one-line.txt"
    document.write_text(ONE_LINE, encoding="utf-8")
    check = ["-m", "audit", "check", "--exit-zero", str(document)]
    # Any table not yet cached is built, any configuration on the way up parsed.
    subprocess.run([sys.executable, *check], cwd=tmp_path, capture_output=True, timeout=300)
    # Whatever the interpreter and the install load before the package (an editable install's finder) is not ours.
    before = imported_modules("-c", "import audit", cwd=tmp_path)
    imported = imported_modules(*check, cwd=tmp_path) - before
    assert sorted(imported & (NOT_FOR_A_ONE_LINE_CHECK | {"tomllib", "tomli"})) == []


def test_how_the_judging_modules_were_installed_is_looked_up_only_for_version(cli, tmp_path, monkeypatch):
    """Finding a module's file is a cost every run paid for a line only ``--version`` prints."""
    asked = []
    monkeypatch.setattr("audit.cli.build", lambda: asked.append("build") or "judging somehow")
    document = tmp_path / "one-line.txt"
    document.write_text(ONE_LINE, encoding="utf-8")
    cli("check", str(document))
    assert asked == []
    with pytest.raises(SystemExit) as exited:
        cli("--version")
    assert exited.value.code == 0 and asked == ["build"]


# An object held by a function cache of the package, which says when it is freed; ``_left_to_the_system`` is
# called when the script's argument asks, as the command calls it once it is done.
CACHED_TILL_THE_END = """
import functools, os, sys
import audit.readings
from audit.__main__ import _left_to_the_system

class SaysWhenFreed:
    def __del__(self, write=os.write):
        write(1, b"freed")

audit.readings.remembered = functools.lru_cache(maxsize=None)(SaysWhenFreed)
audit.readings.remembered()
if sys.argv[1] == "left":
    _left_to_the_system()
"""


def test_what_the_caches_hold_is_left_to_the_system_when_the_command_ends():
    """Freeing every table bucket a run read, an object at a time as the interpreter ended, took about 5 % of a run
    with every word glossed (docs/speed.md, round 20); without the command's call, the object is freed."""
    said = [subprocess.run([sys.executable, "-c", CACHED_TILL_THE_END, how], capture_output=True, timeout=60).stdout
            for how in ("left", "freed as usual")]
    assert said == [b"", b"freed"]
