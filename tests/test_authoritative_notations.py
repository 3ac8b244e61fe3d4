"""Word lists and speech labels written as authoritative sources write pinyin: right entries draw nothing,
and a slip among them is still caught.

The fixtures are word lists in three conventions: an HSK-style list writing 一/不 in their changed tones
throughout (一定 yídìng, 不错 búcuò, yet 统一 tǒngyī), the same words in citation tones as the PSC word
list writes them, and the marks of 现代汉语词典 (∥ for a separable word, · before a light syllable, erhua
as r, capitals and apostrophes).
"""

from __future__ import annotations

import pathlib

import pytest

from audit.align import align, span_of
from audit.engine import audit_text
from audit.finding import Severity
from audit.gloss import find_glosses
from audit.verdicts import heads_a_list_line

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
WORD_LISTS = ("wordlist-changed-tones.txt", "wordlist-citation-tones.txt", "wordlist-dictionary-notation.txt")
# AISHELL-3 writes ü as v (女 nv3, 略 lve4); other corpora write u: (旅 lu:3).
AISHELL3 = "SSB00050001.wav\t女 nv3 孩 hai2 绿 lv4 色 se4\nSSB00050002.wav\t旅 lu:3 游 you2 忽 hu1 略 lve4\n"


def word_list(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def reported(text: str, path: str = "words.txt") -> list[tuple[str, int, str]]:
    """The findings at warning or above: code, line and severity."""
    return [(f.code, f.line, f.severity.name.lower()) for f in audit_text(text, path).findings
            if f.severity >= Severity.WARNING]


@pytest.mark.parametrize("name", WORD_LISTS)
def test_a_word_list_in_its_own_convention_is_read_whole_and_draws_nothing(name):
    text = word_list(name)
    assert len(audit_text(text, "words.txt").glosses) == len(text.splitlines())
    assert reported(text) == []


def with_entry(name: str, entry: str, replacement: str) -> str:
    """The word list with one line, ``entry``, replaced."""
    lines = word_list(name).splitlines()
    lines[lines.index(entry)] = replacement
    return "\n".join(lines) + "\n"


def line_of(text: str, entry: str) -> int:
    return text.splitlines().index(entry) + 1


@pytest.mark.parametrize("name, entry, slip, code", [
    # One 一 in citation tone among changed tones, and the reverse: the list's own convention decides.
    ("wordlist-changed-tones.txt", "一共(yígòng)", "一共(yīgòng)", "C601"),
    ("wordlist-citation-tones.txt", "一定(yīdìng)", "一定(yídìng)", "C601"),
    # 一 keeps yī at a word's end and in numbers, whatever the list's convention.
    ("wordlist-changed-tones.txt", "统一(tǒngyī)", "统一(tǒngyì)", "T401"),
    ("wordlist-changed-tones.txt", "十一(shíyī)", "十一(shíyí)", "T401"),
    ("wordlist-changed-tones.txt", "帮忙(bāng//máng)", "帮忙(bāng//mán)", "R301"),
    ("wordlist-dictionary-notation.txt", "帮忙(bāng∥máng)", "帮忙(bāng∥mán)", "R301"),
    ("wordlist-dictionary-notation.txt", "睡觉(shuì‖jiào)", "睡觉(shuì‖jiǎo)", "T401"),
    ("wordlist-dictionary-notation.txt", "玩儿(wánr)", "玩儿(wànr)", "T401"),
    ("wordlist-dictionary-notation.txt", "西安(Xī'ān)", "西安(Xī'ǎn)", "T401"),
    ("wordlist-dictionary-notation.txt", "一会儿(yīhuìr)", "一会儿(yīhuīr)", "T401"),
])
def test_a_slip_in_such_a_list_is_an_error(name, entry, slip, code):
    text = with_entry(name, entry, slip)
    assert reported(text) == [(code, line_of(text, slip), "error")]


def test_the_colloquial_reading_a_dictionary_gives_a_word_is_a_warning():
    text = with_entry("wordlist-dictionary-notation.txt", "一会儿(yīhuìr)", "一会儿(yīhuǐr)")
    assert reported(text) == [("T401", line_of(text, "一会儿(yīhuǐr)"), "warning")]


def test_speech_labels_writing_u_umlaut_as_v_or_u_colon_draw_nothing():
    assert reported(AISHELL3, "content.txt") == []
    assert reported(AISHELL3.replace("lv4", "lv3"), "content.txt") == [("T401", 1, "error")]


def test_a_numbered_word_list_with_parts_of_speech_is_read_by_its_columns(cli, tmp_path):
    """Official lists print a number, the word, its pinyin and its part of speech: as TSV, the columns of the
    word and the pinyin are named by number."""
    data = tmp_path / "words.tsv"
    data.write_text("1\t爱\tài\t动\n2\t帮忙\tbāng∥máng\t动\n3\t银行\tyínxíng\t名\n", encoding="utf-8")
    code, out, _ = cli("check", str(data), "--text-column", "2", "--pinyin-column", "3")
    assert code == 1
    assert [line.split(": ")[1] for line in out.splitlines()[:-1]] == ["error"]
    assert out.splitlines()[0].startswith(f"{data}[row 3, 2|3]:2:1: error: R302")
    assert out.splitlines()[-1].startswith("3 documents, 3 glosses: 1 error")


def heads(text: str) -> list[str]:
    """The glossed words that head a list line, as the readings and the spacing rules take them."""
    return [text[slice(*span_of(alignment))] for alignment in align(text, find_glosses(text))
            if heads_a_list_line(text, alignment)]


@pytest.mark.parametrize("text, listed", [
    # A sentence written a word at a time, with no stop: 孩子长大 reads on across the spaces (子长, 长大).
    ("今天天气很好。\n孩子 (hái zi) 长 (cháng) 大 (dà) 了 (le)\n", ["了"]),
    # A word at a line's start with the rest of its sentence after a space, and a colon in a sentence.
    ("长(cháng) 大了就好\n", []),
    ("他只说了一个字：行(háng)\n", []),
    # Lists: several entries after a heading's colon, entries one a line, numbered entries with definitions, and
    # a word printed once for each reading.
    ("多音字：便宜(biànyí)　便宜(piányi)\n", ["便宜", "便宜"]),
    ("多音字：便宜(biànyí)\n朝阳(cháoyáng)\n", ["便宜", "朝阳"]),
    ("1. 便宜 (piányi) 价钱低\n2. 便宜 (biànyí) 方便\n", ["便宜", "便宜"]),
    ("好(hǎo)　好(hào)\n", ["好", "好"]),
    # Numbered entries, and entries with a part of speech after a space.
    ("1. 行(háng)\n2. 行(xíng)\n", ["行", "行"]),
    ("行(háng) 名\n行(xíng) 动\n", ["行", "行"]),
    # A heading of one word over a single entry, and a sentence's colon before a word.
    ("多音字：便宜(biànyí)\n", ["便宜"]),
    ("他说了两个字：便宜(biànyí)\n", []),
    # White space after a colon is the colon's: the word after it is asked what a word right after it is.
    ("他说了两个字： 便宜(biànyí)\n", []),
    ("多音字： 便宜(biànyí)\n", ["便宜"]),
    # Entries parted by 、 make up their line; a sentence enumerating with 、 says more.
    ("东西(dōngxī)、东西(dōngxi)\n", ["东西", "东西"]),
    ("多音字：东西(dōngxī)、东西(dōngxi)、便宜(piányi)\n", ["东西", "东西", "便宜"]),
    ("1. 便宜(biànyí)；便宜(piányi)\n", ["便宜", "便宜"]),
    ("我买了苹果(píngguǒ)、香蕉(xiāngjiāo)。\n", []),
    ("苹果(píngguǒ)、香蕉(xiāngjiāo)都很好吃\n", []),
    # A table's cells, with or without white space inside the bars.
    ("| 便宜(biànyí) | 方便 |\n| 便宜(piányi) | 价钱低 |\n", ["便宜", "便宜"]),
    ("|行(háng)|行业|\n", ["行"]),
])
def test_a_list_line_shows_itself_by_the_list_around_it_and_a_sentence_does_not(text, listed):
    assert heads(text) == listed


@pytest.mark.parametrize("text", [
    "多音字：便宜(biànyí)\n",
    "东西(dōngxī)、东西(dōngxi)\n",
    "| 词语 | 意思 |\n|---|---|\n| 便宜(biànyí) | 方便 |\n| 便宜(piányi) | 价钱低 |\n",
])
def test_the_layouts_careful_lists_use_draw_nothing(text):
    assert reported(text) == []
