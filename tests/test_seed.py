"""The seed article: real annotation output whose errors are pinned here.

If a change finds more or fewer problems in it, this test says which, and
the change must explain itself.
"""

from __future__ import annotations

import pathlib

from audit.engine import audit_text
from audit.finding import Severity

SEED = pathlib.Path(__file__).parents[1] / "samples" / "ecommerce-article-seed.txt"

# (line, column, code, glossed characters, gloss as written)
EXPECTED_ERRORS = [
    (3, 37, "A201", "书", "(shū)"),                # 从小红书📖(shū): detached after the emoji
    (7, 73, "A201", "书", "(shū)"),                # 和小红书📖(shū)而言
    (18, 116, "A201", "小红书", "(xiǎo hóng shū)"),
    (23, 23, "S102", "书上", "(shū shàng)"),       # 小红书📖上: a span across the emoji
    (23, 23, "S103", "书上", "(shū shàng)"),       # ... that cuts 小红书
    (23, 74, "C601", "一倍", "(yí bèi)"),          # changed tone, while 一场(yī) and 不断(bù) are not
    (44, 8, "C601", "一个", "(yí gè)"),
    (48, 76, "A201", "小红书", "(xiǎo hóng shū)"),
    (53, 14, "A201", "小红书", "(xiǎo hóng shū)"),
    (54, 75, "S103", "和小红", "(hé xiǎo hóng)"),   # 和小红(hé xiǎo hóng)书: cuts 小红书
]


def _seed_result():
    return audit_text(SEED.read_text(encoding="utf-8"), path=str(SEED))


def test_seed_errors_are_exactly_the_known_ones():
    errors = [
        (f.line, f.column, f.code, f.span, f.gloss)
        for f in _seed_result().findings
        if f.severity is Severity.ERROR
    ]
    assert errors == EXPECTED_ERRORS


def test_seed_correct_glosses_draw_no_reading_or_tone_finding():
    families = {f.family for f in _seed_result().findings}
    assert not families & {"reading", "tone", "format"}


def test_seed_counts():
    result = _seed_result()
    assert (result.gloss_count, result.syllable_count) == (161, 268)


def test_every_seed_finding_says_where_what_why_and_what_instead():
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    for finding in _seed_result().findings:
        assert finding.message and finding.suggestion
        # The column counts code points and points at the gloss's opening bracket.
        assert lines[finding.line - 1][finding.column - 1] == "("
        assert lines[finding.line - 1][finding.column - 1 :].startswith(finding.gloss)
