"""Markdown and HTML: the two readers (see ``audit.markup_scanner`` for what they read).

The scanner is imported when a file of either format is read: compiling its
patterns would cost every start-up about 2 ms, and a check of text files
never needs them.
"""

from __future__ import annotations

from typing import Callable

from audit.document import Document
from audit.extraction import Comment, Input, Reader


def read_html(text: str, path: str | None) -> tuple[Document, list[Comment]]:
    from audit import markup_scanner

    return markup_scanner.read_html(text, path)


def read_markdown(text: str, path: str | None) -> tuple[Document, list[Comment]]:
    from audit import markup_scanner

    return markup_scanner.read_markdown(text, path)


def _input(name: str, read: Callable[[str, str | None], tuple[Document, list[Comment]]]) -> Callable[..., Input]:
    def read_input(text: str, path: str | None) -> Input:
        document, comments = read(text, path)
        return Input(document, name, tuple(comments))

    return read_input


MARKDOWN = Reader("markdown", _input("markdown", read_markdown), extensions=(".md", ".markdown"),
                  walked=("*.md", "*.markdown"))
HTML = Reader("html", _input("html", read_html), extensions=(".html", ".htm", ".xhtml"), walked=("*.html", "*.htm"))
