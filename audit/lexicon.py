"""The lexicon S103 segments with: word-frequency data, built into tables kept on disk.

The lexicon is word-frequency data read from the ``wordfreq`` package: the
349 k-word frequency dictionary it ships from jieba (counts from
segmented news text, with parts of speech, so person names are known), and
wordfreq's own Chinese list, which adds the words of newer text (小红书,
种草); a word both know costs the mean of their costs, since neither
corpus alone says how common it is.  Only the data is used; no segmenter
is asked, since a segmenter is what made the mistakes being looked for.
Left out are the names jieba's name finder made by gluing a function word
to a name (和小红, 但林彪), which wordfreq, counted on text jieba segmented,
partly repeats.

The tables are built once from the packages' data and then kept in the
cache directory (``tables.stored``); :func:`word_knowledge` is the one place
that opens them, and ``audit.words`` judges word boundaries with them.
"""

from __future__ import annotations

import functools
import math
from typing import Iterator, NamedTuple

from audit.readings import is_han
from audit.tables import COST, FLAG, FLOATS, StoredTable, lasting, stored
from audit.words import (CORPUS_WORDS, CUT_FLOOR, LONGEST_WORD, NAME_LENGTH, UNBOUND_LIMIT, BucketsKept, WordKnowledge,
                         best_costs)

FREE_WORD = 0.3         # boundness below which a character is nearly always a word of its own (和, 都, 但)
COMMON_CHAR_COST = 8.0  # and costs at most this: rarer characters' counts say little
# Together they select 29 free characters (与 也 了 但 和 在 的 都 ...) and so leave 648 glued names out of
# the lexicon (0.2 / 8.0 would leave out 551, 0.5 / 8.0 1,001, 0.3 / 9.0 656).  They were set on the UD
# dev file, where leaving the glued names out took S103's false alarms from 46 to 40.
SOURCES = ("jieba", "wordfreq")
# The lexicon's tables are named for how they are made (glued names left out, by these thresholds), so that
# no cache made another way is read for them.
_MADE = f"unglued-{FREE_WORD}-{COMMON_CHAR_COST}"


@lasting
def word_knowledge() -> WordKnowledge:
    """The lexicon, opened once from the cache directory, where it is built from the packages' data on first use."""
    return lexicon_of(SOURCES)


@functools.lru_cache(maxsize=1)
def lexicon_of(sources: tuple[str, ...]) -> WordKnowledge:
    """The lexicon made of ``sources`` ("jieba", "wordfreq"; ``word_knowledge`` for both), opened as its tables are,
    to compare the sources; its tables are named for them, so that no other lexicon's are read for it."""
    made = _MADE if sources == SOURCES else f"{_MADE}-{'-'.join(sources)}"
    knowledge = WordKnowledge(
        BucketsKept(stored(f"word-costs-{made}", lambda: _built(sources).costs, COST)),
        BucketsKept(stored(f"cut-costs-{made}-{CUT_FLOOR}", lambda: _built(sources).cut_costs, COST)),
        BucketsKept(stored(f"person-names-{made}", lambda: _built(sources).names, FLAG)),
        BucketsKept(stored(f"character-boundness-{made}", lambda: _built(sources).boundness, COST)),
        BucketsKept(stored(f"name-places-{made}", lambda: _built(sources).name_places, FLOATS)),
    )
    _built.cache_clear()  # the tables are written (or hold their entries): what they were built from can go
    _forget_counts_once_both_open()
    return knowledge


class _Built(NamedTuple):
    """The lexicon as plain dictionaries: what its tables are made of, each field the table of ``WordKnowledge``'s."""

    costs: dict[str, float]
    cut_costs: dict[str, float]
    names: dict[str, bool]
    boundness: dict[str, float]
    name_places: dict[str, tuple[float, float]]


@functools.lru_cache(maxsize=1)
def _built(sources: tuple[str, ...]) -> _Built:
    """The lexicon as plain dictionaries, from ``sources``: what its tables are made of."""
    all_counts, names = _counts(sources)
    glued = _glued_names(all_counts, names)
    counts = {word: count for word, count in all_counts.items() if word not in glued}
    costs = {word: round(math.log(CORPUS_WORDS / count), 3) for word, count in counts.items()}
    person_names = {word: True for word in names - glued if len(word) == NAME_LENGTH}
    return _Built(costs, _cut_costs(costs), person_names, _boundness(counts), _name_places(costs, person_names))


@functools.lru_cache(maxsize=1)
def _counts(sources: tuple[str, ...]) -> tuple[dict[str, float], set[str]]:
    """Word counts on jieba's scale, and the words jieba tags as person names (毛泽东, and junk such as 和小红).

    Counted once for both the lexicon and the table of names (``name_words``): callers read them, never change them.
    """
    counts: dict[str, float] = {}
    names: set[str] = set()
    if "jieba" in sources:
        for word, count, tag in jieba_entries():
            if _usable(word):
                counts[word] = counts.get(word, 0) + count
                if tag == "nr":
                    names.add(word)
    if "wordfreq" in sources:
        import wordfreq

        for word, frequency in wordfreq.get_frequency_dict("zh", "large").items():
            if _usable(word):
                count = frequency * CORPUS_WORDS
                counts[word] = math.sqrt(counts[word] * count) if word in counts else count
    return counts, names


def _glued_names(counts: dict[str, float], names: set[str]) -> set[str]:
    """The ``names`` of three or more characters that start with a common character nearly always a word alone.

    jieba's name finder glued a function word to the name after it (和小红,
    但林彪, 都远胜); wordfreq, whose Chinese text jieba segmented, has some of
    them too.  As words they would make a span that glues the same two words
    together (和小红(hé xiǎo hóng)书) look like one word.  Words of two
    characters so tagged are mostly words (和善, 和弦).
    """
    boundness = _boundness(counts)
    free = {char for char, bound in boundness.items()
            if bound < FREE_WORD and counts.get(char, 0) > CORPUS_WORDS * math.exp(-COMMON_CHAR_COST)}
    return {word for word in names if len(word) > 2 and word[0] in free}


