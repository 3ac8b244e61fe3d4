"""Markdown and HTML: what is audited, and positions in the original file."""

from __future__ import annotations

import pytest

from audit.engine import audit_text
from audit.markup import read_html, read_markdown


def extracted_markdown(text: str) -> str:
    return read_markdown(text, "a.md")[0].text


def extracted_html(text: str) -> str:
    return read_html(text, "a.html")[0].text


def located(text: str, path: str) -> list[tuple[str, int, int, int, int]]:
    result = audit_text(text, path)
    return [(f.code, f.line, f.column, f.end_line, f.end_column) for f in result.findings]


# --------------------------------------------------------------------------
# Markdown


def test_fenced_and_indented_code_blocks_are_skipped():
    text = "前(qián)\n\n```python\n书(shǔ)\n```\n\n~~~~\n书(shǔ)\n~~~~\n\n    书(shǔ)\n\n后(hòu)\n"
    assert "书" not in extracted_markdown(text)
    assert located(text, "a.md") == []


def test_an_unclosed_fence_runs_to_the_end():
    assert "书" not in extracted_markdown("好(hǎo)\n```\n书(shǔ)\n")


def test_indented_lines_inside_a_paragraph_are_prose():
    assert "书(shǔ)" in extracted_markdown("第一行\n    书(shǔ)\n")


def test_inline_code_links_images_and_emphasis():
    text = "用`书(shǔ)`。[北京](https://example.com/a(b))(běi jīng) ![图](p.png) **今年**(jīn nián) _好_(hǎo)"
    assert extracted_markdown(text) == "用。北京(běi jīng)  今年(jīn nián) 好(hǎo)"


def test_a_link_or_image_inside_an_unclosed_bracket_is_the_inner_one_as_in_commonmark():
    """Its text runs from the bracket nearest it: one left open before it stays text (and text full of open
    brackets is read in linear time, benchmarks/markup_scaling.py)."""
    assert extracted_markdown("[见 [北京](https://example.com)(běi jīng)") == "[见 北京(běi jīng)"
    assert extracted_markdown("![图 ![猫](c.png)猫(māo)") == "![图 猫(māo)"


def test_link_destinations_in_angle_brackets_and_titles_in_any_quotes_are_not_prose():
    """CommonMark's other forms of a link: a destination in <> (it may hold spaces), a title in '' or ()."""
    assert extracted_markdown("见[课文](<./课文 银行(yín xíng).md>)。") == "见课文。"
    assert extracted_markdown("见[课文](./a.md '你好(ní hǎo)')。") == "见课文。"
    assert extracted_markdown("见[课文](./a.md (书名))。") == "见课文。"
    assert extracted_markdown("见[课文]( ./a.md \"你好(ní hǎo)\" )。![图](<a b.png> '好(hǎo)')") == "见课文。"


def test_link_reference_definitions_are_not_prose():
    text = "见[课文][ref]。\n\n[ref]: <./银行 (yín xíng).md> '你好(ní hǎo)'\n   [图]: ./银行(yín_xíng).png\n"
    assert "银行" not in extracted_markdown(text)
    assert "你好" not in extracted_markdown(text)
    assert extracted_markdown("[注]: 这本书(zhè běn shū) 很好\n") == "[注]: 这本书(zhè běn shū) 很好\n"  # no title
    assert extracted_markdown("[^1]: 银行(yínháng)\n") == "[^1]: 银行(yínháng)\n"  # a footnote, as GitHub writes it


def test_fixing_markdown_leaves_link_targets_as_written(cli, tmp_path):
    document = tmp_path / "lesson.md"
    document.write_text("见[课文](<./银行 (yín xíng).md>)。\n\n[ref]: <./你好 (ní hǎo).md>\n", encoding="utf-8")
    code, out, err = cli("check", "--diff", str(document))
    assert (code, out) == (0, "")


def test_escapes_and_entities():
    assert extracted_markdown(r"\*书\*(shū) &amp; a_b") == "*书*(shū) & a_b"


def test_markdown_positions_point_into_the_original():
    text = "# 标题\n\n> 引用：**书**(shǔ)\n"
    assert located(text, "a.md") == [("T401", 3, 11, 3, 16)]


# --------------------------------------------------------------------------
# HTML


def test_tags_attributes_scripts_and_styles_are_skipped():
    text = '<p title="书(shǔ)">好(hǎo)</p><script>var a = "书(shǔ)";</script><style>p{}</style><pre>书(shǔ)</pre>'
    assert extracted_html(text) == "好(hǎo)\n"


def test_block_tags_separate_inline_tags_do_not():
    assert extracted_html("<td>小红</td><td>书</td>") == "小红\n书\n"
    assert extracted_html("<b>小红书</b>(xiǎo hóng shū)") == "小红书(xiǎo hóng shū)"


def test_entities_are_decoded_at_their_place():
    document, _ = read_html("<p>&lt;书&gt;(shǔ)</p>", "a.html")
    assert document.text == "<书>(shǔ)\n"
    assert document.position(1).column == 8


@pytest.mark.parametrize("ruby, expected", [
    ("<ruby>汉<rt>hàn</rt></ruby>", "汉(hàn)"),
    ("<ruby>汉字<rt>hàn zì</rt></ruby>", "汉字(hàn zì)"),
    ("<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp>字<rp>(</rp><rt>zì</rt><rp>)</rp></ruby>", "汉(hàn)字(zì)"),
    ("<ruby><rb>汉</rb><rb>字</rb><rt>hàn</rt><rt>zì</rt></ruby>", "汉(hàn)字(zì)"),
    ("<ruby>汉<rt>hàn<rt>zì</ruby>", "汉(hàn)(zì)"),
    ("<RUBY> 汉 <RT> hàn </RT></RUBY>", "汉(hàn)"),
    ("<ruby><b>汉</b>字<rt>hàn zì</rt></ruby>", "汉字(hàn zì)"),
    ("<ruby>汉字</ruby>", "汉字"),
])
def test_ruby_becomes_the_gloss_form(ruby, expected):
    assert extracted_html(ruby) == expected


def test_a_ruby_finding_points_at_the_rt_tag():
    text = "<p>我们<ruby>银行<rt>yín xíng</rt></ruby>。</p>\n"
    [finding] = audit_text(text, "a.html").findings
    assert finding.code == "R302"
    assert (finding.line, finding.column) == (1, 14)
    assert text[13:17] == "<rt>"
    assert finding.span == "银行" and finding.gloss == "(yín xíng)"


def test_ruby_in_markdown_too():
    text = "课文：<ruby>书<rt>shǔ</rt></ruby>\n"
    assert located(text, "a.md") == [("T401", 1, 11, 1, 30)]


def test_comments_are_collected_for_suppressions():
    _, comments = read_markdown("a <!-- one --> b\n<!--\ntwo\n-->\n", "a.md")
    assert [comment.text for comment in comments] == [" one ", "\ntwo\n"]
