"""The report package on hand-made audit results (the auditor is not involved)."""

from __future__ import annotations

import json
import math
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from audit.document import Document, RowRef
from audit.finding import DocumentResult, Finding, GlossRecord, Severity
from reports import build, render_charts, write_site
from reports.frames import document_counts, document_row, finding_rows, page_names, worst_first
from reports.charts import _family_heatmap, _findings_by_family
from reports.pages import render_text
from reports.site import SiteWriter

FAMILY_OF = {"S": "span", "A": "attachment", "R": "reading", "T": "tone", "F": "format", "C": "consistency"}


def glossed(path: str, text: str) -> DocumentResult:
    """A result whose glosses are every `(pinyin)` in ``text``, reading the Han characters before it."""
    document = Document(text, path)
    glosses = []
    for match in re.finditer(r"\(([^)]*)\)", text):
        span_start = match.start()
        while span_start > 0 and "\u4e00" <= text[span_start - 1] <= "\u9fff":
            span_start -= 1
        syllables = len(match.group(1).split())
        span_start = max(span_start, match.start() - syllables)
        glosses.append(GlossRecord(span_start, match.start(), match.start(), match.end() - 1, match.group(1)))
    return DocumentResult(document, glosses=glosses, syllable_count=sum(len(g.pinyin.split()) for g in glosses))


def add(result: DocumentResult, code: str, severity: Severity, start: int | None = None, end: int | None = None,
        gloss_index: int | None = None, message: str = "something is wrong") -> Finding:
    document = result.document
    located = {}
    if start is not None:
        line, column = document.position(start)
        end_line, end_column = document.position(end)
        located = dict(start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column,
                       span=document.text[start:end])
    finding = Finding(code, f"rule-{code.lower()}", FAMILY_OF[code[0]], severity, message, "write it right",
                      path=document.display_path, gloss_index=gloss_index, **located)
    result.findings.append(finding)
    return finding


TEXT_A = "今年(jīn nián) 618 的第一枪打响了。\n小红书和(hé)淘宝官宣了<计划>。\n双方(shuāng fāng)都意识到"
TEXT_B = "小红书(xiǎo hóng shū)和淘宝(táo bǎo)。"


def batch() -> list[DocumentResult]:
    """Two audited documents and one that could not be read."""
    first = glossed("articles/a.txt", TEXT_A)  # glosses: 今年, 和, 双方
    add(first, "S103", Severity.ERROR, 0, 2, gloss_index=0, message="span & <too> short")
    add(first, "T401", Severity.ERROR, 3, 6, gloss_index=0)  # the syllable jīn inside the gloss
    add(first, "R301", Severity.WARNING, TEXT_A.index("(hé)"), TEXT_A.index("(hé)") + 4, gloss_index=1)
    add(first, "F501", Severity.INFO)  # about the whole document
    second = glossed("小红书.txt", TEXT_B)
    add(second, "A201", Severity.ERROR, 3, 18, gloss_index=0)  # the whole gloss, brackets too
    add(second, "C601", Severity.WARNING, 4, 8, gloss_index=0)  # xiǎo
    add(second, "T402", Severity.ERROR, 21, 30, gloss_index=1)
    broken = DocumentResult(Document("", "broken.txt"), error="cannot decode as UTF-8")
    return [first, second, broken]


# The numbers -----------------------------------------------------------------

def test_rates_of_a_hand_made_batch():
    frames = build(batch())
    documents = frames.documents.set_index("document")
    first, second = documents.loc["articles/a.txt"], documents.loc["小红书.txt"]
    assert (first["glosses"], first["findings"], first["error_glosses"]) == (3, 4, 1)
    assert first["error_rate"] == pytest.approx(1 / 3)
    assert first["findings_per_100"] == pytest.approx(400 / 3)
    assert (first["findings_span"], first["findings_tone"], first["findings_format"]) == (1, 1, 1)
    # Each erroneous gloss counts once, under its first family in FAMILIES order.
    assert first["error_rate_span"] == pytest.approx(1 / 3) and first["error_rate_tone"] == 0
    assert (second["glosses"], second["error_glosses"], second["error_rate"]) == (2, 2, 1.0)
    assert second["error_rate_attachment"] == 0.5 and second["error_rate_tone"] == 0.5
    assert second["findings_per_100"] == 150.0
    assert math.isnan(documents.loc["broken.txt", "error_rate"])
    # Totals recompute the rates from the summed counts.
    assert frames.totals["glosses"] == 5 and frames.totals["findings"] == 7
    assert frames.totals["error_rate"] == pytest.approx(3 / 5)
    assert frames.totals["findings_per_100"] == pytest.approx(140.0)


