"""The report in a real browser: ruby syllables stand apart over their own characters; the index sorts as
clicked; highlights show their severity by more than colour.

Runs headless Chromium when it is installed (Debian: chromium) and skips otherwise.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from audit.document import Document, RowRef
from audit.engine import audit_document, audit_text
from reports import write_site

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
               None)


def rendered(page: Path, script: str, result_id: str):
    """What ``script``, run in ``page`` after the report's own, puts as JSON into ``<pre id=result_id>``."""
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    dom = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, timeout=120).stdout.decode()
    return json.loads(re.search(rf"<pre id=\"{result_id}\">(.*?)</pre>", dom).group(1))


# Measures, after layout, the gap between each syllable and the next on the same line,
# and how far each syllable's centre is from its character's.
MEASURE = """<script>
const rts = Array.from(document.querySelectorAll("rt"));
const textBox = node => { const range = document.createRange(); range.selectNodeContents(node);
                          return range.getBoundingClientRect(); };
const boxes = rts.map(textBox);  // the letters, without the padding around them
const gaps = [];
for (let i = 1; i < boxes.length; i++)
  if (Math.abs(boxes[i].top - boxes[i - 1].top) < 2) gaps.push(boxes[i].left - boxes[i - 1].right);
const offsets = rts.map((rt, i) => {
  const base = textBox(rt.previousSibling), box = boxes[i];
  return Math.abs((base.left + base.right) / 2 - (box.left + box.right) / 2);
});
document.body.insertAdjacentHTML("beforeend",
  "<pre id=measured>" + JSON.stringify({syllables: rts.length, gaps: gaps, offsets: offsets}) + "</pre>");
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium")
def test_ruby_syllables_stand_apart_over_their_own_characters(tmp_path):
    text = "今天(jīn tiān)我和(wǒ hé)妈妈(mā ma)去银行(qù yín háng)取钱(qǔ qián)，窗(chuāng)装(zhuāng)双(shuāng)。\n"
    write_site([audit_text(text, path="day.txt")], tmp_path / "report")
    measured = rendered(next((tmp_path / "report").glob("day.txt*.html")), MEASURE, "measured")
    assert measured["syllables"] == 14  # one per character
    assert min(measured["gaps"]) >= 2  # pixels: never touching, as `tiānwǒ` did
    assert max(measured["offsets"]) <= 1  # each centred over its character


# Clicks a heading of the index's table (by its text), then reads the names in the order shown.
SORT = """<script>
const order = {};
const table = document.getElementById("documents");
const click = heading => Array.from(table.tHead.rows[0].cells).find(th => th.textContent === heading).click();
const names = () => Array.from(table.tBodies[0].rows).map(row => row.cells[0].textContent);
click("Document"); order.byName = names();
click("Glosses"); order.mostGlosses = names();
click("Error rate"); click("Error rate"); order.lowestRate = names();
const findings = Array.from(table.tHead.rows[0].cells).find(th => th.textContent === "Findings");
findings.focus();
findings.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
order.byKeyboard = [document.activeElement === findings, findings.getAttribute("aria-sort")];
document.body.insertAdjacentHTML("beforeend", "<pre id=sorted>" + JSON.stringify(order) + "</pre>");
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium")
def test_a_heading_sorts_names_and_numbers_as_a_reviewer_reads_them_by_click_or_keyboard(tmp_path):
    texts = {"docs/10.txt": "今天(jīn tiān)" * 9 + "银行(yín xíng)",  # 10 glosses, 1 error
             "docs/9.txt": "今天(jīn tiān)" * 9,  # 9 glosses, none wrong
             "docs/2.txt": "银行(yín xíng)",  # 1 gloss, wrong
             "docs/1.txt": "没有注音"}  # no glosses: no rate
    write_site([audit_text(text, path=path) for path, text in texts.items()], tmp_path / "report")
    order = rendered(tmp_path / "report" / "index.html", SORT, "sorted")
    assert order["byName"] == ["docs/1.txt", "docs/2.txt", "docs/9.txt", "docs/10.txt"]  # 9 before 10
    assert order["mostGlosses"] == ["docs/10.txt", "docs/9.txt", "docs/2.txt", "docs/1.txt"]  # 10 above 9
    assert order["lowestRate"] == ["docs/1.txt", "docs/9.txt", "docs/10.txt", "docs/2.txt"]  # no rate, 0%, 10%, 100%
    assert order["byKeyboard"] == [True, "descending"]  # a heading takes the focus and sorts on Enter


# How each severity's highlight is drawn, besides its colours.
HIGHLIGHTS = """<script>
const drawn = Array.from(document.querySelectorAll(".legend mark")).map(mark => {
  const style = getComputedStyle(mark);
  return [mark.className, style.textDecorationLine, style.textDecorationStyle];
});
document.body.insertAdjacentHTML("beforeend", "<pre id=drawn>" + JSON.stringify(drawn) + "</pre>");
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium")
def test_a_highlight_s_severity_shows_in_its_line_not_only_in_its_colour(tmp_path):
    write_site([audit_text("银行(yín xíng)", path="bank.txt")], tmp_path / "report")
    drawn = rendered(next((tmp_path / "report").glob("bank.txt*.html")), HIGHLIGHTS, "drawn")
    assert [severity for severity, _, _ in drawn] == ["sev-error", "sev-warning", "sev-info"]
    assert all(line == "underline" for _, line, _ in drawn)
    assert len({style for _, _, style in drawn}) == 3


# Sorts the index's table of dataset rows by source, by a click on each heading in turn.
SORT_SOURCES = """<script>
const sources = Array.from(document.querySelectorAll("table.breakdown"))
  .find(table => table.caption.textContent === "By source");
const bySource = {};
Array.from(sources.tHead.rows[0].cells).forEach(th => {
  th.click();
  bySource[th.textContent] = Array.from(sources.tBodies[0].rows).map(row => row.cells[0].textContent);
});
document.body.insertAdjacentHTML("beforeend", "<pre id=sources>" + JSON.stringify(bySource) + "</pre>");
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium")
def test_the_datasets_breakdown_sorts_as_the_documents_table_does(tmp_path):
    sources = ["s10"] * 10 + ["s2"] * 2 + ["s9"] * 9
    rows = [audit_document(Document("银行(yín háng)", "train.jsonl", row=RowRef(number, source=source)))
            for number, source in enumerate(sources, start=1)]
    write_site(rows, tmp_path / "report")
    by_source = rendered(tmp_path / "report" / "index.html", SORT_SOURCES, "sources")
    # The table comes sorted by source, A to Z (s2 before s10), and says so: a first click turns it around.
    assert by_source["Source"] == ["s10", "s9", "s2"]
    assert by_source["Rows"] == ["s10", "s9", "s2"]
