"""A text glossed a character at a time, as textbooks and readers gloss it, is judged as the same text by word."""

from __future__ import annotations

import pytest

from audit.engine import audit_text
from audit.finding import Severity


def _judged(text: str) -> list[tuple[str, Severity]]:
    return [(finding.code, finding.severity) for finding in audit_text(text).findings]


@pytest.mark.parametrize("by_character, by_word", [
    ("我(wǒ)们(men)一(yì)起(qǐ)去(qù)。", "我们(wǒ men)一起(yì qǐ)去(qù)。"),
    ("这(zhè)是(shì)一(yí)个(gè)好(hǎo)地(dì)方(fang)。", "这(zhè)是(shì)一个(yí gè)好(hǎo)地方(dì fang)。"),
    ("他(tā)不(bú)是(shì)老(lǎo)师(shī)。", "他(tā)不是(bú shì)老师(lǎo shī)。"),
    ("第(dì)一(yí)个(gè)", "第一个(dì yí gè)"),
    ("你(ní)好(hǎo)", "你好(ní hǎo)"),
    ("他(tā)在(zài)玩(wán)儿(r)呢(ne)。", "他(tā)在(zài)玩儿(wánr)呢(ne)。"),
])
def test_per_character_glosses_draw_what_word_glosses_draw(by_character, by_word):
    assert _judged(by_character) == _judged(by_word)
