"""Markdown and HTML: the prose to audit, with positions in the original file.

What is not prose is left out: tags and their attributes, comments (kept
aside for suppressions), ``<script>``, ``<style>``, ``<pre>`` and
``<code>`` elements, and in Markdown fenced and indented code blocks, code
spans, link destinations and emphasis markers.  Entities are decoded.

Ruby becomes the gloss form every rule reads: ``<ruby>汉<rt>hàn</rt></ruby>``
is audited as ``汉(hàn)``, with ``<rb>`` and ``<rp>`` understood and the
brackets placed at the ``<rt>`` and ``</rt>`` tags, so a finding on the
gloss points at the ``<rt>`` in the original.

This is a reader for audit purposes, not a full parser: an indented line
after a blank line counts as code, as CommonMark says outside lists.
The readers themselves, ``MARKDOWN`` and ``HTML``, are in ``audit.markup``.
"""

from __future__ import annotations

import html
import re

from audit.document import Document
from audit.extraction import Comment, Extraction

_COMMENT = r"(?P<comment><!--(?P<comment_text>.*?)-->)"
_SKIPPED = r"(?P<skipped><(?P<skipped_name>script|style|pre|code|kbd|samp|textarea)\b[^>]*>.*?</(?P=skipped_name)\s*>)"
_RUBY = r"(?P<ruby><ruby\b[^>]*>(?P<ruby_body>.*?)</ruby\s*>)"
_TAG = r"(?P<tag></?(?P<tag_name>[a-zA-Z][\w:.-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<![^>]*>|<\?[^>]*>)"
# At a line's start, after at most three spaces (fixed-width lookbehinds, one per indent).
_LINE_START = "|".join(rf"(?<= {{{spaces}}})(?<![^\n] {{{spaces}}})" if spaces else r"(?<![^\n])" for spaces in range(4))
# A link's destination and title, in CommonMark's forms: a destination in <> may hold spaces, a bare one
# balanced brackets; a title is in "", '' or (). Neither is prose, nor is a definition of a link's reference
# (but a footnote's, [^1]: ..., which GitHub's Markdown shows).
# Each stretch of white space is read by one quantifier, so that a long one is read once, not at every split.
_DESTINATION = r"(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))+)"
_TITLE = r"(?:\"[^\"]*\"|'[^']*'|\([^()]*\))"
_LINK_TARGET = rf"\(\s*(?:{_DESTINATION}(?:\s+(?:{_TITLE}\s*)?)?)?\)"
_ENTITY = r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"

# Each construct that starts with "<" is matched by its own pattern, once _Scanner
# has found where it ends; the rest are short and matched where they start.
_MARKUP = {name: re.compile(pattern, re.DOTALL | re.IGNORECASE)
           for name, pattern in (("comment", _COMMENT), ("skipped", _SKIPPED), ("ruby", _RUBY), ("tag", _TAG))}
_HTML_TOKEN = re.compile(_ENTITY)
_MARKDOWN_TOKEN = re.compile(
    "|".join((
        _ENTITY,
        r"(?P<code_span>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))",
        # A bracket's text ends at the next bracket, as CommonMark's does at an inner link ("[a [b](u)" links
        # b), so that text full of brackets never closed is read once, not from each of them to the line's end.
        rf"(?P<image>!\[[^\[\]\n]*\]{_LINK_TARGET})",
        rf"(?P<link>\[(?P<link_text>[^\[\]\n]*)\]{_LINK_TARGET})",
        rf"(?P<definition>(?:{_LINE_START})\[(?!\^)[^\[\]\n]+\]:[ \t]*{_DESTINATION}(?:[ \t]+(?:{_TITLE}[ \t]*)?)?(?=\n|$))",
        r"(?P<escape>\\[!-/:-@\[-`{-~])",
        r"(?P<emphasis>\*+|~~|(?<![^\W_])_+|_+(?![^\W_]))",
        rf"(?P<quote_marker>(?:{_LINE_START})>(?: {{0,3}}>)* ?)",
    )),
    re.DOTALL | re.IGNORECASE,
)
_HTML_START = re.compile(r"[<&]")
_MARKDOWN_START = re.compile(r"[<&`!\[\\*~_>]")
_SKIPPED_NAME = re.compile(r"<(script|style|pre|code|kbd|samp|textarea)\b", re.IGNORECASE)
_RUBY_NAME = re.compile(r"<ruby\b", re.IGNORECASE)
_TAG_NAME = re.compile(r"</?[a-zA-Z][\w:.-]*")
_TAG_SPECIAL = re.compile(r"[>\"']")
_COMMENT_END = re.compile(r"-->")
_RUBY_END = re.compile(r"</ruby\s*>", re.IGNORECASE)

# Elements that start a new block: text on either side never forms one word.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)

_RUBY_PART = re.compile(
    r"(?P<rb><rb\b[^>]*>(?P<base>.*?)(?:</rb\s*>|(?=<r[tpb]\b|$)))"
    r"|(?P<rt><rt\b[^>]*>(?P<reading>.*?)(?P<rt_end></rt\s*>|(?=<r[tpb]\b|$)))"
    r"|(?P<rp><rp\b[^>]*>.*?(?:</rp\s*>|(?=<r[tpb]\b|$)))"
    r"|(?P<tag><[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")


