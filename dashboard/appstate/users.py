"""Accounts: username, role and what the role is scoped to (a région for a director, a funder for
a funder), a slow password hash, and the flags the session checks on every request."""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass

from dashboard import passwords
from dashboard.appstate.db import now, run, transaction

ROLES = ("admin", "committee", "director", "funder")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class AccountError(ValueError):
    """An account change cannot be made: the message (French) says why."""


@dataclass(frozen=True)
class User:
    user_id: int
    username: str
    role: str
    reg_code: str | None
    funder_id: str | None
    is_disabled: bool
    must_change_password: bool
    has_demo_password: bool
    session_epoch: int
    created_at: str
    last_login_at: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> User:
        return cls(
            user_id=row["user_id"],
            username=row["username"],
            role=row["role"],
            reg_code=row["reg_code"],
            funder_id=row["funder_id"],
            is_disabled=bool(row["is_disabled"]),
            must_change_password=bool(row["must_change_password"]),
            has_demo_password=bool(row["has_demo_password"]),
            session_epoch=row["session_epoch"],
            created_at=row["created_at"],
            last_login_at=row["last_login_at"],
        )


def temporary_password() -> str:
    """A random password the account must change at its first sign-in."""
    return secrets.token_urlsafe(12)


def scope_text(user: User) -> str:
    """An account's role and scope in words (the audit log, the command line)."""
    if user.role == "director":
        return f"director of région {user.reg_code}"
    if user.role == "funder":
        return f"funder {user.funder_id}"
    return user.role


def check_role(role: str, reg_code: str | None, funder_id: str | None) -> None:
    """A role and its scope, as an account may hold them."""
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu {role!r} : choisissez parmi {', '.join(ROLES)}.")
    if (role == "director") != (reg_code is not None):
        raise AccountError("Un compte « director » a une région (code INSEE), et lui seul.")
    if (role == "funder") != (funder_id is not None):
        raise AccountError("Un compte « funder » a un financeur (funder_id), et lui seul.")
    for code in (reg_code, funder_id):
        if code is not None and not CODE.match(code):
            raise AccountError(f"Code {code!r} invalide : lettres, chiffres, - et _ seulement.")


def normalise(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME.match(name):
        raise AccountError(
            f"Identifiant {username!r} invalide : 2 à 63 caractères, minuscules, chiffres, "
            "point, tiret ou souligné, commençant par une lettre ou un chiffre."
        )
    return name


def add(
    con: sqlite3.Connection,
    username: str,
    password_hash: str,
    role: str,
    reg_code: str | None = None,
    funder_id: str | None = None,
    *,
    must_change_password: bool = False,
    has_demo_password: bool = False,
) -> User:
    """A new account (the password already hashed: `dashboard.passwords.hash_password`)."""
    name = normalise(username)
    check_role(role, reg_code, funder_id)
    try:
        run(con, "user_insert", username=name, password_hash=password_hash, role=role,
            reg_code=reg_code, funder_id=funder_id, must_change_password=int(must_change_password),
            has_demo_password=int(has_demo_password), at=now())  # fmt: skip
    except sqlite3.IntegrityError as error:
        raise AccountError(f"Le compte {name!r} existe déjà.") from error
    return by_name(con, name)


def get(con: sqlite3.Connection, user_id: int) -> User | None:
    row = run(con, "user_by_id", user_id=user_id).fetchone()
    return None if row is None else User.from_row(row)


def by_name(con: sqlite3.Connection, username: str) -> User:
    row = run(con, "user_by_name", username=username).fetchone()
    if row is None:
        raise AccountError(f"Aucun compte {username!r}.")
    return User.from_row(row)


def password_hash(con: sqlite3.Connection, user_id: int) -> str:
    return run(con, "user_by_id", user_id=user_id).fetchone()["password_hash"]


def listed(con: sqlite3.Connection) -> list[User]:
    return [User.from_row(r) for r in run(con, "users_all")]


def authenticate(con: sqlite3.Connection, username: str, password: str) -> User | None:
    """The enabled account whose password this is, else None (the same time either way)."""
    try:
        row = run(con, "user_by_name", username=normalise(username)).fetchone()
    except AccountError:
        row = None
    if row is None:
        passwords.burn_time(password)
        return None
    if not passwords.verify(row["password_hash"], password):
        return None
    user = User.from_row(row)
    if user.is_disabled:
        return None
    if passwords.needs_rehash(row["password_hash"]):  # the hasher's settings were raised
        run(con, "user_set_hash", password_hash=passwords.hash_password(password), at=now(),
            bump=0, user_id=user.user_id)  # fmt: skip
    run(con, "user_logged_in", at=now(), user_id=user.user_id)
    return user


def set_password(
    con: sqlite3.Connection, username: str, new_hash: str, *, must_change: bool
) -> User:
    """A new password: every open session of the account ends (its epoch moves)."""
    user = by_name(con, normalise(username))
    with transaction(con):
        run(con, "user_set_hash", password_hash=new_hash, at=now(), bump=1, user_id=user.user_id)
        run(con, "user_set_flags", must_change_password=int(must_change), user_id=user.user_id)
    return by_name(con, user.username)


def set_role(
    con: sqlite3.Connection,
    username: str,
    role: str,
    reg_code: str | None = None,
    funder_id: str | None = None,
) -> User:
    """A new role takes effect on the account's next request (sessions hold the id only)."""
    user = by_name(con, normalise(username))
    check_role(role, reg_code, funder_id)
    if user.role == "admin" and role != "admin":
        _keep_one_admin(con, user)
    run(con, "user_set_role", role=role, reg_code=reg_code, funder_id=funder_id, at=now(),
        user_id=user.user_id)  # fmt: skip
    return by_name(con, user.username)


def set_disabled(con: sqlite3.Connection, username: str, disabled: bool) -> User:
    """Disable (every session ends) or enable an account."""
    user = by_name(con, normalise(username))
    if disabled and user.role == "admin":
        _keep_one_admin(con, user)
    run(con, "user_set_disabled", is_disabled=int(disabled), at=now(), bump=int(disabled),
        user_id=user.user_id)  # fmt: skip
    return by_name(con, user.username)


def _keep_one_admin(con: sqlite3.Connection, user: User) -> None:
    if not user.is_disabled and run(con, "users_admins_enabled").fetchone()[0] <= 1:
        raise AccountError(
            f"{user.username} est le dernier administrateur actif : créez-en un autre d'abord."
        )


def with_demo_password(con: sqlite3.Connection) -> list[str]:
    """Enabled accounts that still have the demo password (production refuses to start)."""
    return [r[0] for r in run(con, "users_demo_password")]
