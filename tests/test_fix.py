"""Fixes: choosing and applying edits, the command's --fix, --unsafe-fixes and --diff, and the guarantees.

Each rule's own fixes are pinned by its cases (``fixed`` in tests/cases/CODE.toml,
checked in test_rules.py); here are the mechanics around them.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import stat
import subprocess
from collections import Counter

import hypothesis
import jsonschema
import pytest
from hypothesis import strategies

from audit.cli import main
from audit.config import AuditConfig
from audit.engine import audit_text
from audit.fix import Edit, Fix, apply, choose
from audit import fixer
from audit.fixer import fix_task, fix_text
from audit.gloss import find_glosses
from audit.inputs import Task
from audit.rules import span
from test_cli import help_of, run

ROOT = pathlib.Path(__file__).parents[1]
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "ecommerce-article-seed.txt"
SEED_DIFF = ROOT / "tests" / "fixtures" / "seed-fix.diff"
SCHEMA_PATH = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"


# -- choosing and applying ------------------------------------------------------------


def test_conflicting_fixes_wait_and_the_others_apply_together():
    first, overlapping, apart = (Fix("a", (Edit(0, 4, "x"),)), Fix("b", (Edit(2, 6, "y"),)),
                                 Fix("c", (Edit(6, 7, "z"),)))
    chosen = choose([overlapping, apart, first])
    assert chosen == [first, apart]
    assert apply("0123456789", chosen) == "x45z789"


def test_an_insertion_at_the_edge_of_another_edit_is_a_conflict():
    assert len(choose([Fix("insert", (Edit(2, 2, "i"),)), Fix("replace", (Edit(2, 4, "r"),))])) == 1
    assert len(choose([Fix("left", (Edit(0, 2, "l"),)), Fix("right", (Edit(2, 4, "r"),))])) == 2


def _overlap_or_touch(a: Edit, b: Edit) -> bool:
    """What a reader means by two edits in each other's way: sharing a character, or an insertion at the
    other's edge."""
    return max(a.start, b.start) < min(a.end, b.end) or (
        max(a.start, b.start) == min(a.end, b.end) and (a.start == a.end or b.start == b.end))


_EDITS = strategies.builds(lambda start, width, text: Edit(start, start + width, text),
                           strategies.integers(0, 80), strategies.sampled_from([0, 0, 1, 2, 3, 8, 30]),
                           strategies.sampled_from(["", "x"]))
_FIXES = strategies.lists(strategies.builds(lambda title, edits: Fix(title, tuple(sorted(edits))),
                                            strategies.sampled_from("abc"), strategies.lists(_EDITS, min_size=1,
                                                                                             max_size=3)),
                          max_size=40)


@hypothesis.given(_FIXES)
def test_the_fixes_chosen_are_out_of_each_others_way_and_each_left_out_is_in_the_way_of_one_chosen(fixes):
    chosen = choose(fixes)
    taken = [edit for fix in chosen for edit in fix.edits]
    for index, fix in enumerate(chosen):
        others = [edit for other in chosen[index + 1 :] for edit in other.edits]
        assert not any(_overlap_or_touch(edit, other) for edit in fix.edits for other in others)
    for fix in fixes:
        if fix not in chosen:
            assert any(_overlap_or_touch(edit, other) for edit in fix.edits for other in taken)


def test_two_fixes_of_one_gloss_are_never_merged():
    # S102 (split at the emoji) and S103 (gloss 小红书 whole) both rewrite the second gloss:
    # the wider S103 goes first, and S102 is not found again on the text it leaves.
    text = "小红书(xiǎo hóng shū)很火。小红书📖上(shū shàng)粉丝多。"
    outcome = fix_text(text)
    assert {finding.code for finding in outcome.before.findings} == {"S102", "S103"}
    assert outcome.text == "小红书(xiǎo hóng shū)很火。小红书(xiǎo hóng shū)📖上(shàng)粉丝多。"
    assert [finding.code for finding in outcome.applied] == ["S103"]
    assert outcome.remaining == []


def test_fixes_of_different_parts_of_one_gloss_apply_in_one_pass():
    text = "汉字(hàn zì)，你好(nǐ hǎo)，很好（haǒ）"
    outcome = fix_text(text)
    assert outcome.text == "汉字(hàn zì)，你好(nǐ hǎo)，很好(hǎo)"
    assert sorted(finding.code for finding in outcome.applied) == ["C603", "F502"]


def test_a_fix_the_file_cannot_hold_is_left_out():
    # The brackets around a <ruby> annotation are the reader's, not the file's: moving them
    # cannot be written in HTML, while respelling the annotation's letters can.
    markdown = "<ruby>书<rt>shǔ</rt></ruby>，<ruby>好<rt>haǒ</rt></ruby>\n"
    outcome = fix_text(markdown, "lesson.md", unsafe=True)
    assert outcome.text == "<ruby>书<rt>shū</rt></ruby>，<ruby>好<rt>hǎo</rt></ruby>\n"


def test_markdown_is_fixed_in_place_and_its_code_left_alone():
    markdown = "```\n好(haǒ)\n```\n\n课文：**小红书**📖(xiǎo hóng shū)，好(haǒ) `好(haǒ)`\n"
    outcome = fix_text(markdown, "lesson.md")
    assert outcome.text == "```\n好(haǒ)\n```\n\n课文：**小红书**(xiǎo hóng shū)📖，好(hǎo) `好(haǒ)`\n"


