"""Knowledge of Chinese words: how likely a word is, and whether a boundary may fall between two characters.

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

A word's cost is its negative log probability (a unigram model).  Whether an
edge between two characters cuts a word is judged by segmenting a window of
text around it twice, freely and with the edge forced to be a boundary:
the difference in cost is how much the text resists a boundary there.
``社|会`` resists strongly (社 and 会 are rarely words on their own where
社会 is); ``女士|们``, ``第一|个`` hardly at all.

The tables are built once from the packages' data and then kept in the
cache directory (``tables.stored``); :func:`word_knowledge` is the one place
that opens them.
"""

from __future__ import annotations

import functools
import math
from typing import Mapping, NamedTuple

from audit.readings import LONGEST_WORD, is_han
from audit.tables import COST, FLAG, FLOATS, StoredTable, lasting, stored

CORPUS_WORDS = 6e7  # counts are on the scale of jieba's corpus, about 60 M words; a cost is -log(count / this)
UNKNOWN_COST = round(math.log(CORPUS_WORDS / 0.5), 3)  # a character that is no word of the lexicon
FREE_WORD = 0.3         # boundness below which a character is nearly always a word of its own (和, 都, 但)
COMMON_CHAR_COST = 8.0  # and costs at most this: rarer characters' counts say little
# Together they select 29 free characters (与 也 了 但 和 在 的 都 ...) and so leave 648 glued names out of
# the lexicon (0.2 / 8.0 would leave out 551, 0.5 / 8.0 1,001, 0.3 / 9.0 656).  They were set on the UD
# dev file, where leaving the glued names out took S103's false alarms from 46 to 40.
NAME_LENGTH = 3  # the person names known are a surname of one character and a given name of two
UNBOUND_LIMIT = 12.0  # the boundness of a character that is never a word alone
CUT_FLOOR = 1.0     # cutting costs below this are not kept: a lower floor judged no more moved edges on dev
SOURCES = ("jieba", "wordfreq")
# The lexicon's tables are named for how they are made (glued names left out, by these thresholds), so that
# no cache made another way is read for them.
_MADE = f"unglued-{FREE_WORD}-{COMMON_CHAR_COST}"


class WordKnowledge(NamedTuple):
    costs: Mapping[str, float]      # word -> negative log probability
    cut_costs: Mapping[str, float]  # "社会" -> the most any word costs when cut between these two characters
    names: Mapping[str, bool]       # three-character person names, glossed apart as surname and given name
    boundness: Mapping[str, float]  # character -> -log of the share of its uses that are the character alone as a word
    name_places: Mapping[str, tuple[float, float]]  # "0吴" -> (names, words) of three characters with 吴 first


class CutWord(NamedTuple):
    """A word that an edge cuts, and how strongly the text resists a boundary there."""

    word: str
    start: int     # of the word, in the window
    end: int
    resistance: float   # cost of the best segmentation with the boundary, minus without it


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
        stored(f"word-costs-{made}", lambda: _built(sources).costs, COST),
        stored(f"cut-costs-{made}-{CUT_FLOOR}", lambda: _built(sources).cut_costs, COST),
        stored(f"person-names-{made}", lambda: _built(sources).names, FLAG),
        stored(f"character-boundness-{made}", lambda: _built(sources).boundness, COST),
        stored(f"name-places-{made}", lambda: _built(sources).name_places, FLOATS),
    )
    _built.cache_clear()  # the tables are written (or hold their entries): what they were built from can go
    _forget_counts_once_both_open()
    return knowledge


@functools.lru_cache(maxsize=1)
def _built(sources: tuple[str, ...]) -> WordKnowledge:
    """The lexicon as plain dictionaries, from ``sources``: what its tables are made of."""
    all_counts, names = _counts(sources)
    glued = _glued_names(all_counts, names)
    counts = {word: count for word, count in all_counts.items() if word not in glued}
    costs = {word: round(math.log(CORPUS_WORDS / count), 3) for word, count in counts.items()}
    person_names = {word: True for word in names - glued if len(word) == NAME_LENGTH}
    return WordKnowledge(costs, _cut_costs(costs), person_names, _boundness(counts), _name_places(costs, person_names))


