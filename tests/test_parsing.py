"""What counts as a gloss, and how pinyin is read."""

from __future__ import annotations

import pathlib
import sys

import pytest
import regex

from audit.align import Alignment, Stop, Unit, align, span_of
from audit import gloss
from audit.gloss import Gloss, find_glosses, is_pinyin_text, leading_pinyin, never_pinyin
from audit import pinyin
from audit.pinyin import (INVISIBLE, LIGHT_SYLLABLE_DOTS, SEPARABLE_MARKS, Marking, marked, missing_apostrophes,
                          parse_pinyin, syllable_inventory)


def glosses(text: str) -> list[str]:
    return [gloss.written for gloss in find_glosses(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("汉字(hàn zì)", ["(hàn zì)"]),
        ("汉字（hàn zì）", ["（hàn zì）"]),
        ("汉字[hàn zì]", ["[hàn zì]"]),
        ("汉字(hànzì)", ["(hànzì)"]),
        ("西安(Xī'ān)", ["(Xī'ān)"]),
        ("北京(Běijīng)", ["(Běijīng)"]),
        ("汉字(han4 zi4)", ["(han4 zi4)"]),
        ("的(de)", ["(de)"]),
        ("绿(lv4) 女(nu:3)", ["(lv4)", "(nu:3)"]),
        ("帮忙(bāng//máng) 帮忙(bāng∥máng) 帮忙(bāng‖máng)", ["(bāng//máng)", "(bāng∥máng)", "(bāng‖máng)"]),
    ],
)
def test_glosses_are_found(text, expected):
    assert glosses(text) == expected


@pytest.mark.parametrize(
    "text",
    ["平台 Shopee (Shopee)", "平台(Shopee)", "规则(S103)", "纸张(A4)", "格式(MP3)", "第3版(v3.2)", "今年(2024)", "图片（图源）", "做 AI (AI)", "人工智能(AI)", "柠檬(lemon)", "见[链接](http://x)"],
)
def test_ordinary_brackets_are_text(text):
    assert glosses(text) == []


def test_the_shortcuts_past_the_regex_module_agree_with_it_on_every_code_point():
    """A pinyin character is a Latin letter, a combining mark, a digit, a separator or an invisible character
    pasted among them; only regex knows the Latin script.  Where the standard library decides alone, it must
    decide as regex would: every usual pinyin character is one, and no pinyin character is ruled out."""
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    pinyin_character = rf"[\p{{Latin}}\p{{Mn}}0-9 \t'’‘:\-{''.join(LIGHT_SYLLABLE_DOTS | INVISIBLE)}]"
    pinyin = set("".join(regex.findall(pinyin_character + "+", every_character)))
    usual = set("".join(gloss._USUAL_PINYIN_TEXT.findall(every_character)))
    separable_marks = set("".join(SEPARABLE_MARKS))  # pinyin text too, between syllables
    assert sorted(usual - pinyin - separable_marks) == []
    assert [char for char in sorted(pinyin) if never_pinyin(char)] == []


@pytest.mark.parametrize("content, expected", [
    ("hàn zì", True), ("ｈａｎ", True), ("ɡǔ", True), ("han 汉", False), ("hàn, zì", False),
    ("рeng", False),  # a Cyrillic р: regex decides
    ("Ⅻ", True),     # a letter number of the Latin script: regex decides
    ("", False),
])
def test_pinyin_text(content, expected):
    assert is_pinyin_text(content) is expected


@pytest.mark.parametrize("content, expected", [
    ("hàn zì 汉字", "hàn zì "), ("hàn zì", "hàn zì"), ("hànрzì", "hàn"), ("hànⅫzì，", "hànⅫzì"), ("", ""),
])
def test_an_unclosed_gloss_holds_the_pinyin_characters_it_starts_with(content, expected):
    assert leading_pinyin(content) == expected


