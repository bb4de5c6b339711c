"""`python -m dashboard.bench [--parcours 1000000] [--repeat 20] [--readme README.md]`.

Builds the demo landing of N parcours (`pipelines.bench.generate`: shared with the pipeline
bench under var/bench/, regenerated when the generator changes) into a fresh warehouse, or
takes `--warehouse`; records in the browser, replays in a child process, reports.
`--skip-browser` replays the requests recorded by the previous run in the same folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from datetime import date
from pathlib import Path

import dash

from dashboard.bench import account as bench_account
from dashboard.bench import cases as bench_cases
from dashboard.bench import report
from dashboard.bench.browser import BrowserError, chromium, first_load, gunicorn, record
from dashboard.config import load_settings
from pipelines import bench as pipeline_bench


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench", description=__doc__)
    parser.add_argument("--parcours", type=int, default=1_000_000)
    parser.add_argument("--warehouse", type=Path, help="bench this warehouse (no generation)")
    parser.add_argument("--repeat", type=int, default=20, help="timed replays per request")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first")
    parser.add_argument("--loads", type=int, default=5, help="first loads per page")
    parser.add_argument("--pages", nargs="+", help="only these registered paths")
    parser.add_argument("--readme", type=Path, help="write the tables between its markers")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--work", type=lambda text: Path(text).resolve(), default="var/bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-24")
    parser.add_argument("--fresh", action="store_true", help="regenerate the demo landing")
    parser.add_argument("--replay-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 1 or args.loads < 1:
        parser.error("--repeat, --warmup and --loads must be at least 1")
    return args


def warehouse(args: argparse.Namespace, out: Path) -> tuple[Path, float | None]:
    """The warehouse to bench and the build's seconds (None when given)."""
    if args.warehouse:
        return args.warehouse.resolve(), None
    landing, seconds, reused = pipeline_bench.generate(args.parcours, args)
    _say(f"landing {landing}: {'reused' if reused else f'generated in {seconds:.0f} s'}")
    target = out / "warehouse"
    shutil.rmtree(target, ignore_errors=True)
    command = ["pipelines", "run", "--landing", landing, "--warehouse", target]
    built = pipeline_bench.run_child(command, f"the build of {landing}")
    _say(f"built {target} in {built.wall_s:.0f} s")
    return target, built.wall_s


def visited(paths: list[str] | None) -> list[bench_cases.Case]:
    """The cases of the pages registered in the app, their placeholders filled from the build."""
    from dashboard import queries
    from dashboard.app import create_app

    create_app()  # imports the pages: the registry is what the app serves
    registered = [page["path"] for page in dash.page_registry.values()]
    chosen = bench_cases.present([p for p in registered if not paths or p in paths])
    try:
        programmes = queries.filter_programmes(queries.Scope.national_internal())
    finally:
        queries.close()
    return bench_cases.filled(chosen, bench_cases.placeholders(programmes))


def browse(
    cases: list[bench_cases.Case], env: dict, out: Path, loads: int, login: dict[str, str]
) -> dict:
    """Record every case, then time each page's first load (signed in with `login`)."""
    recorded, timed = {}, {}
    with gunicorn(env, out / "gunicorn.log") as url, chromium() as browser:
        for case in cases:
            recorded[case.key] = record(browser, url, case, login)
            _say(f"recorded {case.url}: {len(recorded[case.key]['requests'])} callbacks")
        for case in (c for c in cases if c.main):
            timed[case.url] = [first_load(browser, url, case, login) for _ in range(loads)]
            median = statistics.median(run["ms"] for run in timed[case.url])
            _say(f"first load {case.url}: {median:.0f} ms")
        version = browser.version
    return {"recorded": recorded, "first_loads": timed, "chromium": version}


def requests_of(cases: list[bench_cases.Case], recorded: dict) -> list[dict]:
    return [
        {"path": case.path, "case": case.name, "url": case.url, **request}
        for case in cases
        for request in recorded.get(case.key, {}).get("requests", [])
    ]


