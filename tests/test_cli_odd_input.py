"""Odd input through the real entry point: text wrapped inside a gloss, invisible characters inside one."""

from __future__ import annotations

import json

import pytest
from test_cli import out, run


def findings_of(path) -> list[tuple]:
    completed = run("check", "--format", "json", str(path))
    [document] = json.loads(out(completed))["documents"]
    return [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"], f["fix"] and f["fix"]["edits"])
            for f in document["findings"]]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("name", ["wrapped.txt", "wrapped.md"])
def test_a_gloss_wrapped_across_a_line_break_is_read_whole(tmp_path, line_break, name):
    """Hard-wrapped text and Markdown's soft line breaks cut a gloss in two lines: not an unclosed gloss
    misattached to its first character, with its second line unread, but one gloss, its finding and fix placed
    on the line the syllable is on."""
    wrapped = tmp_path / name
    text = f"我们去银行(yín{line_break}  xíng)取钱。{line_break}汉字(hàn{line_break}zì)好。{line_break}"
    wrapped.write_bytes(text.encode())
    assert findings_of(wrapped) == [
        ("R302", 1, 6, 2, 8, [{"line": 2, "column": 3, "end_line": 2, "end_column": 7, "replacement": "háng"}])]


def test_a_blank_line_or_text_ends_a_gloss_left_open():
    """A paragraph's end, or text after the pinyin, is no wrapped gloss: the bracket is unclosed, as before."""
    completed = run("check", "-", "--select", "F505", stdin="空行(kōng\n\nháng)\n汉字(hàn zì\n是)\n".encode())
    assert [line.split(": ")[2] for line in out(completed).splitlines()[:2]] == ["F505 unclosed-gloss"] * 2
    assert out(completed).startswith("<stdin>:1:3: error: F505 unclosed-gloss: the gloss has no closing bracket "
                                     "(write (kōng))\n<stdin>:4:3: error: F505")


def test_invisible_characters_inside_a_gloss_are_named_and_taken_out_and_columns_count_code_points(tmp_path):
    """A zero-width joiner left the bracket unread (its wrong tone unseen); a variation selector made the syllable
    no pinyin (F501, with nothing to paste).  Both are read through, reported where they are, and --fix takes
    them out; the columns after them count each as one code point."""
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("书(sh\u200dǔ)好(h\ufe0fǎo)\u200d书(shǔ)\n", encoding="utf-8")
    completed = run("check", str(pasted))
    assert out(completed).splitlines()[:4] == [
        f"{pasted}:1:2: warning: F504 nonstandard-characters: written with invisible characters "
        "(write (shǔ) with precomposed tone-marked letters)",
        rf"{pasted}:1:2: error: T401 wrong-tone: 书(sh\u200dǔ): 书 is never read shǔ (书(shū))",
        f"{pasted}:1:9: warning: F504 nonstandard-characters: written with invisible characters "
        "(write (hǎo) with precomposed tone-marked letters)",
        f"{pasted}:1:17: error: T401 wrong-tone: 书(shǔ): 书 is never read shǔ (书(shū))",
    ]
    assert run("check", "--fix", str(pasted)).returncode == 1
    assert pasted.read_text(encoding="utf-8") == "书(shǔ)好(hǎo)\u200d书(shǔ)\n"


def test_a_gloss_wrapped_onto_the_next_line_of_a_blockquote_is_read_whole(tmp_path):
    """The next line's ``>`` was text after the pinyin, so the bracket was unclosed and misattached; a quote
    nested in a quote reads the same, and the fix lands on the line the syllable is on."""
    quoted = tmp_path / "quoted.md"
    quoted.write_text("> 我们去银行(yín\n> xíng)取钱。\n>\n> > 汉字(hàn\n> > zì)好。\n", encoding="utf-8")
    assert findings_of(quoted) == [
        ("R302", 1, 8, 2, 8, [{"line": 2, "column": 3, "end_line": 2, "end_column": 7, "replacement": "háng"}])]


def test_an_invisible_character_inside_a_glossed_word_is_read_through_and_taken_out(tmp_path):
    """A zero-width space inside 银行 split the span (S102, whose fix glossed 银 and 行 apart) and hid the
    wrong reading; now the word reads whole, F504 names the character, and its fix takes it out.  Between a
    word and its gloss an invisible character still detaches it (A201); columns count it as a code point."""
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("去银\u200b行(yín xíng)。好\u200b(hǎo)\n", encoding="utf-8")
    assert out(run("check", str(pasted))).splitlines()[:3] == [
        f"{pasted}:1:5: warning: F504 nonstandard-characters: the glossed characters 银行 hold invisible "
        r"characters (\u200b) (write 银行 without them)",
        f"{pasted}:1:5: error: R302 wrong-reading-in-context: 行(xíng): 行 reads háng here: phrase 银行 and the "
        "dictionary entry 银行 agree (银行(yín háng))",
        rf"{pasted}:1:18: error: A201 detached-gloss: the gloss is separated from 好 by \u200b (好(hǎo)\u200b)",
    ]
    assert run("check", "--fix", "--unsafe-fixes", str(pasted)).returncode == 0
    assert pasted.read_text(encoding="utf-8") == "去银行(yín háng)。好(hǎo)\u200b\n"
