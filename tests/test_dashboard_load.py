"""`python -m dashboard.bench.load` keeps working: the mix of users, the summary and its table,
and one short real run on the sample build under gunicorn (no timing asserted: the benchmark
reports speed, a test on a shared machine never judges it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.bench import load


def test_fifty_users_in_the_mix_of_a_meeting():
    users = load.users_for(["11", "84"], ["FT", "REG-84", "OBL-C2E"])
    assert len(users) == 50 and len({u.username for u in users}) == 50
    assert {role: sum(u.role == role for u in users) for role in load.MIX} == load.MIX
    assert {u.region for u in users if u.role == "director"} == {"11", "84"}
    assert {u.funder for u in users if u.role == "funder"} == {"FT", "REG-84", "OBL-C2E"}


def test_the_summary_counts_errors_and_percentiles_by_kind():
    rows = [("callback", float(ms), 200) for ms in range(1, 101)] + [("page", 5.0, 500)]
    found = load.summary(rows, seconds=10, users=2)
    assert found["all"]["requests"] == 101 and found["all"]["errors"] == 1
    assert found["by_kind"]["callback"]["p50_ms"] == pytest.approx(50.5)
    assert found["by_kind"]["callback"]["p95_ms"] == pytest.approx(95.05)
    assert found["requests_per_s"] == 10.1 and found["goal_met"] is False
    text = load.markdown(found, "a build")
    assert "**NOT met**" in text and "| callback | 100 | 10.0 | 0 | 50 | 95 | 99 |" in text


def test_the_readme_table_goes_between_its_markers(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{load.START}\nold\n{load.END}\nafter\n")
    load.write_readme(readme, "| new |")
    assert readme.read_text() == f"before\n{load.START}\n| new |\n{load.END}\nafter\n"
    readme.write_text("no markers\n")
    with pytest.raises(ValueError, match="bench:load:start"):
        load.write_readme(readme, "| new |")


def test_a_short_run_signs_users_in_and_clicks_without_errors(
    published, dashboard_env, settings, tmp_path: Path, capsys
):
    arguments = ["--warehouse", str(settings.warehouse_dir), "--work", str(tmp_path)]
    assert load.main([*arguments, "--users", "6", "--seconds", "4"]) == 0
    found = json.loads((tmp_path / "bench-load.json").read_text())
    assert found["users"] == 6 and found["all"]["errors"] == 0
    assert {"page", "layout", "callback"} <= set(found["by_kind"])
    assert found["by_kind"]["callback"]["requests"] >= 6 * 2  # each user saw a page
    assert "Load: 6 users" in capsys.readouterr().out