@pytest.mark.parametrize("bracket", ["()", "（）", "[]"])
def test_a_gloss_longer_than_a_scan_is_found_whole(bracket):
    sentence = " ".join(["hǎo"] * 40)  # 159 characters, beyond the 120 read at once
    text = "好" * 40 + bracket[0] + sentence + bracket[1] + "。"
    (found,) = find_glosses(text)
    assert (found.closed, found.written, found.end, found.pinyin.ok) == (True, text[40:-1], len(text) - 1, True)


def test_a_long_gloss_left_open_ends_where_its_pinyin_ends():
    sentence = " ".join(["hǎo"] * 40)
    (found,) = find_glosses("好" * 40 + "(" + sentence + " 是" + "话" * 300)
    assert (found.closed, found.content, found.close) == (False, sentence, 40 + len(sentence))


@pytest.mark.parametrize("word", ["hanzi", "xiexie", "beijing", "han zi ", "han4zi4"])
def test_pinyin_running_past_the_longest_gloss_is_found_however_its_syllables_are_cut(word):
    """Pinyin is judged up to the longest gloss, without the syllable that cut may split.  Joined syllables have
    no space to cut at: the last character was dropped then (hanzi... read as ...hanz, no pinyin) and F508 was
    silent."""
    assert list(gloss.too_long_glosses("汉字(" + word * 500)) == [(2, 3 + len(word) * 500)]


def test_a_failed_attempt_at_pinyin_is_still_a_gloss():
    (gloss,) = find_glosses("双(shuāngg)")
    assert not gloss.pinyin.ok and gloss.pinyin.unparsed[0].written == "shuāngg"


@pytest.mark.parametrize(
    "content, readings",
    [
        ("hàn zì", [("han", 4), ("zi", 4)]),
        ("hànzì", [("han", 4), ("zi", 4)]),
        ("Xī'ān", [("xi", 1), ("an", 1)]),
        ("Xīān", [("xi", 1), ("an", 1)]),
        ("xiān", [("xian", 1)]),
        ("han4zi4", [("han", 4), ("zi", 4)]),
        ("lü4 lv4 lu:4", [("lü", 4)] * 3),
        ("zhè ge", [("zhe", 4), ("ge", 5)]),
        ("ma0", [("ma", 5)]),
        ("ha\u030cn", [("han", 3)]),
        ("hăo", [("hao", 3)]),
        ("ＨＡＯ", [("hao", 5)]),
        ("bāng∥máng", [("bang", 1), ("mang", 2)]),
        ("shuì‖jiào", [("shui", 4), ("jiao", 4)]),
        ("kàn·bu·qǐ", [("kan", 4), ("bu", 5), ("qi", 3)]),
        ("dōng‧xi dōng・xi dōng•xi", [("dong", 1), ("xi", 5)] * 3),
        ("nv3 lve4", [("nü", 3), ("lüe", 4)]),
    ],
)
def test_pinyin_readings(content, readings):
    assert [s.reading for s in parse_pinyin(content).syllables] == readings


def test_erhua_reads_two_characters():
    (alignment,) = align("等一会儿(yí huìr)", find_glosses("等一会儿(yí huìr)"))
    assert [len(unit.chars) for unit in alignment.units] == [1, 2]
    assert span_of(alignment)[0] == 1


def test_a_gloss_and_its_alignment_made_without_their_constructors_are_whole():
    """``find_glosses`` and ``align`` make their named tuples with ``tuple.__new__`` (docs/speed.md, round 21), which
    neither fills in a default nor counts the fields: they must equal what the constructors make, every field held."""
    text = "今年(jīn nián)"
    (gloss,) = find_glosses(text)
    assert gloss == Gloss(gloss.open, gloss.close, gloss.bracket, gloss.content, gloss.pinyin, gloss.closed)
    assert len(gloss) == len(Gloss._fields) and type(gloss) is Gloss
    (alignment,) = align(text, [gloss])
    assert type(alignment) is Alignment and len(alignment) == len(Alignment._fields)
    assert alignment == Alignment(gloss, tuple(Unit(s, (c,)) for s, c in zip(gloss.pinyin.syllables, (0, 1))), (), (),
                                  (), Stop.COMPLETE, 0, (0, 1), 0, text)
    assert all(type(unit) is Unit and len(unit) == len(Unit._fields) for unit in alignment.units)


