"""Reading a Dash component tree in tests: every node, its texts, a node by id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(node: Any) -> Iterator[Any]:
    """The node, then its children, depth first (strings included); a list is walked item by
    item."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
        return
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            yield from walk(child)


def texts(tree: Any) -> list[str]:
    return [node for node in walk(tree) if isinstance(node, str)]


def by_id(tree: Any, identifier: str) -> Any:
    """The first node with that id, or None."""
    return next((n for n in walk(tree) if getattr(n, "id", None) == identifier), None)
