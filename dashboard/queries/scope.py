"""The user's scope, and the data layer's two refusals (ARCHITECTURE.md contract 5b)."""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_INTERNAL_ROLES = frozenset({"admin"})


class DataUnavailable(RuntimeError):
    """No build can be served (no pointer, missing or unreadable build): a French sentence."""


class ScopeRefused(PermissionError):
    """The scope is not one this data layer can apply yet: nothing is returned."""


@dataclass(frozen=True)
class Scope:
    """What a user may see: built from the server session, never from the browser."""

    role: str
    reg_code: str | None
    programme_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.role, str):
            raise TypeError("Scope.role must be a string")
        if self.reg_code is not None and not isinstance(self.reg_code, str):
            raise TypeError("Scope.reg_code must be a string or None")
        if not isinstance(self.programme_ids, tuple) or not all(
            isinstance(p, str) for p in self.programme_ids
        ):
            raise TypeError("Scope.programme_ids must be a tuple of strings")

    @classmethod
    def national_internal(cls) -> Scope:
        """The head office's view: the whole country, every programme, no protection."""
        return cls(role="admin", reg_code=None, programme_ids=())

    @property
    def is_national_internal(self) -> bool:
        return (
            self.role in NATIONAL_INTERNAL_ROLES
            and self.reg_code is None
            and not self.programme_ids
        )


def scope_params(scope: Scope) -> dict[str, object]:
    """The bound parameters that apply `scope` in SQL; refuses what cannot be applied yet."""
    if not isinstance(scope, Scope):
        raise ScopeRefused("a query needs the user's Scope")
    if scope.is_national_internal:
        return {}
    raise ScopeRefused(
        f"scope {scope.role!r} (région {scope.reg_code!r}, programmes {scope.programme_ids!r}) "
        "is not supported yet: nothing is served"
    )
