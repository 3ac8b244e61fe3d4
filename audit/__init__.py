"""pinyin-audit: audit Chinese text annotated with inline pinyin glosses."""

__version__ = "0.1.0"
