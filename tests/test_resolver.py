"""The reading resolver: hand-written sentences, evidence sources and severity thresholds.

The sentences are in tests/cases/readings.toml: each names the character whose
gloss is judged and the most severe reading or tone finding it should draw.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
from unittest import mock

import pytest

from audit import model, resolver, verdicts
from audit.toml import tomllib
from audit.align import align
from audit.engine import audit_text
from audit.gloss import find_glosses
from audit.finding import Severity
from audit.list_layout import lists_its_glossed_word
from audit.resolver import Confidence, DocumentText, Evidence, Ruling, phrase_evidence, rule_on

CASES = tomllib.loads((pathlib.Path(__file__).parent / "cases" / "readings.toml").read_text(encoding="utf-8"))["case"]


def _worst_finding(text: str, char: str) -> str:
    findings = [
        f for f in audit_text(text).findings
        if f.family in ("reading", "tone") and f.message.startswith(f"{char}(")
    ]
    worst = max((f.severity for f in findings), default=None)
    return worst.name.lower() if worst else "none"


@pytest.mark.parametrize("case", CASES, ids=[case["text"] for case in CASES])
def test_hand_written_sentences(case):
    assert _worst_finding(case["text"], case["char"]) == case["expect"]


WARNED = [case for case in CASES if case["expect"] == "warning"] + [
    {"text": "王洋(wáng yāng)说。", "char": "洋"}, {"text": "绿油油(lǜ yōu yōu)的", "char": "油"}]


@pytest.mark.parametrize("case", WARNED, ids=[case["text"] for case in WARNED])
def test_a_warning_never_says_never(case):
    """"Never" is an error's word: a warning on a reading the table lacks says that the table lacks it
    (喂 was "never read wéi, though pypinyin's table gives 喂 the syllable wei")."""
    warnings = [f.message for f in audit_text(case["text"]).findings
                if f.severity is Severity.WARNING and f.message.startswith(f"{case['char']}(")]
    assert warnings and not [message for message in warnings if "never" in message]
    assert not [message for message in warnings if message.count("pypinyin's table") > 1]


NOTED_LOCATIVES = [case for case in CASES if case["char"] in "上里" and case["expect"] == "info"]


@pytest.mark.parametrize("case", NOTED_LOCATIVES, ids=[case["text"] for case in NOTED_LOCATIVES])
def test_a_locative_said_light_after_a_noun_says_why_once(case):
    """A note on 上 or 里 said light after the noun before it names 现代汉语词典, in the one "though" of its message."""
    notes = [f.message for f in audit_text(case["text"]).findings if f.message.startswith(f"{case['char']}(")]
    assert notes and all(note.count("though") == 1 and "现代汉语词典" in note for note in notes)


def test_every_character_that_dominates_errors_has_a_right_and_a_wrong_case():
    characters = set("了的地得着行长重还为和都差给好数教种当调要应看将便处传曲朝觉少发更")
    right = {case["char"] for case in CASES if case["expect"] == "none"}
    wrong = {case["char"] for case in CASES if case["expect"] != "none"}
    assert not characters - right, "no correct gloss"
    assert not characters - wrong, "no wrong gloss"


# -- severity thresholds -----------------------------------------------------


@pytest.mark.parametrize(
    "confidence, severity",
    [(Confidence.STRONG, "error"), (Confidence.MODERATE, "warning"), (Confidence.WEAK, "none")],
)
def test_confidence_decides_severity(confidence, severity):
    ruling = Ruling(confidence, ("hang", 2), "test evidence")
    with mock.patch.object(verdicts, "rule_on", return_value=ruling):  # a gloss its context decides
        assert _worst_finding("我去银行(yín xíng)取钱。", "行") == severity


def _ruled_with_model(text: str, char: str, span: tuple[int, int], written: tuple[str, int],
                      model: tuple[Evidence, ...]) -> Ruling:
    """``rule_on`` for the gloss of ``char`` in ``text``, with the model's evidence as given."""
    with mock.patch.object(resolver, "model_evidence", return_value=model):
        return rule_on(DocumentText(text), text.index(char), span, written)


def test_phrase_and_model_agreeing_is_strong():
    text = "孩子们慢慢长大(cháng dà)了。"
    ruling = rule_on(DocumentText(text), text.index("长"), (5, 7), ("chang", 2))
    assert (ruling.confidence, ruling.expected) == (Confidence.STRONG, ("zhang", 3))


