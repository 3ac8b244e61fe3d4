"""Datasets: JSON Lines, CSV, TSV and Parquet rows, pandas frames, and the Dask engine."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import signal
import subprocess
import sys

import pandas as pd
import pytest

import audit
import audit.parallel
from audit.frame import FINDING_COLUMNS

# Real-looking rows: two wrong readings, a wrong tone, and clean ones.
ROWS = [
    {"id": "u1", "text": "我们去银行(yín xíng)取钱。"},
    {"id": "u2", "text": "今年(jīn nián)很好。"},
    {"id": "u3", "text": "你好(nǐ hǎo)，这本书(shǔ)很长。"},
    {"id": "u4", "text": "他长大(cháng dà)了。"},
    {"id": "u5", "text": "没有注音的句子。"},
]
LABELS = [
    {"id": "b1", "chars": "卡尔普陪外孙玩滑梯。", "pinyin": "ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1"},
    {"id": "b2", "chars": "我去银行", "pinyin": "wo3 qu4 yin2 xing2"},
]


def write_jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def write_parquet(path, records, row_group_size=2) -> str:
    pd.DataFrame(records).to_parquet(path, row_group_size=row_group_size)
    return str(path)


def check_json(cli, *argv) -> tuple[int, list[dict], str]:
    code, out, err = cli("check", "--format", "json", *argv)
    return code, json.loads(out)["documents"], err


def findings_by_row(documents) -> list[tuple]:
    """What each row's findings say and where, whatever file the rows came from."""
    return [(d["row"]["number"], d["row"]["id"], f["code"], f["line"], f["column"], f["message"])
            for d in documents for f in d["findings"]]


# --------------------------------------------------------------------------
# Row inputs through the command


def test_each_row_is_audited_on_its_own_and_findings_name_file_row_id_and_field(cli, tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    code, out, err = cli("check", data, "--column", "text", "--id-column", "id")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"{data}[row 1, id u1, text]:1:6: error: R302 wrong-reading-in-context")
    assert any(line.startswith(f"{data}[row 3, id u3, text]:1:15: error: T401") for line in lines)
    assert lines[-1] == "5 documents, 5 glosses: 3 errors, 0 warnings, 0 info"


