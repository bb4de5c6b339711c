"""`python -m dashboard users add|enable|disable|list|set-role|reset-password|demo`: the accounts
of the app-state database (COPILOTE_APP_DB), for the data steward at a terminal.

A new account or a reset gets a random temporary password, printed once, that must be changed at
the first sign-in — unless `--password-stdin` gives one (scripts). `demo` (COPILOTE_ENV=demo only)
creates or resets the demo accounts: admin, comite, direction-<région> for each région with
sites and financeur-<funder_id> for each funder of the served warehouse, all with the password
COPILOTE_DEMO_PASSWORD (default `demo`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from dashboard import passwords, queries
from dashboard.appstate import audit, users
from dashboard.appstate import db as appstate_db
from dashboard.config import ConfigError, Settings, load_settings

ROLE_HELP = "admin, committee, director (with --region) or funder (with --funder)"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("users", help="manage the accounts (app-state database)")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, help=ROLE_HELP)
    _scope_options(add)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    for name, text in (("enable", "enable an account"), ("disable", "disable an account")):
        actions.add_parser(name, help=text).add_argument("username")
    actions.add_parser("list", help="list the accounts")
    role = actions.add_parser("set-role", help="change an account's role (next request)")
    role.add_argument("username")
    role.add_argument("role", help=ROLE_HELP)
    _scope_options(role)
    reset = actions.add_parser("reset-password", help="a new temporary password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    actions.add_parser("demo", help="create the demo accounts (COPILOTE_ENV=demo)")


def _scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", help="INSEE région code (director), e.g. 84")
    parser.add_argument("--funder", help="funder_id (funder), e.g. FT")


def main(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        con = appstate_db.connect(settings.app_db)
        return ACTIONS[args.action](args, settings, con)
    except (users.AccountError, passwords.WeakPassword, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except appstate_db.AppStateError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3


def _password(args: argparse.Namespace, username: str, settings: Settings) -> tuple[str, bool]:
    """(password, must change it): from stdin, or a random temporary one, printed."""
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\n")
        passwords.check_new(password, username, (settings.demo_password, "demo"))
        return password, False
    password = users.temporary_password()
    print(f"temporary password for {username}: {password}  (to change at first sign-in)")
    return password, True


def _add(args, settings, con) -> int:
    name = users.normalise(args.username)
    users.check_role(args.role, args.region, args.funder)
    password, temporary = _password(args, name, settings)
    user = users.add(con, name, passwords.hash_password(password), args.role, args.region,
                     args.funder, must_change_password=temporary)  # fmt: skip
    _audit(con, "account", f"add {user.username} as {users.scope_text(user)}")
    print(f"added {user.username} ({users.scope_text(user)})")
    return 0


def _enable(args, settings, con) -> int:
    user = users.set_disabled(con, args.username, False)
    _audit(con, "account", f"enable {user.username}")
    print(f"enabled {user.username}")
    return 0


def _disable(args, settings, con) -> int:
    user = users.set_disabled(con, args.username, True)
    _audit(con, "account", f"disable {user.username}")
    print(f"disabled {user.username}: its sessions end at their next request")
    return 0


def _list(args, settings, con) -> int:
    rows = [("username", "role", "scope", "status", "last sign-in")]
    for user in users.listed(con):
        status = (
            "disabled"
            if user.is_disabled
            else "must change password"
            if (user.must_change_password)
            else "demo password"
            if user.has_demo_password
            else "active"
        )
        rows.append((user.username, user.role, users.scope_text(user), status,
                     user.last_login_at or "never"))  # fmt: skip
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _set_role(args, settings, con) -> int:
    user = users.set_role(con, args.username, args.role, args.region, args.funder)
    _audit(con, "account", f"set-role {user.username} {users.scope_text(user)}")
    print(f"{user.username} is now {users.scope_text(user)} (from its next request)")
    return 0


def _reset(args, settings, con) -> int:
    name = users.by_name(con, users.normalise(args.username)).username
    password, temporary = _password(args, name, settings)
    users.set_password(con, name, passwords.hash_password(password), must_change=temporary)
    _audit(con, "account", f"reset-password {name}")
    print(f"password of {name} reset: its open sessions end")
    return 0


def _demo(args, settings, con) -> int:
    if not settings.is_demo:
        raise ConfigError(
            "the demo accounts share a known password: COPILOTE_ENV=demo only (make demo sets it)."
        )
    wanted = [("admin", "admin", None, None), ("comite", "committee", None, None)]
    try:
        scope = queries.Scope.national_internal()
        regions = queries.filter_territories(scope).filter(level="region")["code"].to_list()
        funders = sorted(set(queries.filter_programmes(scope)["funder_id"].to_list()))
    except queries.DataUnavailable as error:
        raise ConfigError(f"the demo accounts follow the served warehouse: {error}") from error
    wanted += [(f"direction-{r}", "director", r, None) for r in sorted(regions)]
    wanted += [(f"financeur-{f}", "funder", None, f) for f in funders]
    shared = passwords.hash_password(settings.demo_password)  # one hash: one known password
    existing = {u.username for u in users.listed(con)}
    for username, role, region, funder in wanted:
        name = users.normalise(username)
        if name in existing:
            users.set_role(con, name, role, region, funder)
            users.set_password(con, name, shared, must_change=False)
            users.set_disabled(con, name, False)
        else:
            users.add(con, name, shared, role, region, funder)
        appstate_db.run(con, "user_mark_demo", username=name)
    _audit(con, "account", f"demo accounts ({len(wanted)})")
    print(f"demo accounts in {settings.app_db}, password {settings.demo_password!r}:")
    for username, role, region, funder in wanted:
        print(f"  {users.normalise(username):<28} {role} {region or funder or ''}".rstrip())
    return 0


def _audit(con, kind: str, target: str) -> None:
    audit.record(con, audit.Event(kind=kind, target=target, username="(command line)"))


ACTIONS: dict[str, Callable] = {
    "add": _add,
    "enable": _enable,
    "disable": _disable,
    "list": _list,
    "set-role": _set_role,
    "reset-password": _reset,
    "demo": _demo,
}
