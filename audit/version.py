"""pinyin-audit's name and version, in a module of their own so that any module may read them without importing
the package."""

import importlib.machinery
import importlib.util

TOOL_NAME = "pinyin-audit"  # as the command, its configuration table, suppressions and output files name it
__version__ = "0.1.0"


def build() -> str:
    """How the modules every gloss is judged by were installed: compiled (setup.py builds them with mypyc where a
    C compiler is) or as Python, which gives the same findings more slowly.  Where to look when the speed that
    README gives is not what a machine sees; asked of one of them, without importing it."""
    origin = importlib.util.find_spec("audit.verdicts").origin or ""
    return "judging compiled" if origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)) else "judging in Python"
