"""pinyin-audit: audit Chinese text annotated with inline pinyin glosses.

``audit_text(text, path=None, config=None)`` audits a string and
``audit_paths(paths, config=None)`` files and directories; both return
``DocumentResult`` records (see ``audit.finding``).  ``audit_frame(df,
column=...)`` audits the rows of a pandas DataFrame and returns DataFrames
(see ``audit.frame``); ``audit.dask.audit_dataset`` does the same on a Dask
cluster.  ``fix_text(text, ...)`` applies the findings' fixes and returns the new text, the findings it fixed
and the audit of the result (see ``audit.fixer``).
"""

from audit.version import __version__

__all__ = ["audit_text", "audit_paths", "audit_frame", "fix_text", "__version__"]


def __getattr__(name: str):
    # Imported on first use, so `import audit.pinyin` stays light.
    if name in ("audit_text", "audit_paths"):
        from audit import engine

        return getattr(engine, name)
    if name == "audit_frame":
        from audit import frame

        return frame.audit_frame
    if name == "fix_text":
        from audit import fixer

        return fixer.fix_text
    raise AttributeError(f"module 'audit' has no attribute {name!r}")
