"""Whether a boundary may fall between two characters, judged against a lexicon of words and how likely each is.

A word's cost is its negative log probability (a unigram model).  Whether an
edge between two characters cuts a word is judged by segmenting a window of
text around it twice, freely and with the edge forced to be a boundary:
the difference in cost is how much the text resists a boundary there.
``社|会`` resists strongly (社 and 会 are rarely words on their own where
社会 is); ``女士|们``, ``第一|个`` hardly at all.

The lexicon's tables are built from word-frequency data and kept on disk by
``audit.lexicon``; this module only reads them, and is compiled with the
judging path (setup.py).
"""

from __future__ import annotations

import math
from typing import Generic, NamedTuple, Protocol, TypeVar

# Words longer than this are not looked for: no phrase list the project reads
# has a word whose reading depends on more characters.
LONGEST_WORD = 6
CORPUS_WORDS = 6e7  # counts are on the scale of jieba's corpus, about 60 M words; a cost is -log(count / this)
UNKNOWN_COST = round(math.log(CORPUS_WORDS / 0.5), 3)  # a character that is no word of the lexicon
NAME_LENGTH = 3  # the person names known are a surname of one character and a given name of two
UNBOUND_LIMIT = 12.0  # the boundness of a character that is never a word alone
CUT_FLOOR = 1.0     # cutting costs below this are not kept: a lower floor judged no more moved edges on dev


Value = TypeVar("Value")


# CJK unified ideographs (basic block and extensions), compatibility ideographs, and 〇.  A list: compiled, a walk
# over a list of pairs takes about 30 ns, over a tuple of them 300 (each pair read back as a tuple of its own).
HAN_RANGES: list[tuple[int, int]] = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x323AF), (0xF900, 0xFAFF),
                                     (0x3007, 0x3007)]


def is_han(char: str) -> bool:
    """A Han character: one of ``HAN_RANGES``, as ``readings.HAN_RUN`` matches them.

    Here, compiled, rather than in ``audit.readings``: S103's neighbours and the aligner ask it of nearly every
    character they pass, from compiled code, where a call into Python code cost about 0.1 µs (docs/speed.md,
    round 15).
    """
    code = ord(char)
    for low, high in HAN_RANGES:
        if low <= code <= high:
            return True
    return False


# The stored tables' buckets: a key's bucket is found by its first two characters (a key of one character, by it).
_SPREAD = 40503  # odd, so that the pairs starting with one character spread over the buckets


def bucket_number(key: str, mask: int) -> int:
    """The bucket of a table with ``mask + 1`` buckets (a power of two) that holds ``key``, a non-empty string.

    Here, compiled, for the stored tables (``audit.tables``) and for the
    lookups of the buckets they hand out, made in their thousands a document.
    """
    first = ord(key[0])
    return (first * _SPREAD + ord(key[1]) if len(key) > 1 else first) & mask


class WordTable(Protocol[Value]):
    """A table of the lexicon as it is stored (``audit.tables.StoredTable``), read a bucket at a time."""

    @property
    def mask(self) -> int:
        """The number of its buckets, less one (see ``bucket_number``)."""

    @property
    def kept(self) -> dict[int, dict[str, Value]]:
        """The buckets read so far, by number."""

    def bucket_at(self, number: int) -> dict[str, Value]:
        """The bucket of that number, every entry whose key ``bucket_number`` puts there."""


class BucketsKept(Generic[Value]):
    """A stored table with its buckets kept by number, as they are first asked for.

    Each edge S103 judges looks up a few dozen words, and every cut of the
    resolver's segmentations one or two buckets: here each lookup is two
    dictionary lookups at C speed, where asking the stored table is a call
    into its interpreted code every time.
    """

    def __init__(self, table: WordTable[Value]) -> None:
        self._table = table
        self._mask = table.mask
        self._buckets = table.kept  # the table's own: a bucket is read once, and no second index of them is made

    def bucket_of(self, key: str) -> dict[str, Value]:
        """The entry of ``key`` and those of every key starting with its first two characters, beside others:
        ``key`` may be just those two characters, and words of any length starting with them looked up in it."""
        number = bucket_number(key, self._mask)
        bucket = self._buckets.get(number)
        return self._table.bucket_at(number) if bucket is None else bucket

    def get(self, key: str) -> Value | None:
        """The entry of ``key``, if the table has one (the empty string, with no first character, has none)."""
        return self.bucket_of(key).get(key) if key else None

    def get_or(self, key: str, default: Value) -> Value:
        """The entry of ``key``, or ``default`` if the table has none."""
        return self.bucket_of(key).get(key, default) if key else default

    def __contains__(self, key: str) -> bool:
        return bool(key) and key in self.bucket_of(key)