def replay_in_child(
    requests: list[dict], warehouse_dir: Path, args, out: Path, login: dict[str, str]
) -> list[dict]:
    spec, results = out / "replay-spec.json", out / "replay-results.json"
    settings = {"warehouse": str(warehouse_dir), "repeat": args.repeat, "warmup": args.warmup,
                "login": login}  # fmt: skip
    spec.write_text(json.dumps({**settings, "requests": requests, "out": str(results)}))
    child = pipeline_bench.run_child(["dashboard.bench", "--replay-child", spec], "the replay")
    _say(f"replayed {len(requests)} requests in {child.wall_s:.0f} s, peak {child.peak_mb:.0f} MB")
    return json.loads(results.read_text())


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.replay_child:
        from dashboard.bench import replay

        return replay.child(args.replay_child)
    out = args.work / (f"dashboard-{args.parcours}" if not args.warehouse else "dashboard-given")
    out.mkdir(parents=True, exist_ok=True)
    load_start = _load()
    try:
        warehouse_dir, build_s = warehouse(args, out)
        signing = bench_account.make(out)
        login = bench_account.form(signing)
        env = {"COPILOTE_WAREHOUSE_DIR": str(warehouse_dir), **signing.env}
        os.environ.update(env)  # this process reads the build's funders; the children inherit
        cases = visited(args.pages)
        browsed = _browsed(args, cases, env, out, login)
        requests = requests_of(cases, browsed["recorded"])
        if not requests:
            raise BrowserError("no callback request was recorded")
        results = replay_in_child(requests, warehouse_dir, args, out, login)
    except (BrowserError, pipeline_bench.BenchError) as error:
        print(f"dashboard bench stopped: {error}", file=sys.stderr)
        return 1
    summary = _summary(args, cases, browsed, results, build_s, load_start)
    (args.work / "bench-dashboard.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    text = report.markdown(summary)
    print(text)
    if args.readme:
        report.write_readme(args.readme, text)
    return 0


def _browsed(args, cases, env, out: Path, login: dict[str, str]) -> dict:
    saved = out / "recorded.json"
    if args.skip_browser:
        if not saved.is_file():
            raise BrowserError(f"--skip-browser replays {saved}: run once with the browser first")
        browsed = json.loads(saved.read_text())
        return {**browsed, "first_loads": {}}
    browsed = browse(cases, env, out, args.loads, login)
    saved.write_text(json.dumps(browsed, ensure_ascii=False))
    return browsed


def _summary(args, cases, browsed, results, build_s, load_start) -> dict:
    rows = report.callback_rows(results)
    changes = report.map_changes(cases, browsed["recorded"], results)
    loads = report.first_loads(browsed["first_loads"])
    served = load_settings()
    host = pipeline_bench.machine(
        {"threads": served.query_threads, "memory_limit": served.query_memory_limit}
    )
    host |= {
        "dash": dash.__version__,
        "chromium": browsed.get("chromium"),
        "load_start": load_start,
        "load_end": _load(),
    }
    skipped = {
        url: visit["skipped"] for url, visit in browsed["recorded"].items() if visit["skipped"]
    }
    problems = {
        url: visit["problems"] for url, visit in browsed["recorded"].items() if visit["problems"]
    }
    for url, found in problems.items():
        _say(f"problems on {url}: {found[:5]}")
    parcours = "the given warehouse's" if args.warehouse else f"{args.parcours:,}"
    return {
        "date": date.today().isoformat(),
        "parcours_text": parcours,
        "machine": host,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "loads": args.loads,
        "build_s": build_s,
        "pages": sorted({c.path for c in cases}),
        "skipped_steps": skipped,
        "problems": problems,
        "callbacks": rows,
        "queries": report.query_rows(results),
        "map_changes": changes,
        "first_loads": loads,
        "goals": report.goals(rows, changes, loads, not args.skip_browser),
    }


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
