"""Login attempts and their limits, per account and address (a meeting room shares one address;
a guesser spreads over accounts or addresses): kept in the app-state database, so that every
gunicorn worker counts the same attempts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from dashboard.appstate.db import run, transaction


@dataclass(frozen=True)
class Limits:
    window_seconds: int = 15 * 60
    per_account_and_address: int = 5  # failures of one account from one address
    per_address: int = 30  # failures from one address, over every account
    per_account: int = 50  # failures of one account, from every address
    kept_seconds: int = 24 * 3600


LIMITS = Limits()


def wait_seconds(
    con: sqlite3.Connection, username: str, address: str, at: float, limits: Limits = LIMITS
) -> int:
    """Seconds before this account may try again from this address (0: it may now)."""
    checks = (
        (username, address, limits.per_account_and_address),
        (None, address, limits.per_address),
        (username, None, limits.per_account),
    )
    wait = 0.0
    for name, place, limit in checks:
        failures, oldest = run(con, "attempts_failures", since=at - limits.window_seconds,
                               username=name, address=place, limit=limit).fetchone()  # fmt: skip
        if failures >= limit:
            wait = max(wait, oldest + limits.window_seconds - at)
    return max(0, int(wait + 0.999))


def record(
    con: sqlite3.Connection, username: str, address: str, at: float, succeeded: bool
) -> None:
    """One attempt; a success forgets that account's failures from that address."""
    with transaction(con):
        if succeeded:
            run(con, "attempts_forget", username=username, address=address)
        run(con, "attempts_insert", username=username, address=address, at=at,
            succeeded=int(succeeded))  # fmt: skip
        run(con, "attempts_purge", before=at - LIMITS.kept_seconds)
