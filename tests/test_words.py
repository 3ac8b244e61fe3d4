"""The lexicon's tables: built from the packages' data on first use, after which that data is not kept;
or, to compare the sources, built in memory from some of them."""

from __future__ import annotations

import pytest
import wordfreq

from audit import lexicon, words
from audit.config import AuditConfig
from audit.context import AuditContext
from audit.document import Document
from audit.engine import document_context

JIEBA = [("社会", 500.0, "n"), ("社", 20.0, "n"), ("会", 300.0, "v"), ("吴念真", 10.0, "nr"),
         ("和", 1e6, "c"), ("和小红", 10.0, "nr")]  # 和 is common and nearly always a word alone


@pytest.fixture
def small_lexicon(tmp_path, monkeypatch):
    """The lexicon built afresh, in an empty cache, from a few words instead of the packages' data."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon, "jieba_entries", lambda: iter(JIEBA))
    monkeypatch.setattr(wordfreq, "get_frequency_dict", lambda lang, wordlist="best": {"社会": 1e-5})
    opened = (lexicon.word_knowledge, lexicon.lexicon_of, lexicon.name_words, lexicon._built, lexicon._counts,
              lexicon._jieba_dictionary)
    for cache in opened:
        cache.cache_clear()
    yield
    for cache in opened:  # the real tables are opened again by whoever asks next
        cache.cache_clear()


@pytest.mark.parametrize("first", ["lexicon", "names"])
def test_the_data_tables_are_built_from_is_freed_once_they_are_open(small_lexicon, first):
    opens = [lexicon.word_knowledge, lexicon.name_words]
    for table in opens if first == "lexicon" else reversed(opens):
        table()
        assert lexicon._built.cache_info().currsize == 0
    assert lexicon._counts.cache_info().currsize == 0
    assert "社会" in lexicon.word_knowledge().costs and "吴念真" in lexicon.name_words()


def test_the_counts_are_kept_while_the_other_table_may_still_need_them(small_lexicon):
    lexicon.word_knowledge()
    assert lexicon._counts.cache_info().currsize == 1


def test_jiebas_dictionary_parsed_is_kept_with_the_counts_and_freed_with_them(small_lexicon):
    lexicon._jieba_dictionary()  # parsed for a table built from it: the lexicon's counts, the names, the verbs
    lexicon.word_knowledge()
    assert lexicon._jieba_dictionary.cache_info().currsize == 1  # the table of names may still be built from it
    lexicon.name_words()
    assert lexicon._jieba_dictionary.cache_info().currsize == 0


def test_a_name_glued_to_a_common_free_word_is_no_word_and_no_name(small_lexicon):
    knowledge = lexicon.word_knowledge()
    assert "和小红" not in knowledge.costs and "和小红" not in knowledge.names and "和小红" not in lexicon.name_words()
    assert "吴念真" in knowledge.costs and "吴念真" in knowledge.names and "吴念真" in lexicon.name_words()


@pytest.mark.parametrize("sources, single_characters", [(("jieba",), True), (("wordfreq",), False), (None, True)])
def test_a_run_can_judge_spans_on_the_lexicon_of_some_sources(small_lexicon, sources, single_characters):
    context = AuditContext(Document("社会很大。"), [], word_sources=sources)
    costs = context.segmenter.knowledge.costs
    assert "社会" in costs and ("社" in costs) == single_characters  # the stand-in wordfreq knows only 社会


def test_the_configuration_says_which_sources_the_lexicon_is_built_from():
    sources = ("jieba",)
    assert document_context(Document("很大。"), AuditConfig(word_sources=sources)).word_sources == sources


NAMES = [("吴念真", 10.0, "nr"), ("吴三桂", 10.0, "nr"), ("修道院", 10.0, "nr"), ("修理工", 10.0, "n")]


@pytest.mark.parametrize("tag", ["nr", "n"])
def test_a_words_likeness_to_a_name_is_read_from_other_words_not_its_own_tag(small_lexicon, monkeypatch, tag):
    entries = NAMES[:2] + [("修道院", 10.0, tag), NAMES[3]]
    monkeypatch.setattr(lexicon, "jieba_entries", lambda: iter(entries))
    segmenter = words.Segmenter(lexicon.word_knowledge(), {})
    # 修 starts one other word, no name: (0 + 0.5) / (1 + 1); 道 and 院 are in no other word: 0.5 each.
    assert segmenter.name_likeness("修道院") == pytest.approx(0.0625)
    # 吴 starts one other word, a name: (1 + 0.5) / (1 + 1).
    assert segmenter.name_likeness("吴念真") == pytest.approx(0.1875)
    assert segmenter.name_likeness("吴念") == 0.0


def test_how_likely_a_character_starts_a_name_counts_the_names_it_starts(small_lexicon, monkeypatch):
    monkeypatch.setattr(lexicon, "jieba_entries", lambda: iter(NAMES))
    segmenter = words.Segmenter(lexicon.word_knowledge(), {})
    # 吴 starts two words, both names: (2 + 0.5) / (2 + 1); 修 starts two, one of them a name (修道院 as jieba tags it).
    assert segmenter.surname_likeness("吴") == pytest.approx(2.5 / 3)
    assert segmenter.surname_likeness("修") == pytest.approx(1.5 / 3)
    assert segmenter.surname_likeness("道") == pytest.approx(0.5)
