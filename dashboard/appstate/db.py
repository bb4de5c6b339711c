"""The app-state SQLite file: one connection per thread, WAL (several gunicorn workers write
safely), a busy timeout, and migrations applied once per process, after a backup of the file."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQL_DIR = Path(__file__).resolve().parent / "sql"
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 10_000

_local = threading.local()
_migrated: set[str] = set()
_migrate_lock = threading.Lock()


class AppStateError(RuntimeError):
    """The app-state database cannot be used: the message says why and what to do."""


def migrations() -> list[tuple[int, Path]]:
    """The schema's migrations, by version."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if match is None:
            raise AppStateError(f"{path.name}: a migration is named NNNN_<what>.sql")
        found.append((int(match[1]), path))
    return found


def connect(path: Path) -> sqlite3.Connection:
    """This thread's connection to the app-state file at `path`, migrated to the latest schema."""
    key = str(path.absolute())
    opened: dict[str, sqlite3.Connection] = getattr(_local, "opened", None) or {}
    _local.opened = opened
    con = opened.get(key)
    if con is None:
        con = _open(path)
        opened[key] = con
    if key not in _migrated:
        with _migrate_lock:
            if key not in _migrated:
                migrate(con, path)
                _migrated.add(key)
    return con


def _open(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("pragma journal_mode = wal")
        con.execute("pragma synchronous = normal")
        con.execute("pragma foreign_keys = on")
        con.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    except (OSError, sqlite3.Error) as error:
        raise AppStateError(
            f"La base de l'application {path} ne peut pas être ouverte ({error}) : vérifiez "
            "COPILOTE_APP_DB et les droits sur son dossier."
        ) from error
    return con


def version(con: sqlite3.Connection) -> int:
    return con.execute("pragma user_version").fetchone()[0]


def migrate(con: sqlite3.Connection, path: Path) -> list[int]:
    """Apply the migrations the file lacks, each in one transaction; the file is copied to
    `<file>.v<version>-<timestamp>.bak` first when it already holds a schema. Returns the
    versions applied. Several processes may start at once: the write lock serialises them."""
    applied = []
    for number, migration in migrations():
        if number <= version(con):
            continue
        if version(con) > 0:  # before the write lock: a backup waits for readers to finish
            backup(con, path, version(con))
        con.execute("begin immediate")
        try:
            if number <= version(con):  # another process applied it meanwhile
                con.execute("rollback")
                continue
            for statement in _statements(migration.read_text(encoding="utf-8")):
                con.execute(statement)
            con.execute(f"pragma user_version = {number}")
            con.execute("commit")
        except Exception:
            if con.in_transaction:
                con.execute("rollback")
            raise
        applied.append(number)
    return applied


def _statements(script: str) -> list[str]:
    """A migration's statements (`executescript` would commit the open transaction first)."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def backup(con: sqlite3.Connection, path: Path, current: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{current}-{stamp}.bak")
    with sqlite3.connect(target) as copy:
        con.backup(copy)
    copy.close()
    return target


def close_all() -> None:
    """Close this thread's connections (tests)."""
    for con in (getattr(_local, "opened", None) or {}).values():
        con.close()
    _local.opened = {}
    _migrated.clear()


def now() -> str:
    """A timestamp as the app-state database stores them: UTC, ISO 8601, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@cache
def statement(name: str) -> str:
    """The statement `appstate/sql/<name>.sql` (values are bound as `:named` parameters)."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"not a statement name: {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: sqlite3.Connection, name: str, /, **params: object) -> sqlite3.Cursor:
    return con.execute(statement(name), params)


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Statements that stand or fall together (the connection is otherwise in autocommit)."""
    con.execute("begin immediate")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
