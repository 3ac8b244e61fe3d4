"""What the project's enumerations share."""

from __future__ import annotations


class ShownAsValue:
    """A mixin for an enumeration whose members show as their values, in messages, options and output
    (``str(Profile.SPOKEN)`` is ``spoken``), as ``enum.StrEnum``'s do from Python 3.11; 3.10 is supported."""

    def __str__(self) -> str:
        return self.value
