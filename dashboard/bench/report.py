"""From replayed and browser measurements to tables and goals (pure, but `write_readme`)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from pathlib import Path

from dashboard.bench.cases import Case

GOAL_P95_MS, GOAL_MAP_BYTES, GOAL_FIRST_LOAD_MS = 100.0, 30_000, 2_000.0
START, END = "<!-- bench:dashboard:start -->", "<!-- bench:dashboard:end -->"
CALLBACK_HEADER = (
    "| page | case | step | callback | p50 ms | p95 ms | query | build | serialise | other "
    "| warm p50 | bytes | gzip |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)
CHANGE_HEADER = (
    "| page | case | step | map callback bytes | ≤ 30 KB | callbacks | their bytes "
    "| other requests' bytes (largest) |\n|---|---|---|---:|:---:|---:|---:|---|"
)
QUERY_HEADER = "| SQL query | p50 ms | p95 ms | run by |\n|---|---:|---:|---|"
LOAD_HEADER = (
    "| page | URL | median s | min–max s | requests | MB received | ≤ 2 s |\n"
    "|---|---|---:|---:|---:|---:|:---:|"
)


def percentile(values: Iterable[float], q: float) -> float:
    """The q-quantile (0 ≤ q ≤ 1), interpolated between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def callback_rows(results: list[dict]) -> list[dict]:
    """One row per page, case, step and callback: its replayed requests pooled (ms, bytes)."""
    groups: dict[tuple, list[dict]] = {}
    for result in results:
        key = (result["path"], result["case"], result["step"], result["callback"])
        groups.setdefault(key, []).append(result)
    return [_row(key, found) for key, found in groups.items()]


def _row(key: tuple, found: list[dict]) -> dict:
    runs = [run for result in found for run in result["runs"]]
    ms = {
        "total": [r["total"] * 1e3 for r in runs],
        "query": [r["query"] * 1e3 for r in runs],
        "build": [(r["function"] - r["query"]) * 1e3 for r in runs],
        "serialise": [r["serialise"] * 1e3 for r in runs],
        "other": [(r["total"] - r["function"] - r["serialise"]) * 1e3 for r in runs],
    }
    row = dict(zip(("path", "case", "step", "callback"), key, strict=True))
    row |= {"requests": len(found), "statuses": sorted({r["status"] for r in runs})}
    row |= {"errors": sorted({error for r in runs for error in r.get("errors", [])})}
    row |= {"p50_ms": percentile(ms["total"], 0.5), "p95_ms": percentile(ms["total"], 0.95)}
    warm = [run["total"] * 1e3 for result in found for run in result.get("warm_runs", [])]
    row |= {f"warm_p{q}_ms": percentile(warm, q / 100) if warm else None for q in (50, 95)}
    row |= {f"{part}_ms": statistics.median(ms[part]) for part in list(ms)[1:]}
    row |= {"bytes": max(r["bytes"] for r in runs)}
    return row | {"gzip_bytes": max(result["gzip_bytes"] for result in found)}


def query_rows(results: list[dict]) -> list[dict]:
    """Per SQL file (`dashboard/sql/<name>.sql`): its time per request where it ran (several
    runs in one request add up), slowest first, and the callbacks that ran it."""
    ms: dict[str, list[float]] = {}
    users: dict[str, set[str]] = {}
    for result in results:
        for run in result["runs"]:
            for name, seconds in run["queries"].items():
                ms.setdefault(name, []).append(seconds * 1e3)
                users.setdefault(name, set()).add(f"{result['path']} {result['callback']}")
    rows = [{"query": name, "runs": len(found), "p50_ms": percentile(found, 0.5),
             "p95_ms": percentile(found, 0.95), "callbacks": sorted(users[name])}
            for name, found in ms.items()]  # fmt: skip
    return sorted(rows, key=lambda row: -row["p50_ms"])


def map_changes(cases: list[Case], recorded: dict, results: list[dict]) -> list[dict]:
    """What each map filter change sent: the map's callback (the one whose outputs hold a
    figure: the 30 KB goal), every callback of the step, and what else the browser fetched
    meanwhile (geometry, were it sent again)."""
    changes = []
    for case in cases:
        visit = recorded.get(case.key, {})
        for step in case.steps:
            if step.map_change and step.label not in visit.get("skipped", {step.label: ""}):
                where = (case.path, case.name, step.label)
                mine = [r for r in results if (r["path"], r["case"], r["step"]) == where]
                changes.append(_change(where, mine, visit["fetched"].get(step.label, [])))
    return changes


