"""Where a text may be cut: the characters that end a sentence, and how many glosses a section holds.

The resolver reads a sentence as the context of its readings, the engine
judges a document a section of whole sentences at a time, and the memory
estimate weighs the longest stretch no sentence end cuts: one home for
what all three count by, imported by each.
"""

from __future__ import annotations

import re

SENTENCE_STOPS = "。！？；\n"
SENTENCE_END = re.compile(f"[{SENTENCE_STOPS}]")
# Glosses judged and checked together, at least: enough for the model's batches, few enough to hold lightly.
SECTION_GLOSSES = 8192