@functools.lru_cache(maxsize=1)
def _counts(sources: tuple[str, ...]) -> tuple[dict[str, float], set[str]]:
    """Word counts on jieba's scale, and the words jieba tags as person names (毛泽东, and junk such as 和小红).

    Counted once for both the lexicon and the table of names (``name_words``): callers read them, never change them.
    """
    counts: dict[str, float] = {}
    names: set[str] = set()
    if "jieba" in sources:
        for word, count, tag in _jieba_entries():
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


def _jieba_entries():
    """(word, count, part of speech) from the copy of jieba's dictionary that wordfreq ships."""
    import importlib.resources

    path = importlib.resources.files("wordfreq") / "data" / "jieba_zh_orig.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, count, *tag = line.split()
        yield word, float(count), tag[0] if tag else ""


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


def _name_places(costs: dict[str, float], names: Mapping[str, bool]) -> dict[str, tuple[float, float]]:
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
        before, after = _best_costs(word, costs)
        for k in range(1, len(word)):
            cut = before[k] + after[k] - cost
            pair = word[k - 1 : k + 1]
            if cut >= CUT_FLOOR and cut > pairs.get(pair, 0.0):
                pairs[pair] = round(cut, 3)
    return pairs


VOUCHED_COST = 9.2   # a word vouched for costs at most as much as a common word (p = 1/10,000)
USER_LEXICON = 1000  # times vouched for: the user's lexicon outweighs any document


