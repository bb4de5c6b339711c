"""Passwords: a slow, salted hash (Argon2id, argon2-cffi's defaults), and the rules a new
password must follow."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 256  # a longer "password" is a denial-of-service attempt on the hash


class WeakPassword(ValueError):
    """The password breaks a rule: the message (French) says which."""


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(stored_hash: str, password: str) -> bool:
    """True when `password` matches; never raises on a malformed hash or an overlong password."""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


def burn_time(password: str) -> None:
    """Spend a verification's time for an unknown account, so that timing does not tell which
    usernames exist."""
    verify(_dummy_hash(), password if isinstance(password, str) else "")


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password of anyone")


def check_new(password: str, username: str, forbidden: tuple[str, ...] = ()) -> None:
    """Refuse a password that is too short or too long, equal to the username, or one of
    `forbidden` (the demo password)."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise WeakPassword(f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Le mot de passe doit compter au plus {MAX_LENGTH} caractères.")
    if password.strip().lower() == username.strip().lower():
        raise WeakPassword("Le mot de passe ne peut pas être l'identifiant.")
    if password in forbidden:
        raise WeakPassword(
            "Ce mot de passe est celui de la démonstration : choisissez-en un autre."
        )
