"""One way to extend the auditor: a registry of small named units.

Rules, output formats and input readers are each a small unit that declares
its own name and what it handles; each kind has one registry, one list in one
place (``audit.rules.RULES``, ``audit.formats.FORMATS``,
``audit.inputs.READERS``).  Adding a unit is one new module, or one new
function in a family's module, and one line in that list.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Callable, Generic, Iterable, Iterator, TypeVar

Unit = TypeVar("Unit")


class Registry(Generic[Unit]):
    """The units of one kind by name, in the order they are listed."""

    def __init__(self, kind: str, units: Iterable[Unit], name_of: Callable[[Unit], str] = attrgetter("name")) -> None:
        self.kind = kind
        self._by_name: dict[str, Unit] = {}
        for unit in units:
            name = name_of(unit)
            if name in self._by_name:
                raise ValueError(f"{kind} {name!r} registered twice")
            self._by_name[name] = unit

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def __getitem__(self, name: str) -> Unit:
        """The unit called ``name``; a ``KeyError`` whose message lists the choices."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {name!r} (choose from {', '.join(self._by_name)})") from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)
