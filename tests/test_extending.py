"""Every plug-in is documented and tested: each rule, output format and input reader the registries hold.

Adding one without its documentation or its test fails: a rule without its
row in the README's rule table or its ``tests/cases/CODE.toml`` fails in
test_rules.py; here, a format or reader missing from the README's option
table.  Each output format runs here on a document with a finding; each
input reader reads its fixture ``tests/fixtures/readers/NAME.*``, which
holds one wrong tone (书 shǔ) written the way that format writes it.
"""

from __future__ import annotations

import pathlib
import re

import pytest

from audit.formats import FORMATS
from audit.inputs import INPUT_FORMATS, READERS, reader_for
from audit.rows import ROW_READERS, row_reader_for

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
READER_FIXTURES = ROOT / "tests" / "fixtures" / "readers"
ALL_READERS = [*READERS.names, *ROW_READERS.names]


def _option_choices(option: str) -> set[str]:
    """The choices the README's option table lists: | `--format text\\|json` | ..."""
    row = re.search(rf"^\| `{option} ([^`]+)`", README, re.MULTILINE)
    assert row, f"the README's option table has no row for {option}"
    return set(row.group(1).replace("\\|", "|").split("|"))


def _fixture(name: str) -> pathlib.Path:
    found = sorted(READER_FIXTURES.glob(f"{name}.*"))
    assert found, f"reader {name} needs a fixture tests/fixtures/readers/{name}.* with a wrong tone in it"
    return found[0]


def test_the_readme_documents_every_format_and_reader():
    assert _option_choices("--format") == set(FORMATS.names)
    assert _option_choices("--input-format") == {*INPUT_FORMATS, *ROW_READERS.names}


@pytest.mark.parametrize("name", FORMATS.names)
def test_every_format_reports_a_finding_and_the_failing_exit_status(name, cli):
    code, out, _ = cli("check", str(_fixture("text")), "--format", name)
    assert code == 1 and "T401" in out


@pytest.mark.parametrize("name", ALL_READERS)
def test_every_reader_reads_its_fixture_and_finds_the_wrong_tone(name, cli):
    columns = ["--column", "text"] if name in ROW_READERS else []
    code, out, _ = cli("check", str(_fixture(name)), "--input-format", name, *columns)
    assert code == 1 and "T401" in out, out


@pytest.mark.parametrize("name", ALL_READERS)
def test_every_reader_is_chosen_for_its_fixture_without_being_named(name):
    path = _fixture(name)
    if name in ROW_READERS:
        assert row_reader_for(str(path)).name == name
    else:
        assert reader_for(path.read_text(encoding="utf-8"), str(path)).name == name