def read_html(text: str, path: str | None) -> tuple[Document, list[Comment]]:
    extraction = Extraction(text)
    _inline(extraction, _HTML_START, _HTML_TOKEN, 0, len(text))
    return extraction.document(path), extraction.comments


def read_markdown(text: str, path: str | None) -> tuple[Document, list[Comment]]:
    extraction = Extraction(text)
    for start, end, is_code in _markdown_blocks(text):
        if is_code:
            extraction.break_line(start)
        else:
            _inline(extraction, _MARKDOWN_START, _MARKDOWN_TOKEN, start, end)
    return extraction.document(path), extraction.comments


# --------------------------------------------------------------------------
# Markdown blocks


def _markdown_blocks(text: str):
    """``(start, end, is_code)`` ranges covering the text: code blocks and the rest."""
    position = 0
    prose_start = 0
    previous_blank = True
    fence: str | None = None
    code_start = 0
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        stripped = line.strip()
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = None
                yield code_start, position, True
                prose_start = position
        elif opening:
            fence, code_start = opening.group(1), start
            if prose_start < start:
                yield prose_start, start, False
        elif stripped and _INDENTED.match(line) and previous_blank:
            if prose_start < start:
                yield prose_start, start, False
            yield start, position, True
            prose_start = position
            continue  # the line after indented code may continue it
        previous_blank = not stripped
    if fence is not None:
        yield code_start, position, True  # an unclosed fence runs to the end
    elif prose_start < position:
        yield prose_start, position, False


# --------------------------------------------------------------------------
# Inline content


def _inline(extraction: Extraction, starts: re.Pattern, token: re.Pattern, start: int, end: int) -> None:
    """Prose between the tokens, each token to its handler, from ``start`` to ``end``.

    Where ``starts`` finds a character that may begin a token, the first
    construct that matches there wins (a comment, a skipped element, ruby, a
    tag, then ``token``'s alternatives); markup that never closes is text.
    """
    source = extraction.source
    scanner = _Scanner(source, end)
    position = candidate = start
    while True:
        found = starts.search(source, candidate, end)
        if found is None:
            break
        candidate = found.start()
        match = scanner.markup_at(candidate) if source[candidate] == "<" else token.match(source, candidate, end)
        if match is None:
            candidate += 1
            continue
        extraction.keep(position, match.start())
        position = candidate = match.end()
        _HANDLERS[match.lastgroup](extraction, match)  # the outermost group closes last
    extraction.keep(position, end)


class _Scanner:
    """Where markup that starts at ``<`` ends, found in time linear in the text.

    A regular expression for ``<!-- … -->`` tried at every ``<`` reads to
    the end of the text each time the closer is missing, which is quadratic
    in a file full of unclosed markup.  Here each search remembers what it
    learnt: how far a closer is absent, the next quote or ``>`` after the
    last tag that asked, and where a tag that reaches a given opening quote
    ends.  Once the end is known, the construct's own pattern is matched on
    that stretch alone, for its groups.
    """

    def __init__(self, source: str, end: int) -> None:
        self.source = source
        self.end = end
        self.absent_from: dict[re.Pattern, int] = {}  # a closer occurs nowhere from this offset on
        self.next_found: dict[re.Pattern, tuple[int, int]] = {}  # (asked from, found at or -1)
        self.end_after_quote: dict[int, int] = {}  # opening quote -> offset past the tag's ">" or -1

    def markup_at(self, start: int) -> re.Match | None:
        source, end = self.source, self.end
        if source.startswith("<!--", start):
            closer = self._closer(_COMMENT_END, start + 4)
            if closer is not None:
                return _MARKUP["comment"].match(source, start, closer.end())
        for opening, kind in ((_SKIPPED_NAME, "skipped"), (_RUBY_NAME, "ruby")):
            named = opening.match(source, start, end)
            if named is None:
                continue
            open_end = self._next(_GREATER, named.end())
            closing = _SKIPPED_ENDS[named.group(1).lower()] if kind == "skipped" else _RUBY_END
            closer = self._closer(closing, open_end + 1) if open_end >= 0 else None
            if closer is not None:
                return _MARKUP[kind].match(source, start, closer.end())
        return self._tag(start)

    def _tag(self, start: int) -> re.Match | None:
        source = self.source
        named = _TAG_NAME.match(source, start, self.end)
        if named is not None:
            tag_end = self._tag_end(self._next(_TAG_SPECIAL, named.end()))
        elif source.startswith(("<!", "<?"), start):
            tag_end = self._next(_GREATER, start + 2) + 1
        else:
            return None
        return _MARKUP["tag"].match(source, start, tag_end) if tag_end > 0 else None

    def _tag_end(self, special: int) -> int:
        """Past the ``>`` that ends a tag whose first quote or ``>`` is at ``special``; -1 if none."""
        source, end = self.source, self.end
        opening_quotes = []
        while special >= 0 and source[special] != ">" and special not in self.end_after_quote:
            opening_quotes.append(special)
            closing = source.find(source[special], special + 1, end)
            following = _TAG_SPECIAL.search(source, closing + 1, end) if closing >= 0 else None
            special = following.start() if following else -1
        if special < 0:
            result = -1
        elif source[special] == ">":
            result = special + 1
        else:
            result = self.end_after_quote[special]
        for quote in opening_quotes:  # a later tag that reaches one of them ends the same way
            self.end_after_quote[quote] = result
        return result

    def _next(self, pattern: re.Pattern, start: int) -> int:
        """Where ``pattern`` next matches from ``start``, for callers asking from increasing offsets."""
        asked, found = self.next_found.get(pattern, (-1, -1))
        if asked <= start <= found or (found < 0 <= asked <= start):
            return found
        match = pattern.search(self.source, start, self.end)
        found = match.start() if match else -1
        self.next_found[pattern] = (start, found)
        return found

    def _closer(self, pattern: re.Pattern, start: int) -> re.Match | None:
        if start >= self.absent_from.get(pattern, self.end + 1):
            return None
        match = pattern.search(self.source, start, self.end)
        if match is None:
            self.absent_from[pattern] = start
        return match


