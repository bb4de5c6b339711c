"""`make bench` keeps working: one measured round on the small sample landing (no timing asserted:
speed is reported by the benchmark, never judged by a test on a shared machine)."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines import bench


def test_bench_measures_floor_and_pipeline_on_a_landing(landing_dir: Path, tmp_path: Path, capsys):
    assert (
        bench.main(["--landing", str(landing_dir), "--repeat", "1", "--work", str(tmp_path)]) == 0
    )
    report = json.loads((tmp_path / "bench-pipeline.json").read_text())
    [result] = report["results"]
    assert result["rows_per_table"]["parcours"] == result["parcours"] > 0
    assert result["floor_wall_s"] > 0 and result["pipeline_peak_mb"] > 0
    assert result["ratio"] == result["pipeline_wall_s"] / result["floor_wall_s"]
    assert "| parcours (N) |" in capsys.readouterr().out
    assert sorted(p.name for p in landing_dir.iterdir()) == ["2026-11-24"], "landing untouched"
