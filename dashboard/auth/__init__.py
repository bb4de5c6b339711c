"""Who is asking, and what they may see (SECURITY.md): accounts and sessions, the login pages,
the guard in front of every route, and the user's `Scope`.

- `session`: the signed session cookie holds the user id (with its login time, last activity and
  the account's session epoch); role and scope are reloaded from the app-state database on every
  request, so that a disabled account or a changed role takes effect at once.
- `routes`: `/login`, `/logout`, `/compte` (password change).
- `guard`: deny by default (an allow-list of public routes), page access by role, cross-origin
  and non-JSON POSTs refused, security headers, errors as sentences, the audit of responses.
"""

from __future__ import annotations

from dashboard.auth.session import current_scope, current_user, scope_of
from dashboard.queries import Scope
from dashboard.state import ViewState, from_query, from_search, within

__all__ = ["current_scope", "current_user", "scope_of", "view", "view_of_search"]


def view(query: dict[str, object]) -> tuple[Scope, ViewState]:
    """The request's scope and the view in its URL query, as the user may have it."""
    scope = current_scope()
    return scope, within(from_query(query), scope.funder_id)


def view_of_search(search: str | None) -> tuple[Scope, ViewState]:
    """The same from the URL's `?…` string (callbacks)."""
    scope = current_scope()
    return scope, within(from_search(search), scope.funder_id)