class WordKnowledge(NamedTuple):
    costs: BucketsKept[float]      # word -> negative log probability
    cut_costs: BucketsKept[float]  # "社会" -> the most any word costs when cut between these two characters
    names: BucketsKept[bool]       # three-character person names, glossed apart as surname and given name
    boundness: BucketsKept[float]  # character -> -log of the share of its uses that are the character alone as a word
    name_places: BucketsKept[tuple[float, float]]  # "0吴" -> (names, words) of three characters with 吴 first


class CutWord(NamedTuple):
    """A word that an edge cuts, and how strongly the text resists a boundary there."""

    word: str
    start: int     # of the word, in the window
    end: int
    resistance: float   # cost of the best segmentation with the boundary, minus without it


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
            if cost is not None and cost < knowledge.costs.get_or(word, math.inf):
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
        return self.knowledge.cut_costs.get_or(pair, 0.0) >= resistance or pair in self._cheaper_pairs

    def word_cost(self, word: str, discount: int = 0) -> float:
        """The cost of ``word`` as one word: the lexicon's, or a common word's if the document vouches for it
        (counted ``discount`` times fewer); ``UNKNOWN_COST`` a character when it is neither."""
        known = self.knowledge.costs.get(word)
        vouched = self._vouched_cost(word, discount)
        if vouched is not None:
            return vouched
        return known if known is not None else UNKNOWN_COST * len(word)

    def boundness(self, char: str) -> float:
        return self.knowledge.boundness.get_or(char, UNBOUND_LIMIT)

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
        named, held = self.knowledge.name_places.get_or(f"{place}{char}", (0.0, 0.0))
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
        n = len(chars)
        # The words across the edge are looked up first.  The edge's pair of characters is inside some word of the
        # lexicon costly to cut (``may_resist``), but in more than a third of the windows judged with every word
        # glossed no word crosses the edge here, which settles it: nothing else in the window need be looked up.
        costs: dict[str, float] = {}
        firsts = range(max(0, edge - LONGEST_WORD + 1), edge)
        for first in firsts:
            self._add_word_costs(costs, chars, first, edge + 1, min(n, first + LONGEST_WORD), discount, finer)
        crossing = [
            (first, last, cost)
            for first in firsts
            for last in range(edge + 1, min(n, first + LONGEST_WORD) + 1)
            if (cost := costs.get(chars[first:last])) is not None
        ]
        if not crossing:
            return None
        for start in range(n):  # the words on either side of the edge, none across it
            last = min(n, start + LONGEST_WORD)
            self._add_word_costs(costs, chars, start, start + 1, min(last, edge) if start < edge else last,
                                 discount, finer)
        # The text resists the boundary at most as much as cutting the word that crosses it costs.
        if all(_cutting_cost(chars[first:last], edge - first, cost, costs) < at_least
               for first, last, cost in crossing):
            return None
        before, after = best_costs(chars, costs)
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

    def _add_word_costs(self, found: dict[str, float], chars: str, start: int, first_end: int, last_end: int,
                        discount: tuple[str, ...], finer: frozenset[str]) -> None:
        """Adds to ``found`` the cost of each word ``chars[start:end]``, ``end`` from ``first_end`` to ``last_end``,
        that the lexicon or the document knows, as ``cut`` weighs it: the document's vouched-for words over the
        lexicon, the spans of ``discount`` vouched for one time fewer, the words of ``finer`` left out.

        A window's words are a few dozen entries: every lookup of one cut is then a hit in a small dictionary,
        and no bucket of the lexicon is copied to lay the document's words over it.
        """
        known = self.knowledge.costs
        longer = known.bucket_of(chars[start : start + 2])  # every word here of two characters or more
        cheaper = self._overrides.get(chars[start], _NOTHING)
        for end in range(first_end, last_end + 1):
            word = chars[start:end]
            # A span being judged cannot vouch for itself: it counts one time fewer.
            cost = self._vouched_cost(word, 1) if word in discount else cheaper.get(word)
            if cost is None:
                cost = longer.get(word) if end - start > 1 else known.get(word)
            if cost is not None and word not in finer:
                found[word] = cost

    def _compound_of_words(self, head: str, tail: str) -> bool:
        return len(head) > 1 and len(tail) > 1 and self.is_word(head) and self.is_word(tail)


_NOTHING: dict[str, float] = {}


def _cutting_cost(word: str, k: int, cost: float, costs: dict[str, float]) -> float:
    """How much more ``word`` costs segmented as best it can be with a boundary before ``word[k]``."""
    before, after = best_costs(word, costs)
    return before[k] + after[k] - cost


def best_costs(chars: str, costs: dict[str, float]) -> tuple[list[float], list[float]]:
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