def jieba_entries() -> Iterator[tuple[str, float, str]]:
    """(word, count, part of speech) from the copy of jieba's dictionary that wordfreq ships."""
    return iter(_jieba_dictionary())


@functools.lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[tuple[str, float, str], ...]:
    """jieba's dictionary, parsed once for the tables built from it (the lexicon's counts, the names, the verbs,
    and two of ``audit.complements``) rather than once for each: a third of a second of CPU each time.

    Kept, as the counts are, until the lexicon and the table of names are both open: a table built after that
    parses it again.
    """
    import importlib.resources

    path = importlib.resources.files("wordfreq") / "data" / "jieba_zh_orig.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, count, *tag = line.split()
        entries.append((word, float(count), tag[0] if tag else ""))
    return tuple(entries)


def _usable(word: str) -> bool:
    return 0 < len(word) <= LONGEST_WORD and all(is_han(char) for char in word)


def _boundness(counts: dict[str, float]) -> dict[str, float]:
    """How rarely each character stands alone as a word: -log(its count alone / the count of all words holding it).

    科 is nearly always part of a word (科学, 科技): it is bound; 的 and 和 are mostly words of their own.
    """
    holding: dict[str, float] = {}
    for word, count in counts.items():
        for char in set(word):
            holding[char] = holding.get(char, 0.0) + count
    return {char: round(math.log(total / counts[char]), 3) if char in counts else UNBOUND_LIMIT
            for char, total in holding.items()}


def _name_places(costs: dict[str, float], names: dict[str, bool]) -> dict[str, tuple[float, float]]:
    """For each character in each place of the lexicon's three-character words ("0吴": 吴 first), how many of
    those words are person names and how many there are: 吴 starts 615 names among 684 words, 圣 11 among 88."""
    places: dict[str, tuple[float, float]] = {}
    for word in costs:
        if len(word) == NAME_LENGTH:
            for place, char in enumerate(word):
                named, held = places.get(f"{place}{char}", (0.0, 0.0))
                places[f"{place}{char}"] = (named + (word in names), held + 1.0)
    return places


def _cut_costs(costs: dict[str, float]) -> dict[str, float]:
    """For each pair of adjacent characters inside some word, the highest cost of cutting a word there.

    Cutting word ``w`` at ``k`` costs the best segmentation of ``w[:k]`` and
    of ``w[k:]`` minus the cost of ``w``.  In any context, the resistance of
    an edge is at most the cutting cost of the word that crosses it in the
    best segmentation, so an edge whose pair is not here cannot draw a finding.
    """
    pairs: dict[str, float] = {}
    for word, cost in costs.items():
        if len(word) < 2:
            continue
        before, after = best_costs(word, costs)
        for k in range(1, len(word)):
            cut = before[k] + after[k] - cost
            pair = word[k - 1 : k + 1]
            if cut >= CUT_FLOOR and cut > pairs.get(pair, 0.0):
                pairs[pair] = round(cut, 3)
    return pairs


# jieba's tags for people's names, transliterated ones (nrt) among them.  Place names (ns) are left
# out: on the tune halves, lowering their tones too cost 2.0 points of corrupted labels caught at
# error (labels_eval.py) and 1.3 of swapped readings (cpp_eval.py) for 0.03 points fewer false alarms.
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})


@lasting
def name_words() -> StoredTable:
    """The words of two characters or more jieba's dictionary tags as people's names (安妮, 拉斐尔, 乐基儿),
    but not those its name finder glued to a function word (和小红)."""
    # Named for the tags it holds, so that no cache of other tags is read for it.
    table = stored(f"name-words-{_MADE}-{'-'.join(sorted(NAME_TAGS))}", _tagged_names, FLAG)
    _forget_counts_once_both_open()
    return table


def _forget_counts_once_both_open() -> None:
    """Free the word counts (over 100 MB) and jieba's dictionary parsed (some 70 MB) when the tables built from the
    counts are both open.

    Called as one of the two opens, before it counts as open itself: the counts
    are kept only while the other table may still be built from them.
    """
    if word_knowledge.cache_info().currsize or name_words.cache_info().currsize:
        _counts.cache_clear()
        _jieba_dictionary.cache_clear()


def _tagged_names() -> dict[str, bool]:
    tagged = {word for word, _, tag in jieba_entries() if tag in NAME_TAGS and len(word) > 1 and _usable(word)}
    counts, _ = _counts(SOURCES)
    return dict.fromkeys(tagged - _glued_names(counts, tagged), True)


# jieba's tags for verbs: a verb (v), one used as a noun (vn), a verb morpheme (vg).
VERB_TAGS = frozenset({"v", "vn", "vg"})
# The tags, in the names of the tables built with them: a table built with other tags is another table.
VERB_TAGS_NAMED = "-".join(sorted(VERB_TAGS))


def is_verb(char: str) -> bool:
    """Whether jieba's dictionary tags ``char``, as a word of its own, a verb (睡, 搬; not 他, 也)."""
    return char in _verb_characters()


@lasting
def _verb_characters() -> StoredTable:
    # Named for the tags it holds, as name_words is.
    return stored(f"verb-characters-{VERB_TAGS_NAMED}", lambda: {
        word: True for word, _, tag in jieba_entries() if len(word) == 1 and tag in VERB_TAGS and is_han(word)}, FLAG)
