"""Speech-synthesis label files: detection, pairing, positions, the spoken convention."""

from __future__ import annotations

import json
import pathlib

import pytest

from audit.cli import main
from audit.config import AuditConfig
from audit.engine import audit_text
from audit.inputs import reader_for
from audit.labels import read_labels

# Utterances in the style of the Biaobei (CSMSC) corpus: every sandhi written.
BIAOBEI = (
    "000001\t卡尔普#2陪外孙#1玩滑梯#4。\n"
    "\tka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1\n"
    "000002\t假语村言#2别再#1拥抱我#4。\n"
    "\tjia2 yu3 cun1 yan2 bie2 zai4 yong1 bao4 wo3\n"
    "000003\t宝马#1配挂#1跛骡鞍#3，貂蝉#1怨枕#2董翁榻#4。\n"
    "\tbao2 ma3 pei4 gua4 bo3 luo2 an1 diao1 chan2 yuan4 zhen3 dong3 weng1 ta4\n"
    "000004\t我很好#4，你在这儿#1干嘛#4？\n"
    "\two2 hen2 hao3 ni3 zai4 zher4 gan4 ma2\n"
    "000005\t一个#1不是#4。\n"
    "\tyi2 ge4 bu2 shi4\n"
)
AISHELL3 = (
    "SSB00050001.wav\t广 guang3 州 zhou1 女 nv3 大 da4 学 xue2 生 sheng1\n"
    "SSB00050002.wav\t我 wo2 很 hen2 好 hao3\n"
)


def findings(text: str, path: str = "labels.txt", **config) -> list[tuple]:
    result = audit_text(text, path, AuditConfig(**config))
    return [(f.code, f.line, f.column) for f in result.findings]


def test_layouts_are_detected_by_content():
    def detect(text: str) -> str:
        return reader_for(text, "labels.txt").name

    assert detect(BIAOBEI) == "biaobei"
    assert detect(AISHELL3) == "aishell3"
    assert detect("# a comment\n" + AISHELL3) == "aishell3"
    assert detect("今年(jīn nián)好。\n") == "text"
    assert detect("000001\t卡尔普\nno pinyin here\n") == "text"
    # Plain text with a line of letters and digits indented under its first: file types are no syllables, and
    # syllables under a line without Han characters read no text.
    assert detect("版本说明 本工具支持以下格式：\n    mp3 mp4 aac\n音频(yīn pín)都可以。\n") == "text"
    assert detect("Lesson one: greetings\n    ni3 hao3 ma5\n") == "text"
    assert detect("000001\t卡尔普#2陪外孙#4。\n\tka2 er2 pu pei2 wai4 sun1\n") == "biaobei"  # a tone left out


def test_each_run_between_punctuation_becomes_one_gloss():
    labels = read_labels(BIAOBEI, "labels.txt", "biaobei")
    document, glosses = labels.document, labels.glosses
    first, second, third = document.text.splitlines()[:3]
    assert first == "卡尔普陪外孙玩滑梯(ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1)。"
    assert third == ("宝马配挂跛骡鞍(bao2 ma3 pei4 gua4 bo3 luo2 an1)，"
                     "貂蝉怨枕董翁榻(diao1 chan2 yuan4 zhen3 dong3 weng1 ta4)。")
    assert labels.problems == () and labels.blocks[:2] == ((1, 2), (3, 4))
    assert [gloss.written for gloss in glosses[:1]] == ["(ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1)"]
    assert all(document.text[gloss.open] == "(" and document.text[gloss.close] == ")" for gloss in glosses)


def test_aishell3_lines_become_one_gloss_each():
    document = read_labels(AISHELL3, "content.txt", "aishell3").document
    assert document.text.splitlines() == ["广州女大学生(guang3 zhou1 nv3 da4 xue2 sheng1)", "我很好(wo2 hen2 hao3)"]


def test_correct_labels_draw_no_findings_under_the_default_spoken_profile():
    assert findings(BIAOBEI) == []
    assert findings(AISHELL3, "content.txt") == []


@pytest.mark.parametrize("text", [
    "000001\t打扫#1厕所#4。\n\tda2 sao3 ce4 suo3\n",  # da2 is sandhi, though 打 also reads dá
    "000001\t小姐#4。\n\txiao2 jie3\n",              # the label writes jie3, the word's jie is neutral
    "000001\t我#1也#1有#4。\n\two3 ye2 you3\n",
])
def test_written_sandhi_draws_no_error_in_labels(text):
    errors = [f.code for f in audit_text(text, "labels.txt").findings if str(f.severity) == "error"]
    assert errors == []


