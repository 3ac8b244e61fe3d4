"""Tone rules: right syllable, but is the tone right for this convention?"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.finding import Severity
from audit.fix import Applicability
from audit.rules.common import verdict_problems
from audit.rules.registry import Family, rule
from audit.verdicts import Kind
from audit.wording import plural


@rule("T401", "wrong-tone", Family.TONE, Severity.ERROR, fix=Applicability.UNSAFE)
def check_wrong_tone(context: AuditContext) -> Iterator[Problem]:
    """Right syllable, wrong tone, not explained by sandhi or the neutral tone.

    Two tones speech gives and the tables lack are at most warnings: the
    first tone on the doubled syllables that end a dictionary word of the
    ABB or AABB shape (绿油油 lǜ yōu yōu), and any tone of an interjection
    said as one, set off from what follows (喂(wéi)，你好); inside a word the
    character keeps its tone (喂养 wèi yǎng).  So are a tone only CC-CEDICT
    gives, where no dictionary word here decides (王洋 wáng yāng), and a tone
    in what is likely a name.  A warning says that pypinyin's table lacks
    the tone, not that the character is never read so.  一 and 不 said light
    are right where a dictionary word reads them so (对不起 duì bu qǐ,
    来不及 lái bu jí), in a word of the dictionaries shaped as a potential
    form (受不了 shòu bu liǎo, 等不及), and between a word of one or two
    syllables and the same word again (看一看 kàn yi kàn, 明白不明白 míng bai
    bu míng bai); not in a word ending in 不 or an idiom, which every
    dictionary reads bù (决不(bu)会, 迫不(bu)及待).  不 said light outside
    any such word, between a verb and its complement, is a note where the
    dictionaries hold the potential form (办不成 bàn bu chéng, 跑不快), the
    complement is one grammars list after a verb the dictionaries show
    with one (睡不好, 学不会), or it is 了 (管不了 guǎn bu liǎo, 适应不了);
    a warning where words give the complement after a light 得, the two a
    verb of jieba's dictionary (我想不(bu)去了: 想去, 过得去); after a
    pronoun, an adverb or a noun (他不(bu)来, 语言不(bu)是) it stays an
    error.  A syllable that may spell the unglossed character before it
    too is suggested both ways and not fixed, as in R301.

    Wrong: 书(shǔ)
    Right: 书(shū)
    """
    yield from verdict_problems(context, Kind.WRONG_TONE)


@rule("T402", "third-tone-sandhi-written", Family.TONE, Severity.ERROR, fix=Applicability.SAFE)
def check_sandhi_written(context: AuditContext) -> Iterator[Problem]:
    """Third-tone sandhi written out, which pinyin orthography does not do.

    A third tone before another third tone is spoken as a second tone but
    written as a third.  The ``spoken`` profile (speech labels) accepts it;
    every other profile writes citation tones, so the fix changes only form.
    A syllable that may spell the unglossed character before it too is
    suggested both ways and not fixed, as in R301.

    In a speech label file that follows the dictionary convention, the
    utterances that write sandhi are its minority: one finding for the file.

    Wrong: 你好(ní hǎo)
    Right: 你好(nǐ hǎo)
    """
    problems = list(verdict_problems(context, Kind.SANDHI_WRITTEN))
    if context.labels and problems:
        first = problems[0]
        yield first._replace(message=f"{first.message}; {plural(len(problems), 'place writes', 'places write')} "
                                     f"sandhi in this file, while it follows the {context.profile} convention: "
                                     "the first is here")
        return
    yield from problems


@rule("T403", "neutral-tone-mismatch", Family.TONE, Severity.WARNING)
def check_neutral_tone(context: AuditContext) -> Iterator[Problem]:
    """A neutral tone where the word has a full tone, or a full tone where it is neutral.

    Neutral tones a dictionary gives (这个 zhè ge, 显得 xiǎn de, and the light
    syllables CC-CEDICT marks, as in 朋友 péng you, even inside a longer
    entry of its own: 早知道 zǎo zhī dao, so 知道(zhī dao)) and the second of
    a doubled character (看看 kàn kan) are accepted.  上 and 里 said light
    right after the noun they follow (桌子上 zhuō zi shang), as 现代汉语词典
    gives them, are at most a note, here or in R302 (家里 jiā li), however
    the sentence is segmented; so are 面, 边 and 头 light as the suffix of a
    locative (后面 hòu mian) and 见 light after a verb of perceiving or
    meeting (看见 kàn jian).  A word alone on its line that writes a later
    syllable light, where the dictionaries give it in full and a character
    table lists it light (干净 gān jing), is a note too.  A syllable that may
    spell the unglossed character before it too is suggested both ways, as in
    R301.

    Wrong: 书(shu)
    Right: 书(shū)
    """
    yield from verdict_problems(context, Kind.NEUTRAL_MISMATCH)
