"""`python -m dashboard.bench.load`: the whole committee at once. 50 simulated users of mixed
roles (the data steward, committee members, regional directors, funders), each signed in before
the measure, click through the pages for 2 minutes against the demo build (200,000 parcours)
served by gunicorn as `make serve` runs it (2 workers × 4 threads), on loopback.

Each user is a thread with its own keep-alive connection and session cookie. A page visit is
what the browser asks: the page, Dash's layout and dependencies, the shell's and the pages
router's callbacks, and on /territoires the map, ranking, trend and portrait callbacks (the
component scripts are cached by a browser after the first visit: not asked again). Between two
visits the user reads for 2–6 s. Reported: requests per second, p50/p95/p99 by kind of request
and in all, errors (any answer ≥ 400 or no answer). Goal on this 2-core machine (issue 7):
0 errors, p95 ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from dashboard.bench import callbacks, report
from dashboard.bench.browser import gunicorn
from dashboard.bench.report import percentile

START, END = "<!-- bench:load:start -->", "<!-- bench:load:end -->"
GOAL_P95_MS = 500
TERRITORIES = ("territories-map.figure", "territories-trend-slot.children",
               "territories-portrait-slot.children")  # fmt: skip
MIX = {"admin": 2, "committee": 18, "director": 12, "funder": 18}  # 50 users


@dataclass
class User:
    username: str
    role: str
    region: str | None = None
    funder: str | None = None


@dataclass
class Recorder:
    """Every request's kind, milliseconds and status, from every user thread."""

    rows: list[tuple[str, float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            self.rows.append((kind, ms, status))


def users_for(regions: list[str], funders: list[str]) -> list[User]:
    """50 accounts in the mix of a committee meeting with its partners."""
    found = [User(f"admin-{i}", "admin") for i in range(MIX["admin"])]
    found += [User(f"comite-{i}", "committee") for i in range(MIX["committee"])]
    found += [User(f"direction-{i}", "director", region=regions[i % len(regions)])
              for i in range(MIX["director"])]  # fmt: skip
    found += [User(f"financeur-{i}", "funder", funder=funders[i % len(funders)])
              for i in range(MIX["funder"])]  # fmt: skip
    return found


def _mix(users: list[User]) -> list[tuple[str, int]]:
    return [(role, sum(u.role == role for u in users)) for role in MIX if any(u.role == role
            for u in users)]  # fmt: skip


def create_accounts(app_db: Path, users: list[User], password: str) -> None:
    from dashboard import passwords
    from dashboard.appstate import db
    from dashboard.appstate import users as accounts

    con, hashed = db.connect(app_db), passwords.hash_password(password)  # one hash for all
    for user in users:
        accounts.add(con, user.username, hashed, user.role, user.region, user.funder)


def views(
    user: User, funders: list[str], regions: list[str], chooser: random.Random
) -> list[tuple[str, str]]:
    """The (path, query) a user of this role visits."""
    region = user.region or chooser.choice(regions)
    common = [
        ("/", {}), ("/", {"periode": "2025"}), ("/", {"territoire": f"R{region}"}),
        ("/", {"public": "precarite_energetique", "periode": "2024"}),
        ("/territoires", {}), ("/territoires", {"territoire": f"R{region}"}),
        ("/territoires", {"mesure": "return_to_employment_rate", "periode": "2025"}),
        ("/territoires", {"niveau": "zone", "territoire": f"R{region}"}),
        ("/financeurs", {"periode": "2025"}),
    ]  # fmt: skip
    if user.role == "funder":
        common += [("/financeurs/rapport", {"financeur": user.funder, "periode": "2025"})]
    else:
        funder = chooser.choice(funders)
        common += [("/", {"financeur": funder}), ("/financeurs", {"financeur": funder})]
    if user.role == "admin":
        common += [("/qualite", {})]
    return [(path, f"?{urlencode(query)}" if query else "") for path, query in common]


class Session:
    """One user's keep-alive connection and session cookie."""

    def __init__(self, url: str, recorder: Recorder) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.cookie, self.recorder = "", recorder

    def request(self, kind: str, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes]:  # fmt: skip
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if content_type:
            headers["Content-Type"] = content_type
        start = time.perf_counter()
        for attempt in (1, 2):  # as a browser: a kept-alive connection the server closed while
            try:  # the user was reading is opened again, once
                self.connection.request(method, path, body=body, headers=headers)
                answer = self.connection.getresponse()
                data, status = answer.read(), answer.status
                cookie = answer.getheader("Set-Cookie")
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                data, status, cookie = b"", 599, None
                if attempt == 1:
                    start = time.perf_counter()
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        self.recorder.add(kind, (time.perf_counter() - start) * 1000, status)
        return status, data

    def log_in(self, username: str, password: str) -> bool:
        form = urlencode({"username": username, "password": password}).encode()
        status, _ = self.request("login", "POST", "/login", form,
                                 "application/x-www-form-urlencoded")  # fmt: skip
        return status == 302


def visit(session: Session, callback_map: dict, path: str, search: str) -> None:
    """What the browser asks for one page."""
    session.request("page", "GET", path + search)
    session.request("layout", "GET", "/_dash-layout")
    session.request("layout", "GET", "/_dash-dependencies")
    shell = "..shell-navbar.children...shell-banner.children...shell.className.."
    bodies = [
        callbacks.body(shell, callback_map[shell],
                       lambda i, p: path if p == "pathname" else search),
        callbacks.page_body(path, search),
    ]  # fmt: skip
    if path == "/territoires":
        keys = [*TERRITORIES, next(k for k in callback_map if "territories-ranking" in k)]
        bodies += [callbacks.body(k, callback_map[k], lambda i, p: search) for k in keys]
    for found in bodies:
        session.request("callback", "POST", callbacks.UPDATE, json.dumps(found).encode(),
                        "application/json")  # fmt: skip


def run_user(user, session, callback_map, places, until, seed) -> None:
    chooser = random.Random(seed)
    pages = views(user, *places, chooser)
    while time.monotonic() < until:
        visit(session, callback_map, *chooser.choice(pages))
        time.sleep(chooser.uniform(2, 6))


def summary(rows: list[tuple[str, float, int]], seconds: float, users: int) -> dict:
    def stats(kind_rows: list[tuple[str, float, int]]) -> dict:
        times = [ms for _, ms, _ in kind_rows]
        return {
            "requests": len(kind_rows),
            "errors": sum(1 for _, _, status in kind_rows if status >= 400),
            "p50_ms": statistics.median(times) if times else None,
            "p95_ms": percentile(times, 0.95) if times else None,
            "p99_ms": percentile(times, 0.99) if times else None,
        }

    kinds = sorted({kind for kind, _, _ in rows})
    everything = stats(rows)
    return {
        "measured_on": date.today().isoformat(),
        "cpus": os.cpu_count(),
        "users": users,
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(rows) / seconds, 1),
        "all": everything,
        "by_kind": {kind: stats([r for r in rows if r[0] == kind]) for kind in kinds},
        "goal_met": everything["errors"] == 0 and (everything["p95_ms"] or 0) <= GOAL_P95_MS,
    }


def markdown(found: dict, build: str) -> str:
    def cell(value) -> str:
        return "—" if value is None else f"{value:,.0f}"

    lines = [
        f"Load: {found['users']} users of mixed roles signed in, clicking for "
        f"{found['seconds']:.0f} s against {build} (gunicorn 2 workers × 4 threads, loopback, "
        "the load generator on the same 2 cores). Goal: 0 errors, p95 ≤ 500 ms: "
        f"**{'met' if found['goal_met'] else 'NOT met'}**.",
        "",
        "| requests | count | per second | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    seconds = found["seconds"]
    for kind, row in [("all", found["all"]), *found["by_kind"].items()]:
        lines.append(
            f"| {kind} | {row['requests']:,} | {row['requests'] / seconds:,.1f} | "
            f"{row['errors']} | {cell(row['p50_ms'])} | {cell(row['p95_ms'])} | "
            f"{cell(row['p99_ms'])} |"
        )
    lines += ["", f"Measured on {found.get('measured_on', '?')} ({found.get('cpus', '?')} CPUs, a "
              "shared machine); every user's first visits are cold (the answers kept per build "
              "fill as they click)."]  # fmt: skip
    return "\n".join(lines)


def write_readme(readme: Path, text: str) -> None:
    report.write_readme(readme, text, (START, END))


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench.load", description=__doc__)
    parser.add_argument("--parcours", type=int, default=200_000, help="the demo build's size")
    parser.add_argument("--warehouse", type=Path, help="load this warehouse (no generation)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--readme", type=Path, help="write the table between its markers")
    parser.add_argument("--work", type=lambda text: Path(text).resolve(), default="var/bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-24")
    parser.add_argument("--fresh", action="store_true", help="regenerate the demo landing")
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users and --seconds must be positive")
    return args


def _places(env: dict[str, str]) -> tuple[dict, list[str], list[str]]:
    """The app's callback map, and the build's funders and régions (read in this process)."""
    from dashboard import queries
    from dashboard.app import create_app

    os.environ.update(env)
    callback_map = create_app().callback_map
    scope = queries.Scope.national_internal()
    try:
        funders = sorted(set(queries.filter_programmes(scope)["funder_id"].to_list()))
        territories = queries.filter_territories(scope)
        regions = sorted(territories.filter(level="region")["code"].to_list())
    finally:
        queries.close()
    return callback_map, funders, regions


def main(argv: list[str] | None = None) -> int:
    import secrets

    from dashboard.bench import cli

    args = _arguments(argv)
    out = args.work / f"load-{args.parcours}"
    out.mkdir(parents=True, exist_ok=True)
    warehouse, _ = cli.warehouse(args, out)
    app_db, password = out / "app-state.sqlite", secrets.token_urlsafe(16)
    for old in out.glob("app-state.sqlite*"):
        old.unlink()
    env = {"COPILOTE_WAREHOUSE_DIR": str(warehouse), "COPILOTE_APP_DB": str(app_db),
           "COPILOTE_SECRET_KEY": secrets.token_hex(32)}  # fmt: skip
    callback_map, funders, regions = _places(env)
    users = users_for(regions, funders)[: args.users]
    create_accounts(app_db, users, password)
    recorder = Recorder()
    with gunicorn(env, out / "gunicorn.log") as url:
        sessions = [Session(url, Recorder()) for _ in users]  # sign-ins: not measured
        for user, session in zip(users, sessions, strict=True):
            if not session.log_in(user.username, password):
                print(f"load test stopped: {user.username} could not sign in")
                return 1
            session.recorder = recorder
        until = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=run_user, daemon=True,
                             args=(user, session, callback_map, (funders, regions), until, i))
            for i, (user, session) in enumerate(zip(users, sessions, strict=True))
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
    found = summary(recorder.rows, seconds, len(users))
    (args.work / "bench-load.json").write_text(json.dumps(found, indent=2) + "\n")
    built = f"the demo build ({args.parcours:,} parcours)" if not args.warehouse else "the build"
    text = markdown(found, f"{built}, {', '.join(f'{n} {role}' for role, n in _mix(users))}")
    print(text)
    if args.readme:
        write_readme(args.readme, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