@pytest.mark.parametrize("probability, confidence", [(0.02, Confidence.STRONG), (0.3, Confidence.MODERATE)])
def test_the_phrase_lists_and_the_dictionary_make_an_error_only_with_the_model_doubting(probability, confidence):
    """Not the glossed word: the large list and CC-CEDICT share entries, and a model reading it as written disputes them."""
    text = "单挑(tiāo)一般发生在两国中间地带。"
    model = (Evidence(("tiao", 3), "model", 1 - probability), Evidence(("tiao", 1), "model", probability))
    assert _ruled_with_model(text, "挑", (1, 2), ("tiao", 1), model).confidence is confidence


def test_a_phrase_first_character_s_phrase_and_the_dictionary_make_an_error_whatever_the_model_says():
    """我去银行 glossed as a run of speech labels: pypinyin's 银行 and CC-CEDICT against a model reading xíng."""
    text = "我去银行(wo3 qu4 yin2 xing2)。"
    model = (Evidence(("xing", 2), "model", 0.6), Evidence(("hang", 2), "model", 0.4))
    assert _ruled_with_model(text, "行", (0, 4), ("xing", 2), model).confidence is Confidence.STRONG


def test_a_phrase_the_model_disputes_is_moderate():
    text = "我不太了解(le jiě)这件事。"
    with mock.patch.object(resolver, "dictionary_evidence", return_value=None):  # the phrase lists alone
        ruling = rule_on(DocumentText(text), text.index("了"), (3, 5), ("le", 5))
    assert (ruling.confidence, ruling.expected) == (Confidence.MODERATE, ("liao", 3))


@pytest.mark.parametrize("probability, confidence", [(0.0002, Confidence.MODERATE), (0.001, Confidence.WEAK)])
def test_the_model_alone_doubts_a_usual_reading_only_when_all_but_certain(probability, confidence):
    """Whichever reading it prefers: a label writing 似 shi4 where the model all but rules it out is caught."""
    text = "他的相貌颇似(pō shì)其父。"
    model = (Evidence(("si", 4), "model", 1 - probability), Evidence(("shi", 4), "model", probability))
    assert _ruled_with_model(text, "似", (4, 6), ("shi", 4), model).confidence is confidence


def test_no_context_is_weak():
    assert rule_on(DocumentText("行(xíng)"), 0, (0, 1), ("xing", 2)).confidence is Confidence.WEAK
    assert rule_on(DocumentText("行(háng)"), 0, (0, 1), ("hang", 2)).confidence is Confidence.WEAK


def test_a_rare_reading_needs_support():
    text = "他是王(yù)先生。"
    assert rule_on(DocumentText(text), 2, (2, 3), ("yu", 4)).confidence is Confidence.STRONG
    assert rule_on(DocumentText("他是王(wáng)先生。"), 2, (2, 3), ("wang", 2)).confidence is Confidence.WEAK


# -- evidence sources ----------------------------------------------------------


def test_phrases_come_from_segmenting_not_from_any_overlap():
    text = "他是银行行长。"
    second = text.index("行长")
    assert phrase_evidence(DocumentText(text), second, (second, second + 1)).reading == ("hang", 2)
    assert phrase_evidence(DocumentText(text), second, (second, second + 1)).source == "phrase 行长"


def test_glosses_are_taken_out_of_the_sentence_before_segmenting():
    text = "他把书还(huán)给了图书馆。"
    assert phrase_evidence(DocumentText(text), text.index("还"), (3, 4)).source == "phrase 还给"


def test_a_segmentation_shared_by_a_document_cuts_each_character_as_one_made_for_it_alone():
    """The cuts a document's segmentation keeps for its characters never change the word another one gets."""
    text = "中华人民共和国的银行行长在研究生命起源和平常心时说了的确是这样子的话"
    for word_list in ("phrase", "extended phrase"):
        shared = resolver.Segmentation(text, word_list)
        for order in (range(len(text)), range(len(text) - 1, -1, -1)):
            assert [shared.word_at(position) for position in order] == [
                resolver.word_span(text, position, word_list) for position in order
            ]


def test_one_table_gives_each_word_list_the_longest_of_its_own_words_at_each_edge_of_a_pair():
    """Both segmentations read the longest word starting and ending at a cut from one table, each its own list's; a
    pair that starts (or ends) no word of a list gives 1 for it, whatever the other list or edge holds."""
    table = resolver._longest_words_at_edges()
    edges = [resolver._measure_word_edges(word_list) for word_list in resolver._WORD_LISTS]
    measured = [starting for starting, _ in edges] + [ending for _, ending in edges]
    only_in_one = [[pair for pair in longest if any(pair not in other for other in measured)][:50]
                   for longest in measured]
    assert all(only_in_one)
    sample = [pair for longest, odd in zip(measured, only_in_one) for pair in [*list(longest)[:100], *odd]]
    for pair in [*sample, "。。"]:
        assert table.get(pair, (1, 1, 1, 1)) == tuple(longest.get(pair, 1) for longest in measured)