def _change(where: tuple, mine: list[dict], fetched: list[list]) -> dict:
    maps = [r["runs"][-1]["bytes"] for r in mine if ".figure" in r["output"]]
    largest = max(fetched, key=lambda f: f[1], default=None)
    return {
        **dict(zip(("path", "case", "step"), where, strict=True)),
        "map_bytes": max(maps, default=None),
        "met": bool(maps) and max(maps) <= GOAL_MAP_BYTES,
        "callbacks": len(mine),
        "callback_bytes": sum(r["runs"][-1]["bytes"] for r in mine),
        "other_bytes": sum(size for _, size in fetched),
        "other_largest": largest,
    }


def first_loads(loads: dict[str, list[dict]]) -> list[dict]:
    """Per page's main URL: the median and range of its cold first loads."""
    rows = []
    for url, runs in loads.items():
        ms = [run["ms"] for run in runs]
        median = statistics.median(ms)
        rows.append({"url": url, "path": url.split("?")[0], "runs": runs, "median_ms": median,
                     "min_ms": min(ms), "max_ms": max(ms), "met": median <= GOAL_FIRST_LOAD_MS,
                     "requests": statistics.median(run["requests"] for run in runs),
                     "bytes": statistics.median(run["bytes"] for run in runs)})  # fmt: skip
    return rows


def goals(rows: list[dict], changes: list[dict], loads: list[dict], browser: bool) -> list[dict]:
    """The three goals of issue 5: met, NOT met, or not measured (None), and the numbers."""
    slow = [r for r in rows if r["p95_ms"] > GOAL_P95_MS]
    worst = max(rows, key=lambda r: r["p95_ms"], default=None)
    warm = sum((r["warm_p95_ms"] or 0) > GOAL_P95_MS for r in rows)
    p95 = f"{len(slow)} of {len(rows)} over cold, {warm} warm"
    if worst:
        p95 += f"; slowest {worst['callback']} on {worst['path']} {worst['case']} "
        p95 += f"({worst['step']}): {worst['p95_ms']:.0f} ms"
    heaviest = max(changes, key=lambda c: c["map_bytes"] or 0, default=None)
    change = "no map filter change recorded"
    if heaviest:
        change = f"largest map response {heaviest['map_bytes'] or 0:,} bytes"
        change += f" ({heaviest['case']}, {heaviest['step']})"
    slowest = max(loads, key=lambda r: r["median_ms"], default=None)
    load = "browser skipped" if not browser else "no page loaded"
    if slowest:
        load = f"slowest {slowest['url']}: {slowest['median_ms'] / 1e3:.2f} s"
    return [
        _goal("every callback p95 ≤ 100 ms", rows, not slow, p95),
        _goal("a map filter change sends ≤ 30 KB", changes, all(c["met"] for c in changes), change),
        _goal("first load to all charts drawn ≤ 2 s", loads, all(r["met"] for r in loads), load),
    ]


def _goal(text: str, measured: list, met: bool, value: str) -> dict:
    return {"goal": text, "met": met if measured else None, "value": value}


def _mark(met: bool) -> str:
    return "✓" if met else "✗"


def markdown(report: dict) -> str:
    lines = [CALLBACK_HEADER, *map(_callback_line, report["callbacks"])]
    if report["queries"]:
        lines += ["", "SQL queries (time per request that ran them):", "", QUERY_HEADER]
        lines += map(_query_line, report["queries"])
    if report["map_changes"]:
        lines += ["", "Map filter changes (the map's callback, the step's callbacks, and the "
                  "other requests the browser made meanwhile):", "", CHANGE_HEADER]  # fmt: skip
        lines += map(_change_line, report["map_changes"])
    if report["first_loads"]:
        lines += ["", "First load, cold browser cache, to every chart drawn:", "", LOAD_HEADER]
        lines += map(_load_line, report["first_loads"])
    failed = [r for r in report["callbacks"] if r["errors"] or set(r["statuses"]) - {200, 204}]
    if failed:
        lines += ["", "Replayed with an error (status, or logged: their times mean little):"]
        lines += map(_failure_line, failed)
    if report["problems"]:
        lines += ["", "Problems seen in the browser:"]
        lines += [f"- {key}: " + "; ".join(found[:3]) for key, found in report["problems"].items()]
    if report["skipped_steps"]:
        lines += ["", "Steps not performed:"]
    for key, why in report["skipped_steps"].items():
        lines.append(f"- {key}: " + "; ".join(f"{step}: {reason}" for step, reason in why.items()))
    lines += ["", machine_line(report), "", "Goals:"]
    for goal in report["goals"]:
        verdict = {True: "met", False: "NOT met", None: "not measured"}[goal["met"]]
        lines.append(f"- {goal['goal']}: **{verdict}** ({goal['value']})")
    return "\n".join(lines)