def test_the_label_profile_decides_and_leaves_text_alone():
    textbook = findings(BIAOBEI, label_profile="textbook")
    assert ("T402", 2, 2) in textbook  # ka2 before er3: sandhi written
    assert findings(BIAOBEI, profile="dictionary") == []  # the text profile does not apply to labels


def test_characters_and_syllables_map_back_to_their_lines():
    text = "000001\t今天#1天气#2很好#4。\n\tjin1 tian1 tian1 qi4 hen3 hao1\n"
    result = audit_text(text, "labels.txt")
    [finding] = result.findings
    assert finding.code == "T401"
    # The gloss is the pinyin line: from its first syllable to the end of the last.
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 2, 2, 32)
    assert finding.span == "今天天气很好"
    document = result.document
    assert document.position(document.text.index("很")) == (1, 16)


def test_a_count_mismatch_is_one_l701_finding_for_the_utterance():
    text = BIAOBEI.replace("wan2 hua2 ti1", "wan2 hua2")
    result = audit_text(text, "labels.txt")
    [finding] = result.findings
    assert (finding.code, finding.line, finding.column, finding.end_line) == ("L701", 1, 8, 2)
    assert (finding.utterance, finding.message) == ("000001", "卡尔普陪外孙玩滑梯: 9 characters but 8 syllables")


def test_missing_lines_are_l701_too():
    text = "000001\t卡尔普#4。\n\tka2 er2 pu3\n000002\t外孙#4。\n000003\t滑梯#4。\n\thua2 ti1\n\tstray1\n"
    assert [(f.code, f.line, f.placed_message) for f in audit_text(text, "labels.txt").findings] == [
        ("L701", 3, "utterance 000002: no pinyin line follows this text line"),
        ("L701", 6, "no text line comes before this pinyin line"),
    ]


def test_an_aishell3_line_that_does_not_alternate_is_placed_where_the_pairing_breaks():
    text = AISHELL3 + "SSB00050003.wav\t广 guang3 州\nSSB00050004.wav\t广 guang3 州 zhou 是 shi4\n"
    assert findings(text, "content.txt") == [("L701", 3, 26), ("L701", 4, 28)]  # at 州, then at zhou


@pytest.mark.parametrize("pinyin, said", [
    ("wo3 qu4 yin2 hang2 qu3 qian", "T403 neutral-tone-mismatch: utterance 000001: 钱(qian)"),
    ("wo3 qu4 yin2 hang2 qu3 qian2 extra", "L701 label-mismatch: utterance 000001: 我去银行取钱: 6 characters but 7"),
])
def test_a_slip_in_the_first_utterance_does_not_hide_a_label_file(cli, tmp_path, pinyin, said):
    """One syllable without its tone, or a word too many, on the first pinyin line made the file plain text:
    no gloss found, exit 0, and none of its utterances audited."""
    labels = tmp_path / "labels.txt"
    labels.write_text(f"000001\t我去银行#1取钱#4。\n\t{pinyin}\n000002\t你好#4！\n\tni3 hao3\n", encoding="utf-8")
    code, out, err = cli("check", str(labels))
    assert said in out and "no glosses found" not in err


def test_a_slip_in_the_first_aishell3_pair_does_not_hide_the_file(cli, tmp_path):
    labels = tmp_path / "content.txt"
    labels.write_text("SSB00050001.wav\t广 guang 州 zhou1\nSSB00050002.wav\t我 wo2 很 hen2 好 hao3\n", encoding="utf-8")
    code, out, err = cli("check", str(labels))
    assert "L701 label-mismatch: utterance SSB00050001: 广 is followed by guang" in out and "no glosses" not in err


def test_an_aishell3_line_with_its_file_name_alone_says_nothing_follows_the_name(cli, tmp_path):
    """It said "expected a file name ending in .wav", which the line has."""
    labels = tmp_path / "content.txt"
    labels.write_text(AISHELL3 + "SSB00050003.wav\t\nSSB00050004.wav\n", encoding="utf-8")
    code, out, _ = cli("check", str(labels))
    assert code == 1
    assert [line.split(": error: ")[1].split(" (")[0] for line in out.splitlines() if "L701" in line] == [
        "L701 label-mismatch: utterance SSB00050003: no characters after the file name",
        "L701 label-mismatch: utterance SSB00050004: no characters after the file name",
    ]


