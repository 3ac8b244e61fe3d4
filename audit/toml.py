"""The project's TOML reader: ``tomllib``, or ``tomli`` on Python 3.10.

Imported only where TOML is read (a configuration file, the override table,
the tests): importing it costs a start-up several milliseconds, and a check
with no ``pyproject.toml`` on its way up reads no TOML at all.
"""

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

__all__ = ["tomllib"]