def test_hand_rules_read_grammar_words():
    text = "他跑得(dé)很快。"
    evidence = resolver.hand_rule_evidence(DocumentText(text), text.index("得"))
    assert evidence.reading == ("de", 5) and evidence.decisive


def test_without_the_model_two_dictionaries_agreeing_decide_and_one_alone_warns():
    text = "孩子们慢慢长大(cháng dà)了。"
    offset = text.index("长")
    with mock.patch.object(resolver, "model_evidence", return_value=()):
        both = rule_on(DocumentText(text), offset, (5, 6), ("chang", 2))
        with mock.patch.object(resolver, "dictionary_evidence", return_value=None):
            phrase_alone = rule_on(DocumentText(text), offset, (5, 7), ("chang", 2))
    assert (both.confidence, phrase_alone.confidence) == (Confidence.STRONG, Confidence.MODERATE)


def test_a_dictionary_that_lists_the_written_reading_alone_outweighs_the_phrase_lists():
    """As the phrase lists were before the override table corrected them: 纯朴 chún piáo."""
    wrong = {"纯朴": (("chun", 2), ("piao", 2))}
    text = "他为人纯朴(chún pǔ)。"
    with mock.patch.object(resolver, "phrase_readings", wrong.get), \
            mock.patch.object(resolver, "extended_phrase_readings", wrong.get):
        ruling = rule_on(DocumentText(text), text.index("朴"), (3, 5), ("pu", 3))
    assert ruling.confidence is Confidence.WEAK


def test_the_model_answers_a_document_s_questions_in_one_batch():
    model._recent.clear()
    with mock.patch.object(model, "_score", wraps=model._score) as scored:
        audit_text("这家银行(yín háng)的行长(háng zhǎng)说要(yāo)重新(chóng xīn)调查。他还(hái)得(dé)去一趟银行(yín háng)。")
    assert scored.call_count == 1
    assert len(scored.call_args.args[0]) > 2


def test_deciding_with_the_model_batched_decides_as_one_pass_does():
    text = "".join(case["text"] for case in CASES)
    model._recent.clear()
    batched = audit_text(text).findings
    model._recent.clear()
    with mock.patch.object(DocumentText, "decide_all", lambda self, items, decide: [decide(i) for i in items]):
        one_pass = audit_text(text).findings
    assert batched == one_pass
    assert any(f.family == "reading" for f in batched)
    # A ruling the model's answer changes (the first pass made it without one) is decided again.
    assert any("the model reads it so here" in f.message for f in batched)


# The array scorer steps in float32 and the plain scorer in float64: their probabilities differ by about a
# millionth (2.4e-6 at most on every question two corpora's runs ask), as float32 batches of other sizes may.
SCORERS_AGREE = 1e-5


def _every_position(sentence: str) -> list[model.Request]:
    return [(sentence, position) for position in range(len(sentence))]


def test_the_model_run_on_its_own_weights_reads_as_g2pm_does():
    """Both scorers step g2pM's network themselves: the same probabilities (to float32's precision), and the best
    is g2pM's own answer.

    The array scorer reads every sentence in one batch, as it reads a
    document, so that sentences of every length are padded.
    """
    arrays, plain = model.array_scorer(), model.plain_scorer()
    sentences = [DocumentText(case["text"]).without_glosses.text for case in CASES]
    batched = arrays.scores_at([request for sentence in sentences for request in _every_position(sentence)])
    for sentence in sentences:
        answers = arrays.model(sentence, tone=True, char_split=False)
        scores, batched = batched[: len(sentence)], batched[len(sentence) :]
        for position, readings in enumerate(plain.scores_at(_every_position(sentence))):
            assert readings == pytest.approx(scores[position], abs=SCORERS_AGREE)
            if readings:
                best = max(readings, key=readings.get)
                assert best == model.parse_label(answers[position]), (sentence, sentence[position])