def test_an_utterance_longer_than_any_running_text_gloss_is_one_gloss():
    words = "我们今天下午在学校图书馆里认真地阅读了许多关于中国历史文化的书籍" * 2
    syllables = ("wo3 men5 jin1 tian1 xia4 wu3 zai4 xue2 xiao4 tu2 shu1 guan3 li3 ren4 zhen1 de5 yue4 du2 le5 "
                 "xu3 duo1 guan1 yu2 zhong1 guo2 li4 shi3 wen2 hua4 de5 shu1 ji2 ") * 2
    text = f"000001\t{words}。\n\t{syllables.strip()}\n"
    result = audit_text(text, "labels.txt")
    assert result.gloss_count == 1 and result.syllable_count == 64
    assert [f.code for f in result.findings if str(f.severity) == "error"] == []


def test_reading_errors_in_labels_are_reported():
    text = "000001\t银行#4。\n\tyin2 xing2\n"
    assert findings(text) == [("R302", 2, 2)]


def test_erhua_reads_two_characters():
    assert findings("000001\t这儿#4。\n\tzher4\n") == []


def test_a_joined_word_reads_its_characters_and_a_slip_in_one_syllable_reads_one():
    assert findings("000001\t银行#4。\n\tyin2hang2\n") == []
    # nia3 would spell ni a3, but a syllable without its tone is no word a label writes: one slip in one
    # syllable, reported at it rather than as an utterance whose counts do not match (L701).
    assert [code for code, *_ in findings("000001\t你好#4。\n\tnia3 hao3\n")] == ["R301"]