def test_labels_are_fixed_on_their_pinyin_line():
    labels = "000001\t书#4。\n\tshu3\n"
    assert fix_text(labels, "labels.txt", unsafe=True).text == "000001\t书#4。\n\tshu1\n"


def test_a_label_file_s_one_c601_fixes_every_place_in_one_pass():
    labels = "".join(f"00000{n}\t{text}#4。\n\t{pinyin}\n" for n, (text, pinyin) in enumerate(
        [("一个", "yi2 ge4"), ("一场", "yi1 chang3"), ("一本", "yi1 ben3"), ("不是", "bu2 shi4"), ("一天", "yi1 tian1")]))
    outcome = fix_text(labels, "labels.txt")
    assert [finding.code for finding in outcome.applied] == ["C601"]
    assert "yi1 ge4" in outcome.text and "bu4 shi4" in outcome.text and outcome.remaining == []


# -- the seed article ---------------------------------------------------------------------


def test_the_fixed_seed_audits_clean_of_what_was_fixed():
    outcome = fix_text(SEED.read_text(encoding="utf-8"), str(SEED))
    assert Counter(finding.code for finding in outcome.applied) == {"A201": 5, "S103": 2, "C601": 2}
    assert outcome.remaining == []  # S102 went with the S103 fix of the same gloss