def test_a_page_reads_the_numbers_the_documents_frame_of_its_document_alone_holds():
    for result, page in zip(batch(), ["a.html", "b.html", "c.html"]):
        row, families = document_row(document_counts(result, page))
        alone = build([result], [page])
        assert families == alone.families
        for column, value in alone.documents.iloc[0].items():
            assert pd.isna(row[column]) if pd.isna(value) else row[column] == value, column


def test_findings_frame_has_one_row_per_finding_in_reading_order():
    findings = build(batch()).findings
    assert len(findings) == 7
    first = findings[findings["document"] == "articles/a.txt"]
    assert list(first["code"]) == ["F501", "S103", "T401", "R301"]
    assert first["line"].isna().iloc[0] and list(first["line"].iloc[1:]) == [1, 1, 2]


def test_ties_are_listed_by_name_with_numbers_read_as_numbers():
    rows = [DocumentResult(Document("", "train.jsonl", row=RowRef(number, f"u{number}", ("text",))))
            for number in (105, 12, 9, 118)]
    files = [DocumentResult(Document("", name)) for name in ("doc-10.txt", "doc-2.txt", "Doc-3.txt")]
    names = list(worst_first(build(rows + files).documents)["document"])  # all alike: no glosses, no findings
    assert names == ["Doc-3.txt", "doc-2.txt", "doc-10.txt"] + \
        [f"train.jsonl[row {number}, id u{number}, text]" for number in (9, 12, 105, 118)]


def test_page_names_are_safe_stable_and_distinct():
    names = page_names(["a/b c.txt", "a/b_c.txt", "小红书.txt", "小红书.txt", "../x.txt"])
    assert len(set(names)) == 5
    assert all(re.fullmatch(r"[\w.-]+\.html", name) for name in names)
    assert names == page_names(["a/b c.txt", "a/b_c.txt", "小红书.txt", "小红书.txt", "../x.txt"])
    assert "index.html" not in names


# The site -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_site(batch(), out)
    return out


def page_of(site: Path, path: str) -> str:
    frames = build(batch())
    page = frames.documents.set_index("document").loc[path, "page"]
    return (site / page).read_text(encoding="utf-8")


class Marks(HTMLParser):
    """Collects each <mark>: its attributes and the text it wraps; checks tags balance."""

    VOID = {"meta", "input", "br", "wbr", "img", "link", "hr", "path", "use", "rect", "stop", "circle", "line", "polyline"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.marks: list[tuple[dict, str]] = []
        self.rt_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks.append((dict(attrs), ""))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data):
        if "mark" in self.open and self.open[-1] == "mark":
            attrs, text = self.marks[-1]
            self.marks[-1] = (attrs, text + data)


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    parser.close()
    assert parser.open == [], f"unclosed: {parser.open}"
    return parser


def test_every_page_parses_with_balanced_tags(site):
    for page in site.glob("*.html"):
        parse(page.read_text(encoding="utf-8"))


def test_pages_name_no_external_url(site):
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "http://" not in html and "https://" not in html, page.name
        for link in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert link.startswith(("data:", "#")) or re.fullmatch(r"[\w.-]+\.html", link), link


def marks_with(page: str, code: str) -> list[tuple[dict, str]]:
    return [(attrs, text) for attrs, text in parse(page).marks if code in attrs.get("title", "")]