class Segmenter:
    """Scores edges against the lexicon and the words a document vouches for.

    ``vouched`` counts, for each word, how often the document glosses it as a
    unit (``USER_LEXICON`` for the user's words).  A word glossed twice, or
    glossed once and known to the lexicon, costs no more than a common word;
    a unit glossed once that no lexicon knows may be one of the document's
    own mistakes, so it counts for nothing.
    """

    def __init__(self, knowledge: WordKnowledge, vouched: dict[str, int]) -> None:
        self.knowledge = knowledge
        self.vouched = vouched
        # The words vouched for that this makes cheaper than the lexicon has them, by first character;
        # only they can resist a cut more than the lexicon's table of cutting costs says.
        self._overrides: dict[str, dict[str, float]] = {}
        for word in vouched:
            cost = self._vouched_cost(word, 0)
            if cost is not None and cost < knowledge.costs.get(word, math.inf):
                self._overrides.setdefault(word[0], {})[word] = cost
        self._cheaper_pairs = frozenset(
            word[i : i + 2] for words in self._overrides.values() for word in words for i in range(len(word) - 1)
        )

    def _vouched_cost(self, word: str, discount: int) -> float | None:
        known = self.knowledge.costs.get(word)
        times = self.vouched.get(word, 0) - discount
        if times >= 2 or (times >= 1 and known is not None):
            return VOUCHED_COST if known is None else min(known, VOUCHED_COST)
        return None

    def may_resist(self, pair: str, resistance: float) -> bool:
        """Whether a boundary inside this pair of characters could resist as much as ``resistance``.

        A boundary resists at most as much as cutting the word that crosses
        it in the best segmentation costs, and ``cut_costs`` holds the most
        that any word costs to cut there; words a document vouches for are
        cheaper, and are asked about separately.
        """
        return self.knowledge.cut_costs.get(pair, 0.0) >= resistance or pair in self._cheaper_pairs

    def word_cost(self, word: str, discount: int = 0) -> float:
        """The cost of ``word`` as one word: the lexicon's, or a common word's if the document vouches for it
        (counted ``discount`` times fewer); ``UNKNOWN_COST`` a character when it is neither."""
        known = self.knowledge.costs.get(word)
        vouched = self._vouched_cost(word, discount)
        if vouched is not None:
            return vouched
        return known if known is not None else UNKNOWN_COST * len(word)

    def boundness(self, char: str) -> float:
        return self.knowledge.boundness.get(char, UNBOUND_LIMIT)

    def is_person_name(self, word: str) -> bool:
        """Whether ``word`` is a three-character person name (surname and given name) as jieba tags them."""
        return word in self.knowledge.names

    def name_likeness(self, word: str) -> float:
        """How likely a word of three characters is a person's name, from where its characters stand: the product,
        place by place, of the share of the lexicon's three-character words with that character there that jieba
        tags as names (吴念真 0.39, 武则天 0.16, 修道院 0.04, 日喀则 0.05).  The word itself is left out of the
        counts, so that its own tag (jieba tags 修道院 as a name) does not vouch for it, and each share counts
        half a name in one word more, so that a character seldom seen there says little.  0 for other lengths."""
        if len(word) != NAME_LENGTH:
            return 0.0
        own_name, own_word = float(word in self.knowledge.names), float(word in self.knowledge.costs)
        likeness = 1.0
        for place, char in enumerate(word):
            likeness *= self._name_share(place, char, own_name, own_word)
        return likeness

    def surname_likeness(self, char: str) -> float:
        """How likely ``char`` starts a person's name: the share of the lexicon's three-character words it starts that
        jieba tags as names, counting half a name in one word more (赵 0.93, 邓 0.85, 日 0.16)."""
        return self._name_share(0, char)

    def _name_share(self, place: int, char: str, own_name: float = 0.0, own_word: float = 0.0) -> float:
        """The share of the lexicon's three-character words with ``char`` at ``place`` that are names, counting half
        a name in one word more, with ``own_name`` names among ``own_word`` words left out."""
        named, held = self.knowledge.name_places.get(f"{place}{char}", (0.0, 0.0))
        return (named - own_name + 0.5) / (held - own_word + 1.0)

    def is_word(self, word: str) -> bool:
        return word in self.knowledge.costs

    def cut(self, chars: str, edge: int, at_least: float, discount: tuple[str, ...] = (),
            finer: frozenset[str] = frozenset()) -> CutWord | None:
        """The word that a boundary before ``chars[edge]`` cuts, if the text resists the boundary ``at_least`` this much.

        ``discount`` holds the spans being judged: each is counted one time
        fewer, since a span cannot vouch for itself.  ``finer`` holds words
        to read as their parts, as a finer standard of segmentation does
        (北京市 as 北京 and 市).  No cut is reported where the boundary only
        separates two words of two or more characters each (精神|文明: a finer
        standard).
        """
        costs = self._window_costs(chars, discount, finer)
        n = len(chars)
        crossing = [
            (first, last, cost)
            for first in range(max(0, edge - LONGEST_WORD + 1), edge)
            for last in range(edge + 1, min(n, first + LONGEST_WORD) + 1)
            if (cost := costs.get(chars[first:last])) is not None
        ]
        # The text resists the boundary at most as much as cutting the word that crosses it costs.
        if all(_cutting_cost(chars[first:last], edge - first, cost, costs) < at_least
               for first, last, cost in crossing):
            return None
        before, after = _best_costs(chars, costs)
        forced = best = before[edge] + after[edge]
        start = end = -1  # of the best word across the edge, if any beats the boundary
        for first, last, cost in crossing:
            if before[first] + cost + after[last] < best:
                best, start, end = before[first] + cost + after[last], first, last
        if start < 0:
            return None
        word = chars[start:end]
        if self._compound_of_words(word[: edge - start], word[edge - start :]):
            return None
        return CutWord(word, start, end, forced - best)

    def _window_costs(self, chars: str, discount: tuple[str, ...], finer: frozenset[str]) -> dict[str, float]:
        """The cost of each word in ``chars`` (each run of up to ``LONGEST_WORD`` characters the lexicon or the
        document knows), as ``cut`` weighs it: the document's vouched-for words over the lexicon, the spans of
        ``discount`` vouched for one time fewer, the words of ``finer`` left out.

        A few dozen entries: every lookup of one cut is then a hit in a small dictionary, and no bucket of
        the lexicon is copied to lay the document's words over it.
        """
        costs = self.knowledge.costs
        by_first_character = isinstance(costs, StoredTable)
        found: dict[str, float] = {}
        n = len(chars)
        for start in range(n):
            char = chars[start]
            known = costs.bucket_holding(char) if by_first_character else costs
            cheaper = self._overrides.get(char, _NOTHING)
            for end in range(start + 1, min(n, start + LONGEST_WORD) + 1):
                word = chars[start:end]
                # A span being judged cannot vouch for itself: it counts one time fewer.
                cost = self._vouched_cost(word, 1) if word in discount else cheaper.get(word)
                if cost is None:
                    cost = known.get(word)
                if cost is not None and word not in finer:
                    found[word] = cost
        return found

    def _compound_of_words(self, head: str, tail: str) -> bool:
        return len(head) > 1 and len(tail) > 1 and self.is_word(head) and self.is_word(tail)


