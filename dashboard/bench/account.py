"""The benchmark's own account: a fresh app-state database beside its results, holding one data
steward with a random password, and a random session key. The browser and the replay sign in
with it, as users do, so that the guard, the session and the audit are part of what is timed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from dashboard import passwords
from dashboard.appstate import db, users

USERNAME = "bench"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    env: dict[str, str]  # COPILOTE_APP_DB and COPILOTE_SECRET_KEY for the servers


def make(out: Path) -> Account:
    path = out / "app-state.sqlite"
    for old in out.glob("app-state.sqlite*"):
        old.unlink()
    password = secrets.token_urlsafe(16)
    users.add(db.connect(path), USERNAME, passwords.hash_password(password), "admin")
    env = {"COPILOTE_APP_DB": str(path), "COPILOTE_SECRET_KEY": secrets.token_hex(32)}
    return Account(USERNAME, password, env)


def form(account: Account) -> dict[str, str]:
    """The login form's fields."""
    return {"username": account.username, "password": account.password}