def test_findings_are_highlighted_on_the_characters_they_cover(site):
    page = page_of(site, "articles/a.txt")
    assert [text for _, text in marks_with(page, "S103")] == ["今", "年"]  # each under its own syllable
    assert [text for _, text in marks_with(page, "T401")] == ["jīn"]
    assert [text for _, text in marks_with(page, "R301")] == ["和", "hé"]  # the whole gloss
    attrs, _ = marks_with(page, "S103")[0]
    assert attrs["class"] == "sev-error" and "span &amp; &lt;too&gt; short" in page
    assert marks_with(page, "R301")[0][0]["class"] == "sev-warning"


def test_overlapping_findings_share_highlights_that_take_the_worst_severity(site):
    page = page_of(site, "小红书.txt")
    marks = marks_with(page, "A201")  # the whole gloss: characters and reading
    assert [text for _, text in marks] == ["小", "xiǎo", "红", "hóng", "书", "shū"]
    assert [attrs["data-findings"] for attrs, _ in marks] == ["0", "0 1", "0", "0", "0", "0"]
    assert "C601" in marks[1][0]["title"] and marks[1][0]["class"] == "sev-error"
    assert [text for _, text in marks_with(page, "T402")] == ["淘", "táo", "宝", "bǎo"]


def test_glosses_become_ruby_and_text_keeps_its_line_breaks(site):
    page = page_of(site, "articles/a.txt")
    assert "(jīn nián)" not in page and "<rt>" in page
    assert '<ruby>双<rt>shuāng</rt>方<rt>fāng</rt></ruby>' in page  # each syllable over its character
    assert "响了。\n小红书" in page
    assert "&lt;计划&gt;" in page


def test_findings_are_listed_with_line_column_code_and_name(site):
    page = page_of(site, "articles/a.txt")
    items = re.findall(r'<(a|span) class="where"[^>]*>([^<]*)</(?:a|span)> <code>(\w+)</code> '
                       r'<span class="name">([^<]*)</span>', page)
    assert items == [("span", "—", "F501", "rule-f501"), ("a", "1:1", "S103", "rule-s103"),
                     ("a", "1:4", "T401", "rule-t401"), ("a", "2:5", "R301", "rule-r301")]
    assert 'data-family="tone" checked' in page


def test_a_page_without_findings_says_so_under_its_heading(tmp_path):
    clean = glossed("clean.txt", "今年(jīn nián)")
    faulty = glossed("faulty.txt", "今年(jīn nián)")
    add(faulty, "T401", Severity.ERROR, 3, 6, gloss_index=0)
    write_site([clean, faulty], tmp_path)
    headings = {path: re.findall(r"<h2>([^<]*)</h2>", (tmp_path / page).read_text(encoding="utf-8"))
                for path, page in zip(["clean.txt", "faulty.txt"], page_names(["clean.txt", "faulty.txt"]))}
    assert headings == {"clean.txt": ["No findings"], "faulty.txt": ["Findings"]}