_NOTHING: dict[str, float] = {}


def _cutting_cost(word: str, k: int, cost: float, costs: Mapping[str, float]) -> float:
    """How much more ``word`` costs segmented as best it can be with a boundary before ``word[k]``."""
    before, after = _best_costs(word, costs)
    return before[k] + after[k] - cost


def _best_costs(chars: str, costs: Mapping[str, float]) -> tuple[list[float], list[float]]:
    """The cost of the best segmentation of each prefix ``chars[:i]`` and each suffix ``chars[i:]``, the words
    costing what ``costs`` says (it holds at least every word of ``chars`` that has a cost)."""
    n = len(chars)
    before = [0.0] + [math.inf] * n
    after = [math.inf] * n + [0.0]
    for start in range(n):  # prefixes: each word pushes its cost forward
        base = before[start]
        single = base + (costs.get(chars[start]) or UNKNOWN_COST)
        if single < before[start + 1]:
            before[start + 1] = single
        for end in range(start + 2, min(n, start + LONGEST_WORD) + 1):
            cost = costs.get(chars[start:end])
            if cost is not None and base + cost < before[end]:
                before[end] = base + cost
    for start in range(n - 1, -1, -1):  # suffixes: each position takes its best first word
        lowest = after[start + 1] + (costs.get(chars[start]) or UNKNOWN_COST)
        for end in range(start + 2, min(n, start + LONGEST_WORD) + 1):
            cost = costs.get(chars[start:end])
            if cost is not None and cost + after[end] < lowest:
                lowest = cost + after[end]
        after[start] = lowest
    return before, after


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
    """Free the word counts (over 100 MB) when the tables built from them are both open.

    Called as one of the two opens, before it counts as open itself: the counts
    are kept only while the other table may still be built from them.
    """
    if word_knowledge.cache_info().currsize or name_words.cache_info().currsize:
        _counts.cache_clear()


def _tagged_names() -> dict[str, bool]:
    tagged = {word for word, _, tag in _jieba_entries() if tag in NAME_TAGS and len(word) > 1 and _usable(word)}
    counts, _ = _counts(SOURCES)
    return dict.fromkeys(tagged - _glued_names(counts, tagged), True)


# jieba's tags for verbs: a verb (v), one used as a noun (vn), a verb morpheme (vg).
VERB_TAGS = frozenset({"v", "vn", "vg"})


def is_verb(char: str) -> bool:
    """Whether jieba's dictionary tags ``char``, as a word of its own, a verb (睡, 搬; not 他, 也)."""
    return char in _verb_characters()


@lasting
def _verb_characters() -> StoredTable:
    # Named for the tags it holds, as name_words is.
    return stored(f"verb-characters-{'-'.join(sorted(VERB_TAGS))}", lambda: {
        word: True for word, _, tag in _jieba_entries() if len(word) == 1 and tag in VERB_TAGS and is_han(word)}, FLAG)