def test_the_input_format_can_be_forced(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labels.txt").write_text(BIAOBEI, encoding="utf-8")
    assert main(["check", "labels.txt", "--input-format", "text", "--select", "T402"]) in (0, 1)
    as_text = capsys.readouterr().out
    assert main(["check", "labels.txt", "--input-format", "biaobei"]) == 0
    assert "0 errors" in capsys.readouterr().out
    assert "labels.txt: 7 glosses" in as_text or "glosses" in as_text


def test_label_profile_from_the_configuration(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labels.txt").write_text(BIAOBEI, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.pinyin-audit]\nlabel-profile = "textbook"\n', encoding="utf-8")
    assert main(["check", "labels.txt"]) == 1
    assert "T402" in capsys.readouterr().out
    assert main(["check", "labels.txt", "--label-profile", "spoken"]) == 0


@pytest.mark.parametrize("layout", ["biaobei", "aishell3"])
def test_forcing_a_layout_on_text_reports_instead_of_crashing(layout):
    result = audit_text("今年(jīn nián)好。\n", "a.txt", input_format=layout)
    assert [f.code for f in result.findings] == ["L701"]


# Labels in the citation convention: dictionary tones, no sandhi, 一 and 不 unchanged.
CITATION = (
    "000001\t卡尔普#2陪外孙#1玩滑梯#4。\n"
    "\tka3 er3 pu3 pei2 wai4 sun1 wan2 hua2 ti1\n"
    "000002\t我很好#4，你在这儿#1干嘛#4？\n"
    "\two3 hen3 hao3 ni3 zai4 zher4 gan4 ma2\n"
    "000003\t一个#1不是#4。\n"
    "\tyi1 ge4 bu4 shi4\n"
)


# Labels in the textbook convention: 一 and 不 in their changed tones, third tones as the dictionary writes them.
TEXTBOOK = (
    "000001\t卡尔普#2陪外孙#1玩滑梯#4。\n"
    "\tka3 er3 pu3 pei2 wai4 sun1 wan2 hua2 ti1\n"
    "000002\t我很好#4，你在这儿#1干嘛#4？\n"
    "\two3 hen3 hao3 ni3 zai4 zher4 gan4 ma2\n"
    "000003\t一个#1不是#1一起#1一天#4。\n"
    "\tyi2 ge4 bu2 shi4 yi4 qi3 yi4 tian1\n"
)


@pytest.mark.parametrize("labels, convention", [(BIAOBEI, "spoken"), (CITATION, "dictionary"),
                                                (TEXTBOOK, "textbook")])
def test_the_convention_of_a_label_file_is_its_majority(labels, convention):
    from audit.labels import read_labels
    from audit.verdicts import label_convention

    item = read_labels(labels, "labels.txt", "biaobei")
    assert label_convention(item.document.text, item.glosses).value == convention
    assert findings(labels) == []  # each is right in its own convention, with the default settings


def test_the_minority_convention_of_a_label_file_is_one_finding():
    minority = "000009\t一天#1一次#4。\n\tyi1 tian1 yi1 ci4\n"
    result = audit_text(BIAOBEI + BIAOBEI.replace("00000", "00001") + minority, "labels.txt")
    [finding] = result.findings
    assert finding.code == "C601" and finding.line == 22
    assert "spoken convention" in finding.message and "2 places write it so in this file" in finding.message


@pytest.mark.parametrize("minority, code", [
    ("000009\t一天#1不对#4。\n\tyi1 tian1 bu4 dui4\n", "C601"),  # 一/不 in citation tones
    ("000009\t你好#4。\n\tni2 hao3\n", "T402"),  # third-tone sandhi written
])
def test_a_slip_from_the_textbook_convention_of_a_label_file_is_one_finding(minority, code):
    majority = "".join(TEXTBOOK.replace("00000", f"0000{copy}") for copy in range(6))
    [finding] = audit_text(majority + minority, "labels.txt").findings
    assert finding.code == code and finding.line == 38


def test_the_label_profile_still_forces_a_convention():
    assert [code for code, _, _ in findings(CITATION, label_profile="spoken")] == ["C601"]


@pytest.mark.parametrize("text", [
    "000001\t这块#1石头#1很重#4。\n\tzhe4 kuai4 shi2 tou2 hen3 zhong4\n",
    "000001\t这个#1很好#4。\n\tzhe4 ge4 hen2 hao3\n",
    "000001\t在下边#4。\n\tzai4 xia4 bian5\n",
    "000001\t这小子#1真行#4。\n\tzhe4 xiao3 zi5 zhen1 xing2\n",
    "000001\t我老婆#1关上#1门#4。\n\two3 lao3 po5 guan1 shang5 men2\n",
])
def test_light_syllables_are_accepted_either_way_in_labels(text):
    assert findings(text) == []


@pytest.mark.parametrize("text, name", [
    ("000001\t我叫安妮#4。\n\two3 jiao4 an1 ni2\n", "妮(ni2)"),
    ("000001\t拉斐尔#1来了#4。\n\tla1 fei1 er3 lai2 le5\n", "斐(fei1)"),
    ("000001\t乐基儿#1来了#4。\n\tle4 ji1 er5 lai2 le5\n", "儿(er5)"),
])
def test_a_tone_in_a_likely_name_is_a_warning_not_an_error(text, name):
    [finding] = audit_text(text, "labels.txt").findings
    assert finding.placed_message.startswith(f"utterance 000001: {name}") and str(finding.severity) == "warning"


def test_likely_names_are_jieba_s_person_names_without_a_function_word_glued_on():
    from audit.lexicon import name_words

    assert "拉斐尔" in name_words() and "安妮" in name_words() and "和小红" not in name_words()


def test_yi_bu_follow_the_syllable_the_label_writes_next():
    # 为 wèi ("for") here; were the context to read wéi, that would be 为's own finding, not one on 不.
    text = "000001\t山顶有一处#1佛寺#4，我不得不为#1他们重录#4。\n" \
           "\tshan1 ding3 you3 yi2 chu4 fo2 si4 wo3 bu4 de2 bu2 wei4 ta1 men5 chong2 lu4\n"
    assert [f.code for f in audit_text(text, "labels.txt").findings if f.code in ("T401", "C601")] == []


def test_label_findings_name_the_syllable_concerned():
    text = "000001\t他的长相#1颇似#1其父#4。\n\tta1 de5 zhang3 xiang4 po1 shi4 qi2 fu4\n"
    [finding] = audit_text(text, "labels.txt").findings
    assert finding.code == "R302" and finding.placed_message.startswith("utterance 000001: 似(shi4): 似 reads sì here")


def test_a_wrong_reading_the_phrase_lists_share_is_caught_in_labels():
    text = "000001\t他为人#1质朴#4。\n\tta1 wei2 ren2 zhi4 piao2\n"
    [finding] = audit_text(text, "labels.txt").findings
    assert finding.placed_message.startswith("utterance 000001: 朴(piao2): 朴 reads pǔ here")


LABELS_WITH_A_WRONG_READING = "000001\t卡尔普#2陪外孙#1玩滑梯#4。\n\tka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1\n" \
                              "000002\t我们#1去银行#4。\n\two3 men5 qu4 yin2 xing2\n"


@pytest.mark.parametrize("output_format", ["text", "github", "sarif", "junit"])
def test_every_format_names_the_utterance(tmp_path, monkeypatch, capsys, output_format):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labels.txt").write_text(LABELS_WITH_A_WRONG_READING, encoding="utf-8")
    main(["check", "labels.txt", "--format", output_format])
    shown = capsys.readouterr().out
    assert "utterance 000002: 行(xing2)" in shown and "utterance 000001" not in shown


def test_json_names_the_utterance_in_a_field_of_its_own(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labels.txt").write_text(LABELS_WITH_A_WRONG_READING, encoding="utf-8")
    main(["check", "labels.txt", "--format", "json"])
    [document] = json.loads(capsys.readouterr().out)["documents"]
    main(["check", "labels.txt", "--format", "json-lines"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for findings in document["findings"], [line for line in lines if "code" in line]:
        assert [(f["utterance"], f["message"].split(": ")[0]) for f in findings] == [("000002", "行(xing2)")]


def test_aishell3_findings_name_the_utterance_without_its_extension():
    text = "SSB00050001.wav\t广 guang3 州 zhou1\nSSB00050002.wav\t银 yin2 行 xing2\nSSB00050003.wav\t广 guang3 州\n"
    messages = [finding.placed_message for finding in audit_text(text, "content.txt").findings]
    assert messages[0].startswith("utterance SSB00050002: 行(xing2)")
    assert messages[1] == "utterance SSB00050003: 州 has no syllable after it"


def test_sandhi_written_in_a_citation_label_file_is_one_finding():
    majority = "".join(CITATION.replace("00000", f"0000{copy}") for copy in range(6))
    minority = "000091\t你好#4。\n\tni2 hao3\n000092\t你好#4。\n\tni2 hao3\n"
    [finding] = audit_text(majority + minority, "labels.txt").findings
    assert finding.code == "T402" and "2 places write sandhi in this file" in finding.message


PROFESSIONAL = pathlib.Path(__file__).parent / "fixtures" / "biaobei-spoken.txt"


def test_professional_spoken_labels_draw_no_errors(tmp_path, monkeypatch, capsys):
    # Sandhi chains across words (wo2 ye2 xiang2 mai2 dianr2 shui2 guo3), neutral 一/不 (看一看, 差不多,
    # 要不), numbers and dates (一百, 一月一日), light syllables either way (下边 bian5), erhua (慢慢儿 manr1).
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(PROFESSIONAL)]) == 0
    assert " 0 errors" in capsys.readouterr().out


def test_a_wrong_tone_in_the_professional_labels_is_still_caught():
    text = PROFESSIONAL.read_text(encoding="utf-8").replace("man4 manr1 shuo1", "man4 manr1 shuo3")
    errors = [f.message for f in audit_text(text, "labels.txt").findings if str(f.severity) == "error"]
    assert len(errors) == 1 and "说(shuo3)" in errors[0]


# One slip in each of the fixture's professional patterns: erhua as a syllable of its own, letters and digits
# with no syllable beside the characters, interjections with no vowel, a date, a measure word after 一.
@pytest.mark.parametrize("right, wrong, named", [
    ("yi2 kuai4 er5 qu4", "yi2 kuai4 e5 qu4", "儿(e5)"),
    ("zhe4 er5 you3", "zhe4 e5 you3", "儿(e5)"),
    ("yi2 bu4 shou3 ji1", "yi2 bu4 shou1 ji1", "手(shou1)"),
    ("mai3 le5 yi4 tai2", "mai3 le5 yi4 tai3", "台(tai3)"),
    ("ng4 wo3 zhi1", "a4 wo3 zhi1", "嗯(a4)"),
    ("m4 hao3 ba5", "ma4 hao3 ba5", "呣(ma4)"),
    ("hng5 wo3 bu2 qu4", "hng5 wo3 bu2 qu3", "去(qu3)"),
    ("si4 er4 nian2", "si4 er3 nian2", "二(er3)"),
])
def test_a_slip_in_each_professional_pattern_is_still_an_error(right, wrong, named):
    text = PROFESSIONAL.read_text(encoding="utf-8")
    assert text.count(right) == 1
    findings = audit_text(text.replace(right, wrong), "labels.txt").findings
    assert [f.message.split(": ")[0] for f in findings if str(f.severity) == "error"] == [named]


# Human labels in the citation convention, with label errors pypinyin's own data shares.
CITATION_WITH_ERRORS = CITATION + (
    "000004\t他的长相#1颇似#1其父#4。\n\tta1 de5 zhang3 xiang4 po1 shi4 qi2 fu4\n"
    "000005\t他为人#1质朴#4。\n\tta1 wei2 ren2 zhi4 piao2\n"
)


def test_citation_label_errors_are_caught_at_the_syllable():
    messages = [f.message for f in audit_text(CITATION_WITH_ERRORS, "labels.txt").findings]
    assert [message.split(": ")[0] for message in messages] == ["似(shi4)", "朴(piao2)"]
