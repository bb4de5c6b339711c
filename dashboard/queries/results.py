"""Answers kept per served build: a build never changes once published, so the same query with
the same parameters and scope gives the same frame until the pointer moves. The key holds the
build's file, the query, its bound parameters and the user's scope: a new build, another
parameter or another scope never reads an entry. Least recently used entries go first; large
answers (row details) are not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import polars as pl

from dashboard.queries.scope import Scope

MAX_ENTRIES = 512
MAX_ROWS = 20_000  # a frame this long is a list of rows, not an aggregate: not kept

_lock = threading.Lock()
_entries: OrderedDict[tuple, pl.DataFrame] = OrderedDict()


def key(build: Path, name: str, scope: Scope, params: dict[str, object]) -> tuple:
    return (str(build), name, scope, repr(sorted(params.items())))


def get(entry: tuple) -> pl.DataFrame | None:
    with _lock:
        found = _entries.get(entry)
        if found is not None:
            _entries.move_to_end(entry)
        return found


def put(entry: tuple, frame: pl.DataFrame) -> None:
    if frame.height > MAX_ROWS:
        return
    with _lock:
        _entries[entry] = frame
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def clear() -> None:
    """Forget every answer (the benchmark's cold runs, tests)."""
    with _lock:
        _entries.clear()
