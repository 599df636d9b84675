"""A small name -> component registry, for extractors and exporters.

Must not import spaCy, rdflib or any stage module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from kg.errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """Components by short lowercase name, in the order they were added.

    >>> fruits: Registry[int] = Registry("fruit")
    >>> fruits.add("apple", 1)
    >>> fruits.get("apple")
    1
    >>> fruits.names()
    ['apple']
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> None:
        """Register `item` under `name`; a name can be taken once only."""
        if name in self._items:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item

    def get(self, name: str) -> T:
        """Return the component called `name`.

        Raises:
            UnknownNameError: no component has that name; the message lists those that do.
        """
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise UnknownNameError(f"unknown {self.kind} {name!r}; available: {known}") from None

    def names(self) -> list[str]:
        """Return every registered name, in registration order."""
        return list(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items
