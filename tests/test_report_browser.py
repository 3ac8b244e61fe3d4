"""The report in a real browser: ruby syllables stand apart over their own characters; the index sorts as
clicked.

Runs headless Chromium when it is installed (Debian: chromium) and skips otherwise.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from audit.engine import audit_text
from reports import write_site

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
               None)

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
    page = next((tmp_path / "report").glob("day.txt*.html"))
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, timeout=120).stdout.decode()
    measured = json.loads(re.search(r"<pre id=\"measured\">(.*?)</pre>", dom).group(1))
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
document.body.insertAdjacentHTML("beforeend", "<pre id=sorted>" + JSON.stringify(order) + "</pre>");
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium")
def test_clicking_a_heading_sorts_names_and_numbers_as_a_reviewer_reads_them(tmp_path):
    texts = {"docs/10.txt": "今天(jīn tiān)" * 9 + "银行(yín xíng)",  # 10 glosses, 1 error
             "docs/9.txt": "今天(jīn tiān)" * 9,  # 9 glosses, none wrong
             "docs/2.txt": "银行(yín xíng)",  # 1 gloss, wrong
             "docs/1.txt": "没有注音"}  # no glosses: no rate
    write_site([audit_text(text, path=path) for path, text in texts.items()], tmp_path / "report")
    index = tmp_path / "report" / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", SORT + "</body>"), encoding="utf-8")
    dom = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", index.as_uri()],
                         capture_output=True, timeout=120).stdout.decode()
    order = json.loads(re.search(r"<pre id=\"sorted\">(.*?)</pre>", dom).group(1))
    assert order["byName"] == ["docs/1.txt", "docs/2.txt", "docs/9.txt", "docs/10.txt"]  # 9 before 10
    assert order["mostGlosses"] == ["docs/10.txt", "docs/9.txt", "docs/2.txt", "docs/1.txt"]  # 10 above 9
    assert order["lowestRate"] == ["docs/1.txt", "docs/9.txt", "docs/10.txt", "docs/2.txt"]  # no rate, 0%, 10%, 100%
