"""Inputs: encodings, decoding errors, standard input, directory walks, format detection."""

from __future__ import annotations

import os
import pickle
from array import array

import pytest

from audit import files
from audit.document import Position
from audit.inputs import Task, iter_tasks, load, path_named_by, prepare

TEXT = "书(shǔ)\n"  # T401 whatever the encoding


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------
# Encodings


def test_utf8_with_and_without_a_bom(here, cli):
    (here / "plain.txt").write_bytes(TEXT.encode("utf-8"))
    (here / "bom.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    code, out, _ = cli("check", "plain.txt", "bom.txt")
    assert code == 1
    assert "plain.txt:1:2: error: T401" in out and "bom.txt:1:2: error: T401" in out  # the BOM takes no column


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_other_encodings_with_the_option(here, cli, encoding):
    text = "書(shu3)\n" if encoding == "big5" else "书(shǔ)\n"  # Big5 has traditional characters, no tone marks
    (here / "doc.txt").write_bytes(text.encode(encoding))
    code, _, err = cli("check", "doc.txt")
    assert code == 2 and "not valid utf-8 at byte offset 0 (line 1)" in err
    code, out, err = cli("check", "doc.txt", "--encoding", encoding)
    assert code == 1 and err == ""
    assert "doc.txt:1:2: error: T401" in out


@pytest.mark.parametrize("encoding", ["gb18030", "latin-1", "utf-16", "utf-16-le", "utf-32"])
def test_a_utf8_byte_order_mark_read_as_another_encoding_is_refused_with_the_encoding_that_reads_it(here, cli,
                                                                                                  encoding):
    """--encoding gb18030 on a UTF-8 file with a BOM advised "use --encoding for other encodings (e.g.
    gb18030, big5)", the one given; latin-1, which decodes any byte, audited the file as mojibake, and so did
    utf-16 (utf-32 said its bytes were not valid, not what would read them)."""
    (here / "bom.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    code, _, err = cli("check", "bom.txt", "--encoding", encoding)
    assert (code, err) == (2, f"bom.txt: error: not valid {encoding} at byte offset 0 (line 1): "
                              "b'\\xef\\xbb\\xbf', a UTF-8 byte-order mark; use --encoding utf-8 (the default)\n")


def test_a_decoding_error_names_the_byte_offset_and_line(here, cli):
    (here / "broken.txt").write_bytes("好(hǎo)\n第二行".encode("utf-8") + b"\xff\xfe" + "。\n".encode("utf-8"))
    (here / "fine.txt").write_text("好(hǎo)\n", encoding="utf-8")
    code, out, err = cli("check", "broken.txt", "fine.txt")
    assert code == 2
    offset = len("好(hǎo)\n第二行".encode("utf-8"))
    assert err == (f"broken.txt: error: not valid utf-8 at byte offset {offset} (line 2): b'\\xff\\xfe\\xe3\\x80'; "
                   "use --encoding for other encodings (e.g. gb18030, big5)\n")
    assert "fine.txt: 1 gloss" in out  # the other file is still audited


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
def test_a_file_cut_inside_its_last_character_is_said_to_be_cut_short(here, cli, encoding):
    """A file split at a byte count ends inside a character: another encoding would read it no better."""
    whole = "好(hǎo)\n银行".encode(encoding)
    (here / "cut.txt").write_bytes(whole[:-1])
    code, _, err = cli("check", "cut.txt", "--encoding", encoding)
    offset = len("好(hǎo)\n银".encode(encoding))
    assert code == 2 and err.startswith(f"cut.txt: error: not valid {encoding} at byte offset {offset} (line 2): ")
    assert err.endswith("; the file ends inside a character: was it cut short?\n")


def test_an_unknown_encoding_is_a_usage_error(here, cli):
    (here / "doc.txt").write_text(TEXT, encoding="utf-8")
    code, out, err = cli("check", "doc.txt", "--encoding", "martian")
    assert code == 2 and out == "" and "encoding: unknown encoding 'martian'" in err


@pytest.mark.parametrize("codec", ["rot13", "hex", "base64", "zlib"])
def test_a_codec_that_is_no_encoding_of_text_is_a_usage_error(here, cli, codec):
    """Python knows these by the same name as encodings, but they turn text into text or bytes into bytes."""
    (here / "doc.txt").write_text(TEXT, encoding="utf-8")
    code, out, err = cli("check", "doc.txt", "--encoding", codec)
    assert (code, out) == (2, "")
    assert err == f"pinyin-audit: error: command line: encoding: {codec!r} is not an encoding of text " \
                  "(such as gb18030 or big5)\n"


def test_a_binary_file_is_an_input_error(here, cli):
    (here / "odd.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = cli("check", "odd.txt")
    assert code == 2 and "binary file (contains NUL bytes)" in err


@pytest.mark.parametrize("content", [b"", b"  \n\n"], ids=["empty", "blank"])
def test_an_empty_file_is_a_document_without_glosses(here, cli, content):
    (here / "__init__.txt").write_bytes(content)
    code, out, err = cli("check", "__init__.txt")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "__init__.txt: 0 glosses, 0 errors, 0 warnings, 0 info"


def test_a_missing_file(here, cli):
    code, _, err = cli("check", "nowhere.txt")
    assert code == 2 and "nowhere.txt: error: no such file or directory" in err


# --------------------------------------------------------------------------
# Standard input


def test_standard_input(here, cli, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8"))))
    code, out, _ = cli("check", "-")
    assert code == 1 and out.startswith("<stdin>:1:2: error: T401")


def test_standard_input_of_no_known_size_is_read_a_block_at_a_time_not_a_byte_first(here, cli, monkeypatch):
    """A pipe says no size: a short input is one read of a block (it was a read of one byte, then the rest)."""
    import io
    import sys

    asked = []

    class Pipe(io.BytesIO):
        def read(self, size=-1):
            asked.append(size)
            return super().read(size)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Pipe(TEXT.encode("utf-8"))))
    code, out, _ = cli("check", "-")
    assert code == 1 and out.startswith("<stdin>:1:2: error: T401")
    assert len(asked) == 1 and asked[0] > len(TEXT.encode("utf-8"))


def test_standard_input_in_another_format(here, cli, monkeypatch):
    import io
    import sys

    html = "<p><ruby>书<rt>shǔ</rt></ruby></p>\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html.encode("utf-8"))))
    code, out, _ = cli("check", "-", "--input-format", "html")
    assert code == 1 and out.startswith("<stdin>:1:11: error: T401")


# --------------------------------------------------------------------------
# Directories


def make_tree(root) -> None:
    for relative in ("a.txt", "b.md", "c.html", "skip.py", "sub/d.txt", "sub/deeper/e.md",
                     "vendor/f.txt", ".hidden/g.txt", "notes.rst"):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("好(hǎo)\n", encoding="utf-8")


def test_directories_are_walked_recursively_in_order(here):
    make_tree(here)
    paths = [task.path for task in iter_tasks(["."])]
    assert paths == ["a.txt", "b.md", "c.html", "sub/d.txt", "sub/deeper/e.md", "vendor/f.txt"]


def test_include_and_exclude_globs(here):
    make_tree(here)
    assert [t.path for t in iter_tasks(["."], include=("*.md", "*.rst"))] == ["b.md", "notes.rst", "sub/deeper/e.md"]
    assert [t.path for t in iter_tasks(["."], exclude=("vendor", "sub/deeper/*", "*.html"))] == [
        "a.txt", "b.md", "sub/d.txt",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_file_reached_through_a_link_is_listed_once_when_asked_and_the_name_left_out_is_told(here):
    make_tree(here)
    os.symlink("a.txt", "today.txt")
    assert [t.path for t in iter_tasks(["today.txt", "a.txt", "./a.txt"])] == ["today.txt", "a.txt"]  # two names
    told: list = []
    listed = list(iter_tasks(["today.txt", "a.txt", "./a.txt"], other_names=told))
    assert [t.path for t in listed] == ["today.txt"]
    assert [(task.path, first) for task, first in told] == [("a.txt", "today.txt")]  # ./a.txt: a.txt again


def test_include_and_exclude_on_the_command_line(here, cli):
    make_tree(here)
    _, out, _ = cli("check", ".", "--include", "*.txt", "--exclude", "vendor")
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["a.txt", "sub/d.txt"]


def test_an_absolute_include_or_exclude_names_what_it_names_under_each_directory_walked(here, cli):
    """As a script computes them ("$PWD/vendor"): not a pattern that silently matches nothing."""
    make_tree(here)
    _, out, _ = cli("check", ".", "--exclude", str(here / "vendor"), "--exclude", str(here / "sub" / "d.txt"))
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["a.txt", "b.md", "c.html", "sub/deeper/e.md"]
    _, out, _ = cli("check", "sub", "--include", str(here / "sub" / "*" / "*.md"))
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["sub/deeper/e.md"]
    code, _, err = cli("check", "sub", "--include", str(here / "vendor" / "*.txt"))  # outside it: names nothing
    assert code == 2 and "no documents to audit in sub" in err


def test_a_file_named_explicitly_is_read_whatever_its_extension(here, cli):
    make_tree(here)
    code, out, _ = cli("check", "skip.py")
    assert code == 0 and "skip.py: 1 gloss" in out


# --------------------------------------------------------------------------
# Formats


@pytest.mark.parametrize("name, text, expected", [
    ("a.md", "好(hǎo)", "markdown"),
    ("a.markdown", "好(hǎo)", "markdown"),
    ("a.HTML", "好(hǎo)", "html"),
    ("a.htm", "好(hǎo)", "html"),
    ("a.txt", "好(hǎo)", "text"),
    ("a.txt", "000001\t好#4。\n\thao3\n", "biaobei"),
    ("content.txt", "SSB0001.wav\t好 hao3\n", "aishell3"),
    (None, "SSB0001.wav\t好 hao3\n", "aishell3"),
])
def test_formats_are_chosen_by_extension_then_content(name, text, expected):
    assert prepare(text, name).format == expected


def test_a_chosen_format_wins():
    assert prepare("好(hǎo)", "a.md", "text").format == "text"
    assert prepare("<b>好</b>(hǎo)", "a.txt", "html").document.text == "好(hǎo)"


def test_subtitles_without_tags_are_read_as_plain_text_with_no_offset_kept_for_each_character():
    """Every cue was copied a character at a time with its offset in the file, though none moved: about 60
    bytes a character more than the same text as plain text."""
    cues = "# pinyin-audit: disable-next-line=T401\n1\n00:00:01,000 --> 00:00:02,000\n书(shǔ)，你好(ní hǎo)\n"
    subtitles, plain = prepare(cues, "lesson.srt"), prepare(cues, "lesson.srt", "text")
    assert subtitles.format == "subtitles" and subtitles.document.source_offsets is None
    assert (subtitles.document, subtitles.comments) == (plain.document, plain.comments)
    tagged = prepare(cues.replace("你好", "<i>你好</i>"), "lesson.srt").document
    assert tagged.text == plain.document.text and tagged.position(tagged.text.index("(ní")) == Position(4, 17)


@pytest.mark.parametrize("name, text", [
    ("lesson.md", "# 课文\n\n**银行**(yín háng)，[你好](./a.md)(nǐ hǎo)\n"),
    ("lesson.html", "<p><b>银行</b>(yín háng)，<ruby>好<rt>hǎo</rt></ruby></p>\n"),
    ("labels.txt", "000001\t银行#1你好#4。\n\tyin2 hang2 ni3 hao3\n"),
])
def test_readers_that_leave_markup_out_keep_each_offset_in_the_file_as_an_8_byte_number(name, text):
    """Markdown, HTML and label files were copied a character at a time into lists, each character and each
    offset an object of its own: about 60 bytes a character, where the memory estimate counts 16."""
    document = prepare(text, name).document
    assert isinstance(document.source_offsets, array) and document.source_offsets.itemsize == 8
    assert len(document.source_offsets) == len(document.text)
    first_gloss = document.position(document.text.index("("))
    assert first_gloss == {"lesson.md": Position(3, 7), "lesson.html": Position(1, 13), "labels.txt": Position(2, 2)}[name]


@pytest.mark.parametrize("name, cue", [
    ("lesson.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i>银行</i>(yín xíng)，{\\an8}<font color=\"red\">你好</font>(nǐ hǎo)\n"),
    ("lesson.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.hl>银行</c>(yín xíng)，<v 老师><00:01.500>你好</v>(nǐ hǎo)\n"),
])
def test_subtitle_tags_between_a_word_and_its_gloss_are_read_through(here, cli, name, cue):
    """SubRip's and WebVTT's tags and SubRip's {\\an8} were text, so a gloss after a closing tag had nothing
    to read (A203), and the reading of the word in it went unjudged."""
    (here / name).write_text(cue, encoding="utf-8")
    code, out, _ = cli("check", name)
    line = cue.count("\n")  # the cue is the last line
    column = cue.splitlines()[-1].index("(yín") + 1
    assert (code, [finding.split(": ")[:3] for finding in out.splitlines()[:-2]]) == (
        1, [[f"{name}:{line}:{column}", "error", "R302 wrong-reading-in-context"]])


def test_a_webvtt_note_is_a_comment_not_text(here, cli):
    """A NOTE block, which no viewer sees, was audited as cue text."""
    (here / "lesson.vtt").write_text("WEBVTT\n\nNOTE 银行(yín xíng) is said háng\nhere\n\n00:01.000 --> 00:02.000\n"
                                     "你好(ní hǎo)\n\nNOTEBOOK\n", encoding="utf-8")
    code, out, _ = cli("check", "lesson.vtt")
    assert (code, [line.split(": ")[0] for line in out.splitlines()[:-2]]) == (1, ["lesson.vtt:7:3"])


def test_load_reads_decodes_and_prepares(here):
    (here / "a.md").write_text("`书(shǔ)` 好(hǎo)\n", encoding="utf-8")
    item = load(Task("a.md"))
    assert item.format == "markdown" and item.document.text == " 好(hǎo)\n"
    assert item.document.position(1) == (1, 10)
    assert load(Task("-", b"\xff")).message.startswith("not valid utf-8 at byte offset 0")


@pytest.mark.parametrize(("pattern", "relative", "named"), [
    ("legacy/", "legacy/old/a.txt", True),
    ("vendor", "sub/vendor/a.txt", True),  # a directory by its name, at any depth, as exclude prunes it
    ("./legacy/*", "legacy/a.txt", True),
    ("*.md", "sub/a.md", True),
    ("./doc.txt", "sub/doc.txt", False),  # ``./`` is the configuration's directory, not any directory
    ("legacy/", "legacy.txt", False),
])
def test_a_pattern_names_a_file_or_a_directory_it_is_in(pattern, relative, named):
    assert path_named_by((pattern,), relative) is named


@pytest.mark.parametrize("problem", [files.unreadable(PermissionError(13, "Permission denied")),
                                     files.FileProblem("is a directory")], ids=["unreadable", "other"])
def test_a_file_problem_comes_back_whole_from_a_pickle_round_trip(problem):
    """As it comes back from another process: the same message, and the same reason for one naming the file."""
    again = pickle.loads(pickle.dumps(problem))
    assert (str(again), again.reading("lexicon words.txt")) == (str(problem), problem.reading("lexicon words.txt"))


def test_standard_input_that_cannot_be_read_says_so_as_a_file_does(monkeypatch):
    class Unreadable:
        def read(self, size=-1):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": Unreadable()})())
    (task,) = iter_tasks(["-"], ("*.txt",), (), None, files.DEFAULT_MAX_BYTES)
    assert task.problem == "cannot read: Input/output error"


def test_a_dataset_that_cannot_be_opened_is_worded_as_any_file_is(tmp_path):
    from audit.rows import _text_lines

    gone = str(tmp_path / "gone.csv")
    assert list(_text_lines(gone, "utf-8")) == [(gone, "cannot read: No such file or directory")]


def test_a_dataset_in_an_unknown_encoding_says_the_encoding_is_unknown_and_names_it(tmp_path):
    # The command refuses such an encoding before reading anything; this is the reader's own word for it.
    from audit.rows import _text_lines

    table = tmp_path / "table.csv"
    table.write_text("text\n", encoding="utf-8")
    assert list(_text_lines(str(table), "martian")) == [(str(table), "unknown encoding 'martian'")]
