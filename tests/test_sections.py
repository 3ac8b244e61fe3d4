"""A long document is judged and checked a section at a time: the findings are those of the whole.

Sections are cut where a sentence ends between two glosses.
With a section size of one gloss every such place is a cut, so these
documents are split as finely as any document can be, and must still give
the findings of one pass over the whole (the consistency rules compare
glosses across every section).
"""

from __future__ import annotations

import pathlib
import pickle

import pytest

from audit import engine
from audit.config import AuditConfig
from audit.engine import audit_input, audit_text, sections
from audit.finding import GlossRecord, GlossRecords
from audit.gloss import find_glosses, glosses_found_before
from audit.align import align
from audit.inputs import prepare

SAMPLES = sorted((pathlib.Path(__file__).parents[1] / "samples").iterdir())


@pytest.fixture
def finest_sections(monkeypatch):
    """Every gloss its own section, and the glosses aligned again for them after a first look, as in a large document."""
    monkeypatch.setattr(engine, "SECTION_GLOSSES", 1)
    monkeypatch.setattr(engine, "ALIGNED_ONCE_UP_TO", 0)


def _audited(path: pathlib.Path):
    return audit_input(prepare(path.read_text(encoding="utf-8"), str(path)), AuditConfig())


def _whole(path: pathlib.Path, monkeypatch):
    with monkeypatch.context() as whole:
        whole.setattr(engine, "SECTION_GLOSSES", 10**9)
        whole.setattr(engine, "ALIGNED_ONCE_UP_TO", 10**9)
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


def test_a_far_away_minority_is_found_with_its_fix_once_its_glosses_are_dropped(finest_sections):
    # Each gloss its own section: the minority's 一 and bracket are six sections past the majority's glosses.
    text = "。".join(["一个(yí gè)人"] * 3 + ["他去过很多地方"] * 3 + ["一场(yī chǎng)雨", "汉字（hàn zì）", "书(shū)"]) + "。"
    found = {f.code: f for f in audit_text(text).findings}
    yi, brackets = found["C601"], found["C603"]
    assert (yi.column, yi.gloss, yi.span, yi.suggestion) == (60, "(yī chǎng)", "一场", "一场(yì chǎng)")
    assert [(edit.start, edit.end, edit.replacement) for edit in yi.fix.edits] == [(60, 62, "yì")]
    assert (brackets.column, brackets.gloss, brackets.span) == (74, "（hàn zì）", "汉字")
    assert [(edit.start, edit.end, edit.replacement) for edit in brackets.fix.edits] == [(73, 74, "("), (80, 81, ")")]


def test_gloss_records_are_kept_as_offsets_and_read_as_the_glosses_were():
    text = "银行(yín háng)在这里。[zhè]说（shuō）看(kàn"  # the last bracket is left open: its pinyin ends the line
    result = audit_text(text)
    assert list(result.glosses) == [GlossRecord(0, 2, 2, 11, "yín háng"), GlossRecord(16, 16, 16, 20, "zhè"),
                                    GlossRecord(21, 22, 22, 27, "shuō"), GlossRecord(28, 29, 29, 32, "kàn")]
    assert pickle.loads(pickle.dumps(result)) == result


ODD_GLOSSES = "我们去银行(yín háng 取钱。汉字(hàn zì）和拼音（pīn yīn）\n他在银行(yín\nháng)。字[zi4]，书(shū"


@pytest.mark.parametrize("text", [ODD_GLOSSES] + [path.read_text(encoding="utf-8") for path in SAMPLES])
def test_the_second_pass_makes_again_from_their_records_the_glosses_the_first_found(text):
    found = list(find_glosses(text))
    records = GlossRecords(text)
    for gloss in found:
        records.add(gloss.open, gloss.open, gloss.open, gloss.close, gloss.content)
    assert list(glosses_found_before(text, records.brackets())) == found
