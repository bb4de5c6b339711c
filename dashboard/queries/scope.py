"""The user's scope, and the data layer's two refusals (ARCHITECTURE.md contract 5b).

A scope is applied in SQL through bound parameters (`scope_params`), which every query that
reads parcours, programmes, money or sites uses:

- `$scope_all_programmes` / `$scope_funder`: every programme, or only the funder's (its
  programmes, the parcours they fund, their money). A funder with no programme sees nothing.
- `$scope_sites`: where site-level detail (a territory's list of points d'accueil) may be shown:
  'all' (head office), a région code (its director) or 'none'.

Deny by default: an unknown role, or a role without what it is scoped to, is refused before any
data is read.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "committee", "director", "funder")
NO_SITES = "none"


class DataUnavailable(RuntimeError):
    """No build can be served (no pointer, missing or unreadable build): a French sentence."""


class ScopeRefused(PermissionError):
    """The scope may not read this (or is not a scope at all): nothing is returned."""


@dataclass(frozen=True)
class Scope:
    """What a user may see: built from the server session, never from the browser."""

    role: str
    reg_code: str | None = None  # a director's région
    funder_id: str | None = None  # a funder's own programmes

    def __post_init__(self) -> None:
        if not isinstance(self.role, str):
            raise TypeError("Scope.role must be a string")
        for name in ("reg_code", "funder_id"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"Scope.{name} must be a string or None")

    @classmethod
    def national_internal(cls) -> Scope:
        """The head office's view: the whole country, every programme, no protection (the
        health check and the command line; a request's scope comes from its session)."""
        return cls(role="admin")

    @classmethod
    def nobody(cls) -> Scope:
        """No signed-in user: every query is refused."""
        return cls(role="")

    @property
    def is_valid(self) -> bool:
        """A known role with exactly what it is scoped to."""
        return (
            self.role in ROLES
            and (self.role == "director") == (self.reg_code is not None)
            and (self.role == "funder") == (self.funder_id is not None)
        )

    @property
    def all_programmes(self) -> bool:
        return self.is_valid and self.role != "funder"

    def describe(self) -> str:
        """The scope in a few words (the audit log)."""
        if self.role == "director":
            return f"director:region={self.reg_code}"
        if self.role == "funder":
            return f"funder:{self.funder_id}"
        return self.role


def scope_params(scope: Scope) -> dict[str, object]:
    """The bound parameters that apply `scope` in SQL; refuses what is not a valid scope."""
    if not isinstance(scope, Scope) or not scope.is_valid:
        raise ScopeRefused(f"{scope!r} is not a scope this data layer can apply: nothing is served")
    if scope.role == "admin":
        sites = "all"
    elif scope.role == "director":
        sites = scope.reg_code
    else:
        sites = NO_SITES
    return {
        "scope_all_programmes": scope.all_programmes,
        "scope_funder": scope.funder_id,
        "scope_sites": sites,
    }


def require_role(scope: Scope, *roles: str) -> None:
    """Refuse unless the scope is valid and of one of `roles` (pages and data for some roles)."""
    if not isinstance(scope, Scope) or not scope.is_valid or scope.role not in roles:
        raise ScopeRefused(f"{scope!r} may not read this")