def test_the_array_scorer_joins_batches_of_different_lengths():
    """More texts than one batch holds, the last batch shorter than the first: the same scores as one at a time."""
    arrays = model.array_scorer()
    long_texts = [f"我们去银行取钱{chr(0x4E00 + n)}然后回家" for n in range(model._BATCH)]  # one batch, all distinct
    requests = [(text, 4) for text in long_texts] + [("在银行", 2)]  # 行, háng or xíng
    together = arrays.scores_at(requests)
    assert len(together[-1]) > 1  # the network was asked
    assert together[-1] == pytest.approx(arrays.scores_at(requests[-1:])[0], abs=SCORERS_AGREE)
    assert together[0] == pytest.approx(arrays.scores_at(requests[:1])[0], abs=SCORERS_AGREE)


def test_the_array_scorer_steps_a_batch_only_as_far_as_its_questions_read():
    """Questions about the middle of long texts: the scores the plain scorer gives, reading every step."""
    texts = [f"我们去银行取钱{chr(0x4E00 + n)}然后回家看看长辈" for n in range(12)]
    requests = [(text, 4) for text in texts] + [(texts[0], 14)]  # 行 early, 长 late
    for stepped, plain in zip(model.array_scorer().scores_at(requests), model.plain_scorer().scores_at(requests)):
        assert len(stepped) > 1 and stepped == pytest.approx(plain, abs=SCORERS_AGREE)


def test_the_array_scorer_reads_characters_the_model_does_not_know_as_the_plain_scorer_does():
    """Characters outside g2pM's vocabulary, below and above the highest it knows (a lone surrogate among them, as
    a JSON row may escape one), and texts of different lengths in one batch (each padded, and read backward from
    its own end): the plain scorer's scores."""
    texts = ["我们去银行取钱😀", "A银行\U00030000", "𠀀在银行里 ", "去银行", "\ud800银行"]
    requests = [(text, text.index("行")) for text in texts]
    for stepped, plain in zip(model.array_scorer().scores_at(requests), model.plain_scorer().scores_at(requests)):
        assert len(stepped) > 1 and stepped == pytest.approx(plain, abs=SCORERS_AGREE)


@pytest.mark.parametrize("char, written, expected", [
    ("他", ("ta", 1), True),      # other readings only in old dictionaries, none in any phrase
    ("行", ("xing", 2), False),   # 银行 reads háng
    ("的", ("de", 5), False),     # 目的 reads dì
    ("他", ("tuo", 2), False),    # not the usual reading: context has to support it
])
def test_a_reading_is_unopposed_only_when_no_phrase_or_rule_reads_the_character_otherwise(char, written, expected):
    assert resolver.unopposed(char, written) is expected


@pytest.mark.parametrize("glossed, place, written, expected", [
    ("银行", 1, ("hang", 2), True),    # the glossed phrase and CC-CEDICT both read háng
    ("银行", 1, ("xing", 2), False),   # the phrase reads it otherwise
    ("行", 0, ("xing", 2), False),     # one character: the words around it decide (银行 or 行走)
    ("目的", 1, ("de", 5), False),     # the phrase reads dì
    ("肚子", 0, ("du", 3), False),     # the phrase lists agree, CC-CEDICT (dù) and the model may outvote them
    ("他", 0, ("ta", 1), True),        # unopposed whatever the span
])
def test_a_reading_is_unopposed_in_its_glossed_phrase_only_when_the_phrase_settles_it(glossed, place, written,
                                                                                         expected):
    assert resolver.unopposed_in(glossed, place, written) is expected


@pytest.mark.parametrize("text, wrong_line", [
    ("我去银行(xíng)取钱。\n他行(xíng)走在路上。\n", 1),
    ("他行(xíng)走在路上。\n我去银行(xíng)取钱。\n", 2),
])
def test_a_gloss_seen_before_is_still_judged_in_its_own_context(text, wrong_line):
    """行(xíng) is right before 走 and wrong after 银, whichever the run met first."""
    findings = [f for f in audit_text(text).findings if f.code == "R302"]
    assert [f.line for f in findings] == [wrong_line]
    assert "háng" in findings[0].suggestion


@pytest.mark.parametrize("profile", list(verdicts.Profile))
def test_a_gloss_settled_without_its_context_is_judged_as_in_context(profile):
    """Every gloss of the samples and the readings cases: the shortcut's judgement is the full one's, under
    every profile, though the shortcut remembers a gloss for the run whatever the profile (a label file is
    judged by its own profile in the same run as the other documents)."""
    samples = pathlib.Path(__file__).parents[1] / "samples"
    texts = [path.read_text(encoding="utf-8") for path in sorted(samples.glob("*.txt"))]
    texts += ["".join(case["text"] for case in CASES), "我的肚子(dǔ zi)很疼，我的肚子(dù zi)很疼。"]
    in_context, glosses = verdicts._judged_in_context, 0
    with mock.patch.object(verdicts, "_judged_in_context", wraps=in_context) as fallback:
        for text in texts:
            shortcut, full = DocumentText(text), DocumentText(text)
            for alignment in align(text, find_glosses(text)):
                glosses += 1
                assert verdicts.judge(shortcut, alignment, profile) == in_context(full, alignment, profile)
    assert glosses - fallback.call_count > 100  # the shortcut is taken, not only its fallback


