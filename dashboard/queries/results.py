"""Answers kept per served build: a build never changes once published, so the same query with
the same parameters and scope gives the same frame until the pointer moves. The key holds the
build's file, the query, its bound parameters and the user's scope: a new build, another
parameter or another scope never reads an entry. Least recently used entries go first; large
answers (row details) are not kept. Two threads asking for the same answer at once run the
query once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from dashboard.queries.scope import Scope

MAX_ENTRIES = 512
MAX_ROWS = 20_000  # a frame this long is a list of rows, not an aggregate: not kept

_lock = threading.Lock()
_entries: OrderedDict[tuple, pl.DataFrame] = OrderedDict()
_running: dict[tuple, threading.Event] = {}  # answers being computed, by key
WAIT_SECONDS = 30.0


def key(build: Path, name: str, scope: Scope, params: dict[str, object]) -> tuple:
    """`params`: the values the query binds (those it does not use are left out by the
    caller, so that two pages asking the same thing share the answer)."""
    return (str(build), name, scope, repr(sorted(params.items())))


@contextmanager
def computing(entry: tuple) -> Iterator[pl.DataFrame | None]:
    """The kept answer, else None — and then the caller computes it (and `put`s it) while other
    threads asking for the same key wait for it, so that two callbacks of one page needing the
    same figures run the query once."""
    with _lock:
        found = _hit(entry)
        running = _running.get(entry) if found is None else None
        if found is None and running is None:
            _running[entry] = threading.Event()
    if found is not None:
        yield found
        return
    if running is not None:
        running.wait(WAIT_SECONDS)
        found = get(entry)
        if found is not None:
            yield found
            return
        yield None  # the other computation failed or was too long: compute here
        return
    try:
        yield None
    finally:
        with _lock:
            _running.pop(entry).set()


def _hit(entry: tuple) -> pl.DataFrame | None:
    found = _entries.get(entry)
    if found is not None:
        _entries.move_to_end(entry)
    return found


def get(entry: tuple) -> pl.DataFrame | None:
    with _lock:
        return _hit(entry)


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
