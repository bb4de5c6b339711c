"""`python -m dashboard.bench` keeps working: its pure parts, and one small record-and-replay on
the sample build (no timing asserted: speed is reported by the benchmark, never judged by a
test on a shared machine). The end-to-end test needs Chromium (skips without it, fails under
COPILOTE_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from dashboard.bench import cli, replay, report
from dashboard.bench.cases import CASES, Case, Step, placeholders, present
from tests.browser import sync_playwright


def test_percentiles_interpolate_between_ranks():
    assert report.percentile([4, 1, 3, 2], 0.5) == 2.5
    assert report.percentile(range(1, 21), 0.95) == pytest.approx(19.05)
    assert report.percentile([7], 0.95) == 7
    with pytest.raises(ValueError):
        report.percentile([], 0.5)


def test_only_registered_pages_are_benched_and_a_new_page_gets_a_plain_visit():
    chosen = present(["/", "/nouvelle"])
    assert {case.path for case in chosen} == {"/", "/nouvelle"}
    assert [case.name for case in chosen if case.path == "/"] == [
        case.name for case in CASES if case.path == "/"
    ]
    assert Case("/nouvelle", "default", main=True) in chosen
    assert sum(case.main for case in chosen) == 2  # one first-load URL per page


def test_a_page_without_a_marked_case_has_its_first_case_as_main():
    chosen = present(["/x"], [Case("/x", "a"), Case("/x", "b")])
    assert [(case.name, case.main) for case in chosen] == [("a", True), ("b", False)]


def test_the_typical_funder_is_the_one_with_most_programmes():
    programmes = pl.DataFrame(
        {"funder_id": ["B", "A", "A", "C", "C"], "programme_id": ["b1", "a2", "a1", "c1", "c2"]}
    )
    assert placeholders(programmes) == {"funder": "A", "programme": "a1"}  # ties: by id


def _run(total: float, function: float, query: float, serialise: float, size: int) -> dict:
    parts = {"function": function, "query": query, "serialise": serialise}
    return {"status": 200, "total": total, **parts, "queries": {"q": query}, "bytes": size}


def test_a_row_pools_the_requests_of_a_callback_and_splits_its_time():
    found = {"path": "/", "case": "national", "step": "load", "callback": "shell._frame"}
    results = [
        {**found, "gzip_bytes": 10, "runs": [_run(0.010, 0.006, 0.004, 0.002, 100)] * 3},
        {**found, "gzip_bytes": 30, "runs": [_run(0.020, 0.012, 0.008, 0.004, 300)]},
    ]
    [row] = report.callback_rows(results)
    assert row["requests"] == 2
    assert row["p50_ms"] == pytest.approx(10.0)
    assert row["query_ms"] == pytest.approx(4.0)
    assert row["build_ms"] == pytest.approx(2.0)  # function − query
    assert row["serialise_ms"] == pytest.approx(2.0)
    assert row["other_ms"] == pytest.approx(2.0)  # total − function − serialise
    assert (row["bytes"], row["gzip_bytes"]) == (300, 30)


def test_queries_are_timed_per_request_that_ran_them():
    found = {"path": "/", "case": "c", "step": "load", "callback": "shell._frame"}
    runs = [_run(0.01, 0.01, 0.002, 0, 1), _run(0.01, 0.01, 0.004, 0, 1)]
    [row] = report.query_rows([{**found, "runs": runs}])
    assert row["query"] == "q" and row["runs"] == 2
    assert row["p50_ms"] == pytest.approx(3.0)
    assert row["callbacks"] == ["/ shell._frame"]


def test_a_map_change_is_judged_on_the_map_callback_alone():
    step = Step("filter", "#x", map_change=True)
    case = Case("/territoires", "régions", steps=(step, Step("other", "#y")))
    where = {"path": case.path, "case": case.name, "step": "filter", "gzip_bytes": 1}
    results = [
        {**where, "callback": "map", "output": "territories-map.figure",
         "runs": [_run(0.01, 0.01, 0, 0, 25_000)]},
        {**where, "callback": "panels", "output": "..a.children...b.children..",
         "runs": [_run(0.01, 0.01, 0, 0, 90_000)]},
    ]  # fmt: skip
    recorded = {case.key: {"skipped": {}, "fetched": {"filter": [["/assets/geo/x", 7]]}}}
    [change] = report.map_changes([case], recorded, results)
    assert (change["map_bytes"], change["met"]) == (25_000, True)
    assert (change["callbacks"], change["callback_bytes"]) == (2, 115_000)
    assert change["other_largest"] == ["/assets/geo/x", 7]
    recorded[case.key]["skipped"] = {"filter": "no #x on the page"}
    assert report.map_changes([case], recorded, results) == []


def test_the_meter_keeps_what_the_app_logs_as_an_error_during_a_request():
    meter = replay.Meter()

    class Client:
        def post(self, path, data, content_type):
            record = logging.LogRecord(
                "dashboard.queries", logging.ERROR, "", 0, "failed", (), None
            )
            meter.emit(record)
            return SimpleNamespace(status_code=200, get_data=lambda: b"{}")

    run, data = meter.measure(Client(), b"{}")
    assert run["errors"] == ["dashboard.queries: failed"] and run["bytes"] == len(data) == 2
    assert meter.measure(Client(), b"{}")[0]["errors"] == ["dashboard.queries: failed"]  # afresh


def test_the_readme_gets_the_table_between_its_markers(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n{report.START}\nold\n{report.END}\nrest\n")
    report.write_readme(readme, "| new |")
    assert readme.read_text() == f"# Title\n{report.START}\n| new |\n{report.END}\nrest\n"
    readme.write_text("# no markers\n")
    with pytest.raises(ValueError, match="bench:dashboard:start"):
        report.write_readme(readme, "| new |")


def test_the_overview_is_recorded_and_replayed_on_the_sample_build(
    published, dashboard_env, settings, tmp_path: Path, capsys
):
    sync_playwright()  # skips (or fails in CI) without Chromium
    readme = tmp_path / "README.md"
    readme.write_text(f"{report.START}\n{report.END}\n")
    arguments = ["--warehouse", str(settings.warehouse_dir), "--work", str(tmp_path)]
    arguments += ["--repeat", "2", "--warmup", "1", "--loads", "1", "--pages", "/"]
    assert cli.main([*arguments, "--readme", str(readme)]) == 0
    summary = json.loads((tmp_path / "bench-dashboard.json").read_text())
    replayed = json.loads((tmp_path / "dashboard-given" / "replay-results.json").read_text())
    keys = {(r["path"], r["case"], r["step"], r["callback"]) for r in replayed}
    rows = summary["callbacks"]
    assert {(r["path"], r["case"], r["step"], r["callback"]) for r in rows} == keys
    assert len(rows) == len(keys)
    assert "Dash pages: layout()" in {r["callback"] for r in rows}
    assert {"load", "filter public=qpv"} <= {r["step"] for r in rows}
    assert all(r["bytes"] > 0 and r["statuses"] == [200] for r in rows)
    layouts = [r for r in rows if r["callback"] == "Dash pages: layout()"]
    assert all(r["query_ms"] > 0 and r["warm_p50_ms"] is not None for r in layouts)
    assert [load["path"] for load in summary["first_loads"]] == ["/"]
    assert "| Dash pages: layout() |" in readme.read_text()
    assert "| page | case | step | callback |" in capsys.readouterr().out


def test_without_the_browser_a_recording_is_needed(
    published, dashboard_env, settings, tmp_path, capsys
):
    arguments = ["--warehouse", str(settings.warehouse_dir), "--work", str(tmp_path)]
    assert cli.main([*arguments, "--skip-browser"]) == 1
    assert "run once with the browser first" in capsys.readouterr().err