def test_importing_the_auditor_loads_no_model_and_no_dataframes():
    code = "import sys, audit.engine; print(sorted({'numpy', 'pandas', 'matplotlib', 'g2pM'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_a_model_disputing_a_word_only_one_dictionary_holds_lowers_r302_to_a_warning():
    """R302 is an error rule; the phrase lists alone against the model are moderate evidence."""
    with mock.patch.object(resolver, "dictionary_evidence", return_value=None):
        result = audit_text("我去银行(yín xíng)取钱。")
    assert [(f.code, f.severity) for f in result.findings] == [("R302", Severity.WARNING)]


def test_the_phrase_lists_and_the_dictionary_agreeing_on_the_glossed_word_outweigh_the_model():
    result = audit_text("我去银行(yín xíng)取钱。")
    assert [(f.code, f.severity) for f in result.findings] == [("R302", Severity.ERROR)]


def test_each_literary_and_colloquial_pair_is_two_readings_of_xiandai_hanyu_cidian():
    from audit.readings import LITERARY_COLLOQUIAL, common_readings, readings_of

    for char, pair in LITERARY_COLLOQUIAL.items():
        assert set(pair) <= set(readings_of(char)), char
        assert set(pair) <= common_readings(char), char  # kXHC1983 and kMandarin_8105


@pytest.mark.parametrize("text", ["跑", "他跑", "跑\n", "a", "", "\n", "跑\n\n", "跑 ", "跑。", "𠀀", "豈", "〇", "\u4dc0", "跑\na"])
@pytest.mark.parametrize("before", [resolver.HAN_CHARACTER, "[很太]", "(?<!不)(?<!不得)", ""])
def test_what_a_hand_rule_reads_before_its_character_is_the_pattern_s_match(text, before):
    """The Han class is tested by code point: where ``(?:before)$`` would match, and only there."""
    assert resolver._ending_with(before)(text) == (re.search(f"(?:{before})$", text) is not None)


@pytest.mark.parametrize("gloss", [" (piányi)", " (piányi"], ids=["closed", "left-open"])
def test_a_list_head_is_its_number_and_the_word_its_gloss_reads_whole(gloss):
    """S103 asks of the glosses as found, a gloss left open ending at its last letter: its content lost that letter."""
    text = f"1. 便宜{gloss} 价钱低"
    assert lists_its_glossed_word(text, 0, len("1. 便宜"), len(f"1. 便宜{gloss}"))
    assert not lists_its_glossed_word("1. 他说长(cháng) 大了", 0, len("1. 他说长"), len("1. 他说长(cháng)"))


def test_the_text_without_glosses_reads_through_the_white_space_of_their_notation():
    # The space before a gloss goes with it; so does the space after one, unless it follows a list's number and the
    # word it lists, glossed whole, or the line spaces its Han characters throughout (in a document that writes a
    # space before its glosses, it goes all the same); a space with no gloss beside it, a tab and a line break stay.
    assert DocumentText("去银 (yín)行 (xíng)取钱").without_glosses.text == "去银行取钱"
    assert DocumentText("我 们(wǒ men) 去\t(qù)\n北京").without_glosses.text == "我 们 去\t\n北京"
    assert DocumentText("长(cháng) 大了就好").without_glosses.text == "长大了就好"
    assert DocumentText("长(cháng) 大了").character_after(0) == 9
    assert DocumentText("1. 便宜 (piányi) 价钱低").without_glosses.text == "1. 便宜 价钱低"
    assert DocumentText("1. 他说长(cháng) 大了").without_glosses.text == "1. 他说长大了"  # the gloss reads 长 alone
    assert DocumentText("我 们 (wǒ men) 去\u3000(qù) 北京", spaced_glosses=True).without_glosses.text == "我 们去北京"
    spaced = DocumentText("一 (yí) 个 (gè)", spaced_glosses=True)
    assert spaced.character_after(0) == 7
    assert DocumentText("一 (yí) 个 (gè)").character_after(0) == 6
