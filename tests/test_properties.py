"""Properties over generated inputs: any text, label file, file content or report input yields
findings placed inside the text, or a one-line error; never a traceback.

Examples are few (the suite must stay fast) but drawn from alphabets that hit the parsers' edges:
Han from every block, brackets, tone marks and digits of every kind, markup and control characters.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import audit_text
from audit.cli import main

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HAN = "银行长大了解书小红和一不个你好卡尔普陪外孙玩滑梯〇\u3400\U00020000\U0002A700\U0002EBF0\uF900\U0002F800"
PINYIN = "abcdefghijklmnopqrstuvwxyzüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĂă\u0301\u030c ':-·ＡＢ"
DIGITS = "0123456789²³①⑤٣"
MARKUP = "()（）[]<>!-/\"'=`*_~#&;\\ \t\n\r📖，。"
ALPHABET = HAN + PINYIN + DIGITS + MARKUP
texts = st.text(alphabet=ALPHABET, max_size=300)


def glossy_texts():
    """Texts made of pieces that look like glosses, markup and suppressions, so the parsers get deep."""
    piece = st.one_of(
        st.text(alphabet=HAN, min_size=1, max_size=4),
        st.builds(lambda s: f"({s})", st.text(alphabet=PINYIN + DIGITS, max_size=12)),
        st.sampled_from(["<ruby>", "<rt>", "</rt>", "</ruby>", "<rb>", "<!--", "-->", "<a ", '"', ">",
                         "<script>", "</script>", "`", "```\n", "\n\n    ", "[", "](", ")",
                         "# pinyin-audit: disable-next-line=S103\n", "<!-- pinyin-audit: disable=T4 -->",
                         "\t", "#2", "\n"]),
        texts,
    )
    return st.lists(piece, max_size=30).map("".join)


def assert_placed_inside(text: str, result) -> None:
    lines = text.split("\n")
    for finding in result.findings:
        if finding.line is None:
            continue
        assert 1 <= finding.line <= len(lines), finding
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), finding
        assert finding.end_line <= len(lines), finding
        assert finding.end_column <= len(lines[finding.end_line - 1]) + 1, finding


@pytest.mark.parametrize("path", ["any.txt", "any.md", "any.html"])
@FEW
@given(text=st.one_of(texts, glossy_texts()))
def test_any_text_gives_findings_inside_it(path, text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as files are read
    assert_placed_inside(text, audit_text(text, path=path))


labels = st.lists(
    st.tuples(
        st.text(alphabet="0123456789", min_size=6, max_size=6),
        st.text(alphabet=HAN + "#1234，。！ ", max_size=12),
        st.lists(st.text(alphabet=PINYIN[:26] + DIGITS, min_size=1, max_size=6), max_size=10),
    ),
    min_size=1, max_size=6,
).map(lambda utterances: "".join(f"{key}\t{chars}\n\t{' '.join(syllables)}\n" for key, chars, syllables in utterances))


@FEW
@given(text=labels)
def test_any_label_file_gives_findings_inside_it(text):
    assert_placed_inside(text, audit_text(text, path="labels.txt", input_format="biaobei"))


def run_quietly(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


@settings(max_examples=25, deadline=None)
@given(content=st.one_of(st.binary(max_size=400), glossy_texts().map(lambda text: text.encode("utf-8"))),
       name=st.sampled_from(["a.txt", "a.md", "a.html", "labels.txt"]))
def test_any_file_gives_an_exit_status_and_no_traceback(content, name):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, name)
        with open(path, "wb") as handle:
            handle.write(content)
        code, err = run_quietly("check", path, "--format", "json")
    assert code in (0, 1, 2)
    assert "Traceback" not in err and "internal error" not in err
    assert code != 2 or err.count("\n") == 1


@settings(max_examples=3, deadline=None)
@given(documents=st.lists(glossy_texts(), min_size=1, max_size=3))
def test_any_report_input_gives_a_report(documents):
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for number, text in enumerate(documents):
            paths.append(os.path.join(directory, "in", f"{number}.md"))
            os.makedirs(os.path.dirname(paths[-1]), exist_ok=True)
            with open(paths[-1], "w", encoding="utf-8") as handle:
                handle.write(text)
        code, err = run_quietly("report", *paths, "-o", os.path.join(directory, "site"))
        assert "Traceback" not in err and "internal error" not in err
        assert code in (0, 2)
        assert code == 2 or os.path.exists(os.path.join(directory, "site", "index.html"))
