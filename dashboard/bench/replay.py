"""The server side, in a fresh child process (`--replay-child`): the recorded callback requests
replayed through Flask's test client against the same build, each timed in parts.

Per request: `total` is the wall time around `client.post` (Werkzeug, Flask, Dash's dispatch,
the callback, serialisation); `function` the time inside the callback's own function (Dash calls
every callback through `dash._callback._invoke_callback`); `query` the time inside
`dashboard.queries.sqlfiles.frame`, which runs every SQL query; `serialise` the time inside
`dash._callback.to_json` (the response to JSON). Build = function − query; other = total −
function − serialise. The three are module attributes wrapped here, at bench time: the app's
code carries no timing hook. Rounds are interleaved (every request once per round), after
`warmup` rounds, so that drift and garbage collection fall on every request alike.

The data layer keeps answers per served build (`dashboard.queries.results`): replaying one
request would only ever measure its cache. So each timed round runs every request twice, cold
(the cache emptied just before: every query runs) then warm (its answers kept).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

UPDATE = "/_dash-update-component"
PARTS = ("query", "function", "serialise")


class Meter:
    """Seconds spent in each wrapped part during the current request."""

    def __init__(self) -> None:
        self.parts = dict.fromkeys(PARTS, 0.0)
        self.queries: dict[str, float] = {}  # per SQL file of the request
        self.errors: list[str] = []  # what the app logged at ERROR or above meanwhile

    def timed(self, part: str, function: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.parts[part] += time.perf_counter() - start

        wrapper.__wrapped__ = function  # type: ignore[attr-defined]
        return wrapper

    def timed_query(self, frame: Callable) -> Callable:
        """`frame(scope, name, **params)`, its time added to the query part and to `name`."""
        timed = self.timed("query", frame)

        def wrapper(scope: Any, name: str, **params: Any) -> Any:
            before = self.parts["query"]
            try:
                return timed(scope, name, **params)
            finally:
                spent = self.parts["query"] - before
                self.queries[name] = self.queries.get(name, 0.0) + spent

        return wrapper

    def emit(self, record: logging.LogRecord) -> None:
        """A logging handler's `emit`: an error logged by the app (a failed query answers with
        a sentence and status 200: only the log tells)."""
        self.errors.append(f"{record.name}: {record.getMessage()}")

    def install(self) -> None:
        """Wrap Dash's callback invocation and serialisation, and `sqlfiles.frame` wherever a
        loaded dashboard module holds it (`from … import frame as _frame` binds it by name)."""
        import dash._callback as dash_callback

        from dashboard.queries import sqlfiles

        handler = logging.Handler(logging.ERROR)
        handler.emit = self.emit  # type: ignore[method-assign]
        logging.getLogger().addHandler(handler)
        dash_callback._invoke_callback = self.timed("function", dash_callback._invoke_callback)
        dash_callback.to_json = self.timed("serialise", dash_callback.to_json)
        original, wrapped = sqlfiles.frame, self.timed_query(sqlfiles.frame)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("dashboard"):
                for name, value in list(vars(module).items()):
                    if value is original:
                        setattr(module, name, wrapped)

    def measure(self, client, body: bytes) -> tuple[dict[str, Any], bytes]:
        """One request: its times and size, and the response's bytes."""
        self.parts, self.queries, self.errors = dict.fromkeys(PARTS, 0.0), {}, []
        start = time.perf_counter()
        response = client.post(UPDATE, data=body, content_type="application/json")
        total = time.perf_counter() - start
        data = response.get_data()
        run = {"status": response.status_code, "total": total, **self.parts}
        return run | {"queries": self.queries, "errors": self.errors, "bytes": len(data)}, data


def callback_name(callback_map: dict, output: str) -> str:
    """A readable name for the callback answering `output`: its module and function."""
    entry = callback_map.get(output)
    if entry is None or "callback" not in entry:
        return output
    function = getattr(entry["callback"], "__wrapped__", entry["callback"])
    if "_pages_content" in output:
        return "Dash pages: layout()"
    return f"{function.__module__.removeprefix('dashboard.')}.{function.__name__}"


def replay(requests: list[dict], repeat: int, warmup: int, login: dict[str, str]) -> list[dict]:
    """Every request `warmup` times untimed, then `repeat` timed rounds of a cold and a warm
    run each, signed in with `login` (the guard and the audit are timed too); one result per
    request."""
    from dashboard.app import create_app

    app = create_app()
    client = app.server.test_client()
    if client.post("/login", data=login).status_code != 302:
        raise RuntimeError("the benchmark's account could not sign in")
    client.get("/")  # Dash sets up its server, the pages' routing callback included
    bodies = [request["body"].encode() for request in requests]
    meter = Meter()
    for _ in range(warmup):  # imports, connections, caches
        for body in bodies:
            meter.measure(client, body)
    meter.install()
    cold: list[list[dict]] = [[] for _ in bodies]
    warm: list[list[dict]] = [[] for _ in bodies]
    last: list[bytes] = [b""] * len(bodies)
    for _ in range(repeat):
        for i, body in enumerate(bodies):
            forget()
            run, last[i] = meter.measure(client, body)
            cold[i].append(run)
            warm[i].append(meter.measure(client, body)[0])
    return [
        _result(app, request, *found)
        for request, *found in zip(requests, cold, warm, last, strict=True)
    ]


def forget() -> None:
    """Empty the data layer's answer cache, when it keeps one (`dashboard.queries.results`,
    answers kept per served build): a cold request runs every query it needs."""
    kept = sys.modules.get("dashboard.queries.results")
    if kept is not None:
        kept.clear()


def _result(app, request: dict, cold: list[dict], warm: list[dict], data: bytes) -> dict:
    output = json.loads(request["body"])["output"]
    return {
        **{k: v for k, v in request.items() if k != "body"},
        "output": output,
        "callback": callback_name(app.callback_map, output),
        "gzip_bytes": len(gzip.compress(data, 6)),
        "runs": cold,
        "warm_runs": warm,
    }


def child(spec_file: Path) -> int:
    """In the child: read the spec, replay, write the results beside it."""
    spec = json.loads(spec_file.read_text())
    os.environ["COPILOTE_WAREHOUSE_DIR"] = spec["warehouse"]
    results = replay(spec["requests"], spec["repeat"], spec["warmup"], spec["login"])
    Path(spec["out"]).write_text(json.dumps(results))
    return 0