def test_rows_are_numbered_without_an_id_column_and_json_says_where_each_row_is(cli, tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    code, documents, _ = check_json(cli, data, "--column", "text")
    assert [d["path"] for d in documents][:2] == [f"{data}[row 1, text]", f"{data}[row 2, text]"]
    assert documents[0]["row"] == {"file": data, "number": 1, "id": None, "fields": ["text"]}


def test_label_layout_reads_characters_and_syllables_from_two_columns(cli, tmp_path):
    data = tmp_path / "labels.tsv"
    data.write_text("id\tchars\tpinyin\n" + "".join(f"{r['id']}\t{r['chars']}\t{r['pinyin']}\n" for r in LABELS),
                    encoding="utf-8")
    code, out, _ = cli("check", str(data), "--text-column", "chars", "--pinyin-column", "pinyin", "--id-column", "id")
    # The spoken sandhi of row 1 is right; 行 in 银行 is xing2 in row 2: line 2 is the syllables' field,
    # where the gloss of the run 我去银行 starts.
    assert code == 1
    assert out.splitlines()[0].startswith(f"{data}[row 2, id b2, chars|pinyin]:2:1: error: R302")
    assert out.splitlines()[-1].startswith("2 documents")


def check_word_list(cli, tmp_path, words: str, *options) -> tuple[str, int, list[str]]:
    """A headerless word list (characters, then pinyin) checked with its columns named by number:
    its path, the exit status and the lines of the text report."""
    data = tmp_path / "words.tsv"
    data.write_text(words, encoding="utf-8")
    code, out, _ = cli("check", str(data), "--text-column", "1", "--pinyin-column", "2", *options)
    return str(data), code, out.splitlines()


def test_a_word_list_without_a_header_row_is_read_by_column_numbers(cli, tmp_path):
    data, code, lines = check_word_list(cli, tmp_path, "帮忙\tbāng//máng\n银行\tyínxíng\n他们\ttā·men\n一点儿\tyīdiǎnr\n",
                                        "--label-profile", "dictionary")
    # Joined syllables read a word each; only the wrong reading of row 2 is reported, the first row read as data.
    assert code == 1
    assert lines[0].startswith(f"{data}[row 2, 1|2]:2:1: error: R302 wrong-reading-in-context: 行(xíng)")
    assert lines[-1].startswith("4 documents, 4 glosses: 1 error, 0 warnings")


def test_a_lone_slash_between_syllables_is_no_separable_mark(cli, tmp_path):
    """Only ``//`` parts a separable word (bāng//máng): yín/háng is not read as two syllables."""
    data, code, lines = check_word_list(cli, tmp_path, "帮忙\tbāng//máng\n银行\tyín/háng\n")
    assert code == 1
    assert lines[0].startswith(f"{data}[row 2, 1|2]:1:1: error: L701 label-mismatch: 银行: 2 characters but 1 syllable")
    assert lines[-1].startswith("2 documents, 1 gloss: 1 error")


def test_columns_are_named_all_by_number_or_all_by_name(cli, tmp_path):
    data = tmp_path / "words.tsv"
    data.write_text("word\tpinyin\n银行\tyín háng\n", encoding="utf-8")
    code, _, err = cli("check", str(data), "--text-column", "word", "--pinyin-column", "2")
    assert (code, err) == (2, f"{data}: error: no column '2' (columns: word, pinyin): "
                              "name every column by number, or every one by name\n")
    code, _, err = cli("check", str(data))
    assert code == 2 and "without a header row, name columns by number (--text-column 1 --pinyin-column 2)" in err


def test_csv_rows_quoted_with_line_breaks(cli, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text('id,text\nu1,"第一行\n银行(yín xíng)"\nu2,今年(jīn nián)\n', encoding="utf-8")
    code, documents, _ = check_json(cli, str(data), "--column", "text", "--id-column", "id")
    assert findings_by_row(documents)[0][:5] == (1, "u1", "R302", 2, 3)  # line 2 of the field, column 3
    assert [d["row"]["id"] for d in documents] == ["u1", "u2"]


def test_parquet_is_read_in_row_groups_with_the_same_findings_as_json_lines(cli, tmp_path):
    jsonl = write_jsonl(tmp_path / "data.jsonl", ROWS)
    parquet = write_parquet(tmp_path / "data.parquet", ROWS, row_group_size=2)
    _, from_jsonl, _ = check_json(cli, jsonl, "--column", "text", "--id-column", "id")
    _, from_parquet, _ = check_json(cli, parquet, "--column", "text", "--id-column", "id")
    assert findings_by_row(from_parquet) == findings_by_row(from_jsonl)
    assert len(findings_by_row(from_jsonl)) == 3


def test_the_input_format_option_overrides_the_extension(cli, tmp_path):
    data = write_jsonl(tmp_path / "rows.txt", ROWS[:1])
    code, out, _ = cli("check", data, "--input-format", "jsonl", "--column", "text")
    assert f"{data}[row 1, text]:1:6: error: R302" in out


def test_two_processes_give_the_same_output_as_one(cli, tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", ROWS * 3)
    one = cli("check", data, "--column", "text", "--id-column", "id")
    two = cli("check", data, "--column", "text", "--id-column", "id", "--jobs", "2")
    assert two == one


# --------------------------------------------------------------------------
# Bad input: said with file and row, the other rows audited, exit 2


def test_bad_rows_are_reported_with_file_and_row_and_the_others_still_audited(cli, tmp_path):
    data = tmp_path / "data.jsonl"
    data.write_text('{"id": "u1", "text": "银行(yín xíng)"}\n'
                    'not json\n'
                    '{"id": "u3", "text": 5}\n'
                    '{"id": "u4", "txt": "今年(jīn nián)"}\n'
                    '["a list"]\n'
                    '{"id": "u6", "text": "书(shǔ)"}\n', encoding="utf-8")
    code, out, err = cli("check", str(data), "--column", "text", "--id-column", "id")
    assert code == 2
    assert err.splitlines() == [
        f"{data}[row 2, text]: error: not valid JSON: Expecting value at column 1",
        f"{data}[row 3, id u3, text]: error: column 'text' holds '5' (int), not text",
        f"{data}[row 4, id u4, text]: error: no column 'text' (columns: id, txt)",
        f"{data}[row 5, text]: error: expected a JSON object, found \"['a list']\" (list)",
    ]
    assert f"{data}[row 1, id u1, text]:1:3: error: R302" in out and f"{data}[row 6, id u6, text]:1:2: error: T401" in out


def test_a_json_line_nested_too_deeply_to_read_is_a_row_not_read_and_the_others_are(cli, tmp_path):
    """Python's JSON reader recurses: 100,000 nested objects stopped the run with an internal error (exit 3)."""
    data = tmp_path / "data.jsonl"
    data.write_text('{"text": "书(shǔ)"}\n' + '{"a":' * 100_000 + "1" + "}" * 100_000 + '\n{"text": "书(shǔ)"}\n',
                    encoding="utf-8")
    code, out, err = cli("check", str(data), "--column", "text")
    assert code == 2 and out.count(": error: T401 wrong-tone") == 2
    assert err == f"{data}[row 2, text]: error: not readable: its JSON nests objects or arrays too deeply\n"


def test_a_json_line_nested_just_shallowly_enough_to_read_is_a_row_whose_columns_are_listed(cli, tmp_path):
    """Read, a line nested some 980 deep was listed by a function that recursed as deep, past Python's limit:
    the run stopped with an internal error (exit 3).  Each depth up to where reading stops, so that one of them
    falls between the two limits wherever the stack stands."""
    data = tmp_path / "data.jsonl"
    data.write_text('{"text": "书(shǔ)"}\n' + "".join('{"a":' * depth + "1" + "}" * depth + "\n"
                                                    for depth in range(850, 1000, 2)), encoding="utf-8")
    code, _, err = cli("check", str(data), "--column", "text")
    assert (code, [line for line in err.splitlines() if ": error: " not in line]) == (2, [])
    problems = {line.split(": error: ")[1].split(" (")[0] for line in err.splitlines()}
    assert problems == {"no column 'text'", "not readable: its JSON nests objects or arrays too deeply"}


def test_a_csv_row_with_the_wrong_number_of_fields(cli, tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("id,text\nu1,书(shǔ)\nu2,a,b\nu3,银行(yín xíng)\n", encoding="utf-8")
    code, out, err = cli("check", str(data), "--column", "text", "--id-column", "id")
    assert code == 2
    assert err == f"{data}[row 2, text]: error: 3 fields where the header has 2\n"
    assert "[row 1, id u1, text]:1:2: error: T401" in out and "[row 3, id u3, text]:1:3: error: R302" in out


@pytest.mark.parametrize("name", ["data.csv", "data.parquet"])
def test_a_missing_column_lists_the_columns_there_are(cli, tmp_path, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("id,sentence\nu1,书(shǔ)\n", encoding="utf-8")
    else:
        write_parquet(path, [{"id": "u1", "sentence": "书(shǔ)"}])
    code, _, err = cli("check", str(path), "--column", "text")
    assert (code, err) == (2, f"{path}: error: no column 'text' (columns: id, sentence)\n")


def test_a_missing_column_among_many_lists_the_first_columns_and_counts_the_rest(cli, tmp_path):
    """A first record of objects nested 900 deep listed 900 dotted names, each longer than the last: 0.8 MB in a line."""
    data = tmp_path / "data.jsonl"
    data.write_text('{"a":' * 900 + "1" + "}" * 900 + "\n", encoding="utf-8")
    code, _, err = cli("check", str(data), "--column", "text")
    assert code == 2 and err == (f"{data}: error: no column 'text' (columns: a, a.a, a.a.a, a.a.a.a, a.a.a.a.a, "
                                 "a.a.a.a.a.a, a.a.a.a.a.a.a, a.a.a.a.a.a.a.a, a.a.a.a.a.a.a.a.a, a.a.a.a.a.a.a.a.a.a "
                                 "and 890 more) in its first record, row 1\n")


def test_json_lines_whose_first_record_lacks_the_column_is_said_once_not_for_each_row(cli, tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", [{"id": f"u{n}", "sentence": "书(shǔ)"} for n in range(1000)])
    code, out, err = cli("check", data, "--column", "text")
    assert (code, err) == (2, f"{data}: error: no column 'text' (columns: id, sentence) in its first record, row 1\n")
    assert "1 document, 0 glosses (1 unreadable)" in out


def test_a_field_of_a_nested_object_is_named_with_dots_in_json_lines_and_parquet_structs(cli, tmp_path):
    records = [{"meta": {"id": row["id"], "lang": "zh"}, "body": {"text": row["text"]}} for row in ROWS]
    jsonl = write_jsonl(tmp_path / "nested.jsonl", records)
    parquet = tmp_path / "nested.parquet"
    pd.DataFrame(records).to_parquet(parquet, row_group_size=2)
    _, flat, _ = check_json(cli, write_jsonl(tmp_path / "flat.jsonl", ROWS), "--column", "text", "--id-column", "id")
    for data in (jsonl, str(parquet)):
        _, nested, _ = check_json(cli, data, "--column", "body.text", "--id-column", "meta.id")
        assert findings_by_row(nested) == findings_by_row(flat) and len(findings_by_row(flat)) == 3
    code, _, err = cli("check", jsonl, "--column", "body.txt")
    assert err == f"{jsonl}: error: no column 'body.txt' (columns: meta, meta.id, meta.lang, body, body.text) " \
                  "in its first record, row 1\n"


@pytest.mark.parametrize("name", ["data.jsonl", "data.parquet"])
def test_a_column_of_objects_names_a_field_to_read_instead(cli, tmp_path, name):
    records = [{"id": "u1", "body": {"text": "书(shǔ)"}}]
    path = tmp_path / name
    write_jsonl(path, records) if name.endswith(".jsonl") else pd.DataFrame(records).to_parquet(path)
    code, _, err = cli("check", str(path), "--column", "body")
    assert code == 2 and err.endswith("not text: name one of its fields, such as body.text\n")
    assert err.count("\n") == 1


def test_a_parquet_column_that_holds_no_text_is_said_once(cli, tmp_path):
    data = write_parquet(tmp_path / "data.parquet", [{"id": n, "text": "书(shǔ)"} for n in range(100)])
    code, _, err = cli("check", data, "--column", "id")
    assert (code, err) == (2, f"{data}: error: column 'id' holds int64, not text\n")
    categories = tmp_path / "categories.parquet"  # a pandas category is text, dictionary-encoded
    pd.DataFrame({"text": pd.Categorical(["书(shǔ)", "你好(nǐ hǎo)"])}).to_parquet(categories)
    assert "[row 1, text]:1:2: error: T401" in cli("check", str(categories), "--column", "text")[1]


def test_csv_with_a_byte_order_mark_and_quoted_line_breaks(cli, tmp_path):
    data = tmp_path / "data.csv"
    data.write_bytes('\ufeffid,text\r\nu1,"第一行\r\n银行(yín xíng)"\r\nu2,"他说""今年(jīn nián)"""\r\n'.encode())
    code, documents, _ = check_json(cli, str(data), "--column", "text", "--id-column", "id")
    assert findings_by_row(documents)[0][:5] == (1, "u1", "R302", 2, 3)
    assert [(d["row"]["id"], d["glosses"]) for d in documents] == [("u1", 1), ("u2", 1)]


@pytest.mark.parametrize("name, data, advice", [
    ("data.jsonl", '{"text": "书(shǔ)"}\n'.encode("utf-16"), "use --encoding utf-16"),
    ("data.csv", "text\n书(shǔ)\n".encode("utf-16-le"), "use --encoding utf-16-le"),
], ids=["json-lines-with-a-byte-order-mark", "csv-without-one"])
def test_a_utf16_dataset_is_refused_with_the_encoding_that_reads_it_as_a_text_file_is(cli, tmp_path, name, data,
                                                                                        advice):
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = cli("check", str(path), "--column", "text")
    assert code == 2 and err.startswith(f"{path}: error: not valid utf-8 at byte offset ") and advice in err
    code, documents, _ = check_json(cli, str(path), "--column", "text", "--encoding", advice.split()[-1])
    assert [f["code"] for d in documents for f in d["findings"]] == ["T401"]


def test_a_dataset_cut_inside_its_last_character_is_said_to_be_cut_short(cli, tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_bytes('{"text": "书(shū)"}\n{"text": "银行"}\n'.encode()[:-4])
    code, _, err = cli("check", str(path), "--column", "text")
    offset = len('{"text": "书(shū)"}\n{"text": "银'.encode())
    assert (code, err) == (2, f"{path}: error: not valid utf-8 at byte offset {offset} (line 2): b'\\xe8\\xa1'; "
                              "the file ends inside a character: was it cut short?\n")


def test_a_binary_file_named_as_a_dataset_is_refused_in_one_line_without_its_bytes(cli, tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00,text\n" + bytes(range(1, 128)) * 8)
    code, _, err = cli("check", str(path), "--column", "text")
    assert code == 2 and err == f"{path}: error: binary file (contains NUL bytes): not a text document\n"


@pytest.mark.parametrize("name, separator", [("data.csv", ","), ("data.tsv", "\t")])
def test_a_cell_longer_than_the_csv_module_s_limit_is_read_as_json_lines_reads_it(cli, tmp_path, name, separator):
    """A whole article in a cell: Python's csv stops at 131,072 characters, which stopped the file there."""
    path = tmp_path / name
    path.write_text(f"id{separator}text\nu1{separator}" + "今年(jīn nián)很好。" * 15_000 + f"\nu2{separator}书(shǔ)\n",
                    encoding="utf-8")
    code, documents, err = check_json(cli, str(path), "--column", "text", "--id-column", "id")
    assert (code, err) == (1, "")
    assert [(d["row"]["id"], d["glosses"], [f["code"] for f in d["findings"]]) for d in documents] == \
        [("u1", 15_000, []), ("u2", 1, ["T401"])]


def test_the_csv_module_s_limit_on_a_cell_is_the_caller_s_between_rows_and_after(tmp_path):
    """The rows' reader raised the limit for the whole process and left it raised: a program reading rows from it
    and CSV files of its own no longer had the module's limit on them."""
    import csv

    from audit.rows import ROW_READERS, Columns

    path = tmp_path / "data.csv"
    path.write_text("id,text\nu1," + "好(hǎo)" * 30_000 + "\nu2,书(shū)\n", encoding="utf-8")
    callers = csv.field_size_limit(100)
    try:
        rows = ROW_READERS["csv"].read(str(path), Columns("text", id="id"), "utf-8")
        first = next(rows)
        assert (first.ref.id, len(first.cells[0])) == ("u1", 180_000) and csv.field_size_limit() == 100
        assert [row.ref.id for row in rows] == ["u2"] and csv.field_size_limit() == 100
    finally:
        csv.field_size_limit(callers)


@pytest.mark.parametrize("output", [[], ["--format", "json"], ["--format", "sarif"]], ids=["text", "json", "sarif"])
def test_half_a_utf16_pair_escaped_in_json_is_no_text_and_an_id_shows_it_escaped(cli, tmp_path, output):
    """JSON may escape a lone surrogate (text cut inside a UTF-16 pair); no output can write one: it stopped the run."""
    data = tmp_path / "data.jsonl"
    data.write_text('{"id": "u1\\ud800", "text": "书(shǔ)"}\n{"id": "u2", "text": "书(shǔ)\\udc80"}\n'
                    '{"id": "u3", "text": "书(shǔ)"}\n', encoding="utf-8")
    code, out, err = cli("check", str(data), "--column", "text", "--id-column", "id", *output)
    assert code == 2 and err == (f"{data}[row 2, id u2, text]: error: column 'text' holds U+DC80 at character 7, "
                                 "half of a UTF-16 pair, which is no text\n")
    if output == ["--format", "json"]:
        assert [d["row"]["id"] for d in json.loads(out)["documents"]] == ["u1\\ud800", "u2", "u3"]
    elif output:
        assert len(json.loads(out)["runs"][0]["results"]) == 2  # rows 1 and 3
    else:
        assert f"{data}[row 1, id u1\\ud800, text]:1:2: error: T401" in out and "[row 3, id u3, text]:1:2" in out


def test_an_id_with_a_line_break_or_an_escape_is_shown_escaped_on_one_line(cli, tmp_path):
    """Shown as it was, an id's line break split a finding's line in two, and its escape coloured the terminal."""
    data = tmp_path / "data.jsonl"
    data.write_text('{"id": "u1\\nX", "text": "书(shǔ)"}\n{"id": "u2\\u001b[31m", "text": "书(shǔ)"}\n',
                    encoding="utf-8")
    code, out, _ = cli("check", str(data), "--column", "text", "--id-column", "id")
    found = [line for line in out.splitlines() if "T401" in line]
    assert code == 1 and len(found) == 2 and "\x1b" not in out
    assert "[row 1, id u1\\nX, text]" in found[0] and "[row 2, id u2\\x1b[31m, text]" in found[1]


def test_a_file_that_is_not_parquet(cli, tmp_path):
    path = tmp_path / "data.parquet"
    path.write_text('{"text": "书(shǔ)"}\n', encoding="utf-8")
    code, _, err = cli("check", str(path), "--column", "text")
    assert code == 2 and err.startswith(f"{path}: error: not a Parquet file: ")


def test_a_dataset_needs_its_columns_named(cli, tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    code, _, err = cli("check", data)
    assert code == 2 and "--column" in err and "--text-column and --pinyin-column" in err
    code, _, err = cli("check", data, "--column", "text", "--text-column", "chars", "--pinyin-column", "pinyin")
    assert code == 2 and err.startswith("pinyin-audit: error: a dataset's text is one column")


def test_without_the_extras_the_options_say_how_to_install_them(cli, tmp_path, monkeypatch):
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    parquet = write_parquet(tmp_path / "data.parquet", ROWS)
    for module in ("dask", "distributed"):  # as if Dask were not installed
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.delitem(sys.modules, "audit.dask", raising=False)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    for engine in (["--engine", "dask"], ["--scheduler", "tcp://127.0.0.1:8786"]):
        code, _, err = cli("check", data, "--column", "text", *engine)
        assert (code, err) == (2, "pinyin-audit: error: the dask engine needs dask.distributed: "
                                  "pip install 'pinyin-audit[dask]'\n")
    with pytest.raises(ImportError, match=re.escape("audit.dask needs dask.distributed: pip install 'pinyin-audit[dask]'")):
        import audit.dask  # noqa: F401  (in a notebook)
    code, _, err = cli("check", parquet, "--column", "text")
    assert (code, err) == (2, f"{parquet}: error: reading Parquet needs pyarrow: pip install 'pinyin-audit[parquet]'\n")


# --------------------------------------------------------------------------
# pandas


def test_audit_frame_returns_findings_with_row_ids_and_a_summary_per_row():
    frame = pd.DataFrame(ROWS + [{"id": "u6", "text": None}])
    findings, rows = audit.audit_frame(frame, column="text", id_column="id")
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert findings[["row", "id", "field", "line", "column", "code"]].values.tolist() == [
        [1, "u1", "text", 1, 6, "R302"], [3, "u3", "text", 1, 15, "T401"], [4, "u4", "text", 1, 4, "R302"],
    ]
    assert rows["id"].tolist() == ["u1", "u2", "u3", "u4", "u5", "u6"]
    assert rows["glosses"].tolist() == [1, 1, 2, 1, 0, 0]
    assert rows["error"].tolist()[-2:] == ["", "column 'text' holds null, not text"]


def test_audit_frame_in_the_label_layout_names_the_field_of_each_finding():
    findings, _ = audit.audit_frame(pd.DataFrame(LABELS), text_column="chars", pinyin_column="pinyin",
                                    id_column="id")
    assert findings[["id", "field", "line", "column", "code"]].values.tolist() == [["b2", "pinyin", 2, 1, "R302"]]


def test_audit_frame_names_the_columns_there_are_when_one_is_missing():
    with pytest.raises(ValueError, match=r"no column 'text' \(columns: id, sentence\)"):
        audit.audit_frame(pd.DataFrame({"id": ["a"], "sentence": ["书(shǔ)"]}), column="text")


def test_the_report_is_built_from_a_frame_s_rows(tmp_path, monkeypatch):
    import reports
    from audit.frame import frame_results

    monkeypatch.setattr("reports.site.render_charts", lambda frames: [])  # charts are not what this is about
    frame = pd.DataFrame([dict(row, corpus="news") for row in ROWS])
    reports.write_site(frame_results(frame, "text", id_column="id", source_column="corpus", name="train"), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "5 rows of datasets" in index and "<caption>By source</caption>" in index
    assert "train[row 1, id u1, text]" in index
    assert audit.audit_frame(frame, "text", source_column="corpus").findings["source"].tolist() == ["news"] * 3


def test_reading_parquet_leaves_numpy_s_blas_one_thread_for_the_model(tmp_path):
    # pyarrow loads numpy, and OpenBLAS takes its thread count then: threads spinning between the model's
    # small products cost several times the CPU of one.
    parquet = write_parquet(tmp_path / "data.parquet", ROWS)
    code = ("import os, sys; from audit.rows import Columns, ROW_READERS; "
            "rows = list(ROW_READERS['parquet'].read(sys.argv[1], Columns('text'), 'utf-8')); "
            "print(len(rows), 'numpy' in sys.modules, os.environ.get('OPENBLAS_NUM_THREADS'))")
    environment = {name: value for name, value in os.environ.items() if name != "OPENBLAS_NUM_THREADS"}
    completed = subprocess.run([sys.executable, "-c", code, parquet], capture_output=True, text=True, check=True,
                               env=environment)
    assert completed.stdout == "5 True 1\n"


def test_import_audit_does_not_load_pandas():
    code = ("import sys, audit, audit.cli, audit.rows, audit.frame, audit.parallel; "
            "print(sorted(m for m in ('pandas', 'pyarrow', 'dask') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout == "[]\n"


# --------------------------------------------------------------------------
# Dask: a cluster of two workers gives what one process gives, in the same order


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    # Threads rather than processes keep the test quick; tasks still go through the scheduler.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  protocol="tcp") as local_cluster:
        yield local_cluster


@pytest.mark.parametrize("write", [write_jsonl, write_parquet], ids=["jsonl", "parquet"])
def test_the_dask_engine_gives_the_plain_run_s_output(cli, tmp_path, cluster, write):
    distributed = pytest.importorskip("distributed")
    rows = [dict(row, id=f"{row['id']}-{copy}") for copy in range(120) for row in ROWS]  # several batches
    data = write(tmp_path / ("data." + ("jsonl" if write is write_jsonl else "parquet")), rows)
    plain = cli("check", "--format", "json", data, "--column", "text", "--id-column", "id")
    on_cluster = cli("check", "--format", "json", data, "--column", "text", "--id-column", "id",
                     "--scheduler", cluster.scheduler_address)
    assert on_cluster == plain
    assert len(json.loads(plain[1])["documents"]) == 600
    # Every worker was told to load the tables when it joined, once.
    with distributed.Client(cluster) as client:
        plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert [("pinyin-audit-tables" in names) for names in plugins.values()] == [True, True]


def test_the_workers_of_a_cluster_of_ones_own_read_the_local_workers_configuration_from_its_file(tmp_path):
    """README's "Large datasets" has a cluster's workers read it from a file of their Dask configuration."""
    config = pytest.importorskip("dask.config")
    from audit.dask import WORKER_CONFIGURATION, worker_configuration

    (tmp_path / "pinyin-audit.yaml").write_text(worker_configuration())
    read = config.collect([str(tmp_path)], env={})
    assert {key: config.get(key, config=read) for key in WORKER_CONFIGURATION} == WORKER_CONFIGURATION


def test_audit_dataset_on_a_dask_dataframe_and_bag_equals_audit_frame(cluster):
    dd = pytest.importorskip("dask.dataframe")
    bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from audit.dask import audit_dataset

    frame = pd.DataFrame(ROWS * 4)
    expected = audit.audit_frame(frame, column="text", id_column="id")
    with distributed.Client(cluster):
        from_frame = audit_dataset(dd.from_pandas(frame, npartitions=3), column="text", id_column="id")
        from_bag = audit_dataset(bag.from_sequence(ROWS * 4, npartitions=3), column="text", id_column="id")
    for result in (from_frame, from_bag):
        pd.testing.assert_frame_equal(result.findings, expected.findings)
        pd.testing.assert_frame_equal(result.rows, expected.rows)
    assert expected.findings["row"].tolist()[-1] == 19


def test_a_local_cluster_of_worker_processes_gives_the_plain_run_s_output_and_says_nothing(cli, tmp_path):
    """Run as a user runs it, in a process of its own: starting worker processes starts Python's resource tracker
    in the process that starts them, where it stays until that process ends (pytest's, in process)."""
    pytest.importorskip("distributed")
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    plain = cli("check", data, "--column", "text", "--id-column", "id")
    with socket.socket() as holder:
        with contextlib.suppress(OSError):  # Dask's usual dashboard port, held as another cluster would hold it
            holder.bind(("", 8787))
        on_cluster = subprocess.run([sys.executable, "-m", "audit", "check", data, "--column", "text", "--id-column",
                                     "id", "--engine", "dask", "--jobs", "1"], capture_output=True, encoding="utf-8")
    assert (on_cluster.returncode, on_cluster.stdout, on_cluster.stderr) == plain


def test_sigterm_on_a_local_cluster_stops_its_workers_and_says_terminated(tmp_path):
    """As with --jobs: the cluster closed on the way out, exit 143 and one line; the signal ended the command
    at once (exit -15), its resource tracker complaining of the workers' semaphores left behind."""
    pytest.importorskip("distributed")
    data = write_jsonl(tmp_path / "data.jsonl", ROWS * 20_000)
    command = subprocess.Popen([sys.executable, "-m", "audit", "check", data, "--column", "text", "--engine", "dask",
                                "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
                               start_new_session=True)
    try:
        assert command.stdout.readline().startswith(f"{data}[row 1, text]")  # the cluster's worker at work
        command.terminate()
        _, err = command.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(command.pid, signal.SIGKILL)
    assert (command.returncode, err) == (143, "pinyin-audit: terminated\n")


def test_a_worker_freezes_its_heap_only_in_a_process_of_its_own(monkeypatch):
    pytest.importorskip("distributed")
    import audit.dask

    frozen = []
    monkeypatch.setattr("audit.dask.freeze_lasting_tables", lambda: frozen.append(True))
    plugin = audit.dask.LoadTables()
    plugin.setup(worker=None)  # a worker thread in this process: this process's heap is its caller's
    assert frozen == []
    plugin.caller = -1  # as if unpickled in a worker process the cluster started
    plugin.setup(worker=None)
    assert frozen == [True]


@pytest.mark.parametrize("own_cluster, in_a_process_of_its_own, ignored", [
    (True, True, True), (False, True, False), (True, False, False)], ids=["own", "the user's", "in this process"])
def test_only_a_worker_process_of_the_commands_own_cluster_leaves_ctrl_c_to_the_command(
        monkeypatch, own_cluster, in_a_process_of_its_own, ignored):
    """The terminal sends Ctrl-C to the command's workers too, and the command closes its cluster; a worker of
    another cluster (``--scheduler``), started from a terminal of its own, stops on its own Ctrl-C."""
    pytest.importorskip("distributed")
    import audit.dask

    handled = []
    monkeypatch.setattr("audit.dask.freeze_lasting_tables", lambda: None)
    monkeypatch.setattr(audit.dask.signal, "signal", lambda number, handler: handled.append((number, handler)))
    plugin = audit.dask.LoadTables(ctrl_c_to_caller=own_cluster)
    if in_a_process_of_its_own:
        plugin.caller = -1
    plugin.setup(worker=None)
    assert handled == ([(signal.SIGINT, signal.SIG_IGN)] if ignored else [])


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["report"]],
                         ids=["check", "check-json", "report"])
def test_the_local_engine_with_a_scheduler_is_a_usage_error_not_a_run_on_the_cluster(cli, tmp_path, command):
    """Said once the audit had begun, it came after a JSON document's opening on standard output."""
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    output = ["-o", str(tmp_path / "site")] if command == ["report"] else []
    code, out, err = cli(*command, data, "--column", "text", *output, "--engine", "local",
                         "--scheduler", "tcp://127.0.0.1:8786")
    assert (code, out) == (2, "") and err == ("pinyin-audit: error: --engine local audits in processes of this "
                                              "machine, --scheduler on a Dask cluster: give one of them\n")
    assert not (tmp_path / "site").exists()


def test_an_empty_scheduler_address_is_a_usage_error(cli, tmp_path, capsys):
    """A variable that came out empty, as an empty PATH is refused: it was tried as an address, Dask's message
    naming a missing port in ''."""
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    with pytest.raises(SystemExit) as exit:
        cli("check", data, "--column", "text", "--scheduler", "")
    assert exit.value.code == 2 and capsys.readouterr().err.endswith(
        "error: argument --scheduler: an empty address names no scheduler: give one, such as tcp://HOST:8786, or "
        "leave the option out (see pinyin-audit check --help)\n")


def test_an_unreachable_scheduler_is_a_usage_error_said_at_once(cli, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # a port nothing listens on
        address = "tcp://127.0.0.1:%d" % closed.getsockname()[1]
        code, _, err = cli("check", data, "--column", "text", "--scheduler", address)
    # Refused, not retried until Dask's connect timeout (10 s) runs out.
    assert (code, err) == (2, f"pinyin-audit: error: cannot reach the Dask scheduler at {address}: Connection refused\n")


@contextlib.contextmanager
def _serving(serve):
    """A local port whose server is ``serve(server)``, run in a thread; yields the port's address."""
    import threading

    with socket.create_server(("127.0.0.1", 0)) as server:
        threading.Thread(target=serve, args=(server,), daemon=True).start()
        yield "tcp://127.0.0.1:%d" % server.getsockname()[1]


def _answering(reply: bytes):
    """A port that answers every connection with ``reply`` and closes it, as a web server would."""
    def serve(server):
        with contextlib.suppress(OSError):
            while True:
                connection, _ = server.accept()
                with connection:
                    connection.recv(1024)
                    connection.sendall(reply)

    return _serving(serve)


def _saying_nothing(server):
    """The system accepts the connection; nothing is ever said."""


def _closing_at_once(server):
    server.accept()[0].close()


def _resetting_at_once(server):
    import struct

    connection, _ = server.accept()
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    connection.close()


def test_a_port_that_is_no_dask_scheduler_is_a_usage_error(cli, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("audit.dask._ANSWER_TIMEOUT", 0.5)
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    with _answering(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n") as address:  # a dashboard, say
        code, _, err = cli("check", data, "--column", "text", "--scheduler", address)
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"pinyin-audit: error: the Dask scheduler at {address} did not answer as one: ")


def test_a_port_that_says_nothing_until_asked_is_no_dask_scheduler_said_within_the_timeout(cli, tmp_path,
                                                                                            monkeypatch):
    """The dashboard's port: its web server waits for a request, and Dask's client waited for ever for an answer
    to its handshake (10 minutes and more, Dask's 10 s connect timeout notwithstanding)."""
    pytest.importorskip("distributed")
    monkeypatch.setattr("audit.dask._ANSWER_TIMEOUT", 0.5)
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    with _serving(_saying_nothing) as address:
        code, _, err = cli("check", data, "--column", "text", "--scheduler", address)
    assert (code, err) == (2, f"pinyin-audit: error: the Dask scheduler at {address} did not answer as one: it said "
                              "nothing in 0.5 s, as a web server waits to be asked (is it the scheduler's address, "
                              "tcp://HOST:8786 by default?)\n")


@pytest.mark.parametrize("serve, what_it_did", [
    (_closing_at_once, "closed"),  # it was said to have said nothing for the whole answer timeout, never waited
    (_resetting_at_once, "reset"),  # it was said to be out of reach, though it had been reached
])
def test_a_port_that_ends_the_connection_at_once_is_no_dask_scheduler_said_as_such(cli, tmp_path, serve, what_it_did):
    pytest.importorskip("distributed")
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    with _serving(serve) as address:
        code, _, err = cli("check", data, "--column", "text", "--scheduler", address)
    assert (code, err) == (2, f"pinyin-audit: error: the Dask scheduler at {address} did not answer as one: it "
                              f"{what_it_did} the connection without a word (is it the scheduler's address, "
                              "tcp://HOST:8786 by default?)\n")


def test_a_reset_seen_by_the_connect_itself_is_no_dask_scheduler_either(cli, tmp_path, monkeypatch):
    """On a busy machine the reset may come before the connect returns, which then fails with it."""
    pytest.importorskip("distributed")

    def reset(address, timeout=None):
        raise ConnectionResetError(104, "Connection reset by peer")

    monkeypatch.setattr(socket, "create_connection", reset)
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    code, _, err = cli("check", data, "--column", "text", "--scheduler", "tcp://127.0.0.1:8786")
    assert (code, err) == (2, "pinyin-audit: error: the Dask scheduler at tcp://127.0.0.1:8786 did not answer as one: "
                              "it reset the connection without a word (is it the scheduler's address, "
                              "tcp://HOST:8786 by default?)\n")


def test_a_scheduler_without_workers_is_a_usage_error_not_a_wait_for_ever(cli, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr("audit.dask._WORKER_WAIT", 0.5)
    data = write_jsonl(tmp_path / "data.jsonl", ROWS)
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0", protocol="tcp") as empty:
        code, _, err = cli("check", data, "--column", "text", "--scheduler", empty.scheduler_address)
    assert (code, err) == (2, f"pinyin-audit: error: the Dask scheduler at {empty.scheduler_address} has no "
                              f"workers: start them with dask worker {empty.scheduler_address}\n")


def test_rows_the_cluster_gives_up_on_are_reported_and_the_others_audited(cli, tmp_path, cluster, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from distributed.scheduler import KilledWorker

    rows = [dict(row, id=f"{row['id']}-{copy}") for copy in range(60) for row in ROWS]  # two batches of rows
    data = write_jsonl(tmp_path / "data.jsonl", rows)
    audit_rows = audit.parallel.audit_rows

    def dies_on_the_second_batch(batch, config):
        # What Dask raises for a task that every worker it was sent to died with.
        if batch[0].ref.number > 1:
            raise KilledWorker(("audit_rows", 2), type("Worker", (), {"address": "tcp://10.0.0.2:40000"}), 3)
        return audit_rows(batch, config)

    monkeypatch.setattr("audit.parallel.audit_rows", dies_on_the_second_batch)  # the cluster's threads share it
    code, documents, err = check_json(cli, data, "--column", "text", "--id-column", "id",
                                      "--scheduler", cluster.scheduler_address)
    assert code == 2 and len(documents) == 300
    assert [d["row"]["number"] for d in documents if not d.get("error")] == list(range(1, 257))
    assert err.count("not audited: the 4 Dask workers that took it died, the last at tcp://10.0.0.2:40000") == 44


def test_a_dataset_on_standard_input_named_by_stdin_filename(tmp_path):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS).encode("utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "check", "-", "--stdin-filename", "train.jsonl",
                                "--column", "text", "--id-column", "id"], input=data, capture_output=True)
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.decode("utf-8").startswith("train.jsonl[row 1, id u1, text]:1:6: error: R302")


def test_rows_whose_worker_process_dies_are_reported_and_the_others_audited(cli, tmp_path, monkeypatch):
    data = write_jsonl(tmp_path / "data.jsonl", [dict(row, id=f"{row['id']}-{copy}") for copy in range(4) for row in ROWS])
    monkeypatch.setattr("audit.parallel._BATCH", 5)  # four batches: the second one's worker dies
    real_audit_rows = audit.parallel.audit_rows

    def dies_on_the_second_batch(rows, config):
        if rows[0].ref.number == 6:
            os._exit(9)
        return real_audit_rows(rows, config)

    monkeypatch.setattr("audit.parallel.audit_rows", dies_on_the_second_batch)
    code, out, err = cli("check", data, "--column", "text", "--id-column", "id", "--jobs", "2")
    assert code == 2
    assert err.splitlines()[0] == (f"{data}[row 6, id u1-1, text]: error: not audited: "
                                   "the process auditing it exited with status 9")
    assert len(err.splitlines()) == 5 and "[row 16, id u1-3, text]:1:6: error: R302" in out
