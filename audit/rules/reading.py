"""Reading rules: is each syllable a reading of its character, the right one here?"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.finding import Severity
from audit.fix import Applicability
from audit.rules.common import verdict_problems
from audit.rules.registry import Family, rule
from audit.verdicts import Kind


@rule("R301", "not-a-reading", Family.READING, Severity.ERROR, fix=Applicability.UNSAFE)
def check_not_a_reading(context: AuditContext) -> Iterator[Problem]:
    """The syllable is no reading of the character at all, in any tone.

    A reading the character table lacks is accepted where a dictionary word
    holding the character gives it (乐亭 lào tíng, a county), and so is the
    particle 啊 said with the liaison of the syllable before it, as
    现代汉语词典 gives it (来啊 lái ya, 好啊 hǎo wa, 难啊 nán na).  一 may
    read yāo among digits said one by one (一一零 yāo yāo líng), nowhere else
    (一个 yāo gè).  A syllable with no vowel a table gives the character,
    standing alone as a cry, is right (哼(hng)，我不去); another such syllable
    there is at most a warning (嗯(hm)), and inside a word it is judged as
    any syllable (捧哏 pěng ǹ).  A syllable that spells the reading of an
    unglossed character before and then this one's, as with a missing
    apostrophe (西安(xiān) for xī'ān), is suggested both ways and not fixed:
    writing 安's reading alone would drop 西's.

    Wrong: 书(sū)
    Right: 书(shū)
    """
    yield from verdict_problems(context, Kind.NOT_A_READING, skip_misattached=True)


@rule("R302", "wrong-reading-in-context", Family.READING, Severity.ERROR, fix=Applicability.UNSAFE)
def check_wrong_reading_in_context(context: AuditContext) -> Iterator[Problem]:
    """A real reading of the character, but not the one its context calls for.

    The reading resolver weighs hand rules, pypinyin's and pypinyin-dict's
    phrases, a g2pM model reading of the sentence and how rare the reading
    is.  Two independent sources agreeing, a rare reading nothing supports,
    or the glossed word itself as a dictionary phrase with nothing against it
    make an error; one source against the gloss makes a warning, and a note
    when the model reads it as written; a gloss any source supports passes,
    unless it is only a phrase list that supports it and CC-CEDICT and the
    model agree otherwise (a warning: 肚子 dǔ zi).  The other reading of a
    literary and colloquial pair (流血 liú xiě, 那些 nèi xiē) and, after a
    word's first syllable or before the 儿 it merges with, the reading the
    context calls for said light (这里 zhè li, 头儿 tou'er) are at most
    warnings.  Another reading said light (银行 yín xing) is judged as that
    reading, and its fix is the context's.  A syllable that may spell the
    unglossed character before it too is suggested both ways and not fixed,
    as in R301.

    Wrong: 银行(yín xíng)
    Right: 银行(yín háng)
    """
    yield from verdict_problems(context, Kind.OTHER_READING)
