"""Messages read as sentences, and consistency findings point at the gloss to change."""

from __future__ import annotations

import pathlib
import re

import pytest

from audit.config import AuditConfig
from audit.engine import audit_text

SAMPLES = pathlib.Path(__file__).parents[1] / "samples"


def _findings(text: str, code: str, profile: str = "auto") -> list:
    return [f for f in audit_text(text, config=AuditConfig(profile=profile)).findings if f.code == code]


def test_c602_points_at_the_outlier_and_never_suggests_a_rejected_reading():
    # Two glosses read 行 as xíng, which R302 rejects; the one right gloss is not the outlier.
    text = "我们去银行(yín xíng)取钱。这家银行(yín xíng)很大。那家银行(yín háng)在哪里？"
    consistency = _findings(text, "C602")
    assert [f.gloss for f in consistency] == ["(yín xíng)", "(yín xíng)"]
    assert all("(yín háng)" in f.suggestion and "xíng" not in f.suggestion for f in consistency)
    assert consistency[0].message == "银行 is glossed (yín háng) once elsewhere in this document"


def test_c602_stays_silent_when_every_variant_draws_its_own_finding():
    text = "我们去银行(yín xíng)取钱。这家银行(yín xìng)很大。"
    assert _findings(text, "C602") == []


def test_c602_counts_in_words():
    text = "小红书(xiǎo hóng shū)，小红书(xiǎo hóng shū)，小红书(xiǎo hóng shu)"
    (finding,) = _findings(text, "C602")
    assert finding.message == "小红书 is glossed (xiǎo hóng shū) twice elsewhere in this document"


@pytest.mark.parametrize("text, profile, reason", [
    ("一倍(yí bèi)多，一场(yī cháng)雨", "auto",
     "a tie goes to the standard's citation tones (yī, bù)"),
    ("一倍(yí bèi)多，一场(yī cháng)雨，不断(bú duàn)", "auto",
     "this document mostly writes 一 and 不 in their changed tones (yí/yì, bú), 2 to 1"),
    ("一个(yī gè)", "textbook", "the textbook profile writes 一 and 不 in their changed tones (yí/yì, bú)"),
])
def test_c601_says_why_the_other_convention_wins(text, profile, reason):
    (finding,) = _findings(text, "C601", profile)
    assert finding.message.endswith(reason)
    assert "profile auto" not in finding.message and "0 changed" not in finding.message


@pytest.mark.parametrize("text, code, suggestion", [
    ("小红书📖(xiǎo hóng shū 是", "A201", "小红书(xiǎo hóng shū)📖"),
    ("银行卡片(yín háng 是", "A202", "move the gloss to follow 银行: 银行(yín háng)"),
    ("我去银行(yín xíng 是", "R302", "银行(yín háng)"),
    ("你好(ni3 hǎo 是", "F503", "write (nǐ hǎo)"),
])
def test_a_gloss_left_open_is_suggested_closed(text, code, suggestion):
    (finding,) = _findings(text, code)
    assert finding.suggestion == suggestion


@pytest.mark.parametrize("text, message, suggestion", [
    ("AI(ài)很好。", "the gloss follows AI, which has no Han character for pinyin to read",
     "write AI without the gloss, or put the gloss after the Han characters it reads"),
    ("他说。(hǎo)", "no Han character before the gloss (the punctuation comes first)",
     "put the gloss right after the characters it reads, or remove it"),
])
def test_a203_names_what_the_gloss_follows_and_what_to_write(text, message, suggestion):
    """After Latin letters it said the line's start came first, as if nothing stood before the gloss."""
    (finding,) = _findings(text, "A203")
    assert (finding.message, finding.suggestion) == (message, suggestion)


def test_c603_agrees_in_number():
    (finding,) = _findings("汉字(hàn zì)，拼音（pīn yīn），声调(shēng diào)", "C603")
    assert finding.message == "1 gloss is written in brackets （）, while 2 glosses are written in brackets ()"


def test_no_message_on_the_samples_hedges_its_number():
    from audit.engine import audit_paths

    messages = [f"{f.message} {f.suggestion}" for result in audit_paths([str(SAMPLES)]) for f in result.findings]
    assert messages
    assert not [m for m in messages if re.search(r"\((s|es)\)|time\(s\)|; profile ", m)]


@pytest.mark.parametrize("text, message", [
    ("第一个(dì yí gè)", "一(yí): 一 reads yī here"),
    ("一个(yǐ gè)", "一(yǐ): 一 reads yī, or yí before this syllable"),
])
def test_t401_on_yi_names_the_changed_tone_only_where_there_is_one(text, message):
    (finding,) = _findings(text, "T401")
    assert finding.message == message


@pytest.mark.parametrize("text, reason", [
    ("这件事他办不成(bàn bu chéng)。", "dictionaries hold the potential form 办不成"),
    ("作业太多，今天写不完(xiě bu wán)。",
     "写 and 完 make a verb and its complement (写完), and dictionaries put 完 after both 不 and 得 in potential forms"),
    ("我管不了(guǎn bu liǎo)这么多。", "管 is a verb, and dictionaries read 不 light before 了 (少不了), its complement"),
    # The verb is named whole, not by the character before 不.
    ("这种病他适应不了(shì yìng bu liǎo)。",
     "适应 is a verb, and dictionaries read 不 light before 了 (少不了), its complement")])
def test_t401_on_a_light_bu_before_a_complement_says_where_words_put_the_complement(text, reason):
    """The words named are where 成 stands after a light 得, not how they read it."""
    (finding,) = _findings(text, "T401")
    assert finding.message.endswith(f", though {reason}")


def test_c601_names_the_syllable_it_is_about():
    (finding,) = _findings("一个(yī gè)", "C601", "textbook")
    assert finding.message.startswith("一(yī) is written in its citation tone here")


@pytest.mark.parametrize("text, where", [
    ("我在这里(zhè li)等你。", "in the demonstrative pronoun 这里 (zhè li)"),
    ("你在哪里(nǎ li)？", "in the interrogative pronoun 哪里 (nǎ li)"),
    ("他在家(jiā)里(li)吃饭。", "after the noun it follows (屋里 wū li)")])
def test_a_light_li_says_what_it_ends_a_pronoun_of_place_or_follows_a_noun(text, where):
    """这里 is a demonstrative pronoun, not a noun and its locative, though 现代汉语词典 gives its 里 light too."""
    (finding,) = _findings(text, "R302")
    assert finding.message.endswith(f", though 现代汉语词典 gives 里 light {where}")