def test_index_table_sorts_on_raw_numbers_and_has_totals(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'data-sort="{1 / 3!r}">33.3%' in index
    assert 'data-sort="-1">—' in index  # the unreadable document has no rate
    assert re.search(r"<tfoot>\s*<tr><td[^>]*>Total</td>", index)
    assert "not audited" in index and 'id="filter"' in index
    assert index.count("<svg") == 4


def test_csv_and_json_carry_the_same_numbers(site):
    documents = pd.read_csv(site / "documents.csv")
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    assert len(pd.read_csv(site / "findings.csv")) == 7
    assert list(documents["error_rate"].iloc[:2]) == [r["error_rate"] for r in report["documents"][:2]]
    assert report["documents"][2]["error_rate"] is None
    assert report["totals"]["error_rate"] == pytest.approx(0.6)


def test_a_label_finding_keeps_its_utterance_in_a_column_of_its_own_and_before_its_message_on_the_page(tmp_path):
    result = glossed("labels.txt", "我去银行(yín xíng)。")
    finding = add(result, "R302", Severity.ERROR, 2, 4, gloss_index=0, message="行(xing2): 行 reads háng here")
    result.findings[-1] = finding._replace(utterance="000002")
    write_site([result], tmp_path)
    findings = pd.read_csv(tmp_path / "findings.csv", dtype={"utterance": str})
    assert list(findings[["utterance", "message"]].iloc[0]) == ["000002", "行(xing2): 行 reads háng here"]
    record = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["findings"][0]
    assert (record["utterance"], record["message"]) == ("000002", "行(xing2): 行 reads háng here")
    page = build([result]).documents["page"].iloc[0]
    assert "utterance 000002: 行(xing2): 行 reads háng here" in (tmp_path / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("results", [batch, list], ids=["batch", "empty"])
def test_tables_written_a_document_at_a_time_are_those_of_the_whole_frames(results, tmp_path):
    from reports.site import _json_record, _json_records, defused

    write_site(results(), tmp_path)
    frames = build(results())
    whole = {
        "documents": list(_json_records(frames.documents)), "families": list(frames.families),
        "findings": list(_json_records(frames.findings)), "totals": _json_record(frames.totals.to_dict()),
    }
    assert (tmp_path / "findings.csv").read_text(encoding="utf-8") == \
        defused(frames.findings).to_csv(index=False, lineterminator="\n")
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == \
        json.dumps(whole, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files listed as /proc lists them")
def test_a_report_that_fails_part_way_leaves_findings_csv_closed(tmp_path):
    """The run's directory is removed after a failure: a file still open in it would hold its space."""
    def failing():
        yield batch()[0]
        raise KeyboardInterrupt

    # The traceback kept holds the writer, as the CLI's does while it removes the directory.
    with pytest.raises(KeyboardInterrupt) as failure:
        write_site(failing(), tmp_path)
    assert failure.traceback and str(tmp_path / "findings.csv") not in _open_files()


def _open_files() -> list[str]:
    found = []
    for descriptor in os.listdir("/proc/self/fd"):
        try:
            found.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        except OSError:  # the one that listed the directory, closed since
            continue
    return found


def test_output_is_byte_identical_on_a_second_run(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    written = write_site(batch(), first)
    write_site(batch(), second)
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    for path in written:
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_files_it_did_not_write_are_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "old-page.html").write_text("old", encoding="utf-8")
    written = write_site(batch(), tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "old-page.html").exists()
    assert {p.name for p in written} >= {"index.html", "findings.csv", "documents.csv", "report.json"}


# Charts -------------------------------------------------------------------------

def many(count: int) -> list[DocumentResult]:
    results = []
    for number in range(count):
        result = glossed(f"docs/{number:04d}.txt", "今年(jīn nián)小红书(xiǎo hóng shū)和(hé)")
        for gloss in range(number % 4):
            add(result, "T401" if gloss % 2 else "S103", Severity.ERROR, 0, 2, gloss_index=gloss)
        results.append(result)
    return results


@pytest.mark.parametrize("count", [1, 30, 600])
def test_charts_for_few_and_many_documents(count):
    charts = render_charts(build(many(count)))
    names = [chart.name for chart in charts]
    if count > 40:
        assert names == ["error-rate-distribution", "error-rate", "families", "codes", "by-family"]
        # Only the 30 worst documents are named.
        assert len(set(re.findall(r"docs/\d{4}\.txt", charts[1].svg))) == 30
    else:
        assert names == ["error-rate", "families", "codes", "by-family"]
        assert len(set(re.findall(r"docs/\d{4}\.txt", charts[0].svg))) == count
    for chart in charts:
        assert chart.svg.startswith("<svg") and chart.png.startswith(b"\x89PNG")
        assert "http" not in chart.svg


@pytest.mark.parametrize("findings", [9, 153, 12_345])
def test_the_compact_chart_s_count_labels_do_not_run_into_each_other(findings):
    result = glossed("docs/many.txt", "银行(yín háng)")
    result.findings.extend(Finding("R302", "rule-r302", "reading", Severity.ERROR, "wrong", "right")
                           for _ in range(findings))
    frames = build([result])
    labels = count_labels(_findings_by_family(worst_first(frames.documents), frames.families))
    assert len(labels) >= 2
    assert all(left.x1 < right.x0 for left, right in zip(labels, labels[1:]))


def count_labels(figure) -> list:
    """The boxes of the labels shown along the figure's x axis, in pixels, left to right."""
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    return sorted((label.get_window_extent(renderer) for label in figure.axes[0].get_xticklabels()
                   if label.get_visible() and label.get_text()), key=lambda box: box.x0)


def test_the_heatmap_has_a_column_per_family_found_its_names_well_apart():
    names = [f"a/rather/long/directory/of/documents/{number:04d}.txt" for number in range(3)]  # cut to 40 characters
    results = [glossed(name, "今年(jīn nián)") for name in names]
    for result in results:
        for code in ("S103", "A201", "R302", "T401", "F501", "C601"):
            add(result, code, Severity.ERROR, 0, 2, gloss_index=0)
    frames = build(results)
    figure = _family_heatmap(worst_first(frames.documents), frames.families)
    assert [label.get_text() for label in figure.axes[0].get_xticklabels()] == [
        "span", "attachment", "reading", "tone", "format", "consistency"]  # not label, suppression
    labels = count_labels(figure)
    assert all(right.x0 - left.x1 >= 10 for left, right in zip(labels, labels[1:]))  # pixels


def test_the_error_rate_chart_s_legend_names_only_the_families_it_draws(recwarn):
    legend = re.compile(r"<text[^>]*>([a-z]+)</text>")  # one word: a family (the axis label has spaces)
    assert legend.findall(render_charts(build(many(3)))[0].svg) == ["span", "tone"]  # S103 and T401 only
    assert legend.findall(render_charts(build([glossed("clean.txt", "今年(jīn nián)")]))[0].svg) == []
    assert not [warning for warning in recwarn if "legend" in str(warning.message).lower()]


def test_the_distribution_of_documents_without_glosses_gives_no_median():
    charts = render_charts(build([DocumentResult(Document("没有注音", f"docs/{n:04d}.txt")) for n in range(41)]))
    distribution = charts[0].svg
    assert ">no document has glosses<" in distribution and "nan" not in distribution


def test_chinese_names_stay_text_in_the_svg():
    charts = render_charts(build(batch()))
    assert all(re.search(r"<text[^>]*>小红书\.txt</text>", chart.svg) for chart in charts[:2])


def test_without_a_cjk_font_one_warning_and_no_glyph_noise(monkeypatch, caplog, recwarn):
    monkeypatch.setattr("reports.charts._cjk_font", lambda: None)
    with caplog.at_level("WARNING", logger="reports"):
        charts = render_charts(build(batch()))
    assert len(caplog.records) == 1 and "\n" not in caplog.records[0].getMessage()
    assert not [w for w in recwarn if "missing from" in str(w.message)]
    assert "小红书.txt</text>" in charts[0].svg


def test_a_gloss_reading_no_characters_stays_as_written():
    text = "。(hǎo)好"
    result = DocumentResult(Document(text, "x.txt"), glosses=[GlossRecord(1, 1, 1, 5, "hǎo")])
    add(result, "A201", Severity.ERROR, 1, 6, gloss_index=0)
    html = render_text(text, result.glosses, finding_rows(result, "x.html"))
    assert "<ruby>" not in html and re.search(r"<mark [^>]*>\(hǎo\)</mark>好", html)


def test_pages_link_to_their_neighbours_and_the_index(site):
    pages = list(build(batch()).documents["page"])
    first, middle = page_of(site, "articles/a.txt"), page_of(site, "小红书.txt")
    assert 'id="previous"' not in first and f'id="next" href="{pages[1]}"' in first
    assert f'id="previous" href="{pages[0]}"' in middle and f'id="next" href="{pages[2]}"' in middle
    assert 'id="up" href="index.html"' in middle


def test_an_empty_batch_still_makes_a_report(tmp_path):
    names = {path.name for path in write_site([], tmp_path)}
    assert names == {"index.html", "findings.csv", "documents.csv", "report.json"}
    assert "0 documents" in (tmp_path / "index.html").read_text(encoding="utf-8")


# Datasets --------------------------------------------------------------------

def dataset_rows(count: int) -> list[DocumentResult]:
    """Rows of two files from three sources; every third row has an error."""
    results = []
    for number in range(1, count + 1):
        path = "train.jsonl" if number % 2 else "dev.jsonl"
        row = RowRef(number, f"u{number}", ("text",), source=("news", "web", "")[number % 3])
        result = glossed(path, "银行(yín háng)")
        result = DocumentResult(Document(result.document.text, path, row=row), glosses=result.glosses,
                                syllable_count=2)
        if number % 3 == 0:
            add(result, "R302", Severity.ERROR, 0, 12, gloss_index=0)
        results.append(result)
    return results


def test_a_dataset_report_pages_only_the_worst_rows_and_breaks_rows_down_by_file_and_source(tmp_path, monkeypatch):
    monkeypatch.setattr("reports.pages.MAX_ROW_PAGES", 5)  # as with 100 of a million rows, quicker
    monkeypatch.setattr("reports.site.render_charts", lambda frames: [])  # not what this test is about
    results = [glossed("a.txt", TEXT_B)] + dataset_rows(18)
    written = write_site(results, tmp_path)
    pages = [path for path in written if path.suffix == ".html" and path.name != "index.html"]
    assert len(pages) == 1 + 5
    # The worst rows are the ones paged: the five with an error (rows 3, 6, ..., 18) before any other.
    documents = build(results).documents
    with_errors = documents.loc[documents["errors"] > 0, "page"]
    assert len(with_errors) == 6 and len(set(with_errors) & {page.name for page in pages}) == 5
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "18 rows of datasets" in index and "for the 5 rows with the highest error rates" in index
    by_file = re.search(r"<caption>By file</caption>(.*?)</table>", index, re.S).group(1)
    assert re.findall(r"<tr><td[^>]*>(\w+\.jsonl)</td><td[^>]*>(\d+)</td>", by_file) == [
        ("dev.jsonl", "9"), ("train.jsonl", "9")]
    by_source = re.search(r"<caption>By source</caption>(.*?)</table>", index, re.S).group(1)
    assert re.findall(r"<tr><td[^>]*>([^<]+)</td><td[^>]*>(\d+)</td>", by_source) == [
        ("—", "6"), ("news", "6"), ("web", "6")]
    documents_table = re.search(r'<table id="documents">(.*?)</table>', index, re.S).group(1)
    headings = [re.findall(r"<th[^>]*>([^<]+)</th>", table) for table in (by_file, by_source, documents_table)]
    assert headings[0][1:] == headings[1][1:] == ["Rows"] + headings[2][1:]  # the same family columns
    assert "reading" in headings[2] and "tone" not in headings[2]  # those with findings
    assert len(pd.read_csv(tmp_path / "documents.csv")) == 19


def test_a_breakdown_first_lists_its_names_with_their_numbers_as_numbers_as_its_heading_sorts_them(tmp_path,
                                                                                                      monkeypatch):
    monkeypatch.setattr("reports.site.render_charts", lambda frames: [])
    rows = [DocumentResult(Document("银行(yín háng)", "train.jsonl", row=RowRef(number, f"u{number}", ("text",), source)))
            for number, source in enumerate(["s10", "s2", "s9"], start=1)]
    write_site(rows, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    by_source = re.search(r"<caption>By source</caption>(.*?)</table>", index, re.S).group(1)
    assert re.findall(r"<tr><td[^>]*>([^<]+)</td>", by_source) == ["s2", "s9", "s10"]  # not s10, s2, s9
    assert '<th data-type="text" aria-sort="ascending">Source</th>' in by_source


def test_a_long_dataset_s_report_keeps_whole_only_the_rows_that_may_still_get_a_page(tmp_path, monkeypatch):
    monkeypatch.setattr("reports.pages.MAX_ROW_PAGES", 5)
    monkeypatch.setattr("reports.site.render_charts", lambda frames: [])
    results = dataset_rows(240)  # 80 rows with an error, as bad as each other: the first 5 by name get pages
    writer = SiteWriter(tmp_path)
    kept = []
    for result in results:
        writer.add(result)
        kept.append(len(writer._rows))
    pages = {path.name for path in writer.finish() if path.suffix == ".html" and path.name != "index.html"}
    assert max(kept) <= 10 * 5  # not the 240 rows
    assert pages == set(worst_first(build(results).documents)["page"].head(5))


def test_a_report_of_documents_alone_says_nothing_of_datasets(site):
    assert "rows of datasets" not in (site / "index.html").read_text(encoding="utf-8")


# The index page ----------------------------------------------------------------

def test_index_puts_the_table_worst_first_before_the_detailed_charts(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    table, overview, details = index.index('id="documents"'), index.index('id="chart-by-family"'), \
        index.index('class="charts"')
    assert table < overview < details  # the table first, the compact chart beside it, the rest below
    names = re.findall(r'<tr><td data-sort="([^"]*)"><a ', index)
    assert names == ["小红书.txt", "articles/a.txt", "broken.txt"]  # 2 of 2 glosses with an error, then 1 of 3
    assert re.search(r'<th data-type="number" aria-sort="descending">Error rate</th>', index)


@pytest.mark.parametrize("paths, audited", [
    (["articles/a.txt"], "articles/a.txt"),
    (["articles/a.txt", "articles/b/小红书.txt"], "2 files in articles"),
    (["/srv/a.txt", "b.txt"], "2 files"),
])
def test_the_index_is_titled_with_what_was_audited(paths, audited):
    from reports.pages import index_page

    index = index_page(build([glossed(path, TEXT_B) for path in paths]), [])
    assert f"<title>{audited} · pinyin-audit report</title>" in index
    assert f"<h1>pinyin-audit report: {audited}</h1>" in index


def test_document_names_wrap_only_at_path_separators_and_show_in_full_on_hover():
    result = glossed("corpus/第二册/第十一课 春天来了.txt", "春天(chūn tiān)")
    index = render_site_index(result)
    assert ('title="corpus/第二册/第十一课 春天来了.txt"><span class="segment">corpus/</span><wbr>'
            '<span class="segment">第二册/</span><wbr><span class="segment">第十一课 春天来了.txt</span></a>') in index


def render_site_index(result: DocumentResult) -> str:
    from reports.pages import index_page

    frames = build([result])
    return index_page(frames, render_charts(frames))


def test_the_stylesheet_names_a_chinese_font_for_each_common_system(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    stack = re.search(r"body \{ font: [^;]*;", index).group()
    for family in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert f'"{family}"' in stack


def test_a_gloss_that_is_not_one_syllable_per_character_stays_one_ruby():
    text = "一会儿(yí huìr)，汉字(hànzì)"
    erhua = GlossRecord(0, 3, 3, text.index(")"), "yí huìr")  # three characters, two syllables
    joined = GlossRecord(text.index("汉"), text.index("汉") + 2, text.index("(h"), len(text) - 1, "hànzì")
    html = render_text(text, [erhua, joined], [])
    assert "<ruby>一会儿<rt>yí huìr</rt></ruby>" in html and "<ruby>汉字<rt>hànzì</rt></ruby>" in html


def test_a_report_of_inputs_none_of_which_could_be_read_writes_nothing_and_exits_2(tmp_path):
    """It wrote a report of pages that each said the file was not audited, over one written before."""
    from test_cli import err, run

    site = tmp_path / "site"
    assert run("report", str(tmp_path / "kept.txt"), "-o", str(site)).returncode == 2 and not site.exists()
    (tmp_path / "kept.txt").write_text("今年(jīn nián)\n", encoding="utf-8")
    assert run("report", str(tmp_path / "kept.txt"), "-o", str(site)).returncode == 0
    before = sorted(path.name for path in site.iterdir())
    completed = run("report", str(tmp_path / "gone.txt"), str(tmp_path / "lost.txt"), "-o", str(site))
    assert completed.returncode == 2
    assert err(completed).splitlines()[-1] == f"pinyin-audit: error: no input could be read, so no report is " \
                                             f"written to {site}"
    assert sorted(path.name for path in site.iterdir()) == before


def test_a_document_without_glosses_says_it_has_no_rates_rather_than_two_dashes(tmp_path):
    """Through the command: its page read "error rate — · — findings per 100 glosses"."""
    from test_cli import run

    (tmp_path / "plain.txt").write_text("这是没有拼音的文本。\n", encoding="utf-8")
    assert run("report", str(tmp_path / "plain.txt"), "-o", str(tmp_path / "site")).returncode == 0
    [page] = (tmp_path / "site").glob("*plain.txt_*.html")
    [stats] = re.findall(r'<p class="stats">([^<]*)</p>', page.read_text(encoding="utf-8"))
    assert stats == "0 glosses · 0 syllables · 0 findings (0 errors, 0 warnings, 0 info) · no rates without glosses"


def test_a_suggestion_for_a_gloss_wrapped_across_lines_reads_on_one_line_in_the_list_and_tooltip(tmp_path):
    """Through the command: the page showed "→ 银行(yín\\nháng)", the line break escaped, where check prints
    "(银行(yín háng))"."""
    from test_cli import run

    (tmp_path / "wrapped.txt").write_text("我们去银行(yín\nxíng)取钱。\n", encoding="utf-8")
    assert run("report", str(tmp_path / "wrapped.txt"), "-o", str(tmp_path / "site")).returncode == 0
    [page] = (tmp_path / "site").glob("*wrapped.txt_*.html")
    html = page.read_text(encoding="utf-8")
    assert re.findall(r'<span class="suggestion">([^<]*)</span>', html) == ["→ 银行(yín háng)"]
    assert "→ 银行(yín háng)\"" in html and "\\n" not in html


def test_a_finding_with_nothing_highlighted_is_listed_without_a_link_that_goes_nowhere(tmp_path):
    """Through the command: an unused suppression is on a comment, which the page's text does not show; its
    "3:1" was a link that did nothing when clicked."""
    from test_cli import run

    lesson = tmp_path / "lesson.md"
    lesson.write_text("# 标题\n\n<!-- pinyin-audit: disable-next-line=S103 -- a test -->\n银行(yín xíng)很好。\n",
                      encoding="utf-8")
    assert run("report", str(lesson), "-o", str(tmp_path / "site")).returncode == 0
    [page] = (tmp_path / "site").glob("*lesson.md_*.html")
    places = re.findall(r'<li [^>]*><(a|span) class="where"[^>]*>([^<]*)</(?:a|span)> <code>(\w+)</code>',
                        page.read_text(encoding="utf-8"))
    assert places == [("span", "3:1", "X002"), ("a", "4:3", "R302")]


def test_an_empty_file_s_page_says_so_rather_than_show_an_empty_box(tmp_path):
    """Through the command: the box under the counts was empty, as if the page had failed to load."""
    from test_cli import run

    (tmp_path / "empty.txt").write_bytes(b"")
    assert run("report", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "site")).returncode == 0
    [page] = (tmp_path / "site").glob("*empty.txt_*.html")
    assert '<div class="text" lang="zh"><span class="empty">(an empty file)</span></div>' in page.read_text(
        encoding="utf-8")


def test_documents_named_in_chinese_get_pages_named_by_them_distinct_and_the_same_in_every_run(tmp_path):
    """Through the command: 课文一.txt and 课文二.txt both had pages named txt_<hash>.html, which only the hash
    told apart."""
    from test_cli import run

    for name in ("课文一.txt", "课文二.txt"):
        (tmp_path / name).write_text("银行(yín xíng)很好。\n", encoding="utf-8")
    pages = []
    for site in ("first", "second"):
        assert run("report", str(tmp_path / "课文一.txt"), str(tmp_path / "课文二.txt"), "-o",
                   str(tmp_path / site)).returncode == 0
        pages.append(sorted(page.name for page in (tmp_path / site).glob("*.html") if page.name != "index.html"))
    assert pages[0] == pages[1]
    assert [name.split("_")[-2:-1] for name in pages[0]] == [["课文一.txt"], ["课文二.txt"]]
    assert all(re.fullmatch(r"[\w.-]+_[0-9a-f]{8}\.html", name) for name in pages[0])
    index = (tmp_path / "first" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in index for name in pages[0])


def test_a_long_chinese_path_gives_a_page_name_a_file_system_takes(tmp_path):
    """Names are counted in bytes: 60 characters of CJK extension B are 240 bytes, too many beside the rest."""
    [name] = page_names(["𠀀" * 100 + ".txt"])
    assert len(name.encode("utf-8")) <= 200 and name.endswith(".txt_" + name[-13:-5] + ".html")
