"""Connections to the served build: lazily opened (never at import: DuckDB is not fork-safe,
gunicorn forks), one per thread, read-only, external access disabled, configuration locked, no
ATTACH. The pointer `<warehouse>/current` is read on every query; when it names another build
the thread opens the new file (builds have unique names, so DuckDB's instance cache never hands
back the old one) and idle connections to older builds are closed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import duckdb

from dashboard.config import Settings
from dashboard.queries.scope import DataUnavailable

BUILD_SUFFIX = ".duckdb"
_local = threading.local()


def close() -> None:
    """Close this thread's connection (tests, shutdown); the next query opens a fresh one."""
    with _registry_lock:
        held = _registry.pop(threading.get_ident(), None)
    if held is not None:
        held.con.close()


def _served_build(settings: Settings) -> Path:
    """The build file the pointer names, checked to be a build of this warehouse."""
    try:
        line = settings.pointer_path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise DataUnavailable(
            f"Aucune version de l'entrepôt n'est publiée dans {settings.warehouse_dir} "
            "(pas de fichier « current ») : lancez le pipeline (python -m pipelines run)."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataUnavailable(
            f"Le pointeur {settings.pointer_path} ne peut pas être lu ({error})."
        ) from error
    relative = PurePosixPath(line)
    if relative.parent != PurePosixPath("builds") or not relative.name.endswith(BUILD_SUFFIX):
        raise DataUnavailable(
            f"Le pointeur {settings.pointer_path} ne désigne pas une version de l'entrepôt "
            "(builds/<run_id>.duckdb) : relancez le pipeline."
        )
    path = (settings.builds_dir / relative.name).absolute()
    if not path.is_file():
        raise DataUnavailable(_missing_build(path))
    return path


def _missing_build(path: Path) -> str:
    return (
        f"La version publiée {path.name} est introuvable dans {path.parent} : relancez le "
        "pipeline ou revenez à une version conservée."
    )


@contextmanager
def same_build() -> Iterator[None]:
    """The queries made inside read one build, even if another is published meanwhile: a page
    never shows the date of one build beside the figures of the next."""
    outer = getattr(_local, "pinned", None)  # None: not pinned; False: no build read yet
    if outer is None:
        _local.pinned = False
    try:
        yield
    finally:
        if outer is None:
            _local.pinned = None


@dataclass
class _Held:
    """A thread's connection to one build; `busy` while a query runs on it."""

    path: Path
    con: duckdb.DuckDBPyConnection
    busy: bool = False


_registry_lock = threading.Lock()
_registry: dict[int, _Held] = {}  # thread ident → its connection


@contextmanager
def borrow(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """This thread's connection to the served build, marked busy while the caller uses it.

    When the pointer names another build, the thread opens the new file and every idle
    connection to an older build (this thread's and other threads') is closed, so that a pruned
    build's disk space is given back. Inside `same_build()`, the block's build is kept (and
    reopened if an error closed it)."""
    ident, pinned = threading.get_ident(), getattr(_local, "pinned", None)
    path = pinned or _served_build(settings)
    if pinned is False:
        _local.pinned = path
    with _registry_lock:
        held = _registry.get(ident)
        if held is not None and held.path == path:
            held.busy = True
    if held is None or held.path != path:
        if not path.is_file():
            raise DataUnavailable(_missing_build(path))
        held = _Held(path, _open(path, settings), busy=True)
        with _registry_lock:
            replaced = _registry.pop(ident, None)
            if replaced is not None:
                replaced.con.close()  # this thread's own: idle, we are between its queries
            _close_idle_except(path)
            _registry[ident] = held
    try:
        yield held.con
    finally:
        held.busy = False


def held_build() -> Path:
    """The build this thread's connection reads (inside `borrow`)."""
    with _registry_lock:
        return _registry[threading.get_ident()].path


def _close_idle_except(path: Path) -> None:
    """Close the idle connections to builds other than `path` (the registry lock is held)."""
    for ident, other in list(_registry.items()):
        if other.path != path and not other.busy:
            other.con.close()
            del _registry[ident]


def _open(path: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    config = {
        "enable_external_access": False,
        "lock_configuration": True,
        "threads": settings.query_threads,
        "memory_limit": settings.query_memory_limit,
    }
    try:
        return duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as error:
        raise DataUnavailable(
            f"La version publiée {path.name} ne peut pas être ouverte ({error}) : relancez "
            "le pipeline ou revenez à une version conservée."
        ) from error
