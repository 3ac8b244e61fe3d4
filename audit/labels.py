"""Speech-synthesis label files, read as glossed text.

Two layouts are common.  Biaobei (CSMSC) writes an utterance on two lines,
the text with prosody marks and then, indented, one syllable per character::

    000001	卡尔普#2陪外孙#1玩滑梯#4。
    	ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1

AISHELL-3 writes each character followed by its syllable on one line::

    SSB00050001.wav	广 guang3 州 zhou1

Each utterance becomes ordinary annotated text, one gloss per run of Han
characters between punctuation, ``卡尔普陪外孙玩滑梯(ka2 er2 pu3 …)。``, so
every rule runs unchanged.  A gloss per run rather than per character keeps
the next syllable in view, which is what accepts written sandhi chains such
as ``ka2 er2 pu3`` under the ``spoken`` profile.  The reader hands its
glosses to the engine instead of letting it search the text, since a run
may be longer than any gloss in running text.

Positions stay in the label file: characters map to the text line,
syllables (and the brackets around them) to the pinyin line.  Punctuation
carries no syllable; after a gloss it is placed at the end of that gloss on
the pinyin line, so a finding's range never runs back to the text line.  An
utterance whose characters and syllables do not pair up is not glossed: it
becomes one L701 finding.  Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Iterable, Iterator, NamedTuple

from audit.extraction import Extraction, Input, InputProblem, Reader
from audit.gloss import Gloss
from audit.pinyin import Marking, parse_pinyin
from audit.readings import is_han
from audit.rules import LABEL_MISMATCH
from audit.suppressions import directive_lines
from audit.wording import plural

_TOKEN = re.compile(r"\S+")
_PROSODY = re.compile(r"#[0-9]")
_SYLLABLE = re.compile(r"[a-zA-ZüÜ:]+[0-9]")
_BIAOBEI_TEXT = re.compile(r"(?P<id>[^\s#]\S*)[ \t]+(?P<content>\S.*)")
_BIAOBEI_PINYIN = re.compile(r"[ \t]+(?P<content>\S.*)")
_AISHELL = re.compile(r"(?P<id>\S+\.wav)(?P<content>(?:[ \t].*)?)")  # content may be empty: L701 says so


class Token(NamedTuple):
    start: int
    end: int
    width: int  # characters read: 2 for an erhua syllable (这儿 zher4)


class Line(NamedTuple):
    number: int  # 1-based
    start: int
    end: int
    text: str


def _first_lines(text: str) -> list[str]:
    """The first two lines that are not blank or comments: enough to recognise a layout."""
    return list(itertools.islice(
        (line.text for line in _lines(text) if line.text.strip() and not line.text.startswith("#")), 2))


def is_aishell3(text: str) -> bool:
    """A file name ending in .wav, then characters and syllables with tone numbers: most of its words, so that a
    slip in the first utterance is its own finding (as in ``is_biaobei``)."""
    lines = _first_lines(text)
    if not lines or not _AISHELL.fullmatch(lines[0]):
        return False
    words = lines[0].split()[1:]
    characters = sum(len(word) == 1 and is_han(word) for word in words)
    syllables = _syllables_among(words)
    return characters > 0 and syllables > 0 and (characters + syllables) * 2 > len(words)


def is_biaobei(text: str) -> bool:
    """An id and text with Han characters, then an indented line of pinyin syllables with tone numbers: most of
    them (a document's title over a line of file types, ``mp3 mp4 aac``, is no utterance), so that a slip in
    the first utterance (a tone left out, a word too many) is its own finding rather than a file read as
    plain text, where no gloss is found and nothing is audited."""
    lines = _first_lines(text)
    if len(lines) < 2 or not _BIAOBEI_PINYIN.fullmatch(lines[1]):
        return False
    utterance = _BIAOBEI_TEXT.fullmatch(lines[0])
    if not utterance or not any(map(is_han, utterance.group("content"))):
        return False
    words = lines[1].split()
    return _syllables_among(words) * 2 > len(words)


def _syllables_among(words: list[str]) -> int:
    """How many of ``words`` are pinyin syllables with a tone number (``hao3``): a file name's extension, ``mp3``,
    is letters and a digit too."""
    return sum(bool(_SYLLABLE.fullmatch(word)) and parse_pinyin(word).ok for word in words)


class Utterance(NamedTuple):
    characters: list[int]  # offsets of the text's characters, punctuation included
    tokens: list[Token]    # its syllables
    end: int               # end of its last line
    lines: tuple[int, int] # its first and last line numbers
    fault: str = ""        # why the lines could not be read as an utterance
    name: str = ""         # its id: 000001 (Biaobei), SSB00050001 (AISHELL-3)


def read_labels(text: str, path: str | None, layout: str) -> Input:
    """The label file as glossed text, with its comments, its unpaired utterances and its glosses.

    The glosses are handed over rather than searched for: an utterance may
    be longer than any gloss in running text.  A two-line utterance is one
    block, so that a directive on the line before it covers both lines.
    """
    utterances = _biaobei(text) if layout == "biaobei" else _aishell3(text)
    return _read_utterances(text, path, layout, utterances)


def read_label_pair(characters: str, syllables: str, path: str | None) -> Input:
    """One utterance from two fields, as a dataset row keeps it: the characters, then the syllables.

    The fields become two lines of one source, so that a finding's line says
    which field it is in (1: the characters, 2: the syllables) and its column
    is the column within that field.  It is a Biaobei utterance without its id.
    """
    # A line break inside a field would shift the line numbers; it separates like a space.
    characters, syllables = characters.replace("\n", " "), syllables.replace("\n", " ")
    source = f"{characters}\n{syllables}"
    utterance = Utterance(_text_characters(source, 0, len(characters)),
                          _tokens(source, len(characters) + 1, len(source)), len(source), (1, 2))
    return _read_utterances(source, path, "biaobei", [utterance])


def _read_utterances(text: str, path: str | None, layout: str, utterances: Iterable[Utterance]) -> Input:
    extraction = Extraction(text)
    problems: list[InputProblem] = []
    brackets: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    named: list[tuple[int, int, str]] = []
    for utterance in utterances:
        problem = _write_utterance(extraction, utterance, brackets)
        if problem:
            problems.append(problem)
        if utterance.lines[1] > utterance.lines[0]:
            blocks.append(utterance.lines)
        if utterance.name:
            named.append((*utterance.lines, utterance.name))
    document = extraction.document(path)
    glosses = tuple(_gloss(document.text, *pair) for pair in brackets)
    return Input(document, layout, tuple(directive_lines(text)), tuple(problems), glosses, tuple(blocks),
                 is_labels=True, utterances=tuple(named))


def _gloss(text: str, open_offset: int, close_offset: int) -> Gloss:
    content = text[open_offset + 1 : close_offset]
    return Gloss(open_offset, close_offset, "()", content, parse_pinyin(content))


# --------------------------------------------------------------------------
# The two layouts


def _lines(text: str) -> Iterator[Line]:
    """Lines one at a time, so that sniffing a large file reads only its start."""
    start, number = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield Line(number, start, end, text[start:end])
        start, number = end + 1, number + 1


def _biaobei(text: str) -> Iterator[Utterance]:
    """Text lines, each with the indented pinyin line after it."""
    pending: TextLine | None = None
    for line in _lines(text):
        if not line.text.strip() or line.text.startswith("#"):
            continue
        pinyin = _BIAOBEI_PINYIN.fullmatch(line.text)
        if pinyin and pending is not None:
            yield Utterance(pending.characters(text), _tokens(text, line.start, line.end), line.end,
                            (pending.line.number, line.number), name=pending.id)
            pending = None
            continue
        if pending is not None:
            yield pending.unpaired(text)
        pending = TextLine.read(line)
        if pending is None:
            yield Utterance([line.start], [], line.end, (line.number, line.number),
                            "no text line comes before this pinyin line")
    if pending is not None:
        yield pending.unpaired(text)


class TextLine(NamedTuple):
    """A Biaobei text line: its id, then its characters with prosody marks."""

    line: Line
    id: str
    content_start: int  # offset in the file of the first character after the id

    @classmethod
    def read(cls, line: Line) -> TextLine | None:
        match = _BIAOBEI_TEXT.fullmatch(line.text)
        return cls(line, match.group("id"), line.start + match.start("content")) if match else None

    def characters(self, text: str) -> list[int]:
        """Offsets of the characters after the utterance id, prosody marks left out."""
        return _text_characters(text, self.content_start, self.line.end)

    def unpaired(self, text: str) -> Utterance:
        line = self.line
        return Utterance(self.characters(text), [], line.end, (line.number, line.number),
                         "no pinyin line follows this text line", self.id)


def _text_characters(text: str, start: int, end: int) -> list[int]:
    """Offsets of the text's characters, prosody marks left out."""
    offsets = []
    position = start
    while position < end:
        mark = _PROSODY.match(text, position)
        if mark:
            position = mark.end()
            continue
        offsets.append(position)
        position += 1
    return offsets


def _aishell3(text: str) -> Iterator[Utterance]:
    """One line each: the file name, then character and syllable in turn."""
    for line in _lines(text):
        if not line.text.strip() or line.text.startswith("#"):
            continue
        match = _AISHELL.fullmatch(line.text)
        content = line.start + match.start("content") if match else line.start
        words = [m for m in _TOKEN.finditer(text, content, line.end)]
        fault = _pairing_fault([word.group() for word in words]) if match else _Fault(_NO_WAV_NAME)
        name = match.group("id").removesuffix(".wav") if match else ""
        if fault:
            where = words[fault.word].start() if fault.word is not None else line.start
            yield Utterance([where], [], line.end, (line.number, line.number), fault.why, name)
            continue
        yield Utterance([word.start() for word in words[0::2]], [_token(word) for word in words[1::2]], line.end,
                        (line.number, line.number), name=name)


_NO_WAV_NAME = "expected a file name ending in .wav, then each character followed by its syllable"


class _Fault(NamedTuple):
    why: str
    word: int | None = None  # the index of the word where the pairing breaks, when one does


def _pairing_fault(words: list[str]) -> _Fault | None:
    """Character, syllable, character, syllable…: ``None``, or the first word that breaks the pairing."""
    if not words:
        return _Fault("no characters after the file name")
    for index, word in enumerate(words):
        if index % 2 == 0 and not (len(word) == 1 and is_han(word)):
            return _Fault(f"expected a character, then its syllable, where {word} is", index)
        if index % 2 == 1 and not _SYLLABLE.fullmatch(word):
            return _Fault(f"{words[index - 1]} is followed by {word}, not a syllable with its tone number", index)
    return _Fault(f"{words[-1]} has no syllable after it", len(words) - 1) if len(words) % 2 else None


def _tokens(text: str, start: int, end: int) -> list[Token]:
    return [_token(match) for match in _TOKEN.finditer(text, start, end)]


def _token(match: re.Match) -> Token:
    return Token(match.start(), match.end(), _width(match.group()))


@functools.lru_cache(maxsize=None)
def _width(token: str) -> int:
    """The characters a token reads: one a syllable, two an erhua syllable (zher4), and a word's count
    when a word list writes it joined (yínháng, bāng//máng, bang1mang2) and its first syllable writes a tone.

    A first syllable without a tone is a slip in one syllable (nia3 is no ni a3), which reads one character.
    """
    parsed = parse_pinyin(token)
    syllables = parsed.syllables
    if len(syllables) == 1 or (parsed.ok and syllables and syllables[0].marking is not Marking.NONE):
        return parsed.characters_read
    return 1


# --------------------------------------------------------------------------
# Writing an utterance as glossed text


def _write_utterance(extraction: Extraction, utterance: Utterance,
                     brackets: list[tuple[int, int]]) -> InputProblem | None:
    source = extraction.source
    characters = utterance.characters
    runs = _runs(source, characters)
    dealt = None if utterance.fault else _deal(runs, utterance.tokens)
    if dealt is None:
        return _mismatch(source, utterance, runs)
    after_gloss: int | None = None  # where punctuation right after a gloss is placed
    run_index = 0
    for offset in characters:
        if run_index < len(runs) and offset == runs[run_index][0]:
            run, syllables = runs[run_index], dealt[run_index]
            extraction.copy(run)
            after_gloss = _write_gloss(extraction, syllables, brackets)
            run_index += 1
        elif not is_han(source[offset]):  # the rest of a run was written with its first character
            extraction.add(source[offset], offset if after_gloss is None else after_gloss)
    extraction.add("\n", utterance.end)
    return None


def _runs(source: str, characters: list[int]) -> list[list[int]]:
    """The characters in runs of Han characters; anything else separates them."""
    runs: list[list[int]] = []
    previous_han = False
    for offset in characters:
        han = is_han(source[offset])
        if han and previous_han:
            runs[-1].append(offset)
        elif han:
            runs.append([offset])
        previous_han = han
    return runs


def _deal(runs: list[list[int]], tokens: list[Token]) -> list[list[Token]] | None:
    """The syllables of each run, in order; ``None`` when they do not come out even (nothing pairs with nothing)."""
    dealt, index = [], 0
    for run in runs:
        taken, width = [], 0
        while width < len(run) and index < len(tokens):
            taken.append(tokens[index])
            width += tokens[index].width
            index += 1
        if width != len(run):
            return None
        dealt.append(taken)
    return dealt if index == len(tokens) else None


def _write_gloss(extraction: Extraction, tokens: list[Token], brackets: list[tuple[int, int]]) -> int:
    """``(ka2 er2 pu3)``, placed on the pinyin line; records its brackets, returns where it ends."""
    opening = len(extraction)
    extraction.add("(", tokens[0].start)
    for index, token in enumerate(tokens):
        if index:
            extraction.add(" ", tokens[index - 1].end)
        extraction.keep(token.start, token.end)
    brackets.append((opening, len(extraction)))
    extraction.add(")", tokens[-1].end)
    return tokens[-1].end


def _mismatch(source: str, utterance: Utterance, runs: list[list[int]]) -> InputProblem:
    text = "".join(source[offset] for run in runs for offset in run)
    needed = sum(len(run) for run in runs)
    read = sum(token.width for token in utterance.tokens)
    characters = f"{text}: {plural(needed, 'character')}" if text else "no Han characters"
    message = utterance.fault or f"{characters} but {plural(read, 'syllable')}"
    start = utterance.characters[0] if utterance.characters else utterance.end
    return InputProblem(LABEL_MISMATCH.code, start, utterance.end, message,
                        "give every Han character one syllable (erhua such as zher4 reads two)", span=text)


# Label files are named like any text (*.txt), so they are recognised by their content.
BIAOBEI = Reader("biaobei", functools.partial(read_labels, layout="biaobei"), detect=is_biaobei)
AISHELL3 = Reader("aishell3", functools.partial(read_labels, layout="aishell3"), detect=is_aishell3)