def _callback_line(r: dict) -> str:
    p95 = f"{r['p95_ms']:.1f} {_mark(r['p95_ms'] <= GOAL_P95_MS)}"
    parts = " | ".join(f"{r[f'{p}_ms']:.1f}" for p in ("query", "build", "serialise", "other"))
    return (
        f"| {r['path']} | {r['case']} | {r['step']} | {r['callback']} | {r['p50_ms']:.1f} "
        f"| {p95} | {parts} | {_ms(r['warm_p50_ms'])} | {r['bytes']:,} | {r['gzip_bytes']:,} |"
    )


def _query_line(q: dict) -> str:
    pages = sorted({user.split(" ")[0] for user in q["callbacks"]})
    return f"| {q['query']} | {q['p50_ms']:.1f} | {q['p95_ms']:.1f} | {', '.join(pages)} |"


def _failure_line(r: dict) -> str:
    logged = f"; {r['errors'][0]}" if r["errors"] else ""
    return f"- {r['path']} {r['case']} {r['step']} {r['callback']}: status {r['statuses']}{logged}"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _change_line(c: dict) -> str:
    size = "—" if c["map_bytes"] is None else f"{c['map_bytes']:,}"
    largest = c["other_largest"]
    other = f"{c['other_bytes']:,}" + (f" ({largest[0]}: {largest[1]:,})" if largest else "")
    return (
        f"| {c['path']} | {c['case']} | {c['step']} | {size} | {_mark(c['met'])} "
        f"| {c['callbacks']} | {c['callback_bytes']:,} | {other} |"
    )


def _load_line(r: dict) -> str:
    return (
        f"| {r['path']} | `{r['url']}` | {r['median_ms'] / 1e3:.2f} "
        f"| {r['min_ms'] / 1e3:.2f}–{r['max_ms'] / 1e3:.2f} | {r['requests']:.0f} "
        f"| {r['bytes'] / 1e6:.2f} | {_mark(r['met'])} |"
    )


def machine_line(report: dict) -> str:
    host = report["machine"]
    return (
        f"Dashboard at {report['parcours_text']} parcours, measured on {report['date']} with "
        f"`python -m dashboard.bench`: each recorded callback request replayed "
        f"{report['repeat']} times after {report['warmup']} warm-up round(s), in a fresh "
        f"process through Flask's test client (no network), cold (the data layer's answer "
        f"cache emptied just before: every query runs) then warm (answers kept). p50/p95: the "
        f"whole cold request; query, build, serialise, other: medians of each part (query = inside "
        f"`sqlfiles.frame`; build = the callback's function minus its queries; serialise = "
        f"Dash's `to_json`; other = Flask and Dash around them). Bytes: the response as the app "
        f"sends it (no compression), gzip for reference. {_first_load_text(report)}"
        f"{host['cpus']} CPUs, {host['ram_gb']} GB RAM, load average "
        f"{host['load_start']} at start and {host['load_end']} at the end (a shared machine); "
        f"DuckDB {host['duckdb']} ({host['threads']} threads per connection), Dash "
        f"{host['dash']}, Python {host['python']}."
    )


def _first_load_text(report: dict) -> str:
    if not report["first_loads"]:
        return ""
    return (
        f"First loads: median of {report['loads']} in headless Chromium "
        f"{report['machine'].get('chromium') or '—'} against gunicorn (2 workers × 4 threads), "
        f"browser cache empty, the server's answer cache warm (the URLs were just recorded: a "
        f"first visitor after a publish adds the cold times). "
    )


def write_readme(readme: Path, text: str, markers: tuple[str, str] = (START, END)) -> None:
    """Replace what lies between the markers (the dashboard's by default) of `readme`."""
    first, last = markers
    content = readme.read_text(encoding="utf-8")
    head, start, rest = content.partition(first)
    _, end, tail = rest.partition(last)
    if not start or not end or first in rest or last in tail:
        raise ValueError(f"{readme} needs one {first} line and one {last} line after it")
    readme.write_text(f"{head}{first}\n{text}\n{last}{tail}", encoding="utf-8")
