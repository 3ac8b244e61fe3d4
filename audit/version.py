"""pinyin-audit's name and version, in a module of their own so that any module may read them without importing
the package."""

TOOL_NAME = "pinyin-audit"  # as the command, its configuration table, suppressions and output files name it
__version__ = "0.1.0"
