"""A long document is judged and checked a section at a time: the findings are those of the whole.

Sections are cut where a sentence ends between two glosses.
With a section size of one gloss every such place is a cut, so these
documents are split as finely as any document can be, and must still give
the findings of one pass over the whole (the consistency rules compare
glosses across every section).
"""

from __future__ import annotations

import pathlib

import pytest

from audit import engine
from audit.config import AuditConfig
from audit.engine import audit_input, audit_text, sections
from audit.gloss import find_glosses
from audit.align import align
from audit.inputs import prepare

SAMPLES = sorted((pathlib.Path(__file__).parents[1] / "samples").iterdir())


@pytest.fixture
def finest_sections(monkeypatch):
    monkeypatch.setattr(engine, "SECTION_GLOSSES", 1)


def _audited(path: pathlib.Path):
    return audit_input(prepare(path.read_text(encoding="utf-8"), str(path)), AuditConfig())


def _whole(path: pathlib.Path, monkeypatch):
    with monkeypatch.context() as whole:
        whole.setattr(engine, "SECTION_GLOSSES", 10**9)
        return _audited(path)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_each_sample_audited_in_sections_finds_what_the_whole_finds(path, monkeypatch, finest_sections):
    whole = _whole(path, monkeypatch)
    assert len(list(sections(whole.document.text, align(whole.document.text, find_glosses(whole.document.text)),
                             1))) > 1 or whole.gloss_count < 2
    assert _audited(path) == whole


def test_a_gloss_is_compared_with_glosses_sections_away(finest_sections):
    far = "。".join(["银行(yín háng)在这里"] * 3 + ["他去过很多地方"] * 5 + ["银行(yín xíng)在那里"]) + "。"
    assert len(list(sections(far, align(far, find_glosses(far)), 1))) == 4
    [finding] = [f for f in audit_text(far).findings if f.code == "C602"]
    assert (finding.gloss, finding.suggestion) == ("(yín xíng)", "银行(yín háng), unless the context calls for another reading")


def test_the_usual_style_and_the_yi_bu_majority_are_the_whole_documents(finest_sections):
    text = "一个(yí gè)。不是(bú shì)。一本(yì běn)。书(shū)。看(kàn)。说(shuō)。写（xiě）。一场(yī chǎng)。"
    codes = [(f.code, f.gloss) for f in audit_text(text).findings if f.code.startswith("C")]
    assert codes == [("C603", "（xiě）"), ("C601", "(yī chǎng)")]


def test_a_section_is_checked_with_what_the_glosses_of_later_sections_show(finest_sections):
    # Most glosses of the document, all after the first section, write tones as numbers.
    [finding] = audit_text("银行(yín hang2)。书(shu1)。看(kan4)。说(shuo1)。").findings
    assert (finding.code, finding.suggestion) == ("F503", "write (yin2 hang2)")


def test_sections_end_only_where_a_sentence_ends_between_two_glosses():
    text = "银行(yín háng)行长(háng zhǎng)说话(shuō huà)，他们(tā men)。我们(wǒ men)\n你们(nǐ men)"
    cuts = [[alignment.gloss.content for alignment in section] for section in sections(text, align(text, find_glosses(text)), 1)]
    assert cuts == [["yín háng", "háng zhǎng", "shuō huà", "tā men"], ["wǒ men"], ["nǐ men"]]