def test_the_seed_diff_is_pinned_and_shown_in_the_readme(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = cli("check", "--diff", "samples/ecommerce-article-seed.txt")
    assert code == 1
    assert out == SEED_DIFF.read_text(encoding="utf-8")
    assert "would fix 9 findings in 1 file" in err
    assert out in (ROOT / "README.md").read_text(encoding="utf-8")


# -- idempotence --------------------------------------------------------------------------


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_fixing_twice_changes_nothing_and_finds_nothing_new(sample, unsafe):
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    once = fix_text(text, sample, unsafe=unsafe)
    twice = fix_text(once.text, sample, unsafe=unsafe)
    assert twice.text == once.text and not twice.applied
    # Edits never add or remove lines, so (code, line) names a finding before and after.
    before = Counter((f.code, f.line) for f in once.before.findings)
    fixed = Counter((f.code, f.line) for f in once.applied)
    after = Counter((f.code, f.line) for f in once.remaining)
    assert not after & fixed, "a fixed finding is reported again"
    assert after <= before, "the fixes brought a new finding"


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_a_fix_left_out_has_its_turn_again_once_another_fix_changed_what_it_writes(unsafe):
    # The split alone would keep 你(ní), a wrong tone; once the sandhi is respelled it writes 你(nǐ): fixed in one run.
    once = fix_text("你 好(ní hǎo)\n", "split.txt", unsafe=unsafe)
    assert once.text == "你(nǐ) 好(hǎo)\n"
    assert not fix_text(once.text, "split.txt", unsafe=unsafe).applied


# -- a fix never makes a text worse ----------------------------------------------------


def _place(finding):
    return finding.code, finding.line  # edits never add or remove lines: a line names a place before and after


@pytest.fixture
def careless_regrouping(monkeypatch):
    """S103 as it was before it checked the syllables its fix keeps, a fix that brings findings for the guard to
    leave out: it glossed a cut word whole with the syllables written, whatever word they were written for
    (人参(rén shēn)加 became 参加(shēn jiā)), and left what remained of the cut glosses with theirs
    (购买设(shè de)备 glossing 购买 left 设 with de)."""
    monkeypatch.setattr(span, "_stands", lambda *_: True)
    monkeypatch.setattr(span, "_keeps_readings", lambda *_: True)


def test_a_cut_word_is_glossed_with_its_own_reading_never_another_word_s():
    # shēn is 参's reading in 人参, cān in 参加: glossing 参加 whole writes the word's reading, as the document
    # does elsewhere, and the fix brings nothing, so none is left out.
    text = "他们参加(cān jiā)了。我们参加(cān jiā)比赛。每个年度6人参(rén shēn)加(jiā)。"
    outcome = fix_text(text)
    assert outcome.text == "他们参加(cān jiā)了。我们参加(cān jiā)比赛。每个年度6人(rén)参加(cān jiā)。"
    assert not outcome.withheld and not outcome.remaining


@pytest.mark.parametrize("text, word", [
    ("他购买设(shè de)备。", "购买"),  # 设 would keep de, 买's neighbour's syllable
    ("它代表了当(liǎo dàng)今世界上最高水平。当今(dāng jīn)世界。", "当今世界"),  # 了 alone would keep liǎo
])
def test_a_cut_gloss_whose_rest_would_keep_a_syllable_wrong_there_has_no_fix(text, word):
    # The word is named and glossed, but no fix writes what remains of the cut gloss with a syllable
    # that is no reading of its character there.
    findings = [finding for finding in fix_text(text).before.findings
                if finding.code == "S103" and finding.suggestion.startswith(f"gloss {word} as a whole: {word}(")]
    assert findings and not any(finding.fix for finding in findings)


def test_a_cut_word_whose_reading_here_is_unsure_is_suggested_with_the_dictionaries_reading_and_not_fixed():
    # The dictionaries read 落 luò or light in 利落; this context reads it là (落了, left behind), so no fix
    # chooses, and the suggestion gives the word's reading with the character to check.
    findings = [finding for finding in audit_text("我们和利(hé lì)落了。").findings if finding.code == "S103"]
    assert [(finding.suggestion, finding.fix) for finding in findings] == [
        ("gloss 利落 as a whole: 利落(lì luò), as the dictionaries read it (check 落, which this context reads là)", None)]


def test_a_cut_word_unsure_here_that_no_phrase_list_reads_is_suggested_without_a_reading(monkeypatch):
    # Were CC-CEDICT alone to give 落 two readings in 利落, no phrase list would have one reading of the word to
    # write: the suggestion names the character to check, rather than an empty gloss 利落().
    monkeypatch.setattr("audit.rules.span.phrase_readings", lambda word: None)
    monkeypatch.setattr("audit.rules.span.extended_phrase_readings", lambda word: None)
    findings = [finding for finding in audit_text("我们和利(hé lì)落了。").findings if finding.code == "S103"]
    assert [finding.suggestion for finding in findings] == ["gloss 利落 as a whole (check 落, which this context "
                                                            "reads là)"]


def test_fixes_write_the_space_the_document_writes_before_its_glosses_a_full_width_one_too(cli, tmp_path):
    # C603 writes the space a gloss lacks, A201 keeps it when it moves a symbol away: both the document's own.
    path = tmp_path / "full-width.txt"
    path.write_text("今年　(jīn nián)我们　(wǒ men)去(qù)北京　(běi jīng)小红书　📖　(xiǎo hóng shū)。\n", encoding="utf-8")
    code, out, err = cli("check", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == "今年　(jīn nián)我们　(wǒ men)去　(qù)北京　(běi jīng)小红书　(xiǎo hóng shū)📖。\n"
    assert code == 0


def test_a_fix_that_would_bring_a_finding_is_left_out_and_said(cli, tmp_path, careless_regrouping):
    # 购买设(shè de)备: the syllables read the characters after their own, so glossing 购买 or 设备 whole
    # leaves 设 or 买 with a syllable that is not its own.
    path = tmp_path / "misread.txt"
    text = "他购买设(shè de)备。\n"
    path.write_text(text, encoding="utf-8")
    for mode in ("--diff", "--fix"):
        code, out, err = cli("check", mode, str(path))
        assert path.read_text(encoding="utf-8") == text
        assert f"{path}:1:5: note: the fix of S103 span-cuts-word is left out: it would bring R301 not-a-reading " \
               "on line 1" in err
    assert code == 1 and "S103" in out and "fixed 0 findings in 0 files; 3 remain" in err


def test_a_cut_word_glossed_whole_keeps_the_syllables_written_and_copies_no_mistake(cli, tmp_path):
    # The word is glossed whole elsewhere with a wrong tone (shù): the character taken in is read as the
    # context reads it, and the tone written here (hòng), T401's own finding, is left to T401's fix.
    path = tmp_path / "copied.txt"
    path.write_text("和小红(hé xiǎo hòng)书和小红书(xiǎo hóng shù)。\n", encoding="utf-8")
    code, out, err = cli("check", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == "和(hé)小红书(xiǎo hòng shū)和小红书(xiǎo hóng shù)。\n"
    assert "note:" not in err
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == "和(hé)小红书(xiǎo hóng shū)和小红书(xiǎo hóng shū)。\n"
    assert code == 0


def test_of_fixes_that_together_bring_a_finding_only_the_culprit_is_left_out(careless_regrouping):
    # Three safe fixes on three lines; only the S103 on the second would leave a syllable that is not its own.
    text = "好(haǒ)\n他购买设(shè de)备\n你好(ní hǎo)\n"
    outcome = fix_text(text, "three.txt")
    assert outcome.text == "好(hǎo)\n他购买设(shè de)备\n你好(nǐ hǎo)\n"
    assert {(finding.code, tuple(_place(b) for b in brought)) for finding, brought in outcome.withheld} >= \
           {("S103", (("R301", 2),))}


def test_a_fix_that_brings_a_finding_across_the_document_is_left_out(careless_regrouping):
    # Glossing 参加 whole after 人参(rén shēn) would write it shēn jiā, where the document writes cān jiā (C602, a
    # finding on the gloss the fix writes, made by comparing glosses across the document); the tone marks
    # are put right.
    text = "他们参加(cān jiā)了。我们参加(cān jiā)比赛。每个年度6人参(rén shēn)加(jiā)。他说好(haǒ)。你好(nǐ haǒ)。"
    outcome = fix_text(text, unsafe=True)
    assert outcome.text == text.replace("haǒ", "hǎo")
    assert [(finding.code, [b.code for b in brought]) for finding, brought in outcome.withheld] == [("S103", ["C602"])]


def test_a_fix_that_brings_a_finding_where_one_of_the_same_rule_on_its_line_goes_is_left_out(cli, tmp_path):
    # 东西 glossed dōng xi, then dōng xī (C602 on the second, the first met leading a tie); glossing the cut 东西
    # whole (S103) writes a third dōng xī, which makes C602 report the first gloss instead: one C602 on the line
    # before and after, but a new one.
    path = tmp_path / "doc.txt"
    path.write_text("东西(dōng xi)，东西(dōng xī)，买和东(hé dōng)西(xī)。\n", encoding="utf-8")
    code, out, err = cli("check", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == "东西(dōng xi)，东西(dōng xī)，买和东(hé dōng)西(xī)。\n"
    assert (f"{path}:1:28: note: the fix of S103 span-cuts-word is left out: it would bring C602 "
            "inconsistent-word-gloss on line 1") in err.splitlines()


def test_a_fix_counted_on_to_correct_what_another_brought_that_is_left_out_leaves_both_out(cli, tmp_path):
    # Writing 长大(chàng dà) cháng (T401) brings R302, which says zhǎng: counted on, as a fix of the same run.
    # But the document quotes 长大(cháng dà) with R302 suppressed, so writing zhǎng would make the two glosses of
    # 长大 differ (C602): that fix is left out, the R302 the first brought would remain, and the run is made again
    # without counting on fixes, which leaves the first out too. Nothing is written, and the note says why.
    path = tmp_path / "quoted.txt"
    text = "孩子们慢慢长大(chàng dà)了。\n# pinyin-audit: disable-next-line=R302 -- quoted as written\n他说“长大(cháng dà)”。\n"
    path.write_text(text, encoding="utf-8")
    for mode, exit_code in (("--diff", 0), ("--fix", 1)):  # an empty diff passes; what remains fails
        code, out, err = cli("check", mode, "--unsafe-fixes", str(path))
        assert path.read_text(encoding="utf-8") == text and code == exit_code
        assert err.splitlines()[0] == (f"{path}:1:8: note: the fix of T401 wrong-tone is left out: it would bring "
                                       "R302 wrong-reading-in-context on line 1")
    assert err.splitlines()[-1].endswith("fixed 0 findings in 0 files; 1 remains") and "T401 wrong-tone" in out


@pytest.mark.parametrize("text, fixed", [
    ("你好(ni3 hǎo)，看书(shǔ)。\n", "你好(nǐ hǎo)，看书(shǔ)。\n"),  # the line one shorter before 书's T401
    ("小红书📖(xiǎo hóng shù)很火。\n", "小红书(xiǎo hóng shù)📖很火。\n"),  # the gloss moved, its T401 with it
])
def test_a_finding_a_fix_moves_along_its_line_is_not_taken_for_a_new_one(text, fixed):
    outcome = fix_text(text)
    assert outcome.text == fixed and not outcome.withheld
    assert [finding.code for finding in outcome.remaining] == ["T401"]


def test_a_fix_left_out_holds_back_only_itself_not_the_same_edit_on_another_gloss_of_its_line():
    # Dropping hé from 东西(hé dōng xi) would leave 东西 glossed dōng xi where the document writes dōng xī (C602), so
    # it is left out; dropping hé from 大(hé dà) too writes nothing under the same title on the same line, but
    # waits for the gloss to be moved before the emoji (A201) and is made in the next pass: the gloss is part of
    # what names a fix left out, or this one would be held back with the other.
    text = "配合，东西(hé dōng xi)，大📖(hé dà)。\n东西(dōng xī)。\n"
    outcome = fix_text(text, unsafe=True)
    assert outcome.text == "配合，东西(hé dōng xi)，大(dà)📖。\n东西(dōng xī)。\n"
    assert [(finding.code, finding.gloss, [b.code for b in brought]) for finding, brought in outcome.withheld] == \
           [("S101", "(hé dōng xi)", ["C602"])]


@pytest.fixture
def audits(monkeypatch):
    """The fixer's audits of the whole text, counted by text."""
    counted = Counter()
    audit = fixer._audit

    def counting(text, **options):
        counted[text] += 1
        return audit(text, **options)

    monkeypatch.setattr(fixer, "_audit", counting)
    return counted


def test_the_fixes_that_write_a_new_finding_are_suspected_first(monkeypatch, audits, careless_regrouping):
    # One line, fixes in every sentence, four in one, and a culprit there (glossing 购买 whole leaves 设 with a
    # syllable that is not its own, a finding on the text the fix writes): suspected first, it is found with
    # fewer audits of the whole text than by halving the fixes of its sentence, and the same fixes are made.
    text = "好(haǒ)。他说好(haǒ)，是(shi4)，他购买设(shè de)备，你好(ní hǎo)。我们去银行(yín háng)。是(shi4)。\n"
    def fixed():
        audits.clear()
        outcome = fix_text(text, "one-line.txt")
        return outcome.text, [(finding.code, finding.column, [(b.code, b.line) for b in brought])
                              for finding, brought in outcome.withheld]

    suspected_first, audited = fixed(), sum(audits.values())
    monkeypatch.setattr(fixer, "_bearing", lambda chosen, places: [])  # only the fixes of its sentence suspected
    assert suspected_first == fixed() and len(suspected_first[1]) == 2
    assert audited < sum(audits.values())


def test_the_fixes_of_the_word_a_new_finding_is_on_are_suspected_before_the_others(monkeypatch, audits):
    # One line: R302 respells two of four glosses of 反差 fǎn chā, the reading the context calls for there, and
    # leaves the other two fǎn chà, which C602 then reports, sentences away from the fixes; other fixes around.
    # Suspected by the word, the two are found with fewer audits of the whole text than by halving every fix.
    text = ("中(zhōng)央(yāng)政(zhèng)府(fǔ)的(de)权(quán)利(lì)能够(néng gòu)覆盖(fù gài)到(dào)全(quán)国(guó)三分(sān fēn)"
            "现(xiàn)形(xíng)成(chéng)反差(fǎn chà)，不适合(bú shì hé)担任(dān rèn)政(zhèng)变(biàn)的(de)领(lǐng)导。"
            "分别(fēn bié)作为(zuò wéi)门(mén)诊(zhěn)室(shì)反差(fǎn chà)，另(lìng)规(guī)则(zé)处以(chǔ yǐ)罚(fá)款(kuǎn)。"
            "只(zhǐ)参与(cān yù)了(le)天主教(tiān zhǔ jiào)徒(tú)1805年(nián)无能(wú néng)表(biǎo)现(xiàn)形(xíng)成(chéng)"
            "反差(fǎn chà)，被(bèi)一个(yí gè)叫(jiào)耐(nài)匹(pǐ)。丹(dān)顶(dǐng)鹤(hè)的(de)现(xiàn)形(xíng)成(chéng)"
            "反差(fǎn chà)，随(suí)后(hòu)邀(yāo)请(qǐng)希(xī)特(tè)勒(lēi)加(jiā)入。他说好(haǒ)。你好(nǐ haǒ)。我好(haǒ)。\n")
    def fixed():
        audits.clear()
        outcome = fix_text(text, "one-line.txt", unsafe=True)
        return outcome.text, [(finding.code, finding.span, sorted({(b.code, b.span) for b in brought}))
                              for finding, brought in outcome.withheld]

    suspected_by_word, audited = fixed(), sum(audits.values())
    assert suspected_by_word[1] == [("R302", "反差", [("C602", "反差")])] * 2
    monkeypatch.setattr(fixer, "_alike", lambda chosen, new: [])
    assert suspected_by_word == fixed() and audited < sum(audits.values())


def _sample_lines() -> list[tuple[str, list[str]]]:
    return [(path.name, path.read_text(encoding="utf-8").splitlines()) for path in sorted(SAMPLES.iterdir())]


_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


def _edit(line: str, kind: str, where: int, what: str) -> str:
    """``line`` edited in one of the ways annotated text goes wrong."""
    where %= len(line) + 1
    if kind == "tone":  # another tone mark, or a mark on another vowel
        marked = [index for index, character in enumerate(line) if character in _MARKS]
        if marked:
            index = marked[where % len(marked)]
            return line[:index] + _MARKS[(_MARKS.index(line[index]) + where) % len(_MARKS)] + line[index + 1 :]
        return line
    if kind == "insert":  # an emoji, a space, a comma or a character where there was none
        return line[:where] + what + line[where:]
    if kind == "cut":  # a few characters lost, brackets and syllables too
        return line[:where] + line[where + len(what) + 1 :]
    return line.replace("(", "（", 1).replace(")", "）", 1)  # a full-width bracket pair


@strategies.composite
def edited_samples(draw):
    """A stretch of a sample (the seed article, the Markdown lesson, the label file and the others), edited."""
    name, lines = draw(strategies.sampled_from(_sample_lines()))
    start = draw(strategies.integers(0, len(lines) - 1))
    lines = lines[start : start + draw(strategies.integers(1, 8))]
    for _ in range(draw(strategies.integers(0, 4))):
        index = draw(strategies.integers(0, len(lines) - 1))
        lines[index] = _edit(lines[index], draw(strategies.sampled_from(["tone", "insert", "cut", "bracket"])),
                             draw(strategies.integers(0, 200)), draw(strategies.sampled_from(["📖", " ", "，", "和", "书"])))
    line_break = draw(strategies.sampled_from(["\n", "\r\n"]))
    return name, line_break.join(lines) + draw(strategies.sampled_from(["", line_break]))


@hypothesis.settings(max_examples=25, deadline=None, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(edited_samples(), strategies.booleans())
def test_a_fix_never_brings_a_finding_and_leaves_nothing_it_could_fix(sample, unsafe):
    name, text = sample
    outcome = fix_text(text, name, unsafe=unsafe)
    remaining = Counter(map(_place, outcome.remaining))
    assert remaining <= Counter(map(_place, outcome.before.findings)) - Counter(map(_place, outcome.applied))
    withheld = {_place(finding) for finding, _ in outcome.withheld}
    assert all(_place(finding) in withheld for finding in outcome.remaining
               if finding.fix and (unsafe or finding.fix.safe)), "a fix that could be applied was not"
    again = fix_text(outcome.text, name, unsafe=unsafe)
    assert again.text == outcome.text and not again.applied


@pytest.mark.skipif(not shutil.which("patch"), reason="needs patch")
@hypothesis.settings(max_examples=10, deadline=None, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(edited_samples(), strategies.sampled_from(["utf-8", "utf-8-bom"]))
def test_diff_shows_exactly_what_fix_writes(tmp_path_factory, capsys, sample, encoding):
    name, text = sample
    directory = tmp_path_factory.mktemp("diff")
    data = _encoded(text, encoding)
    for copy in ("fixed", "patched"):
        (directory / copy).mkdir()
        (directory / copy / name).write_bytes(data)
    capsys.readouterr()
    main(["check", "--diff", str(directory / "patched" / name)])
    diff = capsys.readouterr().out
    main(["check", "--fix", str(directory / "fixed" / name)])
    if diff:  # patch, rather than git apply, which wants a repository
        patched = subprocess.run(["patch", "--quiet", "--binary", str(directory / "patched" / name)],
                                 input=diff.encode("utf-8"), capture_output=True)
        assert patched.returncode == 0, patched.stdout + patched.stderr
    assert (directory / "patched" / name).read_bytes() == (directory / "fixed" / name).read_bytes()


# -- bytes outside the edited glosses -------------------------------------------------


def test_fixed_files_keep_encoding_bom_and_line_breaks(tmp_path, cli):
    path = tmp_path / "crlf.txt"
    text = "好(haǒ)\r\n你好(ní hǎo)\r\n\r\n银行(yín háng)"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert cli("check", "--fix", str(path))[0] == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("haǒ", "hǎo").replace("ní", "nǐ").encode("utf-8")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    assert cli("check", "--fix", "--encoding", "utf-16", str(utf16))[0] == 0
    assert utf16.read_bytes()[:2] == b"\xfe\xff"
    assert utf16.read_bytes()[2:].decode("utf-16-be") == text.replace("haǒ", "hǎo").replace("ní", "nǐ")


# Pieces of annotated text: right, and wrong in every way a safe fix corrects.
_PIECES = [
    "今年(jīn nián)", "我们", "银行(yín háng)", "📖", " ", "，", "ABC", "(2024)", "好(haǒ)", "银行(yín hang2)",
    "好(hăo)", "好(ｈǎｏ)", "小红书📖(xiǎo hóng shū)", "考虑 (kǎo lǜ)", "小红书(xiǎo hóng shū)", "小红书📖上(shū shàng)",
    "和小红(hé xiǎo hóng)书", "一个(yí gè)", "一场(yī cháng)", "不是(bú shì)", "你好(ní hǎo)", "拼音（pīn yīn）",
    "绿色(lv4 se4)", "汉 字(hàn zì)", "书(shǔ)", "汉字(hàn zì",
]
# Markdown besides: markup the fixes must step around, and ruby annotations they respell in place.
_MARKDOWN_PIECES = ["**强调**", "`好(haǒ)`", "<ruby>好<rt>haǒ</rt></ruby>", "<ruby>书<rt>shū</rt></ruby>", "<!-- 注 -->",
                    "[链接](https://example.com/a(b))", "&amp;"]
_LINE_BREAKS = ["\n", "\r\n", "\r"]


@strategies.composite
def documents(draw):
    extension = draw(strategies.sampled_from([".txt", ".md"]))
    pieces = _PIECES + (_MARKDOWN_PIECES if extension == ".md" else [])
    lines = draw(strategies.lists(strategies.lists(strategies.sampled_from(pieces), max_size=6),
                                  min_size=1, max_size=5))
    breaks = draw(strategies.lists(strategies.sampled_from(_LINE_BREAKS), min_size=len(lines), max_size=len(lines)))
    text = "".join("".join(line) + ending for line, ending in zip(lines, breaks))
    text += draw(strategies.sampled_from(["", "末尾(mò wěi)"]))  # with or without a final line break
    encoding = draw(strategies.sampled_from(["utf-8", "utf-8-bom", "gb18030", "utf-16"]))
    return text, encoding, extension


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)  # Python's utf-16 writes a BOM


def _without_glosses(text: str) -> str:
    """The text with every gloss (a ruby annotation too) taken out, and the spaces that stood before one."""
    normalized = re.sub(r"<rt>[^<]*</rt>", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept, position = [], 0
    for gloss in find_glosses(normalized):
        kept.append(normalized[position : gloss.open].rstrip(" "))
        position = gloss.end
    kept.append(normalized[position:])
    return "".join(kept)


@hypothesis.settings(max_examples=40, deadline=None, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(documents())
def test_outside_the_edited_glosses_the_bytes_stay_the_same(document):
    text, encoding, extension = document
    hypothesis.assume(text.strip())  # a blank file is refused, not fixed
    data = _encoded(text, encoding)
    fixed = fix_task(Task("generated" + extension, data), AuditConfig(encoding=encoding.replace("-bom", "")))
    bom = {"utf-8-bom": data[:3], "utf-16": data[:2]}.get(encoding, b"")
    assert fixed.after.startswith(bom) and not fixed.after[len(bom):].startswith(bom or b"-")
    new_text = fixed.after[len(bom):].decode({"utf-8-bom": "utf-8", "utf-16": "utf-16"}.get(encoding, encoding))
    assert re.findall(r"\r\n|\r|\n", new_text) == re.findall(r"\r\n|\r|\n", text), "line breaks moved"
    assert _without_glosses(new_text) == _without_glosses(text), "something besides glosses changed"
    for old_line, new_line in zip(re.split(r"\r\n|\r|\n", text), re.split(r"\r\n|\r|\n", new_text)):
        if not list(find_glosses(old_line)) and "<rt>" not in old_line:
            assert new_line == old_line


# -- the command ----------------------------------------------------------------------------

TONES = "我喜欢看书(shǔ)。\n你好(ní hǎo)，很高兴认识你。\n这个(zhè gè)苹果很甜。\n"


@pytest.fixture
def tones(tmp_path):
    path = tmp_path / "tones.txt"
    path.write_text(TONES, encoding="utf-8")
    return path


def test_fix_writes_the_safe_fixes_and_says_what_remains(cli, tones):
    code, out, err = cli("check", "--fix", str(tones))
    assert tones.read_text(encoding="utf-8") == TONES.replace("ní hǎo", "nǐ hǎo")
    assert code == 1  # 书(shǔ) is still wrong: its fix changes a reading
    assert "T401" in out and "T402" not in out
    assert "fixed 1 finding in 1 file; 2 remain (1 fixable with --unsafe-fixes)" in err


def test_unsafe_fixes_also_correct_readings(cli, tones):
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(tones))
    assert tones.read_text(encoding="utf-8") == TONES.replace("ní hǎo", "nǐ hǎo").replace("shǔ", "shū")
    assert code == 0  # only the T403 warning, which has no fix, remains
    assert "fixed 2 findings in 1 file; 1 remains" in err


def test_diff_prints_the_fixes_and_writes_nothing(cli, tones):
    before = tones.stat()
    code, out, err = cli("check", "--diff", str(tones))
    assert code == 1
    assert out.splitlines()[:2] == [f"--- {tones}", f"+++ {tones}"]
    assert "-你好(ní hǎo)，很高兴认识你。" in out and "+你好(nǐ hǎo)，很高兴认识你。" in out
    assert tones.read_text(encoding="utf-8") == TONES and tones.stat().st_mtime_ns == before.st_mtime_ns
    assert os.listdir(tones.parent) == [tones.name]


def test_diff_of_a_file_with_nothing_to_fix_is_empty_and_passes(cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("你好(nǐ hǎo)\n", encoding="utf-8")
    assert cli("check", "--diff", str(clean))[:2] == (0, "")


def test_fix_keeps_permissions_and_leaves_no_temporary_file(cli, tones):
    tones.chmod(0o640)
    cli("check", "--fix", str(tones))
    assert stat.S_IMODE(tones.stat().st_mode) == 0o640
    assert os.listdir(tones.parent) == [tones.name]


def test_an_unwritable_file_exits_2_and_the_others_are_still_fixed(cli, tmp_path, monkeypatch):
    locked, other = tmp_path / "locked.txt", tmp_path / "other.txt"
    for path in (locked, other):
        path.write_text(TONES, encoding="utf-8")
    real_replace = os.replace

    def refuse_locked(source, target):  # the test runs as any user, root included
        if pathlib.Path(target).name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr("audit.atomic.os.replace", refuse_locked)
    code, out, err = cli("check", "--fix", str(locked), str(other))
    assert code == 2
    assert f"{locked}: error: cannot write the fixes: Permission denied" in err
    assert locked.read_text(encoding="utf-8") == TONES
    assert other.read_text(encoding="utf-8") != TONES
    assert sorted(os.listdir(tmp_path)) == ["locked.txt", "other.txt"]
    assert "T402" in out  # the locked file's findings are reported as they stand


def test_fix_and_diff_with_jobs_work_in_other_processes_and_write_in_this_one(cli, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for directory in (one, two):
        directory.mkdir()
        for number in range(3):
            (directory / f"lesson{number}.txt").write_text(f"第{number}课\n" + TONES, encoding="utf-8")
    assert cli("check", "--diff", "--jobs", "2", str(one)) == cli("check", "--diff", str(one))
    in_one_process = [str(part).replace(str(one), "DIR") for part in cli("check", "--fix", str(one))]
    in_two = [str(part).replace(str(two), "DIR") for part in cli("check", "--fix", "--jobs", "2", str(two))]
    assert in_two == in_one_process and "fixed 3 findings in 3 files" in in_two[2]
    for number in range(3):
        name = f"lesson{number}.txt"
        assert (two / name).read_bytes() == (one / name).read_bytes() != f"第{number}课\n{TONES}".encode()


def test_fix_and_diff_read_files_as_check_does_within_the_size_limit(cli, tones):
    for mode in ("--fix", "--diff"):
        code, out, err = cli("check", mode, "--max-file-size", "10", str(tones))
        assert code == 2 and "larger than the limit of 10 bytes" in err and "+++" not in out
    assert tones.read_text(encoding="utf-8") == TONES


def test_fix_and_diff_show_odd_file_names_as_check_does(cli, tmp_path):
    odd = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9\nlesson.txt"))
    pathlib.Path(odd).write_text(TONES, encoding="utf-8")
    shown = cli("check", odd)[1].splitlines()[0].split(":")[0]
    assert shown.endswith("caf\\xe9\\nlesson.txt")
    diff = cli("check", "--diff", odd)[1].splitlines()
    assert diff[:2] == [f"--- {shown}", f"+++ {shown}"]
    code, out, _ = cli("check", "--fix", "--format", "json", odd)
    assert json.loads(out)["documents"][0]["path"] == shown
    assert pathlib.Path(odd).read_text(encoding="utf-8") != TONES


def test_a_dataset_is_never_rewritten_and_the_message_says_what_to_fix_instead(cli, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("id,text\n1,你好(ní hǎo)\n", encoding="utf-8")
    for mode in ("--fix", "--diff"):
        code, out, err = cli("check", mode, "--column", "text", str(rows))
        assert code == 2 and "audited row by row, not fixed: fix the texts it was made from" in err
    assert rows.read_text(encoding="utf-8") == "id,text\n1,你好(ní hǎo)\n"


def test_fix_and_diff_on_a_dask_cluster_say_why_not_and_what_to_use(cli, tones):
    code, _, err = cli("check", "--fix", "--engine", "dask", str(tones))
    assert code == 2 and "a Dask cluster's workers may not see" in err and "--jobs N" in err
    assert "--fix reads the files" in err and "leave out --engine dask (--jobs N fixes" in err
    code, _, err = cli("check", "--diff", "--scheduler", "tcp://127.0.0.1:1", str(tones))
    assert code == 2 and "--diff reads the files" in err and "leave out --scheduler (--jobs N diffs" in err
    assert tones.read_text(encoding="utf-8") == TONES
    code, _, err = cli("check", "--fix", "--engine", "local", str(tones))  # --engine local is no cluster: it fixes
    assert code != 2 and tones.read_text(encoding="utf-8") != TONES
    assert "not with --fix or --diff" in " ".join(help_of("check").split())  # said before a run


def test_options_that_would_do_nothing_are_usage_errors(cli, tones):
    assert cli("check", "--diff", "--format", "json", str(tones))[0] == 2
    assert cli("check", "--unsafe-fixes", str(tones))[0] == 2


def test_explain_and_rules_say_whether_the_fix_is_safe_unsafe_or_absent(cli):
    listing = cli("rules")[1].splitlines()
    assert [line.split()[4] for line in listing if line[:4] in ("A201", "R302", "A202")] == ["safe", "-", "unsafe"]
    assert "Fix: safe" in cli("explain", "A201")[1]
    assert "Fix: unsafe" in cli("explain", "R302")[1]
    assert "Fix: none" in cli("explain", "A202")[1]


# -- formats --------------------------------------------------------------------------------


def test_json_lines_carry_the_fix_edits(cli, tones):
    code, out, err = cli("check", "--format", "json-lines", str(tones))
    sandhi = next(json.loads(line) for line in out.splitlines() if '"T402"' in line)
    assert sandhi["fix"] == {"title": "write nǐ", "applicability": "safe", "edits": [
        {"line": 2, "column": 4, "end_line": 2, "end_column": 6, "replacement": "nǐ"}]}


def test_sarif_fixes_validate_against_the_schema(cli, tmp_path):
    seed = tmp_path / "seed.txt"
    shutil.copy(SEED, seed)
    code, out, err = cli("check", "--format", "sarif", str(seed))
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))).validate(log)
    (moved, *_) = [result for result in log["runs"][0]["results"] if result["ruleId"] == "A201"]
    (change,) = moved["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 3, "startColumn": 36, "endLine": 3, "endColumn": 42},
        "insertedContent": {"text": "(shū)📖"},
    }]


def test_github_annotations_suggest_the_fixed_line(cli, tones):
    code, out, err = cli("check", "--format", "github", str(tones))
    sandhi = next(line for line in out.splitlines() if "T402" in line)
    assert sandhi.endswith("%0A%0A```suggestion%0A你好(nǐ hǎo)，很高兴认识你。%0A```")


def test_a_dataset_is_not_rewritten(cli, tmp_path):
    dataset = tmp_path / "rows.csv"
    dataset.write_text("id,text\n1,你好(ní hǎo)\n", encoding="utf-8")
    code, out, err = cli("check", "--fix", str(dataset))
    assert code == 2 and "not fixed" in err
    assert dataset.read_text(encoding="utf-8") == "id,text\n1,你好(ní hǎo)\n"
    (finding,) = cli("check", "--format", "json-lines", "--column", "text", str(dataset))[1].splitlines()
    assert json.loads(finding)["fix"] is None  # a row's text is a field, not a file to edit


def test_fix_keeps_a_space_before_the_glosses_where_it_is_the_documents_convention(tmp_path):
    # Most glosses stand after a space: the one that does not gets one (C603), the one an emoji detaches is moved
    # back after the space (A201), and the spaced glosses keep theirs; where no space is the convention, a spaced
    # gloss is detached and its space goes.
    spaced, unspaced = tmp_path / "spaced.txt", tmp_path / "unspaced.txt"
    spaced.write_text("今年 (jīn nián) 我们 (wǒ men) 去(qù) 小红书 📖 (xiǎo hóng shū)。\n", encoding="utf-8")
    unspaced.write_text("今年(jīn nián) 我们(wǒ men) 去 (qù) 北京(běi jīng)。\n", encoding="utf-8")
    completed = run("check", "--fix", str(spaced), str(unspaced))
    assert completed.returncode == 0, completed.stdout
    assert spaced.read_text(encoding="utf-8") == "今年 (jīn nián) 我们 (wǒ men) 去 (qù) 小红书 (xiǎo hóng shū)📖。\n"
    assert unspaced.read_text(encoding="utf-8") == "今年(jīn nián) 我们(wǒ men) 去(qù) 北京(běi jīng)。\n"