def test_irregular_spellings_are_noted():
    assert parse_pinyin("ha\u030cn").irregular == ("combining diacritics",)
    assert parse_pinyin("\u0304ha\u030co").irregular == ("combining diacritics",)  # a mark on no letter
    assert parse_pinyin("ha\u030co \u0304").irregular == ("combining diacritics",)
    assert parse_pinyin("e\u0302\u0304").irregular == ("combining diacritics",)  # ê typed apart
    assert parse_pinyin("\u00ea\u0304").irregular == ()  # ê̄: no precomposed letter carries both
    assert parse_pinyin("hăo").irregular == ("breve for caron",)
    assert parse_pinyin("yín hang2").markings == {Marking.MARK, Marking.NUMBER}


@pytest.mark.parametrize(
    "base, tone, spelled", [("hao", 3, "hǎo"), ("liu", 2, "liú"), ("gui", 4, "guì"), ("lü", 4, "lǜ"), ("zhou", 1, "zhōu"), ("nüe", 4, "nüè"), ("de", 5, "de")]
)
def test_tone_mark_placement(base, tone, spelled):
    assert marked(base, tone) == spelled


def test_misplaced_mark_is_detected():
    (syllable,) = parse_pinyin("haǒ").syllables
    assert syllable.misplaced_mark and syllable.standard() == "hǎo"


def test_only_short_contents_are_remembered():
    """The kinds of contents are remembered for the glosses that recur, short ones: a run remembering 65,536
    contents of 2,000 characters held 261 MB."""
    remembered = gloss._remembered_content_kind.cache_info().currsize
    assert [g.content for g in find_glosses("好(" + "hǎo " * 400 + "hǎo)")] == ["hǎo " * 400 + "hǎo"]
    assert gloss._remembered_content_kind.cache_info().currsize == remembered


def test_missing_apostrophes_are_found_without_reading_the_letters_again_only_where_none_can_be():
    """A gloss whose syllables are each a token of its own is not cut again for apostrophes: on every gloss of the
    samples, on each syllable with each tone run into one starting with a vowel and written apart from it, and on
    glosses a separable-word mark cuts inside a syllable, what is found is what cutting the letters again finds."""
    samples = pathlib.Path(__file__).parent.parent / "samples"
    contents = {found.content for path in samples.iterdir() for found in find_glosses(path.read_text("utf-8"))}
    for syllable in syllable_inventory():
        for tone in range(1, 5):
            contents |= {marked(syllable, tone) + "ān", marked(syllable, tone) + " ān", marked(syllable, tone) + "ér"}
    contents |= {"nia//ng", "bā//ngmáng", "āō", "ē á", "huìr", "xian1an1", "ēá"}
    wanted = {content: pinyin._apostrophes_wanted(content) for content in contents}
    assert {content: missing_apostrophes(content) for content in contents} == wanted
    assert wanted["xīān"] == [2] and wanted["xī ān"] == []


@pytest.mark.parametrize("after", ["", ")", "）", "]", "\n", "(", " 好", "好(hǎo)"])
@pytest.mark.parametrize("length", [119, 120, 121, 300])
def test_brackets_left_open_past_a_scan_are_those_the_search_for_glosses_leaves_open(length, after):
    """F508 looks only at brackets whose content fills a scan with no closer after it, by a search of its own: the
    same brackets the search for glosses finds so."""
    text = "好(" + "a" * length + after + " 字(" + "hǎo " * 40 + after
    found_open = [match.start() for match in gloss._BRACKETED.finditer(text)
                  if not match.group(2) and len(match.group(1)) == gloss._SCANNED_AT_ONCE]
    assert [match.start() for match in gloss._open_past_a_scan().finditer(text)] == found_open