_GREATER = re.compile(">")
_SKIPPED_ENDS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
                 for name in ("script", "style", "pre", "code", "kbd", "samp", "textarea")}


def _comment(extraction: Extraction, match: re.Match) -> None:
    extraction.comment(match.start(), match.end(), match.group("comment_text"))


def _skipped(extraction: Extraction, match: re.Match) -> None:
    if match.group("skipped_name").lower() != "code":  # inline code sits inside a line
        extraction.break_line(match.start())


def _tag(extraction: Extraction, match: re.Match) -> None:
    name = (match.group("tag_name") or "").lower()
    if name in _BLOCK_TAGS:
        extraction.break_line(match.start())


def _entity(extraction: Extraction, match: re.Match) -> None:
    extraction.add(html.unescape(match.group()), match.start())


def _dropped(extraction: Extraction, match: re.Match) -> None:
    """Markup with no prose in it: code spans, images, definitions of links' references, emphasis markers, a
    blockquote's ``>`` (so that a gloss wrapped onto the next line of a quote reads on as it would outside one)."""


def _link(extraction: Extraction, match: re.Match) -> None:
    extraction.keep(match.start("link_text"), match.end("link_text"))


def _escape(extraction: Extraction, match: re.Match) -> None:
    extraction.keep(match.start() + 1, match.end())


def _ruby(extraction: Extraction, match: re.Match) -> None:
    """Each base followed by its ``<rt>`` as a bracketed gloss.

    Bases are ``<rb>`` elements, paired with the annotations in order, or
    else all the text since the previous annotation (inline tags and all),
    so ``汉<rt>hàn</rt>字<rt>zì</rt>``, ``<rb>汉</rb><rb>字</rb><rt>hàn</rt><rt>zì</rt>``
    and ``<b>汉</b>字<rt>hàn zì</rt>`` all read as expected.
    """
    source = extraction.source
    bases: list[tuple[int, int]] = []  # <rb> elements waiting for their annotation
    loose: list[tuple[int, int]] = []  # text outside <rb> since the previous annotation
    position = match.start("ruby_body")
    for part in _RUBY_PART.finditer(source, position, match.end("ruby_body")):
        loose += _base(source, position, part.start())
        position = part.end()
        if part.group("rb") is not None:
            bases += _base(source, part.start("base"), part.end("base"))
        elif part.group("rt") is not None:
            if bases:
                base = [bases.pop(0)]
            else:
                base, loose = loose, []
            for start, end in base:
                _ruby_text(extraction, start, end)
            reading_start, reading_end = _trimmed(source, part.start("reading"), part.end("reading"))
            extraction.add("(", part.start())
            _ruby_text(extraction, reading_start, reading_end)
            extraction.add(")", part.start("rt_end"))
    loose += _base(source, position, match.end("ruby_body"))
    for start, end in bases + loose:
        _ruby_text(extraction, start, end)


def _ruby_text(extraction: Extraction, start: int, end: int) -> None:
    """A base or an annotation of ruby, its entities decoded (``x&iacute;ng`` is ``xíng``) and its tags left out."""
    _inline(extraction, _HTML_START, _HTML_TOKEN, start, end)


def _base(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The text from ``start`` to ``end`` as a base, unless it is only white space."""
    start, end = _trimmed(source, start, end)
    return [(start, end)] if start < end else []


def _trimmed(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


_HANDLERS = {
    "comment": _comment,
    "skipped": _skipped,
    "ruby": _ruby,
    "tag": _tag,
    "entity": _entity,
    "code_span": _dropped,
    "image": _dropped,
    "emphasis": _dropped,
    "quote_marker": _dropped,
    "link": _link,
    "definition": _dropped,
    "escape": _escape,
}
