"""The audit log: one event per data response and export (who, role, scope, page or export,
filters, data version, rows), per login and per account change — never the figures themselves.
Kept 12 months."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dashboard.appstate.db import now, run

RETENTION_DAYS = 365
KINDS = ("data", "export", "login", "login_refused", "logout", "account", "password", "denied")


@dataclass(frozen=True)
class Event:
    kind: str  # one of KINDS
    target: str  # the page, export, callback or account concerned
    user_id: int | None = None
    username: str | None = None
    role: str | None = None
    scope: str | None = None
    filters: dict | None = None
    data_version: str | None = None
    row_count: int | None = None
    address: str | None = None


def record(con: sqlite3.Connection, event: Event) -> None:
    if event.kind not in KINDS:
        raise ValueError(f"unknown audit event kind {event.kind!r}")
    filters = None if event.filters is None else json.dumps(event.filters, sort_keys=True,
                                                            default=str)  # fmt: skip
    run(con, "audit_insert", at=now(), user_id=event.user_id, username=event.username,
        role=event.role, scope=event.scope, kind=event.kind, target=event.target[:300],
        filters=filters, data_version=event.data_version, row_count=event.row_count,
        address=event.address)  # fmt: skip


def recent(
    con: sqlite3.Connection,
    limit: int = 500,
    username: str | None = None,
    kind: str | None = None,
    since: str | None = None,
) -> list[dict]:
    rows = run(con, "audit_recent", limit=limit, username=username, kind=kind, since=since)
    return [dict(row) for row in rows]


def purge(con: sqlite3.Connection, days: int = RETENTION_DAYS) -> int:
    """Forget events older than `days`; returns how many."""
    before = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    return run(con, "audit_purge", before=before).rowcount
